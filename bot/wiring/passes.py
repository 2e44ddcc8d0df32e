"""Gate passes (issue 15): the form and the desk share one store."""

from __future__ import annotations

from bot.config import Settings
from bot.services.passes import Passes
from bot.services.passes.desk import PassDesk
from bot.services.passes.form import PassForm
from bot.services.registry import Services
from bot.wiring.ports import Ports


def wire(settings: Settings, p: Ports, services: Services) -> None:
    if p.passes is None:
        return
    form = PassForm(
        tx=p.tx,
        clock=p.clock,
        store=p.passes,
        users=p.users,
        homes=p.homes,
        outbox=p.outbox,
        staff_chat=services.people.staff_chat_id,
        tz=settings.tz,
    )
    desk = PassDesk(
        tx=p.tx,
        clock=p.clock,
        store=p.passes,
        users=p.users,
        homes=p.homes,
        outbox=p.outbox,
        tz=settings.tz,
    )
    services.passes = Passes(form=form, desk=desk)
