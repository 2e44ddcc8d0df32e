"""Rules behind the report's new parts: what /report understands, the buttons' data, the
survey file's `mirror:` key (checked on import, both languages) and the derived drill-downs
on hand-made rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.errors import DomainError
from bot.domain.reports.drills import missed, scoped_spots, slowest, unit_of
from bot.domain.reports.model import ReportTargets
from bot.domain.reports.period import Period
from bot.domain.reports.request import parse_request
from bot.domain.surveys.definitions import DefinitionErrors
from bot.domain.surveys.files import parse_survey_file
from bot.i18n import Translator
from bot.services.surveys.definitions import explain
from handlers.reports.args import data, parse

TODAY = date(2026, 12, 5)
NOV = Period(date(2026, 11, 1), date(2026, 11, 30))
T0 = datetime(2026, 11, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "period", "building"),
    [
        ("本月 3栋", Period(date(2026, 12, 1), TODAY), "3"),
        ("上月3号楼", NOV, "3"),
        ("2026-11-01..2026-11-30 building 3", NOV, "3"),
        ("2026-11-01 2026-11-30 b12", NOV, "12"),
        ("last month Block a", NOV, "A"),
        ("2026-11-01 2026-11-30", NOV, None),
        ("last_month", NOV, None),
        ("３栋", None, "3"),  # full-width digit; a building alone: the period buttons
    ],
)
def test_what_report_understands(text, period, building):
    assert parse_request(text, TODAY) == (period, building)


@pytest.mark.parametrize("text", ["", "next month", "2026-11-30 2026-11-01 3栋", "本月 楼"])
def test_what_report_refuses(text):
    with pytest.raises(DomainError):
        parse_request(text, TODAY)


def test_button_data_round_trips_within_64_bytes():
    for verb, building, number in (
        ("created", None, None), ("hot_building", "12A", None), ("weak", "3", 4),
        ("staff", None, 2**63 - 1), ("slow_resolution", "ABCD", None),
    ):  # fmt: skip
        text = data(verb, NOV, building, 999999, number)
        assert len(text.encode()) <= 64
        arg = parse(text.split(":")[2], verb)
        assert (arg.period, arg.building, arg.number, arg.page) == (NOV, building, number, 999999)


@pytest.mark.parametrize(
    ("verb", "arg"),
    [
        ("created", "20261101_20261130"),  # no page
        ("created", "20261101_20261130_1_0"),  # a number it does not take
        ("weak", "20261101_20261130_0"),  # the number it needs is missing
        ("created", "20261101_20261130_b3_b4_0"),
        ("created", "20261101_20261130_bxyzab_0"),  # building too long
        ("created", "20261101_20261130_1234567"),  # page too long
        ("staff", "20261101_20261130_99999999999999999999_0"),  # beyond SQLite
        ("created", "20261301_20261130_0"),
        ("created", "20261130_20261101_0"),
        ("pb", "20261101_20261130_b3_0"),
    ],
)
def test_forged_button_data_is_a_stale_button(verb, arg):
    with pytest.raises(DomainError):
        parse(arg, verb, paged=verb != "pb")


SURVEY = """
id: m
title: {zh: 调查, en: Survey}
intro: {zh: 你好, en: Hello}
dimensions:
  lifts: {zh: 电梯, en: Lifts, mirror: MIRROR}
questions:
  - {id: a, type: rating, dimension: lifts, text: {zh: 电梯？, en: "Lifts?"}}
"""


@pytest.mark.parametrize(
    ("mirror", "spec"),
    [
        ("[elevator]", (("repair", "complaint"), ("elevator",))),
        ("{kinds: [repair], categories: [elevator, elevator]}", (("repair",), ("elevator",))),
        ("{categories: [elevator]}", (None, ("elevator",))),
        ("[]", ((), ())),
    ],
)
def test_a_dimension_declares_its_mirror(mirror, spec):
    survey = parse_survey_file(SURVEY.replace("MIRROR", mirror))
    assert survey.mirrors == {"lifts": spec}
    again = parse_survey_file(survey.canonical())  # stored with the version: same mapping
    assert again.mirrors == survey.mirrors


@pytest.mark.parametrize(
    ("mirror", "zh", "en"),
    [
        ("[lift]", "“lift”不是工单类别", '"lift" is not a ticket category'),
        ("{kinds: [fix]}", "“fix”不是工单类型", '"fix" is not a ticket kind'),
        ("elevator", "mirror 须为工单类别列表", "mirror must be a list"),
        ("{rooms: [a]}", "rooms", "rooms"),
    ],
)
def test_a_bad_mirror_is_refused_on_import_with_a_clear_error(mirror, zh, en):
    with pytest.raises(DefinitionErrors) as caught:
        parse_survey_file(SURVEY.replace("MIRROR", mirror))
    t = Translator("zh")
    error = caught.value.errors[0]
    assert error.at is not None and error.at[0] == 6  # the dimension's line
    assert zh in explain(t, error, "zh") and en in explain(t, error, "en")


def _row(ticket, kind, urgent, category, home, responded_min=None, resolved_h=None):
    responded = T0 + timedelta(minutes=responded_min) if responded_min is not None else None
    resolved = T0 + timedelta(hours=resolved_h) if resolved_h is not None else None
    building = home.split("-")[0]
    return (kind, urgent, category, T0, responded, None, None, resolved, None, "new", home,
            building, 1, ticket)  # fmt: skip


ROWS = [
    _row(1, "repair", True, "plumbing", "3-2-101", 15, 1),  # urgent, answered in time
    _row(2, "repair", True, "plumbing", "3-2-102", 25, 2),  # urgent, 5 min late
    _row(3, "repair", False, "plumbing", "3-1-101", 60, 30),  # resolved after 30 h
    _row(4, "complaint", False, "noise", "3--901", 50 * 60),  # answered after 50 h
    _row(5, "repair", False, "plumbing", "4-1-101", 10, 5),
]


def test_hotspots_by_unit_and_building_from_rows():
    assert unit_of("3-2-101") == "3-2" and unit_of("3--901") == "" and unit_of("") == ""
    assert scoped_spots(ROWS, "unit", 2) == [("plumbing", "3-2", (1, 2))]
    assert scoped_spots(ROWS, "building", 3) == [("plumbing", "3", (1, 2, 3))]
    assert scoped_spots(ROWS, "building", 4) == []


def test_missed_targets_and_slowest_from_rows():
    goals = ReportTargets()
    assert missed(ROWS, "urgent_response", goals) == [2]
    assert missed(ROWS, "repair_resolution", goals) == [3]  # #1 #2 are urgent: not counted
    assert missed(ROWS, "complaint_response", goals) == [4]
    # Responses 15, 25, 60, 3000, 10 min: P90 = 60 + 0.6 × 2940 = 1824 min → #4 only.
    assert slowest(ROWS, "response") == [4]
    # Resolutions 1, 2, 30, 5 h: P90 = 5 + 0.7 × 25 = 22.5 h → #3 only.
    assert slowest(ROWS, "resolution") == [3]
    assert slowest([], "response") == []
