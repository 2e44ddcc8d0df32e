"""People ports (users, homes, registrations, invites, events, key/values): the fakes answer
like SQLite. Adds to test_people_basics_contract.py what it does not cover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.people.model import Home, Role, User, UserState
from bot.domain.people.onboarding import Invite, RequestStatus
from tests.contracts.conftest import MANAGER, RES, RES2, STAFF, STRANGER, T0, Boom

T1 = T0 + timedelta(hours=1)
FRACTION = timedelta(microseconds=250_000)


# ---- users -----------------------------------------------------------------------------------


async def test_a_new_user_reads_back_as_stored(world):
    assert await world.users.get(99) is None
    async with world.tx.transaction():
        made = await world.users.upsert_seen(99, "新人", "new_one", "en", T0 + FRACTION)
    assert made == User(99, "新人", "new_one", None, "en", None, None, None, False, T0, None)
    assert await world.users.get(99) == made
    assert await world.users.phone_of(99) is None


async def test_profile_setters_change_one_thing_each(world):
    async with world.tx.transaction():
        await world.users.set_language(STRANGER, "en", T1)
        await world.users.set_home(STRANGER, world.other.id, T1)
        await world.users.set_role(STRANGER, Role.RESIDENT, T1)
        await world.users.set_state(STRANGER, UserState.AWAITING_HOME, T1, ref=7)
    got = await world.users.get(STRANGER)
    assert (got.language, got.home_id, got.role, got.state, got.state_ref) == (
        "en",
        world.other.id,
        Role.RESIDENT,
        UserState.AWAITING_HOME,
        7,
    )
    assert (got.first_name, got.tg_language, got.created_at) == (f"u{STRANGER}", "zh", T0)
    async with world.tx.transaction():
        await world.users.set_state(STRANGER, None, T1)  # the ref goes with the state
        await world.users.set_home(STRANGER, None, T1)
        await world.users.set_role(STRANGER, None, T1)
        await world.users.set_language(STRANGER, None, T1)
        await world.users.set_phone(STRANGER, "+8613800000001", T1)
        await world.users.set_phone(STRANGER, None, T1)
    got = await world.users.get(STRANGER)
    assert (got.language, got.home_id, got.role, got.state, got.state_ref) == (None,) * 5
    assert await world.users.phone_of(STRANGER) is None


async def test_a_home_must_exist_to_live_in_it(world):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        async with world.tx.transaction():
            await world.users.set_home(STRANGER, 999, T1)
    assert (await world.users.get(STRANGER)).home_id is None


async def test_unreachable_until_seen_again(world):
    async with world.tx.transaction():
        await world.users.set_unreachable(RES, True)
        await world.users.set_unreachable(999, True)  # missing: nothing
    assert (await world.users.get(RES)).unreachable is True
    assert await world.users.get(999) is None
    async with world.tx.transaction():
        again = await world.users.upsert_seen(RES, "A", None, None, T1)
    assert again.unreachable is False and again.role is Role.RESIDENT


async def test_with_roles(world):
    async def ids(*roles):
        return [u.id for u in await world.users.with_roles(roles)]

    assert await ids(Role.RESIDENT) == [RES, RES2]
    assert await ids(Role.MANAGER, Role.STAFF, Role.RESIDENT) == [RES, RES2, STAFF, MANAGER]
    assert await ids() == []
    assert (await world.users.with_roles((Role.STAFF,)))[0] == await world.users.get(STAFF)


async def test_username_lookup_skips_people_without_one(world):
    assert await world.users.find_by_username("") is None
    assert await world.users.find_by_username("@") is None
    async with world.tx.transaction():
        await world.users.upsert_seen(RES, "A", "Same", None, T0)
        await world.users.upsert_seen(RES, "A", None, None, T1)  # dropped the username
    assert await world.users.find_by_username("same") is None


# ---- homes -----------------------------------------------------------------------------------


async def test_homes_get_ensure_find_and_count(world):
    assert (
        await world.homes.get(world.home.id) == world.home == Home(world.home.id, "3", "2", "1102")
    )
    assert await world.homes.get(999) is None
    assert await world.homes.count() == 2
    async with world.tx.transaction():
        same = await world.homes.ensure("3", "2", "1102")
        other_unit = await world.homes.ensure("3", "", "1102")
    assert same == world.home and other_unit.id not in (world.home.id, world.other.id)
    assert await world.homes.count() == 3
    assert await world.homes.find("3", "", "1102") == other_unit
    assert await world.homes.find("03", "2", "1102") is None  # find is exact; match forgives


async def test_roster_lines_need_a_home_and_match_the_phone_exactly(world):
    async with world.tx.transaction():
        assert await world.homes.upsert_roster(world.home.id, "张三", "+8613900000001", T0)
    assert await world.homes.homes_for_phone("+8613900000001") == [world.home]
    assert await world.homes.homes_for_phone("13900000001") == []
    with pytest.raises(Exception, match="FOREIGN KEY"):
        async with world.tx.transaction():
            await world.homes.upsert_roster(999, "x", "+8613900000002", T0)
    assert await world.homes.homes_for_phone("+8613900000002") == []


async def test_a_failed_transaction_leaves_no_people_behind(world):
    with pytest.raises(Boom):
        async with world.tx.transaction():
            await world.users.upsert_seen(99, "x", None, None, T0)
            await world.users.set_role(RES, Role.MANAGER, T1)
            await world.users.set_phone(RES, "+8613800000009", T1)
            home = await world.homes.ensure("9", "9", "9")
            await world.homes.upsert_roster(world.home.id, "x", "+8613800000009", T1)
            await world.kv.put("k", "v")
            raise Boom
    assert await world.users.get(99) is None
    assert (await world.users.get(RES)).role is Role.RESIDENT
    assert await world.users.phone_of(RES) is None
    assert await world.homes.get(home.id) is None and await world.homes.count() == 2
    assert await world.homes.homes_for_phone("+8613800000009") == []
    assert await world.kv.get("k") is None


# ---- registrations ---------------------------------------------------------------------------


async def test_a_registration_request_round_trips(world):
    async with world.tx.transaction():
        made = await world.registrations.create(STRANGER, world.home.id, T0 + FRACTION)
        other = await world.registrations.create(RES2, world.other.id, T0)
    assert made.id < other.id
    assert (made.user_id, made.home_id, made.status, made.created_at) == (
        STRANGER,
        world.home.id,
        RequestStatus.PENDING,
        T0,
    )
    assert (made.decided_by, made.decided_at, made.staff_chat_id, made.staff_message_id) == (
        None,
    ) * 4
    assert await world.registrations.get(made.id) == made


async def test_a_registration_needs_an_existing_user_and_home(world):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        async with world.tx.transaction():
            await world.registrations.create(999, world.home.id, T0)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        async with world.tx.transaction():
            await world.registrations.create(STRANGER, 999, T0)
    assert await world.registrations.pending_for(STRANGER) is None
    assert await world.registrations.pending_for(999) is None


async def test_a_request_is_decided_once(world):
    async with world.tx.transaction():
        made = await world.registrations.create(STRANGER, world.home.id, T0)
        assert await world.registrations.decide(made.id, "approved", STAFF, T1)
        assert not await world.registrations.decide(made.id, "rejected", MANAGER, T1)
        assert not await world.registrations.decide(999, "approved", STAFF, T1)
    got = await world.registrations.get(made.id)
    assert (got.status, got.decided_by, got.decided_at) == (RequestStatus.APPROVED, STAFF, T1)
    assert await world.registrations.pending_for(STRANGER) is None


async def test_a_decision_must_be_a_known_status(world):
    async with world.tx.transaction():
        made = await world.registrations.create(STRANGER, world.home.id, T0)
    with pytest.raises(Exception, match="CHECK"):
        async with world.tx.transaction():
            await world.registrations.decide(made.id, "maybe", STAFF, T1)
    assert (await world.registrations.get(made.id)).status is RequestStatus.PENDING


async def test_withdraw_pending_withdraws_every_pending_request_of_the_user(world):
    async with world.tx.transaction():
        a = await world.registrations.create(STRANGER, world.home.id, T0)
        b = await world.registrations.create(STRANGER, world.other.id, T0)
        decided = await world.registrations.create(STRANGER, world.other.id, T0)
        theirs = await world.registrations.create(RES2, world.other.id, T0)
        await world.registrations.decide(decided.id, "rejected", STAFF, T0)
        await world.registrations.withdraw_pending(STRANGER, T1)
        await world.registrations.withdraw_pending(999, T1)
    for request in (a, b):
        got = await world.registrations.get(request.id)
        assert (got.status, got.decided_at, got.decided_by) == (RequestStatus.WITHDRAWN, T1, None)
    assert (await world.registrations.get(decided.id)).status is RequestStatus.REJECTED
    assert await world.registrations.pending_for(STRANGER) is None
    assert await world.registrations.pending_for(RES2) == theirs


async def test_staff_message_of_a_request(world):
    async with world.tx.transaction():
        made = await world.registrations.create(STRANGER, world.home.id, T0)
        await world.registrations.set_staff_message(made.id, -100, 42)
        await world.registrations.set_staff_message(999, -100, 43)  # missing: nothing
    got = await world.registrations.get(made.id)
    assert (got.staff_chat_id, got.staff_message_id, got.status) == (
        -100,
        42,
        RequestStatus.PENDING,
    )
    assert await world.registrations.get(999) is None


async def test_registration_writes_need_a_transaction_and_roll_back(world):
    with pytest.raises(RuntimeError):
        await world.registrations.create(STRANGER, world.home.id, T0)
    async with world.tx.transaction():
        made = await world.registrations.create(STRANGER, world.home.id, T0)
    for write in (
        lambda: world.registrations.decide(made.id, "approved", STAFF, T1),
        lambda: world.registrations.withdraw_pending(STRANGER, T1),
        lambda: world.registrations.set_staff_message(made.id, -1, 1),
    ):
        with pytest.raises(RuntimeError):
            await write()
    with pytest.raises(Boom):
        async with world.tx.transaction():
            await world.registrations.decide(made.id, "approved", STAFF, T1)
            await world.registrations.set_staff_message(made.id, -1, 1)
            gone = await world.registrations.create(STRANGER, world.other.id, T1)
            raise Boom
    assert await world.registrations.get(made.id) == made
    assert await world.registrations.get(gone.id) is None


# ---- invites ---------------------------------------------------------------------------------


async def test_invites_round_trip_for_a_role_or_a_home(world):
    staff = Invite("STAF-12345678", Role.STAFF, None, MANAGER, T0 + FRACTION, T1 + FRACTION)
    home = Invite("HOME-12345678", None, world.home.id, MANAGER, T0, T1)
    async with world.tx.transaction():
        await world.invites.create(staff)
        await world.invites.create(home)
    assert await world.invites.get(staff.code) == Invite(
        staff.code, Role.STAFF, None, MANAGER, T0, T1
    )
    assert await world.invites.get(home.code) == home
    assert await world.invites.get("staf-12345678") is None  # codes are exact


@pytest.mark.parametrize("role,home", [(None, None), (Role.STAFF, "home")])
async def test_an_invite_is_for_a_role_or_a_home_not_both(world, role, home):
    invite = Invite("CODE-12345678", role, world.home.id if home else None, MANAGER, T0, T1)
    with pytest.raises(Exception, match="CHECK"):
        async with world.tx.transaction():
            await world.invites.create(invite)
    assert await world.invites.get(invite.code) is None


async def test_a_home_invite_needs_an_existing_home(world):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        async with world.tx.transaction():
            await world.invites.create(Invite("HOME-12345678", None, 999, MANAGER, T0, T1))
    assert await world.invites.get("HOME-12345678") is None


async def test_mark_used_says_whether_it_claimed_the_invite(world):
    async with world.tx.transaction():
        await world.invites.create(Invite("CODE-12345678", Role.STAFF, None, MANAGER, T0, T1))
        assert await world.invites.mark_used("CODE-12345678", STRANGER, T0 + FRACTION)
        assert not await world.invites.mark_used("CODE-12345678", RES, T1)
        assert not await world.invites.mark_used("NOPE-12345678", RES, T1)
    used = await world.invites.get("CODE-12345678")
    assert (used.used_by, used.used_at) == (STRANGER, T0)


async def test_invite_writes_need_a_transaction_and_roll_back(world):
    invite = Invite("CODE-12345678", Role.STAFF, None, MANAGER, T0, T1)
    with pytest.raises(RuntimeError):
        await world.invites.create(invite)
    async with world.tx.transaction():
        await world.invites.create(invite)
    with pytest.raises(RuntimeError):
        await world.invites.mark_used(invite.code, RES, T1)
    with pytest.raises(Boom):
        async with world.tx.transaction():
            assert await world.invites.mark_used(invite.code, RES, T1)
            await world.invites.create(Invite("GONE-12345678", Role.STAFF, None, 1, T0, T1))
            raise Boom
    assert await world.invites.get(invite.code) == invite
    assert await world.invites.get("GONE-12345678") is None


# ---- events and key/values -------------------------------------------------------------------


async def test_event_data_must_be_json(world):
    async with world.tx.transaction():
        await world.events.record("x", RES, "ticket:1", {"n": 1, "s": "中文", "l": [1]}, T0)
        await world.events.record("y", None, None, {}, T0)
    with pytest.raises(TypeError):
        async with world.tx.transaction():
            await world.events.record("z", None, None, {"at": datetime(2025, 1, 1, tzinfo=UTC)}, T0)
    with pytest.raises(ValueError, match="naive"):
        async with world.tx.transaction():
            await world.events.record("z", None, None, {}, datetime(2025, 1, 1))


async def test_key_values_overwrite_and_roll_back(world):
    async with world.tx.transaction():
        await world.kv.put("a", "1")
        await world.kv.put("b", "")
    with pytest.raises(Boom):
        async with world.tx.transaction():
            await world.kv.put("a", "2")
            raise Boom
    assert (await world.kv.get("a"), await world.kv.get("b"), await world.kv.get("c")) == (
        "1",
        "",
        None,
    )
