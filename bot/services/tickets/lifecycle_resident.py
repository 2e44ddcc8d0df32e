"""The resident's side of a ticket's life: confirm with a rating, comment, ask to reopen,
reopen, cancel, add details, and follow-ups relayed to staff."""

from __future__ import annotations

from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.people.model import User, UserState
from bot.domain.tickets.model import MAX_NOTE, Action, Status, Ticket
from bot.services.ports import Note
from bot.services.tickets.lifecycle_core import Change, TicketCore


class ResidentActions(TicketCore):
    async def confirmation(self, viewer: User, ticket_id: int) -> tuple[Ticket, bool]:
        """ "Fixed 👍" pressed: the ticket, and whether it still waits for a rating."""
        ticket = await self.visible(viewer, ticket_id)
        return ticket, ticket.status is Status.RESOLVED

    async def _own_resident_ticket(self, resident: User, ticket_id: int) -> Ticket:
        ticket = await self.get(ticket_id)
        if ticket.resident_id != resident.id:
            raise NotFound("ticket.not_found", id=ticket_id)
        if ticket.home_id is not None and resident.home_id != ticket.home_id:  # issue 16
            raise PermissionDenied("lifecycle.ticket_read_only", id=ticket_id)  # left the home
        return ticket

    async def confirm(self, resident: User, ticket_id: int, rating: int) -> Change:
        """Resident confirms the fix with a 1–5 rating; the ticket closes."""
        now = self.clock.now()
        async with self.tx.transaction():  # the auto-close job may have closed it meanwhile
            ticket = await self._own_resident_ticket(resident, ticket_id)
            if not 1 <= rating <= 5:
                raise DomainError("ticket.bad_rating")
            if ticket.owner_id == resident.id:
                raise DomainError("ticket.no_self_rating")
            if ticket.status is not Status.RESOLVED:
                return Change(ticket, changed=False)
            ticket = await self._apply(
                ticket, resident.id, Action.CONFIRM, f"★{rating}", rating=rating, closed_at=now
            )
            await self.users.set_state(resident.id, UserState.RATING_COMMENT, now, ticket.id)
            if ticket.owner_id:
                await self.notify.user(ticket.owner_id, ticket, "ticket.rated_owner", rating=rating)
        await self.notify.after_commit(ticket.id)
        return Change(ticket, True)

    async def comment(self, resident: User, ticket_id: int, text: str | None) -> Ticket:
        """Optional comment after rating (None = skipped)."""
        ticket = await self._own_resident_ticket(resident, ticket_id)
        async with self.tx.transaction():
            if text and ticket.rating is not None and ticket.rating_comment is None:
                await self.tickets.update(ticket.id, rating_comment=text.strip()[:MAX_NOTE])
            await self.users.set_state(resident.id, None, self.clock.now())
        await self.notify.after_commit(ticket.id)
        return await self.get(ticket.id)

    async def ask_reopen(self, resident: User, ticket_id: int) -> Ticket:
        ticket = await self._own_resident_ticket(resident, ticket_id)
        if ticket.status is not Status.RESOLVED:
            raise DomainError("ticket.not_resolved", id=ticket.id)
        async with self.tx.transaction():
            await self.users.set_state(
                resident.id, UserState.REOPEN_REASON, self.clock.now(), ticket.id
            )
        return ticket

    async def reopen(self, resident: User, ticket_id: int, reason: str) -> Change:
        """ "Not fixed": back to the owner with the resident's reason."""
        now = self.clock.now()
        async with self.tx.transaction():  # the auto-close job may have closed it meanwhile
            ticket = await self._own_resident_ticket(resident, ticket_id)
            await self.users.set_state(resident.id, None, now)
            if ticket.status is not Status.RESOLVED:
                return Change(ticket, changed=False)
            ticket = await self._apply(ticket, resident.id, Action.REOPEN, reason, resolved_at=None)
            if ticket.owner_id:
                await self.notify.user(
                    ticket.owner_id,
                    ticket,
                    "ticket.reopened_owner",
                    extra={"content": "relay", "split": "reason"},
                    reason=reason,
                )
        await self.notify.after_commit(ticket.id)
        return Change(ticket, True)

    async def cancel(self, resident: User, ticket_id: int) -> Change:
        async with self.tx.transaction():  # staff may be taking it right now
            ticket = await self._own_resident_ticket(resident, ticket_id)
            if ticket.status is Status.CANCELLED:
                return Change(ticket, changed=False)
            if ticket.status is not Status.NEW:
                raise DomainError("ticket.cannot_cancel", id=ticket.id)
            ticket = await self._apply(
                ticket, resident.id, Action.CANCEL, closed_at=self.clock.now()
            )
            if ticket.urgent:  # managers were paged about it: they hear it is called off
                await self.notify.managers(ticket, "emergency.manager_cancelled")
        await self.notify.after_commit(ticket.id)
        return Change(ticket, True)

    async def resident_message(
        self, resident: User, ticket_id: int, text: str, photo: str | None = None
    ) -> Ticket:
        """A resident's follow-up on their ticket, relayed to the staff thread."""
        ticket = await self._own_resident_ticket(resident, ticket_id)
        if ticket.status in (Status.CLOSED, Status.CANCELLED):
            raise DomainError("ticket.finished", id=ticket.id, status=ticket.status.value)
        text = (text or "").strip()  # staff read it whole (in parts when long)
        now = self.clock.now()
        async with self.tx.transaction():
            ticket = await self._apply(ticket, resident.id, Action.RESIDENT_REPLY, text or "📷")
            if photo:
                await self.tickets.add_photo(ticket.id, photo, resident.id, now)
        await self.board.post_in_thread(
            ticket.id, Note("ticket.resident_says", {"id": ticket.id, "text": text}), photo
        )
        return ticket

    async def ask_details(self, resident: User, ticket_id: int) -> Ticket:
        ticket = await self._own_resident_ticket(resident, ticket_id)
        if ticket.status in (Status.CLOSED, Status.CANCELLED):
            raise DomainError("ticket.finished", id=ticket.id, status=ticket.status.value)
        async with self.tx.transaction():
            await self.users.set_state(
                resident.id, UserState.ADDING_DETAILS, self.clock.now(), ticket.id
            )
        return ticket

    async def mine(self, resident: User, limit: int = 10) -> list[Ticket]:
        return await self.tickets.search(resident_id=resident.id, limit=limit)
