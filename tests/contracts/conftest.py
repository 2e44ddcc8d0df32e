"""One world of repositories, built twice: on the in-memory fakes and on a real SQLite file.

Every contract test takes `world` and runs once per implementation with the same body, so a
fake that answers differently from storage/ fails here instead of fooling a service test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.messaging.outbox import Delivery, Outcome
from bot.domain.people.model import Home, Role
from storage.db import Database
from storage.migrate import migrate
from storage.notices.repository import SqliteNotices
from storage.people.directory import SqliteHomes, SqliteUsers
from storage.people.onboarding import (
    SqliteEvents,
    SqliteInvites,
    SqliteKeyValue,
    SqliteRegistrations,
)
from storage.runtime.inbox import SqliteLedger
from storage.runtime.outbox import SqliteOutbox
from storage.tickets.repository import SqliteDrafts, SqliteTickets
from tests.support.fakes import (
    FakeDrafts,
    FakeEvents,
    FakeHomes,
    FakeInvites,
    FakeKeyValue,
    FakeLedger,
    FakeOutbox,
    FakeRegistrations,
    FakeTickets,
    FakeUsers,
    NoTransactions,
)
from tests.support.notice_fakes import FakeNotices

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
LATER = T0 + timedelta(days=365)

# People every world starts with (users must exist: tickets and drafts reference them).
RES, RES2, STAFF, MANAGER, STRANGER = 11, 12, 21, 31, 41


class Boom(Exception):
    """Raised inside a transaction to see what survives it."""


@dataclass
class World:
    kind: str
    tx: Any
    users: Any
    homes: Any
    registrations: Any
    invites: Any
    events: Any
    kv: Any
    tickets: Any
    drafts: Any
    outbox: Any
    notices: Any
    ledger: Any
    home: Home | None = None  # building 3, where RES lives
    other: Home | None = None  # building 5, where RES2 lives

    async def pending_rows(self, notice_id: int | None = None) -> list:
        """Every pending outbox row (optionally of one notice), read through the port."""
        rows = await self.outbox.due(LATER, 100_000)
        return [r for r in rows if notice_id is None or r.notice_id == notice_id]

    async def deliver(
        self, notice_id: int, status: Delivery = Delivery.SENT, users: set[int] | None = None
    ) -> None:
        """What the dispatcher records for a notice's pending rows, through the outbox port."""
        outcomes = [
            Outcome(r.id, status, (1000 + r.id,) if status is Delivery.SENT else ())
            for r in await self.pending_rows(notice_id)
            if users is None or r.user_id in users
        ]
        async with self.tx.transaction():
            await self.outbox.settle(outcomes, T0)


def fake_world() -> World:
    tx = NoTransactions()
    users, homes = FakeUsers(tx), FakeHomes(tx)
    outbox = FakeOutbox(tx)
    return World(
        "fake",
        tx,
        users,
        homes,
        FakeRegistrations(tx),
        FakeInvites(tx),
        FakeEvents(tx),
        FakeKeyValue(tx),
        FakeTickets(tx, homes),
        FakeDrafts(tx),
        outbox,
        FakeNotices(users, homes, tx, outbox=outbox),
        FakeLedger(tx),
    )


def sqlite_world(db: Database) -> World:
    return World(
        "sqlite",
        db,
        SqliteUsers(db),
        SqliteHomes(db),
        SqliteRegistrations(db),
        SqliteInvites(db),
        SqliteEvents(db),
        SqliteKeyValue(db),
        SqliteTickets(db),
        SqliteDrafts(db),
        SqliteOutbox(db),
        SqliteNotices(db),
        SqliteLedger(db),
    )


async def seed(world: World) -> None:
    async with world.tx.transaction():
        world.home = await world.homes.ensure("3", "2", "1102")
        world.other = await world.homes.ensure("5", "1", "0601")
        for user_id in (RES, RES2, STAFF, MANAGER, STRANGER):
            await world.users.upsert_seen(user_id, f"u{user_id}", None, "zh", T0)
        for user_id, role, home in (
            (RES, Role.RESIDENT, world.home),
            (RES2, Role.RESIDENT, world.other),
            (STAFF, Role.STAFF, None),
            (MANAGER, Role.MANAGER, None),
        ):
            await world.users.set_role(user_id, role, T0)
            if home is not None:
                await world.users.set_home(user_id, home.id, T0)


@pytest.fixture(params=["fake", "sqlite"])
async def bare_world(request, tmp_path):
    """The repositories on an empty database: no homes, no users."""
    db = None
    if request.param == "fake":
        built = fake_world()
    else:
        db = Database(tmp_path / "contract.sqlite3")
        await db.connect()
        await migrate(db)
        built = sqlite_world(db)
    yield built
    if db is not None:
        await db.close()


@pytest.fixture
async def world(bare_world):
    """The repositories with two homes and the people of `seed` in them."""
    await seed(bare_world)
    return bare_world
