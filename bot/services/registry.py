"""The services a handler can reach through `context.services` (built by bot.bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.i18n import Translator
from bot.services.activities.creation import ActivityCreation
from bot.services.activities.office import ActivityOffice
from bot.services.activities.prompts import Prompts
from bot.services.activities.service import ActivityService
from bot.services.conversation.router import ConversationRouter
from bot.services.documents.service import DocumentService
from bot.services.faq.service import FaqService
from bot.services.maintenance import MaintenanceService
from bot.services.messaging.outbox import OutboxService
from bot.services.messaging.retention import RetentionService
from bot.services.notices.service import NoticeService
from bot.services.operations.equipment import EquipmentService
from bot.services.operations.rounds import RoundsService
from bot.services.operations.walk import WalkService
from bot.services.passes import Passes
from bot.services.people.directory import PeopleService
from bot.services.people.lifecycle import LifecycleService
from bot.services.people.membership import MembershipService
from bot.services.people.onboarding import OnboardingService
from bot.services.people.privacy import PrivacyService
from bot.services.people.roster import RosterService
from bot.services.permits.desk import PermitDesk
from bot.services.permits.form import PermitForms
from bot.services.permits.inputs import PermitInputs
from bot.services.ports import Clock
from bot.services.reports.digests import DigestService
from bot.services.reports.service import ReportService
from bot.services.surveys.service import Surveys
from bot.services.tickets.board import BoardService
from bot.services.tickets.deadlines import DeadlineService
from bot.services.tickets.emergency import EmergencyService
from bot.services.tickets.emergency_staff import EmergencyDesk
from bot.services.tickets.incidents import IncidentService
from bot.services.tickets.intake import IntakeService
from bot.services.tickets.lifecycle import TicketService
from bot.services.tickets.reassign import ReassignService
from bot.services.tickets.relay_status import RelayService
from bot.services.votes.service import VoteService
from bot.services.votes.wizard import VoteWizard


@dataclass(frozen=True)
class Operations:
    """Field operations (issue 15): the equipment ledger and inspection rounds."""

    equipment: EquipmentService
    rounds: RoundsService
    walk: WalkService


@dataclass(frozen=True)
class Permits:
    """Renovation permits (issue 15): the resident's form, the desk, typed inputs."""

    forms: PermitForms
    desk: PermitDesk
    inputs: PermitInputs


@dataclass(frozen=True)
class Activities:
    """Community activities (issue 14): creation, residents' seats, the office's side."""

    creation: ActivityCreation
    residents: ActivityService
    office: ActivityOffice
    prompts: Prompts


@dataclass
class Services:
    settings: Settings
    translator: Translator
    clock: Clock
    people: PeopleService
    onboarding: OnboardingService
    roster: RosterService
    intake: IntakeService
    tickets: TicketService
    deadlines: DeadlineService
    board: BoardService  # the staff board's bookkeeping (card message ids, hashes, relays)
    notices: NoticeService
    surveys: Surveys
    outbox: OutboxService  # what the dispatcher reads and records
    maintenance: MaintenanceService
    retention: RetentionService  # pruning of the runtime tables (issue 11)
    emergency: EmergencyService  # urgent reports from residents (issue 17)
    emergency_desk: EmergencyDesk  # the staff side of emergencies: phone, re-alerts
    router: ConversationRouter  # where a resident's private message goes (issue 10)
    reassign: ReassignService  # a revoked staff member's tickets: to a colleague or the pool
    relays: RelayService  # what became of relayed staff answers; corrections (issue 10 B)
    lifecycle: LifecycleService  # roster re-import, moving out, who lives where (issue 16)
    membership: MembershipService  # family and tenants under the owner, leases (issue 16)
    privacy: PrivacyService  # data copy, erasure, retention, audited exports (issue 16)
    incidents: IncidentService | None = None  # mass incidents (issue 11B); None on fakes
    operations: Operations | None = None  # equipment ledger and rounds (issue 15); None on fakes
    faq: FaqService | None = None  # answers before tickets (issue 14); None on fakes
    documents: DocumentService | None = None  # 信息公示 (issue 14); None on fakes
    reports: ReportService | None = None  # the manager's reports (issue 13); None on fakes
    digests: DigestService | None = None  # weekly/monthly reports, daily overdue list
    permits: Permits | None = None  # renovation permits (issue 15); None on fakes
    activities: Activities | None = None  # 社区活动 (issue 14); None on fakes
    votes: VoteService | None = None  # consultations and votes (issue 14); None on fakes
    vote_wizard: VoteWizard | None = None  # the managers' /vote_new
    passes: Passes | None = None  # gate passes: item release and visitors (issue 15)
