"""The real services, wired by the composition root, on a real SQLite file."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import build_services
from bot.config import load_settings
from bot.domain.errors import DomainError
from bot.domain.people.model import Role, UserState
from bot.domain.people.onboarding import RequestStatus
from bot.services.people.onboarding import ContactResult
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock, RecordingNotifier

MANAGER = 900001
STAFF = 900002
ALICE, BOB, CAROL = 1, 2, 3
ROSTER = (
    "\ufeff楼栋,单元,房号,姓名,手机\n"
    "3,2,1102,王芳,+86 138-0000-0001\n"
    "5,1,201,张伟,13900000002\n"
    "5,1,202,张伟,008613900000002\n"
)


@pytest.fixture
async def env(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "svc.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    notifier, clock = RecordingNotifier(), FakeClock()
    services = build_services(settings, db, notifier=notifier, clock=clock)
    yield services, db, notifier, clock
    await db.close()


async def event_kinds(db):
    return [row[0] for row in await db.fetchall("SELECT kind FROM events ORDER BY id")]


async def test_services_are_built_on_the_sqlite_repositories(env):
    services, db, notifier, clock = env
    assert services.deps.tx is db
    assert services.deps.notifier is notifier and services.deps.clock is clock
    assert services.deps.manager_ids == frozenset({MANAGER})


async def test_roster_phone_registration_end_to_end(env):
    services, db, notifier, clock = env
    report = await services.roster.import_csv(ROSTER)
    assert (report.added, report.errors) == (3, [])

    alice = await services.people.touch(ALICE, "Alice", "alice", "en-US")
    assert await services.onboarding.begin(alice) is UserState.AWAITING_CONTACT
    alice = await services.deps.users.get(ALICE)

    outcome = await services.onboarding.share_contact(alice, ALICE, "13800000001")

    assert outcome.result is ContactResult.BOUND
    assert outcome.homes[0].label == "3-2-1102"
    stored = await services.deps.users.get(ALICE)
    assert (stored.role, stored.state, stored.home_id) == (Role.RESIDENT, None, outcome.homes[0].id)
    assert await db.fetchval("SELECT phone FROM users WHERE id = ?", (ALICE,)) == "+8613800000001"
    assert (await services.people.profile(ALICE)).home.label == "3-2-1102"
    assert "registration.bound" in await event_kinds(db)
    assert await db.fetchval("PRAGMA foreign_key_check") is None


async def test_choice_among_several_homes_end_to_end(env):
    services, db, notifier, clock = env
    await services.roster.import_csv(ROSTER)
    bob = await services.people.touch(BOB, "Bob", None, "zh")

    outcome = await services.onboarding.share_contact(bob, BOB, "+86 139 0000 0002")
    assert outcome.result is ContactResult.CHOOSE
    assert [h.label for h in outcome.homes] == ["5-1-201", "5-1-202"]

    with pytest.raises(DomainError):
        await services.onboarding.choose_home(
            bob, (await services.deps.homes.find("3", "2", "1102")).id
        )
    home = await services.onboarding.choose_home(bob, outcome.homes[1].id)

    assert (await services.deps.users.get(BOB)).home_id == home.id


async def test_approval_flow_end_to_end(env):
    services, db, notifier, clock = env
    await services.roster.import_csv(ROSTER)
    await services.people.touch(MANAGER, "Boss", "boss", "zh")
    staff = await services.people.touch(STAFF, "Fixer", "fixer", "zh")
    await services.people.grant(MANAGER, await services.people.resolve("@FIXER"), Role.STAFF)
    staff = await services.deps.users.get(STAFF)
    assert staff.role is Role.STAFF
    await services.people.bind_staff_group(MANAGER, -100777)
    assert await services.people.staff_chat_id() == -100777

    carol = await services.people.touch(CAROL, "Carol", None, "zh")
    outcome = await services.onboarding.share_contact(carol, CAROL, "+8613700000003")
    assert outcome.result is ContactResult.ASK_HOME
    carol = await services.deps.users.get(CAROL)
    with pytest.raises(DomainError) as caught:
        await services.onboarding.submit_home(carol, "8-8-808")
    assert caught.value.key == "onboarding.unknown_home"

    request, home = await services.onboarding.submit_home(carol, "5栋1单元201室")
    await services.onboarding.attach_staff_message(request.id, -100777, 55)
    with pytest.raises(DomainError):
        await services.onboarding.submit_home(await services.deps.users.get(CAROL), "3-2-1102")
    clock.advance(minutes=20)

    decision = await services.onboarding.decide(STAFF, request.id, approve=True)

    assert decision.changed is True
    assert decision.request.status is RequestStatus.APPROVED
    assert decision.request.decided_at == clock.now()
    assert (decision.request.staff_chat_id, decision.request.staff_message_id) == (-100777, 55)
    stored = await services.deps.users.get(CAROL)
    assert (stored.home_id, stored.role, stored.state) == (home.id, Role.RESIDENT, None)
    assert notifier.keys_for(CAROL) == ["onboarding.approved"]
    assert notifier.keys_for(STAFF) == ["roles.granted_you_staff"]
    again = await services.onboarding.decide(MANAGER, request.id, approve=False)
    assert again.changed is False
    assert (await services.deps.users.get(CAROL)).home_id == home.id
    kinds = await event_kinds(db)
    for kind in ("role.configured", "role.granted", "staff_group.bound", "registration.requested"):
        assert kind in kinds
    assert kinds[-1] == "registration.bound"


async def test_reject_flow_end_to_end(env):
    services, db, notifier, clock = env
    await services.people.touch(MANAGER, "Boss", None, "zh")
    dave = await services.people.touch(4, "Dave", None, "zh")
    # no roster yet: the typed home is created and staff decide alone
    request, home = await services.onboarding.submit_home(dave, "Building 9 Room 901")
    assert await services.deps.homes.count() == 1

    decision = await services.onboarding.decide(MANAGER, request.id, approve=False)

    assert decision.request.status is RequestStatus.REJECTED
    assert (await services.deps.users.get(4)).state is UserState.AWAITING_HOME
    assert notifier.keys_for(4) == ["onboarding.rejected"]


async def test_invites_end_to_end(env):
    services, db, notifier, clock = env
    await services.people.touch(MANAGER, "Boss", None, "zh")
    role_invite = await services.people.create_role_invite(MANAGER, Role.STAFF)
    home_invite, home = await services.people.create_home_invite(MANAGER, "7-1-701")
    erin = await services.people.touch(5, "Erin", None, "en")
    frank = await services.people.touch(6, "Frank", None, "en")

    assert await services.onboarding.redeem(erin, role_invite.code) == ("staff", None)
    assert await services.onboarding.redeem(frank, home_invite.code) == ("resident", home)
    with pytest.raises(DomainError):
        await services.onboarding.redeem(frank, role_invite.code)
    assert (await services.deps.users.get(5)).role is Role.STAFF
    assert (await services.deps.users.get(6)).role is Role.RESIDENT

    late = await services.people.create_role_invite(MANAGER, Role.MANAGER)
    clock.advance(hours=72)
    with pytest.raises(DomainError) as caught:
        await services.onboarding.redeem(await services.deps.users.get(6), late.code)
    assert caught.value.key == "invite.invalid"


async def test_one_invite_redeemed_concurrently_grants_only_once(env):
    services, db, notifier, clock = env
    await services.people.touch(MANAGER, "Boss", None, "zh")
    invite = await services.people.create_role_invite(MANAGER, Role.MANAGER)
    users = [await services.people.touch(100 + i, f"U{i}", None, "zh") for i in range(2)]

    results = await asyncio.gather(
        *(services.onboarding.redeem(u, invite.code) for u in users), return_exceptions=True
    )

    assert sum(not isinstance(r, Exception) for r in results) == 1
    managers = await services.deps.users.with_roles((Role.MANAGER,))
    assert len([m for m in managers if m.id != MANAGER]) == 1


async def test_concurrent_decisions_apply_once(env):
    services, db, notifier, clock = env
    await services.people.touch(MANAGER, "Boss", None, "zh")
    staff = await services.people.touch(STAFF, "Fixer", None, "zh")
    await services.people.grant(MANAGER, staff, Role.STAFF)
    carol = await services.people.touch(CAROL, "Carol", None, "zh")
    request, _ = await services.onboarding.submit_home(carol, "3-2-1102")

    decisions = await asyncio.gather(
        services.onboarding.decide(STAFF, request.id, approve=True),
        services.onboarding.decide(MANAGER, request.id, approve=False),
    )

    assert sorted(d.changed for d in decisions) == [False, True]
    assert len(notifier.notes_for(CAROL)) == 1
