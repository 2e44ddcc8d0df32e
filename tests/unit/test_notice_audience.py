"""Who a notice reaches and who may read it back: the audience rule in the domain."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.notices.audience import (
    ANY_ROLE,
    STAFF_ROLES,
    Member,
    Recipients,
    may_read,
    reader_scope,
    recipients,
)
from bot.domain.notices.model import Audience, Notice
from bot.domain.people.model import Role

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
RESIDENT_3 = Member(Role.RESIDENT, "3")
RESIDENT_5 = Member(Role.RESIDENT, "5")
STAFF_AWAY = Member(Role.STAFF, None)  # staff who do not live on the estate
MANAGER_3 = Member(Role.MANAGER, "3")
STRANGER = Member(None, None)
BLOCKED_3 = Member(Role.RESIDENT, "3", unreachable=True)
BLOCKED_STAFF = Member(Role.STAFF, None, unreachable=True)
EVERYONE = (RESIDENT_3, RESIDENT_5, STAFF_AWAY, MANAGER_3, STRANGER, BLOCKED_3, BLOCKED_STAFF)


def notice(audience: Audience, buildings: tuple[str, ...] = ()) -> Notice:
    return Notice(1, 9, "通知", audience, NOW, NOW, buildings=buildings)


@pytest.mark.parametrize(
    "audience,buildings,expected",
    [
        (Audience.ALL, (), {RESIDENT_3, RESIDENT_5, MANAGER_3}),
        (Audience.BUILDINGS, ("3",), {RESIDENT_3, MANAGER_3}),
        (Audience.BUILDINGS, ("3", "5"), {RESIDENT_3, RESIDENT_5, MANAGER_3}),
        (Audience.BUILDINGS, ("10",), set()),
        (Audience.BUILDINGS, (), set()),
        (Audience.STAFF, (), {STAFF_AWAY, MANAGER_3}),
    ],
)
def test_who_a_notice_reaches(audience, buildings, expected):
    spec = recipients(audience, buildings)
    assert {m for m in EVERYONE if spec.includes(m)} == expected


def test_the_specs_are_plain_values():
    assert recipients(Audience.ALL) == Recipients(ANY_ROLE, with_home=True)
    assert recipients(Audience.BUILDINGS, ("3",)) == Recipients(
        ANY_ROLE, with_home=True, buildings=("3",)
    )
    assert recipients(Audience.STAFF) == Recipients(STAFF_ROLES)
    assert recipients(Audience.ALL).anyone_registered
    assert not recipients(Audience.STAFF).anyone_registered


def test_people_who_blocked_the_bot_are_left_out_of_every_audience():
    for audience, buildings in ((Audience.ALL, ()), (Audience.BUILDINGS, ("3",))):
        assert not recipients(audience, buildings).includes(BLOCKED_3)
    assert not recipients(Audience.STAFF).includes(BLOCKED_STAFF)


def test_unregistered_people_are_in_no_audience_even_with_a_building():
    for audience in Audience:
        assert not recipients(audience, ("3",)).includes(Member(None, "3"))


def test_reading_back_ignores_reachability_and_honours_having_been_sent_it():
    assert may_read(notice(Audience.BUILDINGS, ("3",)), BLOCKED_3, recipient=False)
    assert not may_read(notice(Audience.BUILDINGS, ("5",)), RESIDENT_3, recipient=False)
    assert may_read(notice(Audience.BUILDINGS, ("5",)), RESIDENT_3, recipient=True)  # moved
    assert not may_read(notice(Audience.STAFF), RESIDENT_3, recipient=False)
    assert may_read(notice(Audience.STAFF), STAFF_AWAY, recipient=False)
    assert not may_read(notice(Audience.ALL), STAFF_AWAY, recipient=False)  # no home


@pytest.mark.parametrize(
    "member,audiences,building",
    [
        (RESIDENT_3, {Audience.ALL}, "3"),
        (BLOCKED_3, {Audience.ALL}, "3"),
        (STAFF_AWAY, {Audience.STAFF}, None),
        (MANAGER_3, {Audience.ALL, Audience.STAFF}, "3"),
        (STRANGER, set(), None),
    ],
)
def test_a_readers_scope_follows_the_same_rule(member, audiences, building):
    scope = reader_scope(7, member)
    assert (scope.user_id, scope.audiences, scope.building) == (7, audiences, building)


def test_scope_and_may_read_agree_on_every_notice_and_person():
    cases = [notice(a) for a in (Audience.ALL, Audience.STAFF)] + [
        notice(Audience.BUILDINGS, b) for b in (("3",), ("5",), ("3", "5"), ("10",))
    ]
    for member in EVERYONE:
        scope = reader_scope(1, member)
        for n in cases:
            listed = n.audience in scope.audiences or (
                n.audience is Audience.BUILDINGS and scope.building in n.buildings
            )
            assert listed == may_read(n, member, recipient=False), (member, n.audience)
