"""The set of services a handler can reach through `context.services`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.i18n import Translator
from bot.services.deps import Deps
from bot.services.notices.service import NoticeService
from bot.services.people.directory import PeopleService
from bot.services.people.onboarding import OnboardingService
from bot.services.people.roster import RosterService
from bot.services.surveys.service import Surveys
from bot.services.tickets.deadlines import DeadlineService
from bot.services.tickets.intake import IntakeService
from bot.services.tickets.lifecycle import TicketService


@dataclass
class Services:
    settings: Settings
    deps: Deps
    translator: Translator
    people: PeopleService
    onboarding: OnboardingService
    roster: RosterService
    intake: IntakeService
    tickets: TicketService
    deadlines: DeadlineService
    notices: NoticeService
    surveys: Surveys | None = None  # None when the deps carry no survey store

    @classmethod
    def from_deps(cls, settings: Settings, deps: Deps, translator: Translator) -> Services:
        return cls(
            settings=settings,
            deps=deps,
            translator=translator,
            people=PeopleService(deps),
            onboarding=OnboardingService(deps),
            roster=RosterService(deps),
            intake=IntakeService(deps),
            tickets=TicketService(deps),
            deadlines=DeadlineService(deps),
            notices=NoticeService(deps),
            surveys=Surveys(deps, settings, translator) if deps.surveys is not None else None,
        )
