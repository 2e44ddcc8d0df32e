"""Who hears about a ticket change, and when: outbox rows written inside the transaction."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.domain.calendar import QuietHours
from bot.domain.people.model import Role
from bot.domain.tickets.model import Action, Ticket
from bot.services.ports import (
    Clock,
    OutboxRepository,
    OutboxWakeup,
    StaffBoard,
    TicketRepository,
    UserRepository,
)

log = logging.getLogger(__name__)
ACTIVE_CONVERSATION = timedelta(minutes=30)  # a resident chatting right now is not woken up


class Notifications:
    def __init__(
        self,
        *,
        clock: Clock,
        outbox: OutboxRepository,
        users: UserRepository,
        tickets: TicketRepository,
        board: StaffBoard,
        wakeup: OutboxWakeup,
        quiet_hours: QuietHours,
    ) -> None:
        self.clock, self.outbox, self.users, self.tickets = clock, outbox, users, tickets
        self.board, self.wakeup, self.quiet_hours = board, wakeup, quiet_hours

    async def resident(
        self,
        ticket: Ticket,
        key: str,
        *,
        buttons: str | None = None,
        photo: str | None = None,
        urgent: bool | None = None,
        extra: dict[str, Any] | None = None,
        **params: Any,
    ) -> int:
        """Queue a message to the ticket's resident; non-urgent ones wait for quiet hours to end.

        The resident's chat always reads in order: a message going out now first releases
        anything still held for them (it was queued earlier, so it goes first). Returns the
        outbox row id."""
        now = self.clock.now()
        not_before = now
        is_urgent = ticket.urgent if urgent is None else urgent
        if not is_urgent and not await self._recently_active(ticket, now):
            not_before = self.quiet_hours.next_allowed(now)
        if not_before <= now:
            await self.outbox.release_held(ticket.resident_id, now)
        row_extra = {"ticket": ticket.id, "buttons": buttons, "photo": photo, **(extra or {})}
        return await self.outbox.enqueue(
            ticket.resident_id, key, {"id": ticket.id, **params}, row_extra, not_before, now
        )

    async def managers(
        self, ticket: Ticket, key: str, *, urgent: bool = True, **params: Any
    ) -> None:
        """Escalations go to every manager at once: managers want to be woken for these."""
        now = self.clock.now()
        for manager in await self.users.with_roles((Role.MANAGER,)):
            await self.outbox.enqueue(
                manager.id, key, {"id": ticket.id, **params}, {"ticket": ticket.id}, now, now
            )

    async def user(
        self,
        user_id: int,
        ticket: Ticket,
        key: str,
        *,
        extra: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        now = self.clock.now()
        row_extra = {"ticket": ticket.id, **(extra or {})}
        await self.outbox.enqueue(user_id, key, {"id": ticket.id, **params}, row_extra, now, now)

    async def after_commit(self, ticket_id: int) -> bool:
        """Re-render the staff card and wake the dispatcher; failures are retried by jobs.
        False when the card could not be published."""
        self.wakeup.wake()
        try:
            await self.board.publish(ticket_id)
        except Exception:  # the card job re-publishes; the ticket itself is safe
            log.exception("could not publish ticket card %s", ticket_id)
            return False
        return True

    async def _recently_active(self, ticket: Ticket, now: datetime) -> bool:
        events = await self.tickets.events(ticket.id)
        resident_events = [
            e
            for e in events
            if e.actor_id == ticket.resident_id
            and e.action in (Action.CREATE, Action.RESIDENT_REPLY, Action.REOPEN)
        ]
        return bool(resident_events) and now - resident_events[-1].at < ACTIVE_CONVERSATION
