"""Emergency (issue 17) test helpers: a classifier whose safety net says what a test needs,
and the real services on a real SQLite file with an estate of people."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.classifier import Classification, classify
from bot.config import Settings
from bot.domain.people.model import Role
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock, RecordingBoard, RecordingNotifier, RecordingWakeup
from tests.support.wiring import sqlite_services


@dataclass
class SafetyNet:
    """Wraps a classifier: the first rule whose word is in the text sets hazard/ask_danger
    (and `urgent` for a hazard), the way the safety net will once it lands."""

    base: Callable[[str], Classification] = classify
    hazards: dict[str, str] = field(default_factory=dict)  # word -> hazard
    weak: tuple[str, ...] = ()  # words that only ask "is anyone in danger?"
    seen: list[str] = field(default_factory=list)

    def __call__(self, text: str) -> Classification:
        self.seen.append(text)
        result = self.base(text)
        for word, hazard in self.hazards.items():
            if word.lower() in text.lower():
                return dataclasses.replace(result, urgent=True, hazard=hazard)
        if any(word.lower() in text.lower() for word in self.weak):
            return dataclasses.replace(result, urgent=False, ask_danger=True)
        return result


def plain(kind: str = "repair", category: str = "other", confidence: float = 0.9):
    """A fixed, non-urgent classification (a stand-in model for service tests)."""
    return lambda text: Classification(
        kind, category, False, confidence, confidence, confidence, confidence
    )


@dataclass
class Estate:
    services: object
    db: Database
    clock: FakeClock
    board: RecordingBoard
    wakeup: RecordingWakeup

    @property
    def d(self):
        """The repositories under the services (SQLite)."""
        return self.services.ports

    async def user(self, user_id: int):
        return await self.d.users.get(user_id)

    async def outbox(self, user_id: int) -> list[tuple]:
        """(key, params, priority, not_before) of every row queued for `user_id`."""
        rows = await self.db.fetchall(
            "SELECT key, params, priority, not_before FROM outbox WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
        return [tuple(r) for r in rows]

    async def keys(self, user_id: int) -> list[str]:
        return [row[0] for row in await self.outbox(user_id)]


async def open_estate(
    settings: Settings,
    clock: FakeClock,
    *,
    managers: tuple[int, ...],
    staff: tuple[int, ...],
    residents: dict[int, str],
    roster: str,
) -> Estate:
    """Migrated database, the real services (composition root), people in their roles."""
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    board, wakeup = RecordingBoard(), RecordingWakeup()
    services = sqlite_services(
        settings, db, clock=clock, notifier=RecordingNotifier(), board=board, wakeup=wakeup
    )
    await services.roster.import_csv(roster)
    for user_id in (*managers, *staff, *residents):
        await services.people.touch(user_id, f"U{user_id}", None, "zh")
    boss = managers[0]
    for user_id in managers[1:]:
        await services.people.grant(boss, await services.ports.users.get(user_id), Role.MANAGER)
    for user_id in staff:
        await services.people.grant(boss, await services.ports.users.get(user_id), Role.STAFF)
    for user_id, phone in residents.items():
        user = await services.ports.users.get(user_id)
        await services.onboarding.share_contact(user, user_id, phone)
    return Estate(services, db, clock, board, wakeup)
