"""The ticket lifecycle: take, hand over, reply, resolve, confirm, reopen, cancel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError, NotFound, PermissionDenied, found
from bot.domain.people.model import Role, User, UserState
from bot.domain.tickets.model import (
    MAX_NOTE,
    OPEN_STATUSES,
    Action,
    Status,
    Ticket,
    TicketEvent,
    next_status,
)
from bot.domain.tickets.relay import RELAY_KEY
from bot.services.people.directory import require
from bot.services.ports import (
    Clock,
    Note,
    StaffBoard,
    TicketRepository,
    Transactions,
    UserRepository,
)
from bot.services.tickets.notify import Notifications

if TYPE_CHECKING:
    from bot.services.tickets.incidents import IncidentService


@dataclass(frozen=True)
class Change:
    ticket: Ticket
    changed: bool  # False: nothing happened (stale button, already in that state)


class TicketService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        tickets: TicketRepository,
        users: UserRepository,
        board: StaffBoard,
        notify: Notifications,
        incidents: IncidentService | None = None,
    ) -> None:
        self.tx, self.clock, self.tickets, self.users = tx, clock, tickets, users
        self.board, self.notify = board, notify
        self.incidents = incidents  # an incident's resolution reaches every follower

    async def get(self, ticket_id: int) -> Ticket:
        ticket = await self.tickets.get(ticket_id) if 0 < ticket_id < 2**62 else None
        if ticket is None:
            raise NotFound("ticket.not_found", id=ticket_id)
        return ticket

    async def visible(self, viewer: User | None, ticket_id: int) -> Ticket:
        """Staff see every ticket; a resident only their own (others look like "not found")."""
        ticket = await self.get(ticket_id)
        if viewer is None or not (viewer.is_staff or ticket.resident_id == viewer.id):
            raise NotFound("ticket.not_found", id=ticket_id)
        return ticket

    async def _staff(self, actor_id: int) -> User:
        return require(await self.users.get(actor_id), Role.STAFF)

    async def _apply(
        self,
        ticket: Ticket,
        actor_id: int | None,
        action: Action,
        note: str | None = None,
        **fields: object,
    ) -> Ticket:
        """One transition: state change + audit event, in the caller's transaction."""
        status = next_status(ticket.status, action)
        now = self.clock.now()
        if status != ticket.status:
            fields["status"] = status
        if fields:
            await self.tickets.update(ticket.id, **fields)
        await self.tickets.add_event(
            TicketEvent(ticket.id, now, actor_id, action, (note or "")[:MAX_NOTE] or None)
        )
        return found(await self.tickets.get(ticket.id), "ticket.not_found", id=ticket.id)

    async def take(self, ticket_id: int, staff_id: int) -> Change:
        """首问负责: the first staff member to take a ticket owns it."""
        await self._staff(staff_id)
        async with self.tx.transaction():
            ticket = await self.get(ticket_id)
            if ticket.status is not Status.NEW:
                return Change(ticket, changed=False)
            now = self.clock.now()
            ticket = await self._apply(
                ticket,
                staff_id,
                Action.TAKE,
                owner_id=staff_id,
                responded_at=ticket.responded_at or now,
            )
            staff = found(await self.users.get(staff_id), "error.not_allowed")
            await self.notify.resident(ticket, "ticket.taken_resident", name=staff.first_name)
        await self.notify.after_commit(ticket.id)
        return Change(ticket, True)

    async def _owned(self, ticket_id: int, actor_id: int) -> tuple[Ticket, User]:
        actor = await self._staff(actor_id)
        ticket = await self.get(ticket_id)
        if ticket.owner_id not in (None, actor_id) and not actor.is_manager:
            owner = await self.users.get(ticket.owner_id)
            raise PermissionDenied("ticket.owned_by", name=owner.first_name if owner else "?")
        return ticket, actor

    async def hand_over(self, ticket_id: int, actor_id: int, to_staff_id: int) -> Change:
        async with self.tx.transaction():  # read inside, like every change below
            ticket, _ = await self._owned(ticket_id, actor_id)
            target = await self.users.get(to_staff_id)
            if target is None or not target.is_staff:
                raise DomainError("ticket.handover_target")
            if ticket.owner_id == to_staff_id:
                return Change(ticket, changed=False)
            if ticket.status is Status.NEW:  # assigning a new ticket answers it (首问负责)
                ticket = await self._apply(
                    ticket,
                    actor_id,
                    Action.TAKE,
                    owner_id=actor_id,
                    responded_at=self.clock.now(),
                )
            if ticket.owner_id != to_staff_id:  # (handing a new ticket to oneself is taking it)
                ticket = await self._apply(
                    ticket,
                    actor_id,
                    Action.HAND_OVER,
                    f"→ {target.first_name}",
                    owner_id=to_staff_id,
                )
                await self.notify.user(to_staff_id, ticket, "ticket.handed_to_you")
                await self.notify.resident(ticket, "ticket.handed_resident", name=target.first_name)
        await self.notify.after_commit(ticket.id)
        return Change(ticket, True)

    async def staff_message(
        self,
        ticket_id: int,
        staff_id: int,
        text: str,
        photo: str | None = None,
        source: tuple[int, int] | None = None,
    ) -> Ticket:
        """A staff reply in the ticket's thread, relayed to the resident whole (long text goes
        in parts). The owner's reply is progress. `source`: the staff-group message (chat id,
        message id) relayed, so its delivery state and later edits can follow it."""
        staff = await self._staff(staff_id)
        text = (text or "").strip()
        async with self.tx.transaction():
            ticket = await self.get(ticket_id)
            if ticket.status in (Status.CLOSED, Status.CANCELLED):
                raise DomainError("ticket.finished", id=ticket.id, status=ticket.status.value)
            now = self.clock.now()
            if ticket.status is Status.NEW:  # replying first is taking it (首问负责)
                ticket = await self._apply(
                    ticket, staff_id, Action.TAKE, owner_id=staff_id, responded_at=now
                )
            progress = ticket.owner_id == staff_id and ticket.status in (
                Status.TAKEN,
                Status.IN_PROGRESS,
                Status.REOPENED,
            )
            action = Action.PROGRESS if progress else Action.STAFF_REPLY
            ticket = await self._apply(
                ticket,
                staff_id,
                action,
                text or "📷",
                **({} if ticket.responded_at else {"responded_at": now}),
            )
            relay = {"relay_chat": source[0], "relay_msg": source[1]} if source else {}
            await self.notify.resident(
                ticket,
                RELAY_KEY,
                photo=photo,
                extra={"content": "relay", **relay},
                name=staff.first_name,
                text=text,
            )
        await self.notify.after_commit(ticket.id)
        return ticket

    async def resolve(
        self, ticket_id: int, staff_id: int, note: str, photo: str | None = None
    ) -> Change:
        note = (note or "").strip()  # the resident reads it whole (in parts when long)
        now = self.clock.now()
        async with self.tx.transaction():  # read inside: two resolves never both apply
            ticket, actor = await self._owned(ticket_id, staff_id)
            if ticket.status is Status.RESOLVED:
                return Change(ticket, changed=False)
            if not note:
                raise DomainError("ticket.note_required")
            if ticket.status is Status.NEW:  # the card offers Resolve before Take (首问负责)
                ticket = await self._apply(
                    ticket, staff_id, Action.TAKE, owner_id=staff_id, responded_at=now
                )
            fields = {"resolved_at": now}
            if ticket.responded_at is None:
                fields["responded_at"] = now
            ticket = await self._apply(ticket, staff_id, Action.RESOLVE, note, **fields)
            if photo:
                await self.tickets.add_photo(ticket.id, photo, staff_id, now)
            await self.notify.resident(
                ticket,
                "ticket.resolved_resident",
                buttons="resolution",
                extra={"content": "relay", "split": "note"},
                photo=photo,
                name=actor.first_name,
                note=note,
            )
            if self.incidents is not None:
                await self.incidents.resolved(ticket, actor.first_name, note)
        await self.notify.after_commit(ticket.id)
        return Change(ticket, True)

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

    async def check_can_act(self, ticket_id: int, actor_id: int, resolving: bool = False) -> Ticket:
        """Before showing a Reply/Resolve prompt: staff only, owner (or manager) for resolving."""
        if resolving:
            ticket, _ = await self._owned(ticket_id, actor_id)
        else:
            await self._staff(actor_id)
            ticket = await self.get(ticket_id)
        if ticket.status in (Status.CLOSED, Status.CANCELLED):
            raise DomainError("ticket.finished", id=ticket.id, status=ticket.status.value)
        if resolving and ticket.status is Status.RESOLVED:
            raise DomainError("ticket.already_resolved", id=ticket.id)
        return ticket

    async def link_staff_message(
        self, ticket_id: int, chat_id: int, message_id: int, purpose: str
    ) -> None:
        async with self.tx.transaction():
            await self.tickets.link(chat_id, message_id, ticket_id, purpose)

    async def link_resident_message(self, ticket_id: int, chat_id: int, message_id: int) -> None:
        """Remember a bot message in the resident's chat so replies to it reach the ticket."""
        async with self.tx.transaction():
            await self.tickets.link(chat_id, message_id, ticket_id, "resident")

    async def linked_ticket(self, chat_id: int, message_id: int) -> tuple[int, str] | None:
        return await self.tickets.linked(chat_id, message_id)

    async def by_thread(self, chat_id: int, thread_id: int) -> Ticket | None:
        return await self.tickets.by_thread(chat_id, thread_id)

    async def ask_details(self, resident: User, ticket_id: int) -> Ticket:
        ticket = await self._own_resident_ticket(resident, ticket_id)
        if ticket.status in (Status.CLOSED, Status.CANCELLED):
            raise DomainError("ticket.finished", id=ticket.id, status=ticket.status.value)
        async with self.tx.transaction():
            await self.users.set_state(
                resident.id, UserState.ADDING_DETAILS, self.clock.now(), ticket.id
            )
        return ticket

    async def history(
        self, viewer: User | None, ticket_id: int
    ) -> tuple[Ticket, list[TicketEvent], list[str]]:
        ticket = await self.visible(viewer, ticket_id)
        return (
            ticket,
            await self.tickets.events(ticket.id),
            await self.tickets.photos(ticket.id),
        )

    async def mine(self, resident: User, limit: int = 10) -> list[Ticket]:
        return await self.tickets.search(resident_id=resident.id, limit=limit)

    async def staff_list(
        self, staff_id: int, view: str, building: str | None = None, category: str | None = None
    ) -> list[Ticket]:
        await self._staff(staff_id)
        filters: dict[str, Any] = {
            "statuses": OPEN_STATUSES,
            "building": building,
            "category": category,
            "limit": 30,
        }
        if view == "mine":
            filters["owner_id"] = staff_id
        elif view == "overdue":
            filters["due_before"] = self.clock.now()
        return await self.tickets.search(**filters)
