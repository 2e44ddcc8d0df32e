"""What every service needs, bundled once by the composition root (or a test)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.services.ports import (
    Clock,
    EventLog,
    HomeRepository,
    InviteRepository,
    KeyValue,
    Notifier,
    RegistrationRepository,
    Transactions,
    UserRepository,
)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class Deps:
    tx: Transactions
    clock: Clock
    notifier: Notifier
    users: UserRepository
    homes: HomeRepository
    registrations: RegistrationRepository
    invites: InviteRepository
    events: EventLog
    kv: KeyValue
    manager_ids: frozenset[int] = frozenset()
    configured_staff_chat: int | None = None
    invite_ttl: timedelta = timedelta(hours=72)
