"""The set of services a handler can reach through `context.services`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.i18n import Translator
from bot.services.deps import Deps
from bot.services.onboarding import OnboardingService
from bot.services.people import PeopleService
from bot.services.roster import RosterService


@dataclass
class Services:
    settings: Settings
    deps: Deps
    translator: Translator
    people: PeopleService
    onboarding: OnboardingService
    roster: RosterService

    @classmethod
    def from_deps(cls, settings: Settings, deps: Deps, translator: Translator) -> Services:
        return cls(
            settings=settings,
            deps=deps,
            translator=translator,
            people=PeopleService(deps),
            onboarding=OnboardingService(deps),
            roster=RosterService(deps),
        )
