"""When a staff member is revoked, their open tickets need a new owner (首问负责 must not
end with nobody who can act): a manager hands them all to one colleague or returns them
to the pool, where the cards show 🙋 Take again."""

from __future__ import annotations

from bot.domain.errors import DomainError
from bot.domain.people.model import Role, User
from bot.domain.tickets.model import MAX_NOTE, Action, Status, Ticket, TicketEvent, next_status
from bot.services.people.directory import require
from bot.services.ports import Clock, EventLog, TicketRepository, Transactions, UserRepository
from bot.services.tickets.notify import Notifications

# A resolved ticket waits for its resident, not for an owner; new ones have none.
HELD = (Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED)
LIMIT = 200


class ReassignService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        tickets: TicketRepository,
        users: UserRepository,
        events: EventLog,
        notify: Notifications,
    ) -> None:
        self.tx, self.clock, self.tickets, self.users = tx, clock, tickets, users
        self.events, self.notify = events, notify

    async def held_by(self, user_id: int) -> list[Ticket]:
        """Open tickets `user_id` owns (and must act on)."""
        found = await self.tickets.search(owner_id=user_id, statuses=HELD, limit=LIMIT)
        return sorted(found, key=lambda ticket: ticket.id)

    async def orphaned(self, manager_id: int, user_id: int) -> list[Ticket]:
        """Tickets held by someone who is no longer staff: nobody can act on them."""
        require(await self.users.get(manager_id), Role.MANAGER)
        user = await self.users.get(user_id)
        if user is not None and user.is_staff:
            return []
        return await self.held_by(user_id)

    async def return_to_pool(self, manager_id: int, user_id: int) -> list[int]:
        """Every ticket the (revoked) user held goes back to 待受理; the ids, in order."""
        manager = require(await self.users.get(manager_id), Role.MANAGER)
        await self._not_staff(user_id)
        now = self.clock.now()
        async with self.tx.transaction():
            moved = await self.held_by(user_id)
            for ticket in moved:
                await self._apply(ticket, manager, Action.RETURN, owner_id=None)
            if moved:
                ids = [t.id for t in moved]
                await self.events.record(
                    "tickets.returned_to_pool", manager_id, f"user:{user_id}", {"tickets": ids}, now
                )
        for ticket in moved:
            await self.notify.after_commit(ticket.id)
        return [t.id for t in moved]

    async def hand_all(self, manager_id: int, user_id: int, to_staff_id: int) -> list[int]:
        """Every ticket the (revoked) user held goes to one colleague, who is told."""
        manager = require(await self.users.get(manager_id), Role.MANAGER)
        await self._not_staff(user_id)
        target = await self.users.get(to_staff_id)
        if target is None or not target.is_staff:
            raise DomainError("ticket.handover_target")
        now = self.clock.now()
        async with self.tx.transaction():
            moved = await self.held_by(user_id)
            for ticket in moved:
                ticket = await self._apply(
                    ticket, manager, Action.HAND_OVER, f"→ {target.first_name}", owner_id=target.id
                )
                await self.notify.user(target.id, ticket, "ticket.handed_to_you")
                await self.notify.resident(ticket, "ticket.handed_resident", name=target.first_name)
            if moved:
                ids = [t.id for t in moved]
                await self.events.record(
                    "tickets.reassigned",
                    manager_id,
                    f"user:{user_id}",
                    {"tickets": ids, "to": target.id},
                    now,
                )
        for ticket in moved:
            await self.notify.after_commit(ticket.id)
        return [t.id for t in moved]

    async def _not_staff(self, user_id: int) -> None:
        user = await self.users.get(user_id)
        if user is not None and user.is_staff:  # re-granted meanwhile: they act themselves
            raise DomainError("reassign.still_staff", name=user.first_name)

    async def _apply(
        self, ticket: Ticket, actor: User, action: Action, note: str | None = None, **fields: object
    ) -> Ticket:
        status = next_status(ticket.status, action)
        if status != ticket.status:
            fields["status"] = status
        await self.tickets.update(ticket.id, **fields)
        await self.tickets.add_event(
            TicketEvent(
                ticket.id, self.clock.now(), actor.id, action, (note or "")[:MAX_NOTE] or None
            )
        )
        changed = await self.tickets.get(ticket.id)
        assert changed is not None  # updated in this very transaction
        return changed
