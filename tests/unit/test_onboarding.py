"""OnboardingService: roster phone, typed home with staff approval, invite links."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.model import Role, UserState
from bot.domain.people.onboarding import Invite, RequestStatus
from bot.services.people.onboarding import ContactResult
from tests.support.fakes import make_user
from tests.unit.conftest import MANAGER, RESIDENT, STAFF, STRANGER

PHONE = "+8613800000001"
OTHER_PHONE = "+8613900000002"
APPLICANT = 7001


@pytest.fixture
def applicant(svc, people):
    return svc.deps.users.put(make_user(APPLICANT, state=UserState.AWAITING_CONTACT))


@pytest.fixture
def roster(svc, people):
    """Home 3-2-1102 (from `people`) belongs to PHONE; 5-1-201 and 5-1-202 share OTHER_PHONE."""
    homes = svc.deps.homes
    homes.add_roster(people, "王芳", PHONE)
    a, b = homes.add("5", "1", "202"), homes.add("5", "1", "201")
    homes.add_roster(a, "张伟", OTHER_PHONE)
    homes.add_roster(b, "张伟", OTHER_PHONE)
    homes.add("9", "", "901")  # on no roster line
    return {"one": people, "many": (b, a)}  # `many` in the order the service shows them


def snapshot(svc):
    d = svc.deps
    return (
        dict(d.users.rows),
        dict(d.users.phones),
        dict(d.homes.rows),
        dict(d.registrations.rows),
        dict(d.invites.rows),
        list(d.events.events),
        list(d.notifier.to_user_calls),
    )


# ---------------------------------------------------------------- share_contact


@pytest.mark.parametrize("owner", [STRANGER, None])
async def test_someone_elses_contact_is_refused_and_changes_nothing(svc, roster, applicant, owner):
    before = snapshot(svc)

    with pytest.raises(DomainError) as caught:
        await svc.onboarding.share_contact(applicant, owner, PHONE)

    assert caught.value.key == "onboarding.not_own_contact"
    assert snapshot(svc) == before
    assert svc.deps.tx.entries == 0


@pytest.mark.parametrize("phone", ["12345", "not a phone", "", "+86 12345678901", "1" * 41])
async def test_invalid_phone_is_refused_and_changes_nothing(svc, roster, applicant, phone):
    before = snapshot(svc)

    with pytest.raises(DomainError) as caught:
        await svc.onboarding.share_contact(applicant, APPLICANT, phone)

    assert caught.value.key == "onboarding.bad_phone"
    assert snapshot(svc) == before


@pytest.mark.parametrize("typed", ["+86 138-0000-0001", "13800000001", "008613800000001"])
async def test_one_roster_match_binds_the_home(svc, roster, applicant, typed):
    outcome = await svc.onboarding.share_contact(applicant, APPLICANT, typed)

    assert outcome.result is ContactResult.BOUND
    assert outcome.homes == (roster["one"],)
    user = await svc.deps.users.get(APPLICANT)
    assert user.home_id == roster["one"].id
    assert user.role is Role.RESIDENT
    assert user.state is None
    assert await svc.deps.users.phone_of(APPLICANT) == PHONE
    [event] = svc.deps.events.of_kind("registration.bound")
    assert event.data == {"home": "3-2-1102", "how": "roster"}
    assert event.actor_id == APPLICANT
    assert svc.deps.tx.outermost == 1


async def test_roster_match_keeps_a_higher_role(svc, roster):
    staff = await svc.deps.users.get(STAFF)
    await svc.onboarding.share_contact(staff, STAFF, PHONE)
    user = await svc.deps.users.get(STAFF)
    assert user.role is Role.STAFF and user.home_id == roster["one"].id


async def test_several_matches_ask_which_home(svc, roster, applicant):
    outcome = await svc.onboarding.share_contact(applicant, APPLICANT, "13900000002")

    assert outcome.result is ContactResult.CHOOSE
    assert outcome.homes == roster["many"]
    user = await svc.deps.users.get(APPLICANT)
    assert user.home_id is None and user.role is None
    assert user.state is UserState.AWAITING_CONTACT
    assert await svc.deps.users.phone_of(APPLICANT) == OTHER_PHONE
    assert svc.deps.events.of_kind("registration.bound") == []


async def test_choose_home_accepts_one_of_the_phones_homes(svc, roster, applicant):
    await svc.onboarding.share_contact(applicant, APPLICANT, OTHER_PHONE)
    wanted = roster["many"][1]

    home = await svc.onboarding.choose_home(applicant, wanted.id)

    assert home == wanted
    user = await svc.deps.users.get(APPLICANT)
    assert (user.home_id, user.role, user.state) == (wanted.id, Role.RESIDENT, None)
    assert svc.deps.events.of_kind("registration.bound")[0].data["how"] == "roster"


@pytest.mark.parametrize("forged", ["other_phones_home", "unlisted_home", "missing_home"])
async def test_choose_home_refuses_a_forged_home(svc, roster, applicant, forged):
    await svc.onboarding.share_contact(applicant, APPLICANT, OTHER_PHONE)
    before = snapshot(svc)
    home_id = {
        "other_phones_home": roster["one"].id,
        "unlisted_home": (await svc.deps.homes.find("9", "", "901")).id,
        "missing_home": 10_000,
    }[forged]

    with pytest.raises(DomainError) as caught:
        await svc.onboarding.choose_home(applicant, home_id)

    assert caught.value.key == "onboarding.choice_expired"
    assert snapshot(svc) == before


async def test_choose_home_without_a_shared_phone_is_refused(svc, roster, applicant):
    with pytest.raises(DomainError) as caught:
        await svc.onboarding.choose_home(applicant, roster["one"].id)
    assert caught.value.key == "onboarding.choice_expired"
    assert (await svc.deps.users.get(APPLICANT)).home_id is None


async def test_no_match_asks_for_the_home(svc, roster, applicant):
    outcome = await svc.onboarding.share_contact(applicant, APPLICANT, "+8613700000003")

    assert outcome.result is ContactResult.ASK_HOME
    assert outcome.homes == ()
    user = await svc.deps.users.get(APPLICANT)
    assert user.state is UserState.AWAITING_HOME
    assert user.home_id is None and user.role is None
    assert await svc.deps.users.phone_of(APPLICANT) == "+8613700000003"


# ---------------------------------------------------------------- begin


async def test_begin_asks_an_unregistered_user_for_the_phone(svc, people):
    stranger = await svc.deps.users.get(STRANGER)
    assert await svc.onboarding.begin(stranger) is UserState.AWAITING_CONTACT
    assert (await svc.deps.users.get(STRANGER)).state is UserState.AWAITING_CONTACT


@pytest.mark.parametrize("who", [RESIDENT, STAFF, MANAGER])
async def test_begin_leaves_registered_users_and_staff_alone(svc, people, who):
    user = await svc.deps.users.get(who)
    assert await svc.onboarding.begin(user) is None
    assert svc.deps.tx.entries == 0


async def test_begin_while_waiting_for_approval_says_so(svc, applicant):
    await svc.onboarding.submit_home(applicant, "3-2-1102")
    waiting = await svc.deps.users.get(APPLICANT)
    assert await svc.onboarding.begin(waiting) is UserState.AWAITING_APPROVAL
    assert (await svc.deps.users.get(APPLICANT)).state is UserState.AWAITING_APPROVAL


# ---------------------------------------------------------------- submit_home


@pytest.mark.parametrize("text", ["hello", "", "3栋2单元", "🏠🏠🏠", "x" * 200])
async def test_submit_bad_home_text_is_refused(svc, applicant, text):
    before = snapshot(svc)
    with pytest.raises(DomainError) as caught:
        await svc.onboarding.submit_home(applicant, text)
    assert caught.value.key == "onboarding.bad_home"
    assert snapshot(svc) == before


async def test_submit_unknown_home_is_refused_when_a_roster_exists(svc, roster, applicant):
    before = snapshot(svc)
    with pytest.raises(DomainError) as caught:
        await svc.onboarding.submit_home(applicant, "8栋1单元808")
    assert caught.value.key == "onboarding.unknown_home"
    assert caught.value.params == {"home": "8-1-808"}
    assert snapshot(svc) == before


@pytest.mark.parametrize("typed", ["3栋2单元1102", "3-2-1102", "Building 3 Unit 2 Room 1102"])
async def test_submit_known_home_creates_a_pending_request(svc, roster, applicant, typed):
    request, home = await svc.onboarding.submit_home(applicant, typed)

    assert home == roster["one"]
    assert request.status is RequestStatus.PENDING
    assert (request.user_id, request.home_id) == (APPLICANT, home.id)
    assert request.created_at == svc.deps.clock.now()
    assert await svc.deps.registrations.pending_for(APPLICANT) == request
    user = await svc.deps.users.get(APPLICANT)
    assert user.state is UserState.AWAITING_APPROVAL
    assert user.home_id is None and user.role is None
    [event] = svc.deps.events.of_kind("registration.requested")
    assert (event.subject, event.data) == (f"registration:{request.id}", {"home": "3-2-1102"})


async def test_submit_creates_the_home_when_no_roster_is_imported(svc):
    svc.deps.users.put(make_user(APPLICANT, state=UserState.AWAITING_HOME))
    user = await svc.deps.users.get(APPLICANT)
    assert await svc.deps.homes.count() == 0

    request, home = await svc.onboarding.submit_home(user, "12栋3单元0501室")

    assert (home.building, home.unit, home.room) == ("12", "3", "0501")
    assert await svc.deps.homes.count() == 1
    assert request.home_id == home.id
    assert (await svc.deps.users.get(APPLICANT)).state is UserState.AWAITING_APPROVAL


async def test_a_second_pending_request_is_refused(svc, roster, applicant):
    first, _ = await svc.onboarding.submit_home(applicant, "3-2-1102")
    before = snapshot(svc)

    with pytest.raises(DomainError) as caught:
        await svc.onboarding.submit_home(applicant, "5-1-201")

    assert caught.value.key == "onboarding.already_pending"
    assert snapshot(svc) == before
    assert await svc.deps.registrations.pending_for(APPLICANT) == first


# ---------------------------------------------------------------- decide


@pytest.fixture
async def pending(svc, roster, applicant):
    request, _ = await svc.onboarding.submit_home(applicant, "3-2-1102")
    svc.deps.clock.advance(minutes=10)
    return request


@pytest.mark.parametrize("actor", [RESIDENT, STRANGER, APPLICANT, 999_999])
async def test_only_staff_decide(svc, pending, actor):
    before = snapshot(svc)
    with pytest.raises(PermissionDenied):
        await svc.onboarding.decide(actor, pending.id, approve=True)
    assert snapshot(svc) == before
    assert (await svc.deps.registrations.get(pending.id)).status is RequestStatus.PENDING


@pytest.mark.parametrize("actor", [STAFF, MANAGER])
async def test_approve_binds_and_notifies(svc, roster, pending, actor):
    decision = await svc.onboarding.decide(actor, pending.id, approve=True)

    assert decision.changed is True
    assert decision.home == roster["one"]
    assert decision.request.status is RequestStatus.APPROVED
    assert decision.request.decided_by == actor
    assert decision.request.decided_at == svc.deps.clock.now()
    user = await svc.deps.users.get(APPLICANT)
    assert (user.home_id, user.role, user.state) == (roster["one"].id, Role.RESIDENT, None)
    [note] = svc.deps.notifier.notes_for(APPLICANT)
    assert (note.key, note.params, note.menu) == (
        "onboarding.approved",
        {"home": "3-2-1102"},
        "main",
    )
    assert svc.deps.notifier.refreshed == [APPLICANT]
    [event] = svc.deps.events.of_kind("registration.bound")
    assert (event.actor_id, event.data["how"]) == (actor, "approval")
    assert await svc.deps.registrations.pending_for(APPLICANT) is None


async def test_reject_notifies_and_asks_for_the_home_again(svc, pending):
    decision = await svc.onboarding.decide(STAFF, pending.id, approve=False)

    assert decision.changed is True
    assert decision.request.status is RequestStatus.REJECTED
    assert decision.request.decided_by == STAFF
    user = await svc.deps.users.get(APPLICANT)
    assert (user.home_id, user.role, user.state) == (None, None, UserState.AWAITING_HOME)
    [note] = svc.deps.notifier.notes_for(APPLICANT)
    assert (note.key, note.params, note.menu) == ("onboarding.rejected", {"home": "3-2-1102"}, None)
    assert svc.deps.notifier.refreshed == []
    [event] = svc.deps.events.of_kind("registration.rejected")
    assert (event.actor_id, event.subject) == (STAFF, f"user:{APPLICANT}")
    # rejected: the resident may try again
    again, _ = await svc.onboarding.submit_home(user, "3-2-1102")
    assert again.id != pending.id


@pytest.mark.parametrize("first,second", [(True, True), (True, False), (False, True)])
async def test_a_second_decision_changes_nothing(svc, pending, first, second):
    await svc.onboarding.decide(STAFF, pending.id, approve=first)
    svc.deps.clock.advance(minutes=1)
    before = snapshot(svc)
    entries = svc.deps.tx.entries

    decision = await svc.onboarding.decide(MANAGER, pending.id, approve=second)

    assert decision.changed is False
    assert decision.request.decided_by == STAFF
    assert decision.request.status is (RequestStatus.APPROVED if first else RequestStatus.REJECTED)
    assert snapshot(svc) == before
    assert svc.deps.tx.entries == entries


async def test_deciding_an_unknown_request_is_a_domain_error(svc, pending):
    with pytest.raises(DomainError) as caught:
        await svc.onboarding.decide(STAFF, pending.id + 100, approve=True)
    assert caught.value.key == "error.stale_button"


async def test_attach_staff_message_is_stored(svc, pending):
    await svc.onboarding.attach_staff_message(pending.id, -100123, 77)
    stored = await svc.deps.registrations.get(pending.id)
    assert (stored.staff_chat_id, stored.staff_message_id) == (-100123, 77)


# ---------------------------------------------------------------- redeem


def role_invite(svc, code="ROLECODE-123456", role=Role.STAFF, ttl=timedelta(hours=48)):
    now = svc.deps.clock.now()
    return svc.deps.invites.put(Invite(code, role, None, MANAGER, now, now + ttl))


def home_invite(svc, home, code="HOMECODE-123456", ttl=timedelta(hours=48)):
    now = svc.deps.clock.now()
    return svc.deps.invites.put(Invite(code, None, home.id, STAFF, now, now + ttl))


@pytest.mark.parametrize("role", [Role.STAFF, Role.MANAGER])
async def test_role_invite_grants_the_role(svc, people, role):
    invite = await svc.people.create_role_invite(MANAGER, role)
    svc.deps.clock.advance(hours=1)
    stranger = await svc.deps.users.get(STRANGER)

    granted, home = await svc.onboarding.redeem(stranger, invite.code)

    assert (granted, home) == (role.value, None)
    user = await svc.deps.users.get(STRANGER)
    assert user.role is role and user.state is None
    used = await svc.deps.invites.get(invite.code)
    assert (used.used_by, used.used_at) == (STRANGER, svc.deps.clock.now())
    [event] = svc.deps.events.of_kind("role.invited")
    assert (event.actor_id, event.subject, event.data) == (
        MANAGER,
        f"user:{STRANGER}",
        {"role": role.value},
    )
    assert svc.deps.notifier.refreshed == [STRANGER]


async def test_role_invite_keeps_a_residents_home(svc, people):
    role_invite(svc)
    resident = await svc.deps.users.get(RESIDENT)
    await svc.onboarding.redeem(resident, "ROLECODE-123456")
    user = await svc.deps.users.get(RESIDENT)
    assert (user.role, user.home_id) == (Role.STAFF, people.id)


async def test_role_invite_never_downgrades_a_manager(svc, people):
    role_invite(svc, role=Role.STAFF)
    manager = await svc.deps.users.get(MANAGER)

    await svc.onboarding.redeem(manager, "ROLECODE-123456")

    assert (await svc.deps.users.get(MANAGER)).role is Role.MANAGER


async def test_redeem_reports_the_role_the_user_actually_has(svc, people):
    role_invite(svc, role=Role.STAFF)
    manager = await svc.deps.users.get(MANAGER)

    granted, _ = await svc.onboarding.redeem(manager, "ROLECODE-123456")

    assert granted == (await svc.deps.users.get(MANAGER)).role.value


async def test_home_invite_binds_the_home(svc, people):
    invite, home = await svc.people.create_home_invite(STAFF, "3-2-1102")
    stranger = await svc.deps.users.get(STRANGER)

    granted, bound = await svc.onboarding.redeem(stranger, invite.code)

    assert (granted, bound) == ("resident", home)
    user = await svc.deps.users.get(STRANGER)
    assert (user.home_id, user.role, user.state) == (home.id, Role.RESIDENT, None)
    [event] = svc.deps.events.of_kind("registration.bound")
    assert (event.actor_id, event.data) == (STAFF, {"home": "3-2-1102", "how": "invite"})
    assert (await svc.deps.invites.get(invite.code)).used_by == STRANGER
    assert svc.deps.notifier.refreshed == [STRANGER]


async def test_home_invite_keeps_a_staff_role(svc, people):
    home_invite(svc, people)
    staff = await svc.deps.users.get(STAFF)
    await svc.onboarding.redeem(staff, "HOMECODE-123456")
    user = await svc.deps.users.get(STAFF)
    assert (user.role, user.home_id) == (Role.STAFF, people.id)


async def assert_refused(svc, user_id, code):
    before = snapshot(svc)
    user = await svc.deps.users.get(user_id)
    with pytest.raises(DomainError) as caught:
        await svc.onboarding.redeem(user, code)
    assert caught.value.key == "invite.invalid"
    assert snapshot(svc) == before
    assert svc.deps.notifier.refreshed == []


async def test_an_invite_is_single_use(svc, people):
    home_invite(svc, people)
    await svc.onboarding.redeem(await svc.deps.users.get(STRANGER), "HOMECODE-123456")
    svc.deps.notifier.refreshed.clear()
    svc.deps.users.put(make_user(8008))

    await assert_refused(svc, 8008, "HOMECODE-123456")

    assert (await svc.deps.users.get(8008)).home_id is None
    assert (await svc.deps.invites.get("HOMECODE-123456")).used_by == STRANGER


async def test_a_used_role_invite_cannot_be_redeemed_again_by_the_same_user(svc, people):
    role_invite(svc)
    await svc.onboarding.redeem(await svc.deps.users.get(STRANGER), "ROLECODE-123456")
    svc.deps.notifier.refreshed.clear()
    await assert_refused(svc, STRANGER, "ROLECODE-123456")


@pytest.mark.parametrize(
    "late", [timedelta(hours=48), timedelta(hours=48, seconds=1), timedelta(days=30)]
)
async def test_an_expired_invite_is_refused(svc, people, late):
    role_invite(svc)
    svc.deps.clock.advance(late)
    await assert_refused(svc, STRANGER, "ROLECODE-123456")
    assert (await svc.deps.users.get(STRANGER)).role is None


async def test_an_invite_just_before_expiry_works(svc, people):
    role_invite(svc)
    svc.deps.clock.advance(hours=47, minutes=59, seconds=59)
    granted, _ = await svc.onboarding.redeem(await svc.deps.users.get(STRANGER), "ROLECODE-123456")
    assert granted == "staff"


@pytest.mark.parametrize("code", ["NO-SUCH-CODE-123", "", "x" * 65, "rolecode-123456"])
async def test_an_unknown_code_is_refused(svc, people, code):
    role_invite(svc)
    await assert_refused(svc, STRANGER, code)


async def test_a_too_short_code_is_refused_even_if_stored(svc, people):
    role_invite(svc, code="short")
    await assert_refused(svc, STRANGER, "short")
    assert (await svc.deps.invites.get("short")).used_by is None


@pytest.mark.parametrize("how", ["invite", "roster"])
async def test_binding_a_home_withdraws_a_pending_request(svc, roster, applicant, how):
    request, _ = await svc.onboarding.submit_home(applicant, "5-1-201")
    waiting = await svc.deps.users.get(APPLICANT)
    if how == "invite":
        home_invite(svc, roster["one"])
        await svc.onboarding.redeem(waiting, "HOMECODE-123456")
    else:
        await svc.onboarding.share_contact(waiting, APPLICANT, PHONE)
    assert (await svc.deps.users.get(APPLICANT)).home_id == roster["one"].id

    assert await svc.deps.registrations.pending_for(APPLICANT) is None
    assert (await svc.deps.registrations.get(request.id)).status is RequestStatus.WITHDRAWN
