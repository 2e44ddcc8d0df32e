"""The SQLite repositories round-trip the domain dataclasses and keep their promises."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.people.model import Home, Role, User, UserState
from bot.domain.people.onboarding import Invite, RegistrationRequest, RequestStatus
from storage.db import Database
from storage.migrate import migrate
from storage.people.directory import SqliteHomes, SqliteUsers
from storage.people.onboarding import (
    SqliteEvents,
    SqliteInvites,
    SqliteKeyValue,
    SqliteRegistrations,
)

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "repo.sqlite3")
    await database.connect()
    await migrate(database)
    yield database
    await database.close()


@pytest.fixture
def users(db):
    return SqliteUsers(db)


@pytest.fixture
def homes(db):
    return SqliteHomes(db)


async def seen(db, users, user_id=42, first="Li", username="Li_Wei", lang="zh-hans", now=T0):
    async with db.transaction():
        return await users.upsert_seen(user_id, first, username, lang, now)


# ---------------------------------------------------------------- users


async def test_upsert_seen_creates_a_user(db, users):
    user = await seen(db, users)
    assert user == User(
        id=42,
        first_name="Li",
        username="Li_Wei",
        language=None,
        tg_language="zh-hans",
        role=None,
        home_id=None,
        state=None,
        unreachable=False,
        created_at=T0,
    )
    assert await users.get(42) == user
    assert await users.get(43) is None


async def test_upsert_seen_updates_the_profile_keeps_created_at_and_clears_unreachable(db, users):
    await seen(db, users)
    async with db.transaction():
        await users.set_unreachable(42, True)
    assert (await users.get(42)).unreachable is True

    user = await seen(db, users, first="Wei", username=None, lang="en", now=T1)

    assert (user.first_name, user.username, user.tg_language) == ("Wei", None, "en")
    assert user.unreachable is False
    assert user.created_at == T0
    assert await db.fetchval("SELECT updated_at FROM users WHERE id = 42") == T1.isoformat()


async def test_setters_round_trip(db, users, homes):
    await seen(db, users)
    async with db.transaction():
        home = await homes.ensure("3", "2", "1102")
        await users.set_role(42, Role.STAFF, T1)
        await users.set_home(42, home.id, T1)
        await users.set_phone(42, "+8613800000001", T1)
        await users.set_state(42, UserState.AWAITING_APPROVAL, T1)
        await users.set_language(42, "en", T1)

    user = await users.get(42)
    assert (user.role, user.home_id, user.state, user.language) == (
        Role.STAFF,
        home.id,
        UserState.AWAITING_APPROVAL,
        "en",
    )
    assert await users.phone_of(42) == "+8613800000001"
    assert await users.phone_of(999) is None

    async with db.transaction():
        await users.set_role(42, None, T1)
        await users.set_home(42, None, T1)
        await users.set_state(42, None, T1)
        await users.set_language(42, None, T1)
        await users.set_phone(42, None, T1)
    user = await users.get(42)
    assert (user.role, user.home_id, user.state, user.language) == (None, None, None, None)
    assert await users.phone_of(42) is None


async def test_setting_an_unknown_home_violates_the_foreign_key(db, users):
    await seen(db, users)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await users.set_home(42, 12345, T1)
    assert (await users.get(42)).home_id is None


async def test_unknown_role_is_refused_by_the_schema(db, users):
    await seen(db, users)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await db.execute("UPDATE users SET role = 'admin' WHERE id = 42")


async def test_writes_need_a_transaction(db, users):
    with pytest.raises(RuntimeError):
        await users.upsert_seen(1, "x", None, None, T0)
    with pytest.raises(RuntimeError):
        await users.set_role(1, Role.STAFF, T0)


@pytest.mark.parametrize("ref", ["Li_Wei", "@Li_Wei", "li_wei", "@LI_WEI"])
async def test_find_by_username_ignores_case_and_at_sign(db, users, ref):
    await seen(db, users)
    assert (await users.find_by_username(ref)).id == 42


async def test_find_by_username_unknown(db, users):
    await seen(db, users)
    assert await users.find_by_username("@nobody") is None
    assert await users.find_by_username("Li_Wei2") is None


async def test_with_roles_in_id_order(db, users):
    for user_id, role in [(30, Role.MANAGER), (10, Role.STAFF), (20, Role.RESIDENT), (40, None)]:
        await seen(db, users, user_id=user_id, username=f"u{user_id}")
        async with db.transaction():
            await users.set_role(user_id, role, T0)

    assert [u.id for u in await users.with_roles((Role.STAFF, Role.MANAGER))] == [10, 30]
    assert [u.id for u in await users.with_roles((Role.MANAGER,))] == [30]
    assert [u.id for u in await users.with_roles((Role.RESIDENT,))] == [20]


# ---------------------------------------------------------------- homes and roster


async def test_ensure_is_idempotent(db, homes):
    async with db.transaction():
        first = await homes.ensure("3", "2", "1102")
        again = await homes.ensure("3", "2", "1102")
        other = await homes.ensure("3", "", "1102")
    assert first == again == Home(first.id, "3", "2", "1102")
    assert other.id != first.id and other.unit == ""
    assert await homes.count() == 2
    assert await homes.get(first.id) == first
    assert await homes.find("3", "2", "1102") == first
    assert await homes.find("3", "2", "1103") is None
    assert await homes.get(999) is None


async def test_upsert_roster_true_then_false_and_updates_the_name(db, homes):
    async with db.transaction():
        home = await homes.ensure("3", "2", "1102")
        assert await homes.upsert_roster(home.id, "王芳", "+8613800000001", T0) is True
        assert await homes.upsert_roster(home.id, "王芳芳", "+8613800000001", T1) is False
        assert await homes.upsert_roster(home.id, "王强", "+8613800000009", T1) is True
    rows = await db.fetchall("SELECT name, phone, updated_at FROM roster ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("王芳芳", "+8613800000001", T1.isoformat()),
        ("王强", "+8613800000009", T1.isoformat()),
    ]


async def test_roster_for_an_unknown_home_is_refused(db, homes):
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await homes.upsert_roster(777, "x", "+8613800000001", T0)


async def test_homes_for_phone(db, homes):
    async with db.transaction():
        b = await homes.ensure("5", "1", "202")
        a = await homes.ensure("5", "1", "201")
        c = await homes.ensure("3", "2", "1102")
        for home in (b, a):
            await homes.upsert_roster(home.id, "张伟", "+8613900000002", T0)
        await homes.upsert_roster(c.id, "王芳", "+8613800000001", T0)

    assert await homes.homes_for_phone("+8613900000002") == [a, b]
    assert await homes.homes_for_phone("+8613800000001") == [c]
    assert await homes.homes_for_phone("+8613700000000") == []


# ---------------------------------------------------------------- registrations


async def test_registration_round_trip_and_decide(db, users, homes):
    await seen(db, users)
    regs = SqliteRegistrations(db)
    async with db.transaction():
        home = await homes.ensure("3", "2", "1102")
        request = await regs.create(42, home.id, T0)

    assert request == RegistrationRequest(
        id=request.id,
        user_id=42,
        home_id=home.id,
        status=RequestStatus.PENDING,
        decided_by=None,
        decided_at=None,
        staff_chat_id=None,
        staff_message_id=None,
        created_at=T0,
    )
    assert await regs.get(request.id) == request
    assert await regs.pending_for(42) == request
    assert await regs.pending_for(43) is None

    async with db.transaction():
        await regs.set_staff_message(request.id, -100123, 77)
        await regs.decide(request.id, "approved", 9, T1)
    stored = await regs.get(request.id)
    assert stored.status is RequestStatus.APPROVED
    assert (stored.decided_by, stored.decided_at) == (9, T1)
    assert (stored.staff_chat_id, stored.staff_message_id) == (-100123, 77)
    assert await regs.pending_for(42) is None
    assert await regs.get(request.id + 1) is None


async def test_pending_for_returns_the_newest(db, users, homes):
    await seen(db, users)
    regs = SqliteRegistrations(db)
    async with db.transaction():
        home = await homes.ensure("3", "2", "1102")
        await regs.create(42, home.id, T0)
        newer = await regs.create(42, home.id, T1)
    assert (await regs.pending_for(42)).id == newer.id


async def test_unknown_status_is_refused_by_the_schema(db, users, homes):
    await seen(db, users)
    regs = SqliteRegistrations(db)
    async with db.transaction():
        request = await regs.create(42, (await homes.ensure("3", "2", "1102")).id, T0)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await regs.decide(request.id, "maybe", 9, T1)
    assert (await regs.get(request.id)).status is RequestStatus.PENDING


# ---------------------------------------------------------------- invites


async def test_invite_round_trip_and_mark_used_only_once(db, homes):
    invites = SqliteInvites(db)
    role_invite = Invite("ROLE-abcdefgh", Role.MANAGER, None, 1, T0, T0 + timedelta(hours=72))
    async with db.transaction():
        home = await homes.ensure("3", "2", "1102")
        home_invite = Invite("HOME-abcdefgh", None, home.id, 2, T0, T1)
        await invites.create(role_invite)
        await invites.create(home_invite)

    assert await invites.get("ROLE-abcdefgh") == role_invite
    assert await invites.get("HOME-abcdefgh") == home_invite
    assert await invites.get("role-abcdefgh") is None  # codes are case-sensitive
    assert await invites.get("nope") is None

    async with db.transaction():
        await invites.mark_used("ROLE-abcdefgh", 42, T1)
        await invites.mark_used("ROLE-abcdefgh", 43, T1 + timedelta(minutes=1))
    used = await invites.get("ROLE-abcdefgh")
    assert (used.used_by, used.used_at) == (42, T1)
    assert not used.usable(T1)


async def test_duplicate_invite_code_is_refused(db):
    invites = SqliteInvites(db)
    invite = Invite("SAME-abcdefgh", Role.STAFF, None, 1, T0, T1)
    async with db.transaction():
        await invites.create(invite)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await invites.create(invite)


async def test_an_invite_is_for_a_role_or_a_home_not_both(db, homes):
    invites = SqliteInvites(db)
    async with db.transaction():
        home = await homes.ensure("3", "2", "1102")
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await invites.create(Invite("BOTH-abcdefgh", Role.STAFF, home.id, 1, T0, T1))
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await invites.create(Invite("NONE-abcdefgh", None, None, 1, T0, T1))


# ---------------------------------------------------------------- events and key/values


async def test_events_are_appended_with_json_data(db):
    events = SqliteEvents(db)
    async with db.transaction():
        await events.record("role.granted", 1, "user:42", {"role": "staff", "home": "3-2-1102"}, T0)
        await events.record("role.configured", None, None, {}, T1)
    rows = await db.fetchall("SELECT at, actor_id, kind, subject, data FROM events ORDER BY id")
    assert [tuple(r[:4]) for r in rows] == [
        (T0.isoformat(), 1, "role.granted", "user:42"),
        (T1.isoformat(), None, "role.configured", None),
    ]
    assert json.loads(rows[0]["data"]) == {"role": "staff", "home": "3-2-1102"}
    assert "3-2-1102" in rows[0]["data"]


async def test_events_keep_chinese_readable(db):
    async with db.transaction():
        await SqliteEvents(db).record("x", 1, None, {"name": "王芳"}, T0)
    assert "王芳" in await db.fetchval("SELECT data FROM events")


async def test_key_value_put_get_overwrite(db):
    kv = SqliteKeyValue(db)
    assert await kv.get("staff_chat_id") is None
    async with db.transaction():
        await kv.put("staff_chat_id", "-100123")
    assert await kv.get("staff_chat_id") == "-100123"
    async with db.transaction():
        await kv.put("staff_chat_id", "-100999")
    assert await kv.get("staff_chat_id") == "-100999"
    assert await db.fetchval("SELECT COUNT(*) FROM kv") == 1
