"""Storage runs the domain's audience specs and decides nothing: over every kind of person
(role × home × reachability), the SQL selects exactly whom the domain rule includes, and a
reader's page lists exactly the notices `may_read` allows."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from bot.domain.notices.audience import Member, may_read, reader_scope, recipients
from bot.domain.notices.model import Audience, Notice
from bot.domain.people.model import Role
from storage.db import Database
from storage.migrate import migrate
from storage.notices.audience import recipients_where
from storage.notices.repository import SqliteNotices
from storage.people.directory import SqliteHomes, SqliteUsers

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
KINDS = list(itertools.product((None, *Role), (None, "3", "5"), (False, True)))
CASES = [
    (Audience.ALL, ()),
    (Audience.STAFF, ()),
    (Audience.BUILDINGS, ("3",)),
    (Audience.BUILDINGS, ("3", "5")),
    (Audience.BUILDINGS, ("10",)),
]


@pytest.fixture
async def people(tmp_path):
    """One user per kind of person; returns the database and {user id: Member}."""
    db = Database(tmp_path / "a.sqlite3")
    await db.connect()
    await migrate(db)
    users, homes = SqliteUsers(db), SqliteHomes(db)
    members = {}
    async with db.transaction():
        for user_id, (role, building, unreachable) in enumerate(KINDS, 1):
            await users.upsert_seen(user_id, f"u{user_id}", None, "zh", NOW)
            if building is not None:
                home = await homes.ensure(building, "1", str(user_id))
                await users.set_home(user_id, home.id, NOW)
            await users.set_role(user_id, role, NOW)
            await users.set_unreachable(user_id, unreachable)
            members[user_id] = Member(role, building, unreachable)
    yield db, members
    await db.close()


@pytest.mark.parametrize("audience,buildings", CASES)
async def test_the_sql_selects_exactly_whom_the_rule_includes(people, audience, buildings):
    db, members = people
    spec = recipients(audience, buildings)
    where, args = recipients_where(spec)
    rows = await db.fetchall(f"SELECT u.id FROM users u WHERE {where} ORDER BY u.id", args)
    assert [r[0] for r in rows] == [i for i, m in members.items() if spec.includes(m)]
    assert await SqliteNotices(db).audience_size(spec) == len(rows)


async def test_a_readers_page_lists_exactly_what_may_read_allows(people):
    db, members = people
    repo = SqliteNotices(db)
    notices = []
    async with db.transaction():
        for audience, buildings in CASES:
            draft = Notice(0, None, "通知", audience, NOW, NOW, buildings=buildings)
            notices.append(await repo.create(draft))
            await db.execute("UPDATE notices SET status = 'done' WHERE id = ?", (notices[-1].id,))
    for user_id, member in members.items():
        page = await repo.page_for(reader_scope(user_id, member), 0, 50)
        expected = [n.id for n in reversed(notices) if may_read(n, member, recipient=False)]
        assert [n.id for n in page.notices] == expected, member
