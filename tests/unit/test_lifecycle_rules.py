"""The pure rules of a home's people (issue 16): rights per role, the roster plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.people.lifecycle import (
    HomeNow,
    Member,
    MemberRole,
    RosterRow,
    plan_home,
)

NOW = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


def member(user_id: int, phone: str | None, role: MemberRole = MemberRole.OWNER) -> Member:
    return Member(user_id, 1, role, f"p{user_id}", phone)


def rows(*phones: str) -> list[RosterRow]:
    return [RosterRow("3", "2", "1102", "n", p) for p in phones]


def test_only_owners_vote_see_fees_and_invite_but_everyone_reports():
    assert MemberRole.OWNER.may_vote and MemberRole.OWNER.sees_fees and MemberRole.OWNER.may_invite
    for role in (MemberRole.FAMILY, MemberRole.TENANT):
        assert not role.may_vote and not role.sees_fees and not role.may_invite
    assert all(role.may_report for role in MemberRole)


def test_an_unchanged_home_plans_nothing():
    now = HomeNow(True, frozenset({"+1"}), (member(1, "+1"),))
    assert plan_home("3-2-1102", rows("+1"), now) is None


def test_a_new_owner_detaches_everyone_the_new_roster_does_not_name():
    family = member(2, None, MemberRole.FAMILY)
    tenant = member(3, "+3", MemberRole.TENANT)
    now = HomeNow(True, frozenset({"+1"}), (member(1, "+1"), family, tenant))
    change = plan_home("3-2-1102", rows("+9"), now)
    assert change.owner_changed and change.added_phones == ("+9",)
    assert change.removed_phones == ("+1",)
    assert [m.user_id for m in change.mismatched] == [1, 2, 3]


def test_a_second_owner_added_detaches_nobody():
    now = HomeNow(True, frozenset({"+1"}), (member(1, "+1"),))
    change = plan_home("3-2-1102", rows("+1", "+2"), now)
    assert change.added_phones == ("+2",) and not change.owner_changed and not change.mismatched


def test_a_co_owner_who_stays_on_the_roster_stays_bound():
    now = HomeNow(True, frozenset({"+1", "+2"}), (member(1, "+1"), member(2, "+2")))
    change = plan_home("3-2-1102", rows("+2"), now)
    assert [m.user_id for m in change.mismatched] == [1]


def test_a_new_home_is_new_not_an_owner_change():
    change = plan_home("3-2-1102", rows("+1"), HomeNow(False, frozenset(), ()))
    assert change.new_home and not change.owner_changed


def test_lease_reminder_a_week_before_and_lapse_at_the_end():
    tenant = Member(1, 1, MemberRole.TENANT, "t", None, lease_end=NOW + timedelta(days=7))
    assert tenant.lease_reminder_due(NOW) and not tenant.lease_lapsed(NOW)
    assert not tenant.lease_reminder_due(NOW - timedelta(seconds=1))
    assert tenant.lease_lapsed(NOW + timedelta(days=7))
