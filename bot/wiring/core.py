"""The services every deployment has: people, tickets, notices, surveys and the runtime."""

from __future__ import annotations

from bot.config import Settings
from bot.i18n import Translator
from bot.services.registry import Services
from bot.wiring import notices, people, runtime, surveys, tickets
from bot.wiring.ports import Ports, quiet_hours


def wire(settings: Settings, p: Ports) -> Services:
    translator = Translator(settings.default_language)
    quiet = quiet_hours(settings)
    folk = people.wire(settings, p)
    desk = tickets.wire(settings, p, quiet)
    answers = surveys.wire(settings, p, translator, quiet)
    return Services(
        settings=settings,
        translator=translator,
        clock=p.clock,
        people=folk.people,
        onboarding=folk.onboarding,
        roster=folk.roster,
        intake=desk.intake,
        tickets=desk.tickets,
        deadlines=desk.deadlines,
        board=desk.board,
        notices=notices.wire(settings, p),
        surveys=answers,
        outbox=runtime.outbox(p),
        maintenance=runtime.maintenance(p),
        retention=runtime.retention(settings, p),
        emergency=desk.emergency,
        emergency_desk=desk.emergency_desk,
        reassign=desk.reassign,
        relays=desk.relays,
        incidents=desk.incidents,
        router=surveys.router(settings, p, answers, desk.emergency),
        lifecycle=folk.lifecycle,
        membership=folk.membership,
        privacy=folk.privacy,
    )
