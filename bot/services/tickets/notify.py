"""Who hears about a ticket change, and when: outbox rows written inside the transaction."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from bot.domain.people.model import Role
from bot.domain.tickets.model import Action, Ticket
from bot.services.deps import Deps

log = logging.getLogger(__name__)
ACTIVE_CONVERSATION = timedelta(minutes=30)  # a resident chatting right now is not woken up


class Notifications:
    def __init__(self, deps: Deps) -> None:
        self.d = deps

    async def resident(
        self,
        ticket: Ticket,
        key: str,
        *,
        buttons: str | None = None,
        photo: str | None = None,
        urgent: bool | None = None,
        **params: Any,
    ) -> None:
        """Queue a message to the ticket's resident; non-urgent ones wait for quiet hours to end."""
        now = self.d.clock.now()
        not_before = now
        is_urgent = ticket.urgent if urgent is None else urgent
        quiet = self.d.quiet_hours
        if not is_urgent and quiet is not None and not await self._recently_active(ticket, now):
            not_before = quiet.next_allowed(now)
        extra = {"ticket": ticket.id, "buttons": buttons, "photo": photo}
        await self.d.outbox.enqueue(
            ticket.resident_id, key, {"id": ticket.id, **params}, extra, not_before, now
        )

    async def managers(
        self, ticket: Ticket, key: str, *, urgent: bool = True, **params: Any
    ) -> None:
        """Escalations go to every manager at once: managers want to be woken for these."""
        now = self.d.clock.now()
        for manager in await self.d.users.with_roles((Role.MANAGER,)):
            await self.d.outbox.enqueue(
                manager.id, key, {"id": ticket.id, **params}, {"ticket": ticket.id}, now, now
            )

    async def user(self, user_id: int, ticket: Ticket, key: str, **params: Any) -> None:
        now = self.d.clock.now()
        await self.d.outbox.enqueue(
            user_id, key, {"id": ticket.id, **params}, {"ticket": ticket.id}, now, now
        )

    async def after_commit(self, ticket_id: int) -> bool:
        """Re-render the staff card and wake the dispatcher; failures are retried by jobs.
        False when the card could not be published."""
        if self.d.wakeup is not None:
            self.d.wakeup.wake()
        if self.d.board is not None:
            try:
                await self.d.board.publish(ticket_id)
            except Exception:  # the card job re-publishes; the ticket itself is safe
                log.exception("could not publish ticket card %s", ticket_id)
                return False
        return True

    async def _recently_active(self, ticket: Ticket, now) -> bool:
        events = await self.d.tickets.events(ticket.id)
        resident_events = [
            e
            for e in events
            if e.actor_id == ticket.resident_id
            and e.action in (Action.CREATE, Action.RESIDENT_REPLY, Action.REOPEN)
        ]
        return bool(resident_events) and now - resident_events[-1].at < ACTIVE_CONVERSATION
