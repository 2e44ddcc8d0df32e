"""The ground every ticket action stands on: the result of an action (`Change`), lookup,
visibility, role and ownership checks, and one audited state transition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.errors import NotFound, PermissionDenied, found
from bot.domain.people.model import Role, User
from bot.domain.tickets.model import MAX_NOTE, Action, Ticket, TicketEvent, next_status
from bot.services.people.directory import require
from bot.services.ports import Clock, StaffBoard, TicketRepository, Transactions, UserRepository
from bot.services.tickets.notify import Notifications

if TYPE_CHECKING:
    from bot.services.tickets.incidents import IncidentService


@dataclass(frozen=True)
class Change:
    ticket: Ticket
    changed: bool  # False: nothing happened (stale button, already in that state)


class TicketCore:
    """What every ticket action stands on: lookup, visibility, role checks, one transition."""

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

    async def _owned(self, ticket_id: int, actor_id: int) -> tuple[Ticket, User]:
        actor = await self._staff(actor_id)
        ticket = await self.get(ticket_id)
        if ticket.owner_id not in (None, actor_id) and not actor.is_manager:
            owner = await self.users.get(ticket.owner_id)
            raise PermissionDenied("ticket.owned_by", name=owner.first_name if owner else "?")
        return ticket, actor
