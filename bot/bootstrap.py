"""Wiring: which ports each service gets, and the settings values it is given.

One function builds the services (`build_services(settings, ports)`): the bot calls it with
the SQLite repositories and its Telegram adapters (bot/app.py), the command line through
`open_services`, and the tests with in-memory fakes swapped in (tests/support/fakes.py).
With bot/app.py this is the composition root: the only place that imports `storage`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.classifier import Classification, classify
from bot.config import Settings
from bot.domain.calendar import QuietHours
from bot.domain.tickets.incidents import IncidentPolicy
from bot.faq import default_articles
from bot.i18n import Translator
from bot.services.activities.creation import ActivityCreation
from bot.services.activities.office import ActivityOffice
from bot.services.activities.ports import ActivityStore
from bot.services.activities.prompts import Prompts
from bot.services.activities.service import ActivityService
from bot.services.conversation.router import ConversationRouter
from bot.services.documents.ports import DocumentStore
from bot.services.documents.service import DocumentService
from bot.services.faq.ports import FaqStore
from bot.services.faq.service import FaqService
from bot.services.maintenance import MaintenanceService
from bot.services.messaging.outbox import OutboxService
from bot.services.messaging.retention import RetentionService, RetentionStore
from bot.services.notices.ports import NoticeRepository
from bot.services.notices.service import NoticeService
from bot.services.operations.equipment import EquipmentService
from bot.services.operations.findings import FindingTickets
from bot.services.operations.ports import EquipmentStore, RoundStore
from bot.services.operations.rounds import RoundsService
from bot.services.operations.walk import WalkService
from bot.services.passes import Passes
from bot.services.passes.desk import PassDesk
from bot.services.passes.form import PassForm
from bot.services.passes.ports import PassStore, StaffChat
from bot.services.people.directory import PeopleService
from bot.services.people.lifecycle import LifecycleService
from bot.services.people.lifecycle_ports import LifecycleStore, PrivacyStore
from bot.services.people.membership import MembershipService
from bot.services.people.onboarding import OnboardingService
from bot.services.people.privacy import PrivacyService
from bot.services.people.roster import RosterService
from bot.services.permits.desk import PermitDesk
from bot.services.permits.form import PermitForms, Waiting
from bot.services.permits.inputs import PermitInputs
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
    Note,
    Notifier,
    OutboxRepository,
    OutboxWakeup,
    RegistrationRepository,
    StaffBoard,
    TicketRepository,
    Transactions,
    UserRepository,
)
from bot.services.registry import Activities, Operations, Permits, Services
from bot.services.reports.digests import DigestService
from bot.services.reports.ports import DigestStore, ReportStore
from bot.services.reports.service import ReportService
from bot.services.surveys.ports import SurveyPorts, SurveyStore
from bot.services.surveys.service import Surveys
from bot.services.tickets.board import BoardService
from bot.services.tickets.deadlines import DeadlineService
from bot.services.tickets.emergency import EmergencyService
from bot.services.tickets.emergency_ports import UrgentAlertStore
from bot.services.tickets.emergency_staff import EmergencyDesk
from bot.services.tickets.incident_ports import IncidentStore
from bot.services.tickets.incidents import IncidentService
from bot.services.tickets.intake import MAX_TICKETS_PER_HOUR, IntakeService
from bot.services.tickets.lifecycle import TicketService
from bot.services.tickets.notify import Notifications
from bot.services.tickets.reassign import ReassignService
from bot.services.tickets.relay_ports import RelayStore
from bot.services.tickets.relay_status import RelayService
from bot.services.votes.ports import VoteStore
from bot.services.votes.service import VoteService
from bot.services.votes.wizard import VoteWizard
from storage.activities.repository import SqliteActivities
from storage.db import Database
from storage.documents.repository import SqliteDocuments
from storage.faq.repository import SqliteFaq
from storage.maintenance import SqliteMaintenance
from storage.migrate import migrate
from storage.notices.repository import SqliteNotices
from storage.operations.equipment import SqliteEquipment
from storage.operations.rounds import SqliteRounds
from storage.passes.repository import SqlitePasses
from storage.people.directory import SqliteHomes, SqliteUsers
from storage.people.lifecycle import SqliteLifecycle
from storage.people.onboarding import (
    SqliteEvents,
    SqliteInvites,
    SqliteKeyValue,
    SqliteRegistrations,
)
from storage.people.privacy import SqlitePrivacy
from storage.permits.repository import SqlitePermits
from storage.reports.digests import SqliteDigests
from storage.reports.queries import SqliteReports
from storage.runtime.inbox import SqliteLedger
from storage.runtime.outbox import SqliteOutbox
from storage.runtime.retention import SqliteRetention
from storage.surveys.definitions import SqliteSurveys
from storage.tickets.emergency import SqliteUrgentAlerts
from storage.tickets.incidents import SqliteIncidents
from storage.tickets.relays import SqliteRelays
from storage.tickets.repository import SqliteDrafts, SqliteTickets
from storage.votes.repository import SqliteVotes

log = logging.getLogger(__name__)


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


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def sqlite_ports(
    db: Database, *, clock: Clock, notifier: Notifier, board: StaffBoard, wakeup: OutboxWakeup
) -> Ports:
    """The SQLite repositories on `db`, with the given outside-world adapters."""
    return Ports(
        tx=db,
        clock=clock,
        notifier=notifier,
        board=board,
        wakeup=wakeup,
        classify=classify,
        users=SqliteUsers(db),
        homes=SqliteHomes(db),
        registrations=SqliteRegistrations(db),
        invites=SqliteInvites(db),
        events=SqliteEvents(db),
        kv=SqliteKeyValue(db),
        tickets=SqliteTickets(db),
        drafts=SqliteDrafts(db),
        outbox=SqliteOutbox(db),
        ledger=SqliteLedger(db),
        notices=SqliteNotices(db),
        surveys=SqliteSurveys(db),
        database=SqliteMaintenance(db),
        retention=SqliteRetention(db),
        urgent_alerts=SqliteUrgentAlerts(db),
        relays=SqliteRelays(db),
        incidents=SqliteIncidents(db),
        lifecycle=SqliteLifecycle(db),
        privacy=SqlitePrivacy(db),
        equipment=SqliteEquipment(db),
        rounds=SqliteRounds(db),
        faq=SqliteFaq(db),
        documents=SqliteDocuments(db),
        reports=SqliteReports(db),
        digests=SqliteDigests(db),
        permits=SqlitePermits(db),
        activities=SqliteActivities(db),
        votes=SqliteVotes(db),
        passes=SqlitePasses(db),
    )


def build_services(settings: Settings, ports: Ports) -> Services:
    """Each service gets exactly the ports and settings values its constructor names."""
    p = ports
    translator = Translator(settings.default_language)
    quiet = QuietHours(settings.quiet_start, settings.quiet_end, settings.tz)
    people, onboarding, roster = _people(settings, p)
    intake, tickets, deadlines, emergency, desk, incidents, relays = _tickets(settings, p, quiet)
    surveys = _surveys(settings, p, translator, quiet)
    router = ConversationRouter(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        users=p.users,
        drafts=p.drafts,
        kv=p.kv,
        classify=p.classify,
        surveys=surveys.answering,
        emergency=emergency,
        conversation=timedelta(hours=settings.conversation_hours),
    )
    services = Services(
        settings=settings,
        translator=translator,
        clock=p.clock,
        people=people,
        onboarding=onboarding,
        roster=roster,
        intake=intake,
        tickets=tickets,
        deadlines=deadlines,
        board=BoardService(tx=p.tx, tickets=p.tickets, homes=p.homes, users=p.users),
        notices=NoticeService(
            tx=p.tx,
            clock=p.clock,
            notices=p.notices,
            users=p.users,
            homes=p.homes,
            events=p.events,
            outbox=p.outbox,
            tz=settings.tz,
        ),
        surveys=surveys,
        outbox=OutboxService(
            tx=p.tx, clock=p.clock, outbox=p.outbox, users=p.users, tickets=p.tickets
        ),
        maintenance=MaintenanceService(database=p.database),
        retention=RetentionService(
            p.tx, p.retention, p.clock, timedelta(days=settings.inbox_retention_days)
        ),
        emergency=emergency,
        emergency_desk=desk,
        reassign=ReassignService(
            tx=p.tx,
            clock=p.clock,
            tickets=p.tickets,
            users=p.users,
            events=p.events,
            notify=tickets.notify,
        ),
        relays=relays,
        incidents=incidents,
        router=router,
        lifecycle=LifecycleService(
            tx=p.tx,
            clock=p.clock,
            notifier=p.notifier,
            users=p.users,
            homes=p.homes,
            events=p.events,
            lifecycle=p.lifecycle,
            kv=p.kv,
        ),
        membership=MembershipService(
            tx=p.tx,
            clock=p.clock,
            notifier=p.notifier,
            users=p.users,
            homes=p.homes,
            invites=p.invites,
            events=p.events,
            lifecycle=p.lifecycle,
            invite_ttl=timedelta(hours=settings.invite_ttl_hours),
            tz=settings.tz,
        ),
        privacy=PrivacyService(
            tx=p.tx,
            clock=p.clock,
            users=p.users,
            events=p.events,
            privacy=p.privacy,
            lifecycle=p.lifecycle,
            kv=p.kv,
            outbox=p.outbox,
            tickets=p.tickets,
            board=p.board,
            erasure_delay=timedelta(days=settings.data_erasure_days),
            phone_retention=timedelta(days=settings.detached_phone_retention_days),
        ),
        operations=_operations(settings, p, tickets.notify),
        faq=_faq(p),
        reports=_reports(settings, p, surveys),
        digests=_digests(settings, p, quiet, people),
    )
    if p.documents is not None:
        services.documents = DocumentService(
            tx=p.tx,
            clock=p.clock,
            store=p.documents,
            notices=services.notices,
            translator=translator,
            tz=settings.tz,
        )
    services.permits = _permits(settings, p, people)
    services.activities = _activities(settings, p, quiet)
    _votes(settings, p, services, translator, quiet)
    services.passes = _passes(settings, p, services.people.staff_chat_id)
    return services


def _permits(settings: Settings, p: Ports, people: PeopleService) -> Permits | None:
    if p.permits is None:
        return None
    waiting = Waiting()
    desk = PermitDesk(
        tx=p.tx,
        clock=p.clock,
        store=p.permits,
        outbox=p.outbox,
        wakeup=p.wakeup,
        kv=p.kv,
        staff_chat=people.staff_chat_id,
        tz=settings.tz,
    )
    forms = PermitForms(
        tx=p.tx,
        clock=p.clock,
        store=p.permits,
        users=p.users,
        homes=p.homes,
        desk=desk,
        waiting=waiting,
    )
    inputs = PermitInputs(tx=p.tx, clock=p.clock, store=p.permits, desk=desk, waiting=waiting)
    return Permits(forms=forms, desk=desk, inputs=inputs)


def _activities(settings: Settings, p: Ports, quiet: QuietHours) -> Activities | None:
    store = p.activities
    if store is None:
        return None
    prompts = Prompts(clock=p.clock, store=store)
    return Activities(
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


def _votes(
    settings: Settings, p: Ports, services: Services, translator: Translator, quiet: QuietHours
) -> None:
    """Consultations and votes (issue 14): only where a vote store exists."""
    if p.votes is None:
        return
    services.votes = VoteService(
        tx=p.tx,
        clock=p.clock,
        store=p.votes,
        events=p.events,
        outbox=p.outbox,
        ledger=p.ledger,
        notices=services.notices,
        surveys=p.surveys,
        translator=translator,
        tz=settings.tz,
        quiet_hours=quiet,
    )
    services.vote_wizard = VoteWizard(
        tx=p.tx, clock=p.clock, store=p.votes, events=p.events, tz=settings.tz
    )


def _passes(settings: Settings, p: Ports, staff_chat: StaffChat) -> Passes | None:
    """Gate passes (issue 15): the form and the desk share one store."""
    if p.passes is None:
        return None
    form = PassForm(
        tx=p.tx,
        clock=p.clock,
        store=p.passes,
        users=p.users,
        homes=p.homes,
        outbox=p.outbox,
        staff_chat=staff_chat,
        tz=settings.tz,
    )
    desk = PassDesk(
        tx=p.tx,
        clock=p.clock,
        store=p.passes,
        users=p.users,
        homes=p.homes,
        outbox=p.outbox,
        tz=settings.tz,
    )
    return Passes(form=form, desk=desk)


def _faq(p: Ports) -> FaqService | None:
    if p.faq is None:
        return None
    return FaqService(tx=p.tx, clock=p.clock, store=p.faq, defaults=default_articles())


def _people(settings: Settings, p: Ports) -> tuple[PeopleService, OnboardingService, RosterService]:
    people = PeopleService(
        tx=p.tx,
        clock=p.clock,
        notifier=p.notifier,
        users=p.users,
        homes=p.homes,
        invites=p.invites,
        events=p.events,
        kv=p.kv,
        manager_ids=settings.manager_ids,
        configured_staff_chat=settings.staff_chat_id,
        invite_ttl=timedelta(hours=settings.invite_ttl_hours),
    )
    onboarding = OnboardingService(
        tx=p.tx,
        clock=p.clock,
        notifier=p.notifier,
        users=p.users,
        homes=p.homes,
        registrations=p.registrations,
        invites=p.invites,
        events=p.events,
    )
    return people, onboarding, RosterService(tx=p.tx, clock=p.clock, homes=p.homes)


def _tickets(
    settings: Settings, p: Ports, quiet: QuietHours
) -> tuple[
    IntakeService,
    TicketService,
    DeadlineService,
    EmergencyService,
    EmergencyDesk,
    IncidentService | None,
    RelayService,
]:
    notify = Notifications(
        clock=p.clock,
        outbox=p.outbox,
        users=p.users,
        tickets=p.tickets,
        board=p.board,
        wakeup=p.wakeup,
        quiet_hours=quiet,
    )
    emergency = EmergencyService(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        drafts=p.drafts,
        homes=p.homes,
        users=p.users,
        outbox=p.outbox,
        board=p.board,
        wakeup=p.wakeup,
        sla=settings.sla,
        business_hours=settings.business_hours,
        max_tickets_per_hour=MAX_TICKETS_PER_HOUR,
        notify=notify,
    )
    desk = EmergencyDesk(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        homes=p.homes,
        users=p.users,
        board=p.board,
        wakeup=p.wakeup,
        urgent_alerts=p.urgent_alerts,
        urgent_realert=timedelta(minutes=settings.urgent_realert_minutes),
        emergency=emergency,
    )
    incidents = _incidents(settings, p, emergency)
    intake = IntakeService(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        drafts=p.drafts,
        users=p.users,
        ledger=p.ledger,
        classify=p.classify,
        notify=notify,
        emergency=emergency,
        sla=settings.sla,
        business_hours=settings.business_hours,
        incidents=incidents,
    )
    tickets = TicketService(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        users=p.users,
        board=p.board,
        notify=notify,
        incidents=incidents,
    )
    deadlines = DeadlineService(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        board=p.board,
        notify=notify,
        emergency_desk=desk,
        auto_close_after=timedelta(days=settings.auto_close_days),
    )
    relays = RelayService(
        tx=p.tx,
        clock=p.clock,
        relays=p.relays,
        outbox=p.outbox,
        users=p.users,
        wakeup=p.wakeup,
        tickets=tickets,
        notify=notify,
    )
    return intake, tickets, deadlines, emergency, desk, incidents, relays


def _incidents(settings: Settings, p: Ports, emergency: EmergencyService) -> IncidentService | None:
    if p.incidents is None:
        return None
    return IncidentService(
        tx=p.tx,
        clock=p.clock,
        store=p.incidents,
        tickets=p.tickets,
        drafts=p.drafts,
        homes=p.homes,
        outbox=p.outbox,
        wakeup=p.wakeup,
        board=p.board,
        emergency=emergency,
        policy=IncidentPolicy(
            min_reports=settings.incident_min_reports,
            window=timedelta(minutes=settings.incident_window_minutes),
            estate_buildings=settings.incident_estate_buildings,
        ),
        card_interval=settings.incident_card_seconds,
    )


def _operations(settings: Settings, p: Ports, notify: Notifications) -> Operations | None:
    if p.equipment is None or p.rounds is None:
        return None
    findings = FindingTickets(
        clock=p.clock,
        tickets=p.tickets,
        equipment=p.equipment,
        notify=notify,
        sla=settings.sla,
        business_hours=settings.business_hours,
        tz=settings.tz,
    )
    return Operations(
        equipment=EquipmentService(
            tx=p.tx,
            clock=p.clock,
            users=p.users,
            events=p.events,
            store=p.equipment,
            rounds=p.rounds,
            outbox=p.outbox,
            tz=settings.tz,
        ),
        rounds=RoundsService(
            tx=p.tx,
            clock=p.clock,
            users=p.users,
            events=p.events,
            store=p.rounds,
            outbox=p.outbox,
            tz=settings.tz,
        ),
        walk=WalkService(
            tx=p.tx,
            clock=p.clock,
            store=p.rounds,
            findings=findings,
            radius_m=settings.checkpoint_radius_m,
        ),
    )


def _reports(settings: Settings, p: Ports, surveys: Surveys) -> ReportService | None:
    if p.reports is None:
        return None
    return ReportService(
        clock=p.clock,
        users=p.users,
        store=p.reports,
        tz=settings.tz,
        hours=settings.sla.hours,
        targets=settings.report_targets,
        hotspot_min=settings.report_hotspot_min,
        mirror=surveys.reports.latest_closed,
        hotspot_scopes={
            "unit": settings.report_hotspot_min_unit,
            "building": settings.report_hotspot_min_building,
        },
    )


def _digests(
    settings: Settings, p: Ports, quiet: QuietHours, people: PeopleService
) -> DigestService | None:
    if p.digests is None:
        return None
    return DigestService(
        tx=p.tx,
        clock=p.clock,
        users=p.users,
        store=p.digests,
        outbox=p.outbox,
        wakeup=p.wakeup,
        quiet_hours=quiet,
        tz=settings.tz,
        staff_chat=people.staff_chat_id,
    )


def _surveys(settings: Settings, p: Ports, translator: Translator, quiet: QuietHours) -> Surveys:
    ports = SurveyPorts(
        tx=p.tx,
        clock=p.clock,
        users=p.users,
        homes=p.homes,
        events=p.events,
        outbox=p.outbox,
        wakeup=p.wakeup,
        ledger=p.ledger,
        quiet_hours=quiet,
    )
    return Surveys(ports=ports, store=p.surveys, settings=settings, translator=translator)


# ---- the command line: no chat, no staff board, no dispatcher --------------------------------
class OfflineNotifier:
    """The command line talks to nobody: what it records, the running bot delivers."""

    async def to_user(self, user_id: int, note: Note) -> bool:
        log.warning("not sent from the command line: %s", note.key)
        return False

    async def to_managers(self, note: Note) -> int:
        log.warning("not sent from the command line: %s", note.key)
        return 0

    async def refresh_menus(self, user_id: int) -> None:
        return None


class NoBoard:
    """Cards are (re)published by the running bot's card job."""

    async def publish(self, ticket_id: int) -> None:
        return None

    async def post_in_thread(self, ticket_id: int, note: Note, photo: str | None = None) -> None:
        return None


class NoWakeup:
    """Queued messages wait for the running bot's periodic outbox job."""

    def wake(self) -> None:
        return None


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    """For the command line: open and migrate the database, build the services, close."""
    db = Database(settings.database_path)
    await db.connect()
    try:
        await migrate(db)
        ports = sqlite_ports(
            db, clock=SystemClock(), notifier=OfflineNotifier(), board=NoBoard(), wakeup=NoWakeup()
        )
        yield build_services(settings, ports)
    finally:
        await db.close()
