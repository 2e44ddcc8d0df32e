"""Lifecycle and privacy services on real SQLite (issue 16): re-import, hold, retention,
erasure windows, exports, the roster check, leases."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.lifecycle import MemberRole
from bot.domain.surveys.campaigns import Audience, AudienceKind
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock, RecordingNotifier
from tests.support.wiring import sqlite_services

MANAGER, STAFF, ALICE, BOB, CAROL = 900001, 900002, 1, 2, 3
ROSTER = "building,unit,room,name,phone\n3,2,1102,王芳,13800000001\n5,1,201,张伟,13900000002\n"
NEW_OWNER = ROSTER.replace("王芳,13800000001", "李四,13800000009")


@pytest.fixture
async def env(tmp_path):
    async def make(**extra: str):
        settings = load_settings(
            {
                "DATABASE_PATH": str(tmp_path / "svc.sqlite3"),
                "MANAGER_IDS": str(MANAGER),
                **extra,
            }
        )
        db = Database(settings.database_path)
        await db.connect()
        await migrate(db)
        opened.append(db)
        notifier, clock = RecordingNotifier(), FakeClock()
        services = sqlite_services(settings, db, clock=clock, notifier=notifier)
        for user_id, name in ((MANAGER, "Boss"), (STAFF, "Sam"), (ALICE, "Alice"), (BOB, "Bob")):
            await services.people.touch(user_id, name, None, "zh")
        await services.people.grant(MANAGER, await services.people.find(STAFF), _staff())
        await services.lifecycle.apply_import(None, ROSTER, hold=False)
        return services, db, notifier, clock

    opened: list[Database] = []
    yield make
    for db in opened:
        await db.close()


def _staff():
    from bot.domain.people.model import Role

    return Role.STAFF


async def bind(services, user_id: int, phone: str) -> None:
    user = await services.people.find(user_id)
    await services.onboarding.share_contact(user, user_id, phone)


def clock_now(services):
    return services.clock.now()


async def kinds(db) -> list[str]:
    return [r[0] for r in await db.fetchall("SELECT kind FROM events ORDER BY id")]


async def test_a_dry_plan_changes_nothing_and_apply_detaches_and_logs(env):
    services, db, notifier, _ = await env()
    await bind(services, ALICE, "13800000001")
    surveyed = await services.ports.surveys.audience(
        Audience(AudienceKind.ALL), clock_now(services)
    )
    assert ALICE in [row[0] for row in surveyed]
    before = await db.fetchall("SELECT * FROM roster ORDER BY id")
    plan = await services.lifecycle.plan_import(NEW_OWNER)
    assert len(plan.to_detach) == 1 and plan.unchanged == 1
    assert await db.fetchall("SELECT * FROM roster ORDER BY id") == before
    await services.lifecycle.apply_import(MANAGER, NEW_OWNER, hold=False)
    assert (await services.people.find(ALICE)).home_id is None
    phones = {r[0] for r in await db.fetchall("SELECT phone FROM roster")}
    assert phones == {"+8613800000009", "+8613900000002"}
    assert "membership.detached" in await kinds(db)
    assert notifier.notes_for(ALICE)[-1].key == "lifecycle.detached_roster"
    surveyed = await services.ports.surveys.audience(
        Audience(AudienceKind.ALL), clock_now(services)
    )
    assert ALICE not in [row[0] for row in surveyed]  # detached: no surveys either
    again = await services.lifecycle.plan_import(NEW_OWNER)
    assert again.changes == [] and again.unchanged == 2  # applying twice changes nothing


async def test_hold_keeps_them_bound_and_the_roster_check_lists_the_home(env):
    services, db, _, _ = await env()
    await bind(services, ALICE, "13800000001")
    await services.lifecycle.apply_import(MANAGER, NEW_OWNER, hold=True)
    member = await services.lifecycle.my_membership(ALICE)
    assert member is not None and member.held
    check = await services.privacy.roster_check(STAFF)
    assert "3-2-1102" in check["over"] and "5-1-201" in check["empty"]
    assert "membership.held" in await kinds(db)


async def test_only_managers_apply_a_roster_in_chat(env):
    services, _, _, _ = await env()
    with pytest.raises(PermissionDenied):
        await services.lifecycle.apply_import(STAFF, NEW_OWNER, hold=False)
    with pytest.raises(PermissionDenied):
        await services.lifecycle.stage_upload(ALICE, NEW_OWNER)
    token, _ = await services.lifecycle.stage_upload(MANAGER, NEW_OWNER)
    with pytest.raises(DomainError):
        await services.lifecycle.apply_upload(MANAGER, "0" * 10, hold=False)
    await services.lifecycle.apply_upload(MANAGER, token, hold=False)
    with pytest.raises(DomainError):  # used up
        await services.lifecycle.apply_upload(MANAGER, token, hold=False)


async def test_detached_phones_go_after_the_retention_period(env):
    services, db, _, clock = await env(DETACHED_PHONE_RETENTION_DAYS="30")
    await bind(services, ALICE, "13800000001")
    await services.lifecycle.move_out(ALICE)
    assert await services.privacy.purge_detached_phones() == 0
    clock.advance(timedelta(days=30))
    assert await services.privacy.purge_detached_phones() == 1
    assert await db.fetchval("SELECT phone FROM users WHERE id = ?", (ALICE,)) is None
    assert await services.privacy.purge_detached_phones() == 0


async def test_a_delayed_erasure_waits_for_its_day_and_is_listed(env):
    services, db, _, clock = await env(DATA_ERASURE_DAYS="14")
    await bind(services, ALICE, "13800000001")
    outcome = await services.privacy.request_erasure(ALICE)
    assert not outcome.immediate
    (pending,) = await services.privacy.pending_erasures(MANAGER)
    assert pending[1] == ALICE
    with pytest.raises(PermissionDenied):
        await services.privacy.pending_erasures(STAFF)
    assert await services.privacy.run_due_erasures() == 0
    clock.advance(timedelta(days=14))
    assert await services.privacy.run_due_erasures() == 1
    assert await services.people.find(ALICE) is None
    assert await services.privacy.pending_erasures(MANAGER) == []
    assert "privacy.erasures_listed" in await kinds(db)


async def test_my_data_and_the_roster_export_are_audited(env):
    services, db, _, _ = await env()
    await bind(services, ALICE, "13800000001")
    copy = json.loads(await services.privacy.my_data(ALICE))
    assert copy["profile"]["phone"] == "+8613800000001"
    exported = (await services.privacy.roster_export(MANAGER)).decode("utf-8-sig")
    assert "13800000001" in exported
    with pytest.raises(PermissionDenied):
        await services.privacy.roster_export(STAFF)
    assert {"privacy.copy", "privacy.roster_exported"} <= set(await kinds(db))


async def test_tenant_lease_reminder_once_then_lapse(env):
    services, _, notifier, clock = await env()
    await bind(services, ALICE, "13800000001")
    invite, _ = await services.membership.invite(ALICE, MemberRole.TENANT, date(2025, 3, 20))
    role, home = await services.membership.redeem(await services.people.find(BOB), invite.code)
    assert role is MemberRole.TENANT and home.label == "3-2-1102"
    with pytest.raises(DomainError):
        await services.membership.invite(BOB, MemberRole.FAMILY)  # tenants do not invite
    assert await services.membership.lease_tick() == (0, 0)
    clock.advance(timedelta(days=14))
    assert await services.membership.lease_tick() == (1, 0)
    assert await services.membership.lease_tick() == (0, 0)
    clock.advance(timedelta(days=7))
    assert await services.membership.lease_tick() == (0, 1)
    assert (await services.people.find(BOB)).home_id is None
    assert notifier.notes_for(BOB)[-1].key == "membership.lease_ended"


async def test_a_changed_erasure_window_is_an_audit_event(env):
    services, db, _, _ = await env(DATA_ERASURE_DAYS="3")
    assert await services.privacy.record_windows() is True
    assert await services.privacy.record_windows() is False
    (row,) = await db.fetchall("SELECT data FROM events WHERE kind = 'privacy.windows'")
    assert json.loads(row[0])["to"]["erasure_days"] == 3


async def test_erasing_a_staff_member_keeps_the_tickets_they_handled(env):
    services, db, _, _ = await env()
    await bind(services, ALICE, "13800000001")
    now = "2025-01-01T00:00:00+00:00"
    async with db.transaction():
        await db.execute(
            "INSERT INTO tickets (resident_id, home_id, kind, category, description,"
            " owner_id, created_at, respond_by, resolve_by) VALUES (?, 1, 'repair',"
            " 'electrical', 'lamp', ?, ?, ?, ?)",
            (ALICE, STAFF, now, now, now),
        )
    await services.privacy.request_erasure(STAFF)
    assert await services.people.find(STAFF) is None
    (owner, resident) = await db.fetchone("SELECT owner_id, resident_id FROM tickets")
    assert owner < 0 and resident == ALICE
    assert await db.fetchval("SELECT COUNT(*) FROM users WHERE first_name = 'Sam'") == 0


async def test_the_weekly_roster_check_reaches_the_staff_group_once_a_week(env):
    """Monday 09:00 local, once per week, never back-filled into a fresh install."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    services, db, _notifier, clock = await env()
    tz, group = ZoneInfo("Asia/Shanghai"), -100500
    clock.set(datetime(2026, 12, 7, 10, 0, tzinfo=tz))  # a Monday, the day the bot starts
    assert not await services.privacy.weekly_roster_check(group, tz)  # starts keeping it
    assert not await services.privacy.weekly_roster_check(group, tz)  # no back-fill
    clock.set(datetime(2026, 12, 13, 23, 0, tzinfo=tz))  # Sunday night
    assert not await services.privacy.weekly_roster_check(group, tz)
    clock.set(datetime(2026, 12, 14, 8, 59, tzinfo=tz))  # Monday, before nine
    assert not await services.privacy.weekly_roster_check(group, tz)
    clock.set(datetime(2026, 12, 14, 9, 30, tzinfo=tz))
    assert await services.privacy.weekly_roster_check(group, tz)
    assert not await services.privacy.weekly_roster_check(group, tz)  # once that week
    assert not await services.privacy.weekly_roster_check(None, tz)  # no staff group yet
    rows = await db.fetchall(
        "SELECT user_id, key, params FROM outbox WHERE key = 'lifecycle.check'"
    )
    assert [(r[0], r[1]) for r in rows] == [(group, "lifecycle.check")]
    assert set(json.loads(rows[0][2])) == {"empty", "over", "idle"}
    clock.set(datetime(2026, 12, 21, 9, 0, tzinfo=tz))  # the next Monday
    assert await services.privacy.weekly_roster_check(group, tz)
