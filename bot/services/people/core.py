"""What every people service works with: transactions, the clock, the notifier, the users and
homes, and the audit log. Each service adds the further ports it names itself; the
constructors take them all as keyword arguments."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.ports import (
    Clock,
    EventLog,
    HomeRepository,
    Notifier,
    Transactions,
    UserRepository,
)


@dataclass(kw_only=True, eq=False)
class PeopleCore:
    tx: Transactions
    clock: Clock
    notifier: Notifier
    users: UserRepository
    homes: HomeRepository
    events: EventLog
