"""Community activities (issue 14): creation, residents' seats, the office's side."""

from __future__ import annotations

from bot.config import Settings
from bot.services.activities.creation import ActivityCreation
from bot.services.activities.office import ActivityOffice
from bot.services.activities.prompts import Prompts
from bot.services.activities.service import ActivityService
from bot.services.registry import Activities, Services
from bot.wiring.ports import Ports, quiet_hours


def wire(settings: Settings, p: Ports, services: Services) -> None:
    store = p.activities
    if store is None:
        return
    quiet = quiet_hours(settings)
    prompts = Prompts(clock=p.clock, store=store)
    services.activities = Activities(
        creation=ActivityCreation(
            tx=p.tx,
            clock=p.clock,
            store=store,
            prompts=prompts,
            events=p.events,
            wakeup=p.wakeup,
            buildings=p.notices,
            quiet_hours=quiet,
            tz=settings.tz,
        ),
        residents=ActivityService(
            tx=p.tx,
            clock=p.clock,
            store=store,
            prompts=prompts,
            homes=p.homes,
            events=p.events,
            outbox=p.outbox,
            wakeup=p.wakeup,
            tz=settings.tz,
            family_limit=settings.activity_family_max,
        ),
        office=ActivityOffice(
            tx=p.tx,
            clock=p.clock,
            store=store,
            prompts=prompts,
            events=p.events,
            outbox=p.outbox,
            wakeup=p.wakeup,
            quiet_hours=quiet,
        ),
        prompts=prompts,
    )
