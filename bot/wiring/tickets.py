"""Tickets: intake, the lifecycle, deadlines, emergencies, mass incidents and relays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.config import Settings
from bot.domain.calendar import QuietHours
from bot.domain.tickets.incidents import IncidentPolicy
from bot.services.tickets.board import BoardService
from bot.services.tickets.deadlines import DeadlineService
from bot.services.tickets.emergency import EmergencyService
from bot.services.tickets.emergency_staff import EmergencyDesk
from bot.services.tickets.incidents import IncidentService
from bot.services.tickets.intake import MAX_TICKETS_PER_HOUR, IntakeService
from bot.services.tickets.lifecycle import TicketService
from bot.services.tickets.notify import Notifications
from bot.services.tickets.reassign import ReassignService
from bot.services.tickets.relay_status import RelayService
from bot.wiring.ports import Ports


@dataclass(frozen=True)
class Tickets:
    intake: IntakeService
    tickets: TicketService
    deadlines: DeadlineService
    board: BoardService
    emergency: EmergencyService
    emergency_desk: EmergencyDesk
    incidents: IncidentService | None
    relays: RelayService
    reassign: ReassignService


def wire(settings: Settings, p: Ports, quiet: QuietHours) -> Tickets:
    notify = Notifications(
        clock=p.clock,
        outbox=p.outbox,
        users=p.users,
        tickets=p.tickets,
        board=p.board,
        wakeup=p.wakeup,
        quiet_hours=quiet,
    )
    emergency, desk = _emergency(settings, p, notify)
    incidents = _incidents(settings, p, emergency)
    tickets = TicketService(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        users=p.users,
        board=p.board,
        notify=notify,
        incidents=incidents,
    )
    return Tickets(
        intake=_intake(settings, p, notify, emergency, incidents),
        tickets=tickets,
        deadlines=DeadlineService(
            tx=p.tx,
            clock=p.clock,
            tickets=p.tickets,
            board=p.board,
            notify=notify,
            emergency_desk=desk,
            auto_close_after=timedelta(days=settings.auto_close_days),
        ),
        board=BoardService(tx=p.tx, tickets=p.tickets, homes=p.homes, users=p.users),
        emergency=emergency,
        emergency_desk=desk,
        incidents=incidents,
        relays=_relays(p, tickets, notify),
        reassign=ReassignService(
            tx=p.tx, clock=p.clock, tickets=p.tickets, users=p.users, events=p.events, notify=notify
        ),
    )


def _emergency(
    settings: Settings, p: Ports, notify: Notifications
) -> tuple[EmergencyService, EmergencyDesk]:
    emergency = EmergencyService(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        drafts=p.drafts,
        homes=p.homes,
        users=p.users,
        outbox=p.outbox,
        board=p.board,
        wakeup=p.wakeup,
        sla=settings.sla,
        business_hours=settings.business_hours,
        max_tickets_per_hour=MAX_TICKETS_PER_HOUR,
        notify=notify,
    )
    desk = EmergencyDesk(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        homes=p.homes,
        users=p.users,
        board=p.board,
        wakeup=p.wakeup,
        urgent_alerts=p.urgent_alerts,
        urgent_realert=timedelta(minutes=settings.urgent_realert_minutes),
        emergency=emergency,
    )
    return emergency, desk


def _intake(
    settings: Settings,
    p: Ports,
    notify: Notifications,
    emergency: EmergencyService,
    incidents: IncidentService | None,
) -> IntakeService:
    return IntakeService(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        drafts=p.drafts,
        users=p.users,
        ledger=p.ledger,
        classify=p.classify,
        notify=notify,
        emergency=emergency,
        sla=settings.sla,
        business_hours=settings.business_hours,
        incidents=incidents,
    )


def _relays(p: Ports, tickets: TicketService, notify: Notifications) -> RelayService:
    return RelayService(
        tx=p.tx,
        clock=p.clock,
        relays=p.relays,
        outbox=p.outbox,
        users=p.users,
        wakeup=p.wakeup,
        tickets=tickets,
        notify=notify,
    )


def _incidents(settings: Settings, p: Ports, emergency: EmergencyService) -> IncidentService | None:
    if p.incidents is None:
        return None
    return IncidentService(
        tx=p.tx,
        clock=p.clock,
        store=p.incidents,
        tickets=p.tickets,
        drafts=p.drafts,
        homes=p.homes,
        outbox=p.outbox,
        wakeup=p.wakeup,
        board=p.board,
        emergency=emergency,
        policy=IncidentPolicy(
            min_reports=settings.incident_min_reports,
            window=timedelta(minutes=settings.incident_window_minutes),
            estate_buildings=settings.incident_estate_buildings,
        ),
        card_interval=settings.incident_card_seconds,
    )
