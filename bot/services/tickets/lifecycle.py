"""The ticket lifecycle (`TicketService`): the staff side here (take, hand over, reply,
resolve, lists), the resident's in lifecycle_resident.py, the shared ground in lifecycle_core.py."""

from __future__ import annotations

from typing import Any

from bot.domain.errors import DomainError, found
from bot.domain.people.model import User
from bot.domain.tickets.model import (
    OPEN_STATUSES,
    Action,
    Status,
    Ticket,
    TicketEvent,
)
from bot.domain.tickets.relay import RELAY_KEY
from bot.services.tickets.lifecycle_core import Change
from bot.services.tickets.lifecycle_resident import ResidentActions

__all__ = ["Change", "TicketService"]


class TicketService(ResidentActions):
    """The whole lifecycle: the staff side here, the resident's in ResidentActions."""

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

    async def history(
        self, viewer: User | None, ticket_id: int
    ) -> tuple[Ticket, list[TicketEvent], list[str]]:
        ticket = await self.visible(viewer, ticket_id)
        return (
            ticket,
            await self.tickets.events(ticket.id),
            await self.tickets.photos(ticket.id),
        )

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
