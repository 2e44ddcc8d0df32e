"""The vote rules (issue 14): who may answer, the ballot's key, typed answers, the wizard's
input checks, and the tally with shares of homes and of floor area."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import DomainError
from bot.domain.people.lifecycle import MemberRole
from bot.domain.votes.model import (
    MAX_OPTION,
    MAX_QUESTION,
    Standing,
    Vote,
    match_typed,
    parse_buildings,
    parse_options,
    refusal,
    validate_question,
    voter_key,
)
from bot.domain.votes.results import Ballot, Eligible, tally
from bot.services.people.roster import parse_area, parse_roster

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def vote(**fields) -> Vote:
    base = dict(
        id=7,
        question="Replace lift 2?",
        options=("Agree", "Disagree", "Abstain"),
        opens_at=NOW,
        closes_at=NOW + timedelta(days=7),
        created_at=NOW,
    )
    return Vote(**{**base, **fields})


def person(role=MemberRole.OWNER, building="3", home=11, registered=True) -> Standing:
    return Standing(1, registered, home, building, 90.0, role)


@pytest.mark.parametrize(
    ("fields", "who", "expected"),
    [
        ({}, person(), None),
        ({}, person(MemberRole.TENANT), "vote.owners_only"),
        ({}, person(MemberRole.FAMILY), "vote.owners_only"),
        ({"per_home": False}, person(MemberRole.TENANT), None),
        ({"buildings": ("5",)}, person(), "vote.not_eligible"),
        ({"buildings": ("3", "5")}, person(), None),
        ({}, person(home=None, building=None), "vote.not_eligible"),
        ({}, person(registered=False), "vote.not_eligible"),
    ],
)
def test_who_may_answer(fields, who, expected):
    assert refusal(vote(**fields), who) == expected


def test_the_ballot_key_is_the_home_or_the_person():
    assert voter_key(vote(), person()) == "h:11"
    assert voter_key(vote(per_home=False), person()) == "p:1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", 1),
        (" 2. ", 1),
        ("２", 1),
        ("第3项", 2),
        ("agree", 0),
        ("  DISAGREE ", 1),
        ("4", None),
        ("0", None),
        ("-1", None),
        ("I agree with this", None),
        ("", None),
        ("²", None),
    ],
)
def test_typed_answers(text, expected):
    assert match_typed(text, ("Agree", "Disagree", "Abstain")) == expected


def test_question_and_options_are_checked():
    assert validate_question("  a  <b>b</b> ") == "a <b>b</b>"  # kept as typed, escaped later
    with pytest.raises(DomainError):
        validate_question("   ")
    with pytest.raises(DomainError) as error:
        validate_question("x" * (MAX_QUESTION + 1))
    assert error.value.key == "vote.question_too_long"
    assert parse_options("同意\n\n 不同意 \n弃权\n") == ("同意", "不同意", "弃权")
    for bad, key in (
        ("only one", "vote.options_count"),
        ("\n".join(str(i) for i in range(11)), "vote.options_count"),
        ("a\n" + "x" * (MAX_OPTION + 1), "vote.option_too_long"),
        ("Yes\nyes", "vote.options_repeat"),
    ):
        with pytest.raises(DomainError) as error:
            parse_options(bad)
        assert error.value.key == key
    assert parse_buildings("3栋, 5号楼、a") == ("3", "5", "A")
    with pytest.raises(DomainError):
        parse_buildings(" , ")


def test_option_index_is_checked():
    with pytest.raises(DomainError):
        vote().option_text(3)
    assert vote().option_text(2) == "Abstain"


def test_tally_counts_homes_and_area_over_everyone_eligible():
    eligible = [
        Eligible("3", 100.0),
        Eligible("3", 50.0),
        Eligible("3", None),
        Eligible("10", 50.0),
    ]
    ballots = [Ballot(0, "3", 100.0), Ballot(1, "10", 50.0)]
    results = tally(vote(), ballots, eligible)
    assert (results.eligible, results.voted, results.area_unknown) == (4, 2, 1)
    assert [(o.count, o.share, o.area) for o in results.options] == [
        (1, 0.25, 0.5),
        (1, 0.25, 0.25),
        (0, 0.0, 0.0),
    ]
    assert [(t.building, t.eligible, t.voted) for t in results.turnout] == [
        ("3", 3, 1),
        ("10", 1, 1),
    ]


def test_tally_without_areas_or_per_person_gives_no_area_share():
    results = tally(vote(), [Ballot(0, "3")], [Eligible("3"), Eligible("3")])
    assert not results.has_area and results.options[0].area is None
    assert results.area_unknown == 2
    people = tally(vote(per_home=False), [Ballot(0, "3")], [Eligible("3")])
    assert people.area_unknown == 0 and people.options[0].share == 1.0


def test_tally_with_nobody_eligible_divides_by_nothing():
    results = tally(vote(), [], [])
    assert results.options[0].share == 0.0 and results.turnout == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", None), ("89.5", 89.5), ("89.5㎡", 89.5), ("120 m2", 120.0), ("66平米", 66.0)],
)
def test_roster_area_values(text, expected):
    assert parse_area(text) == expected


@pytest.mark.parametrize("text", ["lots", "-3", "0", "nan", "inf", "1e9"])
def test_roster_area_refuses_nonsense(text):
    with pytest.raises(ValueError):
        parse_area(text)


def test_the_roster_area_column_is_optional():
    rows, errors = parse_roster("building,room,phone\n3,101,13800000001\n")
    assert not errors and rows[0].area_m2 is None
    rows, errors = parse_roster(
        "楼栋,房号,电话,建筑面积\n3,101,13800000001,88\n3,102,13800000002,x\n"
    )
    assert rows[0].area_m2 == 88.0 and errors == [(3, "roster.err_area")]
