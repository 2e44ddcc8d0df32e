"""Renovation permits (issue 15): the resident's form, the desk, typed inputs."""

from __future__ import annotations

from bot.config import Settings
from bot.services.permits.desk import PermitDesk
from bot.services.permits.form import PermitForms, Waiting
from bot.services.permits.inputs import PermitInputs
from bot.services.registry import Permits, Services
from bot.wiring.ports import Ports


def wire(settings: Settings, p: Ports, services: Services) -> None:
    if p.permits is None:
        return
    waiting = Waiting()
    desk = PermitDesk(
        tx=p.tx,
        clock=p.clock,
        store=p.permits,
        outbox=p.outbox,
        wakeup=p.wakeup,
        kv=p.kv,
        staff_chat=services.people.staff_chat_id,
        tz=settings.tz,
    )
    forms = PermitForms(
        tx=p.tx,
        clock=p.clock,
        store=p.permits,
        users=p.users,
        homes=p.homes,
        desk=desk,
        waiting=waiting,
    )
    inputs = PermitInputs(tx=p.tx, clock=p.clock, store=p.permits, desk=desk, waiting=waiting)
    services.permits = Permits(forms=forms, desk=desk, inputs=inputs)
