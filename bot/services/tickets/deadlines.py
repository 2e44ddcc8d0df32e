"""Deadline watch (限时办结): escalate missed deadlines once, close silent resolutions."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.domain.errors import found
from bot.domain.tickets.model import OPEN_STATUSES, Action, Status, TicketEvent
from bot.domain.tickets.sla import Breach, due_breaches
from bot.services.ports import Clock, Note, StaffBoard, TicketRepository, Transactions
from bot.services.tickets.emergency_staff import EmergencyDesk
from bot.services.tickets.notify import Notifications

log = logging.getLogger(__name__)
# Cards (each maybe with photos) posted per run of the card job: well under Telegram's
# 20 messages a minute to one group, so moving a busy staff group never earns a 429 storm.
CARDS_PER_RUN = 10


class DeadlineService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        tickets: TicketRepository,
        board: StaffBoard,
        notify: Notifications,
        emergency_desk: EmergencyDesk,
        auto_close_after: timedelta,
    ) -> None:
        self.tx, self.clock, self.tickets, self.board = tx, clock, tickets, board
        self.notify, self.emergency_desk = notify, emergency_desk
        self.auto_close_after = auto_close_after  # a resolution nobody answers closes itself

    async def check(self) -> int:
        """Record each newly missed deadline exactly once and tell the right people."""
        now = self.clock.now()
        overdue = await self.tickets.search(statuses=OPEN_STATUSES, due_before=now, limit=500)
        fired = 0
        for ticket in overdue:
            for breach in due_breaches(
                now,
                ticket.respond_by,
                ticket.resolve_by,
                ticket.responded_at,
                ticket.resolved_at,
                ticket.breaches,
            ):
                # Answered, but after the deadline (between two checks): a breach for the
                # record, yet nobody should be told "nobody has taken it, take it now".
                late = breach is Breach.RESPONSE and ticket.responded_at is not None
                async with self.tx.transaction():
                    if not await self.tickets.record_breach(ticket.id, breach.value, now):
                        continue  # another run got there first
                    await self.tickets.add_event(
                        TicketEvent(ticket.id, now, None, Action.ESCALATE, breach.value)
                    )
                    if not late:
                        await self.notify.managers(ticket, f"escalation.{breach.value}")
                fired += 1
                if breach is Breach.RESPONSE and not late:
                    try:
                        await self.board.post_in_thread(
                            ticket.id, Note("escalation.realert", {"id": ticket.id})
                        )
                    except Exception:  # managers were told; one chat never stops the round
                        log.exception("could not re-alert ticket %s", ticket.id)
                await self.notify.after_commit(ticket.id)
        return fired

    async def realert_urgent(self) -> int:
        """Untaken emergencies page the managers again every URGENT_REALERT_MINUTES."""
        return await self.emergency_desk.realert()

    async def auto_close(self) -> int:
        """Resolved tickets the resident never answered close after the configured wait."""
        now = self.clock.now()
        closed = 0
        for ticket in await self.tickets.resolved_before(now - self.auto_close_after):
            async with self.tx.transaction():
                fresh = found(await self.tickets.get(ticket.id), "ticket.not_found", id=ticket.id)
                if fresh.status is not Status.RESOLVED:
                    continue
                await self.tickets.update(ticket.id, status=Status.CLOSED, closed_at=now)
                await self.tickets.add_event(TicketEvent(ticket.id, now, None, Action.AUTO_CLOSE))
                await self.notify.resident(
                    fresh, "ticket.auto_closed", days=self.auto_close_after.days
                )
            closed += 1
            await self.notify.after_commit(ticket.id)
        return closed

    async def republish_missing_cards(self, staff_chat_id: int | None = None) -> int:
        """Tickets whose staff card never got posted (Telegram down at the time), or was
        posted in a group that is no longer the staff group (rebound, or upgraded by
        Telegram to a supergroup with a new id): the card goes up in the current group."""
        missing = await self.tickets.without_card(limit=CARDS_PER_RUN, chat_id=staff_chat_id)
        posted = 0
        for ticket in missing:
            if not await self.notify.after_commit(ticket.id):
                break  # the group refuses (gone, rate limit): try again next run, not 50 times
            posted += 1
        return posted
