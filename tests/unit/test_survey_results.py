"""Survey arithmetic against hand-computed fixtures (including empty and single-response
campaigns): response rates, distributions, means, satisfaction rate, CSAT, NPS, change
against the previous campaign, the weakest dimensions."""

from __future__ import annotations

import pytest

from bot.domain.surveys.definitions import parse_definition
from bot.domain.surveys.results import as_json, compute, pct, ratio

T = {"zh": "题", "en": "Q"}


def _rating(qid: str, dim: str) -> dict:
    return {"id": qid, "type": "rating", "dimension": dim, "text": T}


SURVEY = parse_definition(
    {
        "id": "fixture",
        "title": T,
        "intro": T,
        "dimensions": {"clean": T, "security": T, "green": T, "overall": T},
        "questions": [
            _rating("clean", "clean"),
            {
                "id": "why",
                "type": "text",
                "text": T,
                "required": False,
                "show_if": {"question": "clean", "op": "<=", "value": 2},
            },
            _rating("security", "security"),
            _rating("green", "green"),
            _rating("overall", "overall"),
            {"id": "nps", "type": "nps", "text": T},
            {"id": "again", "type": "yesno", "text": T},
            {
                "id": "pick",
                "type": "multi",
                "text": T,
                "required": False,
                "options": [{"id": "x", "text": T}, {"id": "y", "text": T}],
            },
            {"id": "comment", "type": "text", "text": T, "required": False},
        ],
    }
)

RESPONSES = [
    {"clean": 5, "security": 4, "green": 2, "overall": 4, "nps": 10, "again": True,
     "pick": ["x", "y"], "comment": "很好"},
    {"clean": 3, "security": 2, "green": 2, "overall": 3, "nps": 6, "again": False},
    {"clean": 4, "security": 5, "green": 3, "overall": 5, "nps": 9, "again": True,
     "pick": ["y"], "comment": "保安很负责"},
    {"clean": 1, "why": "楼道很脏", "security": 4, "green": 4, "overall": 2, "nps": 0,
     "again": False},
]  # fmt: skip
INVITED = [("3", True), ("3", True), ("3", False), ("5", True), ("5", True), ("5", False)]
INVITED += [("10", False)]


@pytest.fixture
def results():
    return compute(SURVEY, RESPONSES, INVITED)


def test_response_rate_overall_and_per_building(results):
    assert (results.invited, results.responded, results.rate) == (7, 4, 57.1)  # 4/7
    assert [(b.building, b.invited, b.responded, b.rate) for b in results.buildings] == [
        ("3", 3, 2, 66.7),
        ("5", 3, 2, 66.7),
        ("10", 1, 0, 0.0),
    ]


def test_dimensions(results):
    rows = {d.id: (d.n, d.satisfied, d.rate, d.mean, d.csat) for d in results.dimensions}
    assert rows == {
        "clean": (4, 2, 50.0, 3.25, 65.0),  # 5 3 4 1
        "security": (4, 3, 75.0, 3.75, 75.0),  # 4 2 5 4
        "green": (4, 1, 25.0, 2.75, 55.0),  # 2 2 3 4
        "overall": (4, 2, 50.0, 3.5, 70.0),  # 4 3 5 2
    }
    assert results.weakest == ("green", "clean", "security")  # overall is not a service area


def test_nps(results):
    nps = results.nps
    assert (nps.n, nps.promoters, nps.passives, nps.detractors, nps.score) == (4, 2, 0, 2, 0.0)


def test_per_question_counts_distribution_and_mean(results):
    by_id = {q.id: q for q in results.questions}
    clean = by_id["clean"]
    assert clean.distribution == {1: 1, 2: 0, 3: 1, 4: 1, 5: 1} and clean.mean == 3.25
    assert (by_id["why"].shown, by_id["why"].answered) == (1, 1)  # only after a 1 or 2
    assert (by_id["comment"].shown, by_id["comment"].answered, by_id["comment"].skipped) == (
        4,
        2,
        2,
    )
    assert by_id["again"].distribution == {True: 2, False: 2}
    assert by_id["pick"].distribution == {"x": 1, "y": 2} and by_id["pick"].answered == 2
    assert by_id["nps"].distribution[10] == 1 and by_id["nps"].distribution[0] == 1
    assert by_id["nps"].mean == 6.25  # 25 / 4
    assert results.comments == (("why", "楼道很脏"), ("comment", "很好"), ("comment", "保安很负责"))


def test_change_against_the_previous_campaign(results):
    before = compute(
        SURVEY,
        [
            {"clean": 4, "green": 1, "security": 4, "overall": 4, "nps": 10, "again": True},
            {"clean": 4, "green": 1, "overall": 5, "nps": 10, "again": True, "security": 5},
        ],
        [("3", True), ("3", True)],
    )
    now = compute(SURVEY, RESPONSES, INVITED, previous=before)
    assert now.delta("clean") == (-50.0, -0.75)  # 50 % vs 100 %, 3.25 vs 4.0
    assert now.delta("green") == (25.0, 1.75)  # 25 % vs 0 %, 2.75 vs 1.0
    assert now.nps_delta == -100.0  # 0 vs 100
    assert now.rate_delta == -42.9  # 57.1 vs 100
    assert compute(SURVEY, RESPONSES, INVITED).delta("clean") == (None, None)


def test_an_empty_campaign_has_no_numbers_only_counts():
    empty = compute(SURVEY, [], [("3", False), ("5", False), ("5", False)])
    assert (empty.invited, empty.responded, empty.rate) == (3, 0, 0.0)
    assert all(d.n == 0 and d.rate is None and d.mean is None for d in empty.dimensions)
    assert empty.nps.score is None and empty.weakest == () and empty.comments == ()
    nobody = compute(SURVEY, [], [])
    assert nobody.rate is None and nobody.buildings == ()
    data = as_json(SURVEY, nobody)
    assert data["response_rate"] is None and data["nps"]["score"] is None


def test_a_single_response():
    one = compute(
        SURVEY,
        [{"clean": 3, "security": 5, "green": 4, "overall": 4, "nps": 8, "again": True}],
        [("3", True)],
    )
    assert one.rate == 100.0
    clean = one.dimension("clean")
    assert (clean.n, clean.rate, clean.mean, clean.csat) == (1, 0.0, 3.0, 60.0)
    assert (one.nps.passives, one.nps.score) == (1, 0.0)
    assert one.weakest == ("clean",)  # nothing to improve where everyone is satisfied


def test_answers_to_hidden_follow_ups_are_not_counted():
    stale = {"clean": 5, "why": "left over", "security": 4, "green": 4, "overall": 4, "nps": 9,
             "again": True}  # fmt: skip
    result = compute(SURVEY, [stale], [(None, True)])
    why = next(q for q in result.questions if q.id == "why")
    assert (why.shown, why.answered) == (0, 0) and result.comments == ()
    assert result.buildings[0].building == "—"


@pytest.mark.parametrize(
    "part,whole,expected",
    [
        (1, 3, 33.3),
        (2, 3, 66.7),
        (1, 8, 12.5),
        (1, 16, 6.3),
        (-1, 3, -33.3),
        (0, 5, 0.0),
        (3, 0, None),
    ],
)
def test_percentages_round_half_up_on_integers(part, whole, expected):
    assert pct(part, whole) == expected


def test_means_round_half_up_without_float_drift():
    assert ratio(1, 8, 2) == 0.13  # 0.125 -> 0.13 (float round() would give 0.12)
    assert ratio(29, 8, 2) == 3.63
    assert ratio(7, 0) is None


def test_json_has_every_figure(results):
    data = as_json(SURVEY, results)
    clean = next(d for d in data["dimensions"] if d["id"] == "clean")
    assert clean == {
        "id": "clean",
        "label": T,
        "n": 4,
        "satisfied": 2,
        "satisfaction_rate": 50.0,
        "mean": 3.25,
        "csat": 65.0,
        "change_rate_points": None,
        "change_mean": None,
    }
    assert data["nps"]["score"] == 0.0 and data["weakest"] == ["green", "clean", "security"]
    assert data["questions"][6]["distribution"] == {"true": 2, "false": 2}
