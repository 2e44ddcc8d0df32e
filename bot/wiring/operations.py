"""Field operations (issue 15): the equipment ledger, inspection rounds and their walks."""

from __future__ import annotations

from bot.config import Settings
from bot.services.operations.equipment import EquipmentService
from bot.services.operations.findings import FindingTickets
from bot.services.operations.rounds import RoundsService
from bot.services.operations.walk import WalkService
from bot.services.registry import Operations, Services
from bot.wiring.ports import Ports


def wire(settings: Settings, p: Ports, services: Services) -> None:
    if p.equipment is None or p.rounds is None:
        return
    findings = FindingTickets(
        clock=p.clock,
        tickets=p.tickets,
        equipment=p.equipment,
        notify=services.tickets.notify,
        sla=settings.sla,
        business_hours=settings.business_hours,
        tz=settings.tz,
    )
    services.operations = Operations(
        equipment=EquipmentService(
            tx=p.tx,
            clock=p.clock,
            users=p.users,
            events=p.events,
            store=p.equipment,
            rounds=p.rounds,
            outbox=p.outbox,
            tz=settings.tz,
        ),
        rounds=RoundsService(
            tx=p.tx,
            clock=p.clock,
            users=p.users,
            events=p.events,
            store=p.rounds,
            outbox=p.outbox,
            tz=settings.tz,
        ),
        walk=WalkService(
            tx=p.tx,
            clock=p.clock,
            store=p.rounds,
            findings=findings,
            radius_m=settings.checkpoint_radius_m,
        ),
    )
