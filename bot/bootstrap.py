"""Wiring: which ports each service gets, and the settings values it is given.

One function builds the services (`build_services(settings, ports)`): the bot calls it with
the SQLite repositories and its Telegram adapters (bot/app.py), the command line through
`open_services`, and the tests with in-memory fakes swapped in (tests/support/fakes.py).
With bot/app.py this is the composition root: the only place that imports `storage`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from bot.classifier import classify
from bot.config import Settings
from bot.services.ports import Clock, Note, Notifier, OutboxWakeup, StaffBoard
from bot.services.registry import Services
from bot.wiring import (
    activities,
    core,
    documents,
    faq,
    operations,
    passes,
    permits,
    reports,
    votes,
)
from bot.wiring.ports import Ports
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
    """Each service gets exactly the ports and settings values its constructor names.

    A feature beyond the core is one line here: its `wire` sets its field of `Services`."""
    services = core.wire(settings, ports)
    operations.wire(settings, ports, services)
    faq.wire(settings, ports, services)
    reports.wire(settings, ports, services)
    documents.wire(settings, ports, services)
    permits.wire(settings, ports, services)
    activities.wire(settings, ports, services)
    votes.wire(settings, ports, services)
    passes.wire(settings, ports, services)
    return services


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
