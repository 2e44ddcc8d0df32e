"""PeopleService: profile upkeep, roles, invites and the staff group, over fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.people.model import Role
from bot.services.people.directory import STAFF_CHAT_KEY
from tests.support.fakes import make_services, make_user
from tests.unit.conftest import CONFIGURED_MANAGER, MANAGER, RESIDENT, STAFF, STRANGER

# ---------------------------------------------------------------- touch


async def test_touch_creates_an_unregistered_user(svc):
    user = await svc.people.touch(42, "Li", "li_wei", "zh-hans")

    stored = await svc.deps.users.get(42)
    assert stored == user
    assert (user.first_name, user.username, user.tg_language) == ("Li", "li_wei", "zh-hans")
    assert user.role is None and user.home_id is None and not user.is_registered
    assert user.created_at == svc.deps.clock.now()
    assert svc.deps.tx.entries == 1
    assert svc.deps.events.events == []


async def test_touch_with_an_unchanged_profile_writes_nothing(svc):
    await svc.people.touch(42, "Li", "li_wei", "zh")
    entries, writes = svc.deps.tx.entries, svc.deps.users.writes

    again = await svc.people.touch(42, "Li", "li_wei", "zh")

    assert again.first_name == "Li"
    assert svc.deps.tx.entries == entries
    assert svc.deps.users.writes == writes


@pytest.mark.parametrize(
    "change",
    [("Wei", "li_wei", "zh"), ("Li", "new_name", "zh"), ("Li", None, "zh"), ("Li", "li_wei", "en")],
)
async def test_touch_with_a_changed_profile_updates_it(svc, change):
    await svc.people.touch(42, "Li", "li_wei", "zh")
    svc.deps.clock.advance(minutes=5)

    user = await svc.people.touch(42, *change)

    assert (user.first_name, user.username, user.tg_language) == change
    assert svc.deps.tx.entries == 2
    assert svc.deps.users.updated_at[42] == svc.deps.clock.now()


async def test_touch_clears_unreachable_even_when_the_profile_is_unchanged(svc):
    await svc.people.touch(42, "Li", None, "zh")
    async with svc.deps.tx.transaction():
        await svc.deps.users.set_unreachable(42, True)

    user = await svc.people.touch(42, "Li", None, "zh")

    assert user.unreachable is False
    assert (await svc.deps.users.get(42)).unreachable is False


async def test_configured_manager_is_promoted_on_first_contact_with_an_event(svc):
    user = await svc.people.touch(CONFIGURED_MANAGER, "Boss", "boss", "zh")

    assert user.role is Role.MANAGER
    assert (await svc.deps.users.get(CONFIGURED_MANAGER)).role is Role.MANAGER
    [event] = svc.deps.events.of_kind("role.configured")
    assert event.subject == f"user:{CONFIGURED_MANAGER}"
    assert event.data == {"role": "manager"}
    assert event.actor_id is None
    assert event.at == svc.deps.clock.now()


async def test_configured_manager_promotion_happens_once(svc):
    await svc.people.touch(CONFIGURED_MANAGER, "Boss", "boss", "zh")
    entries = svc.deps.tx.entries

    await svc.people.touch(CONFIGURED_MANAGER, "Boss", "boss", "zh")

    assert svc.deps.tx.entries == entries
    assert len(svc.deps.events.of_kind("role.configured")) == 1


async def test_configured_manager_who_was_demoted_is_promoted_again(svc):
    svc.deps.users.put(make_user(CONFIGURED_MANAGER, first_name="Boss", role=Role.STAFF))

    user = await svc.people.touch(CONFIGURED_MANAGER, "Boss", None, None)

    assert user.role is Role.MANAGER


async def test_other_users_are_not_promoted(svc):
    user = await svc.people.touch(CONFIGURED_MANAGER + 1, "Someone", None, None)
    assert user.role is None
    assert svc.deps.events.events == []


# ---------------------------------------------------------------- grant / revoke


@pytest.mark.parametrize("role", [Role.STAFF, Role.MANAGER])
async def test_manager_grants_a_role(svc, people, role):
    target = await svc.deps.users.get(STRANGER)

    updated = await svc.people.grant(MANAGER, target, role)

    assert updated.role is role
    assert (await svc.deps.users.get(STRANGER)).role is role
    [event] = svc.deps.events.of_kind("role.granted")
    assert (event.actor_id, event.subject, event.data) == (
        MANAGER,
        f"user:{STRANGER}",
        {"role": role.value},
    )
    [note] = svc.deps.notifier.notes_for(STRANGER)
    assert note.key == f"roles.granted_you_{role.value}"
    assert note.menu == "main"
    assert svc.deps.notifier.refreshed == [STRANGER]


@pytest.mark.parametrize("actor", [STAFF, RESIDENT, STRANGER, 999_999])
async def test_only_managers_grant(svc, people, actor):
    target = await svc.deps.users.get(STRANGER)

    with pytest.raises(PermissionDenied) as caught:
        await svc.people.grant(actor, target, Role.STAFF)

    assert caught.value.key == "error.not_allowed"
    assert (await svc.deps.users.get(STRANGER)).role is None
    assert svc.deps.events.events == []
    assert svc.deps.notifier.to_user_calls == []
    assert svc.deps.tx.entries == 0


async def test_grant_refuses_the_resident_role(svc, people):
    target = await svc.deps.users.get(STRANGER)
    with pytest.raises(DomainError) as caught:
        await svc.people.grant(MANAGER, target, Role.RESIDENT)
    assert caught.value.key == "roles.bad_role"
    assert (await svc.deps.users.get(STRANGER)).role is None


async def test_grant_cannot_demote_a_configured_manager(svc, people):
    target = await svc.deps.users.get(CONFIGURED_MANAGER)

    with pytest.raises(DomainError) as caught:
        await svc.people.grant(MANAGER, target, Role.STAFF)

    assert caught.value.key == "roles.configured_manager"
    assert (await svc.deps.users.get(CONFIGURED_MANAGER)).role is Role.MANAGER


@pytest.mark.parametrize("actor", [STAFF, RESIDENT, STRANGER, 999_999])
async def test_only_managers_revoke(svc, people, actor):
    target = await svc.deps.users.get(STAFF)

    with pytest.raises(PermissionDenied):
        await svc.people.revoke(actor, target)

    assert (await svc.deps.users.get(STAFF)).role is Role.STAFF
    assert svc.deps.notifier.to_user_calls == []


async def test_revoke_yourself_is_refused(svc, people):
    me = await svc.deps.users.get(MANAGER)
    with pytest.raises(DomainError) as caught:
        await svc.people.revoke(MANAGER, me)
    assert caught.value.key == "roles.not_yourself"
    assert (await svc.deps.users.get(MANAGER)).role is Role.MANAGER


async def test_revoke_a_configured_manager_is_refused(svc, people):
    target = await svc.deps.users.get(CONFIGURED_MANAGER)
    with pytest.raises(DomainError) as caught:
        await svc.people.revoke(MANAGER, target)
    assert caught.value.key == "roles.configured_manager"
    assert (await svc.deps.users.get(CONFIGURED_MANAGER)).role is Role.MANAGER


@pytest.mark.parametrize("target_id", [RESIDENT, STRANGER])
async def test_revoke_someone_without_a_role_above_resident_is_refused(svc, people, target_id):
    target = await svc.deps.users.get(target_id)
    before = target.role
    with pytest.raises(DomainError) as caught:
        await svc.people.revoke(MANAGER, target)
    assert caught.value.key == "roles.nothing_to_revoke"
    assert (await svc.deps.users.get(target_id)).role is before


async def test_revoke_staff_without_a_home_leaves_them_unregistered(svc, people):
    target = await svc.deps.users.get(STAFF)

    updated = await svc.people.revoke(MANAGER, target)

    assert updated.role is None
    assert (await svc.deps.users.get(STAFF)).role is None
    [event] = svc.deps.events.of_kind("role.revoked")
    assert (event.actor_id, event.data) == (MANAGER, {"was": "staff"})
    assert svc.deps.notifier.keys_for(STAFF) == ["roles.revoked_you"]
    assert svc.deps.notifier.refreshed == [STAFF]


async def test_revoke_a_manager_who_lives_here_makes_them_a_resident(svc, people):
    svc.deps.users.put(make_user(5005, role=Role.MANAGER, home_id=people.id))
    target = await svc.deps.users.get(5005)

    updated = await svc.people.revoke(MANAGER, target)

    assert updated.role is Role.RESIDENT
    assert updated.home_id == people.id
    assert svc.deps.events.of_kind("role.revoked")[0].data == {"was": "manager"}
    assert svc.deps.notifier.refreshed == [5005]


# ---------------------------------------------------------------- resolve


async def test_resolve_by_numeric_id(svc, people):
    assert (await svc.people.resolve(f" {STAFF} ")).id == STAFF


@pytest.mark.parametrize("ref", ["@fixer", "@FIXER", "@Fixer"])
async def test_resolve_by_username_ignores_case(svc, people, ref):
    assert (await svc.people.resolve(ref)).id == STAFF


@pytest.mark.parametrize("ref", ["12345", "@ghost", "ghost", "", "@", "@" + "a" * 40, "9" * 25])
async def test_resolve_unknown_raises_not_found(svc, people, ref):
    with pytest.raises(NotFound) as caught:
        await svc.people.resolve(ref)
    assert caught.value.key == "roles.unknown_user"
    assert len(caught.value.params["ref"]) <= 40


async def test_resolve_superscript_digit_is_not_found(svc, people):
    with pytest.raises(NotFound):
        await svc.people.resolve("²")


# ---------------------------------------------------------------- invites


@pytest.mark.parametrize("role", [Role.STAFF, Role.MANAGER])
async def test_manager_creates_a_role_invite_that_expires_after_the_ttl(svc, people, role):
    invite = await svc.people.create_role_invite(MANAGER, role)

    now = svc.deps.clock.now()
    assert invite.role is role and invite.home_id is None
    assert invite.created_by == MANAGER
    assert invite.created_at == now
    assert invite.expires_at == now + timedelta(hours=48)
    assert 8 <= len(invite.code) <= 64
    assert await svc.deps.invites.get(invite.code) == invite
    assert svc.deps.events.kinds() == ["invite.created"]


async def test_invite_codes_are_unique(svc, people):
    codes = {(await svc.people.create_role_invite(MANAGER, Role.STAFF)).code for _ in range(20)}
    assert len(codes) == 20


@pytest.mark.parametrize("actor", [STAFF, RESIDENT, STRANGER, 999_999])
async def test_only_managers_create_role_invites(svc, people, actor):
    with pytest.raises(PermissionDenied):
        await svc.people.create_role_invite(actor, Role.STAFF)
    assert svc.deps.invites.rows == {}


async def test_role_invite_for_resident_is_refused(svc, people):
    with pytest.raises(DomainError) as caught:
        await svc.people.create_role_invite(MANAGER, Role.RESIDENT)
    assert caught.value.key == "roles.bad_role"
    assert svc.deps.invites.rows == {}


@pytest.mark.parametrize("actor", [STAFF, MANAGER])
async def test_staff_and_managers_create_home_invites(svc, people, actor):
    invite, home = await svc.people.create_home_invite(actor, "3栋2单元1102")

    assert home == people  # the existing home, not a copy
    assert invite.home_id == people.id and invite.role is None
    assert invite.expires_at - invite.created_at == timedelta(hours=48)
    assert await svc.deps.invites.get(invite.code) == invite


async def test_home_invite_creates_a_home_that_is_not_stored_yet(svc, people):
    invite, home = await svc.people.create_home_invite(STAFF, "5-1-201")
    assert (home.building, home.unit, home.room) == ("5", "1", "201")
    assert await svc.deps.homes.get(invite.home_id) == home


@pytest.mark.parametrize("actor", [RESIDENT, STRANGER, 999_999])
async def test_residents_cannot_create_home_invites(svc, people, actor):
    with pytest.raises(PermissionDenied):
        await svc.people.create_home_invite(actor, "3-2-1102")
    assert svc.deps.invites.rows == {}


@pytest.mark.parametrize("text", ["hello", "", "3栋2单元", "x" * 200])
async def test_home_invite_with_bad_home_text_is_refused(svc, people, text):
    homes_before = dict(svc.deps.homes.rows)
    with pytest.raises(DomainError) as caught:
        await svc.people.create_home_invite(STAFF, text)
    assert caught.value.key == "onboarding.bad_home"
    assert svc.deps.invites.rows == {}
    assert svc.deps.homes.rows == homes_before


# ---------------------------------------------------------------- staff group


async def test_staff_chat_id_defaults_to_the_configured_one():
    svc = make_services(load_settings({"STAFF_CHAT_ID": "-100123"}))
    assert await svc.people.staff_chat_id() == -100123


async def test_staff_chat_id_is_none_when_nothing_is_set(svc):
    assert await svc.people.staff_chat_id() is None


async def test_bound_staff_group_beats_the_configured_one():
    svc = make_services(load_settings({"STAFF_CHAT_ID": "-100123"}))
    svc.deps.users.put(make_user(MANAGER, role=Role.MANAGER))

    await svc.people.bind_staff_group(MANAGER, -100999)

    assert await svc.people.staff_chat_id() == -100999
    assert svc.deps.kv.data[STAFF_CHAT_KEY] == "-100999"
    [event] = svc.deps.events.of_kind("staff_group.bound")
    assert (event.actor_id, event.subject) == (MANAGER, "chat:-100999")


@pytest.mark.parametrize("actor", [STAFF, RESIDENT, STRANGER, 999_999])
async def test_only_managers_bind_the_staff_group(svc, people, actor):
    with pytest.raises(PermissionDenied):
        await svc.people.bind_staff_group(actor, -100999)
    assert svc.deps.kv.data == {}
    assert await svc.people.staff_chat_id() is None


# ---------------------------------------------------------------- profile / language


async def test_profile_includes_the_home(svc, people):
    profile = await svc.people.profile(RESIDENT)
    assert profile.user.id == RESIDENT and profile.home == people
    assert (await svc.people.profile(STAFF)).home is None


async def test_profile_of_unknown_user_is_not_found(svc):
    with pytest.raises(NotFound) as caught:
        await svc.people.profile(123)
    assert caught.value.key == "error.not_registered"


async def test_set_language_accepts_only_catalog_languages(svc, people):
    await svc.people.set_language(RESIDENT, "en")
    assert (await svc.deps.users.get(RESIDENT)).language == "en"
    with pytest.raises(DomainError) as caught:
        await svc.people.set_language(RESIDENT, "fr")
    assert caught.value.key == "profile.bad_language"
    assert (await svc.deps.users.get(RESIDENT)).language == "en"


async def test_managers_lists_managers_only(svc, people):
    assert [u.id for u in await svc.people.managers()] == [CONFIGURED_MANAGER, MANAGER]
