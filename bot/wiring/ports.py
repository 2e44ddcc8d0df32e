"""`Ports`: every adapter a service may need, the repositories and the outside world."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.classifier import Classification
from bot.config import Settings
from bot.domain.calendar import QuietHours
from bot.services.activities.ports import ActivityStore
from bot.services.documents.ports import DocumentStore
from bot.services.faq.ports import FaqStore
from bot.services.messaging.retention import RetentionStore
from bot.services.notices.ports import NoticeRepository
from bot.services.operations.ports import EquipmentStore, RoundStore
from bot.services.passes.ports import PassStore
from bot.services.people.lifecycle_ports import LifecycleStore, PrivacyStore
from bot.services.permits.ports import PermitStore
from bot.services.ports import (
    Clock,
    DatabaseFile,
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
from bot.services.reports.ports import DigestStore, ReportStore
from bot.services.surveys.ports import SurveyStore
from bot.services.tickets.emergency_ports import UrgentAlertStore
from bot.services.tickets.incident_ports import IncidentStore
from bot.services.tickets.relay_ports import RelayStore
from bot.services.votes.ports import VoteStore


@dataclass(frozen=True)
class Ports:
    """Every adapter a service may need: the repositories, and the outside world."""

    tx: Transactions
    clock: Clock
    notifier: Notifier
    board: StaffBoard
    wakeup: OutboxWakeup
    classify: Callable[[str], Classification]
    users: UserRepository
    homes: HomeRepository
    registrations: RegistrationRepository
    invites: InviteRepository
    events: EventLog
    kv: KeyValue
    tickets: TicketRepository
    drafts: DraftRepository
    outbox: OutboxRepository
    ledger: Ledger
    notices: NoticeRepository
    surveys: SurveyStore
    database: DatabaseFile
    retention: RetentionStore
    urgent_alerts: UrgentAlertStore
    relays: RelayStore
    lifecycle: LifecycleStore
    privacy: PrivacyStore
    incidents: IncidentStore | None = None  # None: every report stays its own ticket
    equipment: EquipmentStore | None = None  # field operations (issue 15); None on fakes
    rounds: RoundStore | None = None
    faq: FaqStore | None = None  # None: no knowledge base, every question is filed
    documents: DocumentStore | None = None  # None: no 信息公示
    reports: ReportStore | None = None  # None: no /report (the in-memory fakes)
    digests: DigestStore | None = None
    permits: PermitStore | None = None  # renovation permits (issue 15); None on fakes
    activities: ActivityStore | None = None  # community activities (issue 14); None on fakes
    votes: VoteStore | None = None  # consultations and votes (issue 14); None on fakes
    passes: PassStore | None = None  # gate passes (issue 15); None on fakes


def quiet_hours(settings: Settings) -> QuietHours:
    """The hours in which nothing but emergencies is pushed to residents."""
    return QuietHours(settings.quiet_start, settings.quiet_end, settings.tz)
