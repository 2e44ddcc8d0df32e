"""What every service needs, bundled once by the composition root (or a test)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.classifier import Classification
from bot.domain.calendar import BusinessHours, QuietHours
from bot.domain.tickets.sla import SlaPolicy
from bot.services.notices.ports import NoticeRepository
from bot.services.ports import (
    Clock,
    DraftRepository,
    EventLog,
    HomeRepository,
    InviteRepository,
    KeyValue,
    Ledger,
    Notifier,
    OutboxRepository,
    OutboxWakeup,
    RegistrationRepository,
    StaffBoard,
    TicketRepository,
    Transactions,
    UserRepository,
)
from bot.services.surveys.ports import SurveyStore


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
    # Tickets (issue 3); optional so onboarding-only tests need not build them.
    tickets: TicketRepository | None = None
    drafts: DraftRepository | None = None
    outbox: OutboxRepository | None = None
    board: StaffBoard | None = None
    wakeup: OutboxWakeup | None = None
    classify: Callable[[str], Classification] | None = None
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    business_hours: BusinessHours | None = None
    quiet_hours: QuietHours | None = None
    auto_close_after: timedelta = timedelta(days=3)
    max_tickets_per_hour: int = 10
    ledger: Ledger | None = None  # idempotency for replayed updates (durable inbox)
    notices: NoticeRepository | None = None  # notices (issue 4)
    surveys: SurveyStore | None = None  # satisfaction surveys (issue 5)
