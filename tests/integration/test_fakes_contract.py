"""The in-memory fakes behave like the SQLite repositories (so unit tests tell the truth).

Every test here runs twice: once on tests/support/fakes.py, once on storage/ over a real file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.people.model import Role, UserState
from bot.domain.people.onboarding import Invite, RequestStatus
from storage.db import Database
from storage.migrate import migrate
from storage.people.directory import SqliteHomes, SqliteUsers
from storage.people.onboarding import (
    SqliteEvents,
    SqliteInvites,
    SqliteKeyValue,
    SqliteRegistrations,
)
from tests.support.fakes import (
    FakeEvents,
    FakeHomes,
    FakeInvites,
    FakeKeyValue,
    FakeRegistrations,
    FakeUsers,
    NoTransactions,
)

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)


@dataclass
class Repos:
    tx: Any
    users: Any
    homes: Any
    registrations: Any
    invites: Any
    events: Any
    kv: Any


@pytest.fixture(params=["fake", "sqlite"])
async def repos(request, tmp_path):
    if request.param == "fake":
        tx = NoTransactions()
        yield Repos(
            tx,
            FakeUsers(tx),
            FakeHomes(tx),
            FakeRegistrations(tx),
            FakeInvites(tx),
            FakeEvents(tx),
            FakeKeyValue(tx),
        )
        return
    db = Database(tmp_path / "contract.sqlite3")
    await db.connect()
    await migrate(db)
    yield Repos(
        db,
        SqliteUsers(db),
        SqliteHomes(db),
        SqliteRegistrations(db),
        SqliteInvites(db),
        SqliteEvents(db),
        SqliteKeyValue(db),
    )
    await db.close()


async def test_writes_outside_a_transaction_fail(repos):
    with pytest.raises(RuntimeError):
        await repos.users.upsert_seen(1, "A", None, None, T0)
    with pytest.raises(RuntimeError):
        await repos.homes.ensure("1", "", "101")
    with pytest.raises(RuntimeError):
        await repos.kv.put("k", "v")
    with pytest.raises(RuntimeError):
        await repos.events.record("x", None, None, {}, T0)
    assert await repos.users.get(1) is None


async def test_user_lifecycle(repos):
    async with repos.tx.transaction():
        created = await repos.users.upsert_seen(1, "A", "Alpha", "en", T0)
        await repos.users.set_unreachable(1, True)
        await repos.users.set_state(1, UserState.AWAITING_HOME, T0)
        await repos.users.set_phone(1, "+8613800000001", T0)
        again = await repos.users.upsert_seen(1, "B", None, "zh", T1)
    assert created.created_at == again.created_at == T0
    assert (again.first_name, again.username, again.tg_language) == ("B", None, "zh")
    assert again.unreachable is False
    assert again.state is UserState.AWAITING_HOME  # upsert_seen touches only the profile
    assert await repos.users.phone_of(1) == "+8613800000001"


async def test_updates_of_a_missing_user_do_nothing(repos):
    async with repos.tx.transaction():
        await repos.users.set_role(5, Role.STAFF, T0)
        await repos.users.set_state(5, UserState.AWAITING_HOME, T0)
        await repos.users.set_phone(5, "+8613800000001", T0)
    assert await repos.users.get(5) is None
    assert await repos.users.phone_of(5) is None
    assert await repos.users.with_roles((Role.STAFF,)) == []


async def test_username_lookup(repos):
    async with repos.tx.transaction():
        await repos.users.upsert_seen(1, "A", "Alpha_1", None, T0)
        await repos.users.upsert_seen(2, "B", None, None, T0)
    for ref in ("Alpha_1", "@alpha_1", "ALPHA_1"):
        assert (await repos.users.find_by_username(ref)).id == 1
    assert await repos.users.find_by_username("@alpha") is None


async def test_with_roles_is_ordered_by_id(repos):
    async with repos.tx.transaction():
        for user_id, role in [(3, Role.MANAGER), (1, Role.STAFF), (2, Role.RESIDENT)]:
            await repos.users.upsert_seen(user_id, "x", None, None, T0)
            await repos.users.set_role(user_id, role, T0)
    assert [u.id for u in await repos.users.with_roles((Role.MANAGER, Role.STAFF))] == [1, 3]


async def test_homes_and_roster(repos):
    async with repos.tx.transaction():
        b = await repos.homes.ensure("5", "1", "202")
        a = await repos.homes.ensure("5", "1", "201")
        assert await repos.homes.ensure("5", "1", "201") == a
        assert await repos.homes.upsert_roster(b.id, "x", "+8613900000002", T0) is True
        assert await repos.homes.upsert_roster(a.id, "x", "+8613900000002", T0) is True
        assert await repos.homes.upsert_roster(a.id, "y", "+8613900000002", T1) is False
    assert await repos.homes.count() == 2
    assert await repos.homes.homes_for_phone("+8613900000002") == [a, b]
    assert await repos.homes.find("5", "1", "203") is None


async def test_homes_match_as_people_type_them(repos):
    """Leading zeros are ignored when that finds exactly one home; never a guess between two."""
    async with repos.tx.transaction():
        flat = await repos.homes.ensure("5", "1", "0601")
        a = await repos.homes.ensure("07", "2", "0101")
        b = await repos.homes.ensure("7", "2", "101")
    assert await repos.homes.match("5", "1", "601") == flat
    assert await repos.homes.match("05", "01", "0601") == flat
    assert await repos.homes.match("7", "2", "101") == b  # exact wins
    assert await repos.homes.match("007", "2", "101") is None  # 07-2-0101 or 7-2-101: ask
    assert a.id != b.id and await repos.homes.match("5", "1", "602") is None


async def test_registrations(repos):
    async with repos.tx.transaction():
        await repos.users.upsert_seen(1, "A", None, None, T0)
        home = await repos.homes.ensure("3", "2", "1102")
        first = await repos.registrations.create(1, home.id, T0)
        second = await repos.registrations.create(1, home.id, T1)
    assert first.status is RequestStatus.PENDING and first.created_at == T0
    assert (await repos.registrations.pending_for(1)).id == second.id
    async with repos.tx.transaction():
        await repos.registrations.decide(second.id, "rejected", 9, T1)
        await repos.registrations.decide(424242, "rejected", 9, T1)  # unknown id: no-op
    assert (await repos.registrations.pending_for(1)).id == first.id
    decided = await repos.registrations.get(second.id)
    assert (decided.status, decided.decided_by, decided.decided_at) == (
        RequestStatus.REJECTED,
        9,
        T1,
    )
    assert await repos.registrations.get(424242) is None


async def test_invites_mark_used_once(repos):
    invite = Invite("CODE-12345678", Role.STAFF, None, 1, T0, T1)
    async with repos.tx.transaction():
        await repos.invites.create(invite)
        await repos.invites.mark_used("CODE-12345678", 7, T0)
        await repos.invites.mark_used("CODE-12345678", 8, T1)
        await repos.invites.mark_used("NOPE-12345678", 8, T1)
    used = await repos.invites.get("CODE-12345678")
    assert (used.used_by, used.used_at) == (7, T0)
    assert await repos.invites.get("NOPE-12345678") is None


async def test_duplicate_invite_code_fails(repos):
    invite = Invite("CODE-12345678", Role.STAFF, None, 1, T0, T1)
    async with repos.tx.transaction():
        await repos.invites.create(invite)
    with pytest.raises(Exception) as caught:
        async with repos.tx.transaction():
            await repos.invites.create(invite)
    assert "UNIQUE" in str(caught.value)


async def test_key_value(repos):
    assert await repos.kv.get("a") is None
    async with repos.tx.transaction():
        await repos.kv.put("a", "1")
        await repos.kv.put("a", "2")
    assert await repos.kv.get("a") == "2"
