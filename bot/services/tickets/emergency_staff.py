"""Emergencies from the desk's side (issue 17): the resident's phone for the staff member
who calls them (on the audit trail), and re-alerts of urgent tickets nobody has taken."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.domain.errors import DomainError, NotFound, found
from bot.domain.people.model import Role
from bot.domain.tickets.emergency import realert_due
from bot.domain.tickets.model import ACTIVE_STATUSES, Action, Ticket, TicketEvent
from bot.services.people.directory import require
from bot.services.ports import (
    Clock,
    HomeRepository,
    Note,
    OutboxWakeup,
    StaffBoard,
    TicketRepository,
    Transactions,
    UserRepository,
)
from bot.services.tickets.emergency import EmergencyService
from bot.services.tickets.emergency_ports import UrgentAlertStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhoneReveal:
    ticket: Ticket
    phone: str  # E.164; shown to one staff member, never logged
    name: str
    home: str


class EmergencyDesk:
    def __init__(
        self,
        *,
        board: StaffBoard,
        clock: Clock,
        homes: HomeRepository,
        tickets: TicketRepository,
        tx: Transactions,
        urgent_alerts: UrgentAlertStore,
        urgent_realert: timedelta,
        users: UserRepository,
        wakeup: OutboxWakeup,
        emergency: EmergencyService,
    ) -> None:
        self.board = board
        self.clock = clock
        self.homes = homes
        self.tickets = tickets
        self.tx = tx
        self.urgent_alerts = urgent_alerts
        self.urgent_realert = urgent_realert
        self.users = users
        self.wakeup = wakeup
        self.emergency = emergency

    async def reveal_phone(self, ticket_id: int, actor_id: int) -> PhoneReveal:
        """The resident's phone for a staff member about to call them in an emergency. The
        role is checked here, whatever the button's chat; every look is an audit event."""
        actor = require(await self.users.get(actor_id), Role.STAFF)
        ticket = await self.tickets.get(ticket_id) if 0 < ticket_id < 2**62 else None
        if ticket is None:
            raise NotFound("ticket.not_found", id=ticket_id)
        if not ticket.urgent or ticket.status not in ACTIVE_STATUSES:
            raise DomainError("emergency.phone_urgent_only", id=ticket.id)
        phone = await self.users.phone_of(ticket.resident_id)
        if not phone:
            raise DomainError("emergency.no_phone", id=ticket.id)
        resident = await self.users.get(ticket.resident_id)
        home = await self.homes.get(ticket.home_id) if ticket.home_id else None
        async with self.tx.transaction():
            await self.tickets.add_event(
                TicketEvent(ticket.id, self.clock.now(), actor.id, Action.PHONE_VIEWED)
            )
        log.info("ticket %s: resident's phone shown to staff member %s", ticket.id, actor.id)
        return PhoneReveal(
            ticket, phone, resident.first_name if resident else "—", home.label if home else "—"
        )

    async def realert(self) -> int:
        """Page the managers again for every urgent ticket still untaken, once per interval
        (URGENT_REALERT_MINUTES) since filing. The counter on the ticket moves in the same
        transaction that queues the alerts, so a restart neither repeats nor loses one."""
        store, interval = self.urgent_alerts, self.urgent_realert
        if store is None:
            return 0
        now = self.clock.now()
        fired = 0
        for row in await store.untaken(now - interval):
            due = realert_due(row.created_at, now, interval, row.announced)
            if due is None:
                continue
            minutes = int((now - row.created_at).total_seconds() // 60)
            async with self.tx.transaction():
                if not await store.advance(row.ticket_id, row.announced, due, now):
                    continue  # taken, downgraded or announced meanwhile
                ticket = found(
                    await self.tickets.get(row.ticket_id), "ticket.not_found", id=row.ticket_id
                )
                await self.tickets.add_event(
                    TicketEvent(ticket.id, now, None, Action.ESCALATE, f"realert {due}")
                )
                await self.emergency.page_managers(
                    ticket, "emergency.manager_realert", buttons=True, minutes=minutes, count=due
                )
            fired += 1
            await self._nudge_group(ticket.id, minutes)
        if fired and self.wakeup is not None:
            self.wakeup.wake()
        return fired

    async def _nudge_group(self, ticket_id: int, minutes: int) -> None:
        if self.board is None:
            return
        try:
            note = Note("emergency.group_realert", {"id": ticket_id, "minutes": minutes})
            await self.board.post_in_thread(ticket_id, note)
        except Exception:  # managers were paged; one chat never stops the round
            log.exception("could not re-alert the staff group about ticket %s", ticket_id)
