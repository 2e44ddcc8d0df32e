"""Field operations domain (issue 15): ledger rows, item and round state machines, alert
days, checkpoint payloads, the check-in radius, checklist answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.errors import DomainError
from bot.domain.operations.equipment import (
    Item,
    ItemState,
    check_transition,
    due_alerts,
    parse_row,
    safe_cell,
)
from bot.domain.operations.rounds import (
    LATE_GRACE,
    MAX_PAYLOAD,
    RoundStatus,
    Visit,
    answered,
    checkpoint_payload,
    clock_status,
    distance_m,
    parse_checkpoint_payload,
    parse_equipment_payload,
    within,
)
from bot.domain.operations.rounds import check_transition as round_transition

NOW = datetime(2025, 3, 4, 0, 0, tzinfo=UTC)


def test_a_good_row_becomes_an_item():
    item, errors = parse_row(2, {"code": "pump-01", "name": "水泵", "installed_on": "2024/03/01"})
    assert errors == [] and item.code == "PUMP-01" and item.installed_on == date(2024, 3, 1)
    assert item.state is ItemState.IN_USE


@pytest.mark.parametrize(
    "cells,column,key",
    [
        ({"code": "", "name": "x"}, "code", "equipment.err_required"),
        ({"code": "a b", "name": "x"}, "code", "equipment.err_code"),
        ({"code": "A", "name": "=cmd()"}, "name", "equipment.err_formula"),
        ({"code": "A", "name": "+1"}, "name", "equipment.err_formula"),
        (
            {"code": "A", "name": "x", "warranty_until": "2025-02-30"},
            "warranty_until",
            "equipment.err_date",
        ),
        ({"code": "A", "name": "x", "importance": "D"}, "importance", "equipment.err_importance"),
        ({"code": "A", "name": "x", "state": "gone"}, "state", "equipment.err_state"),
        (
            {"code": "A", "name": "x", "responsible": "wang"},
            "responsible",
            "equipment.err_responsible",
        ),
        (
            {"code": "A", "name": "x", "maintenance_days": "-3"},
            "maintenance_days",
            "equipment.err_formula",
        ),
        (
            {"code": "A", "name": "x", "maintenance_days": "0"},
            "maintenance_days",
            "equipment.err_interval",
        ),
        ({"code": "A", "name": "x" * 201}, "name", "equipment.err_too_long"),
    ],
)
def test_every_bad_cell_is_named_with_its_line(cells, column, key):
    item, errors = parse_row(7, cells)
    assert item is None and (7, column, key) in [(e.line, e.column, e.key) for e in errors]


def test_an_exported_formula_is_quoted_and_reads_back_as_text():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("水泵") == "水泵"
    item, errors = parse_row(2, {"code": "A", "name": "'=1+1"})
    assert errors == [] and item.name == "=1+1"


def test_a_scrapped_item_never_comes_back():
    check_transition(ItemState.IN_USE, ItemState.STOPPED)
    check_transition(ItemState.STOPPED, ItemState.IN_USE)
    with pytest.raises(DomainError):
        check_transition(ItemState.SCRAPPED, ItemState.IN_USE)


def test_alerts_fall_30_and_7_days_ahead_and_never_after_the_day():
    item = Item("A", "x", warranty_until=date(2025, 4, 30))
    assert due_alerts(item, date(2025, 3, 30)) == []
    (alert,) = due_alerts(item, date(2025, 3, 31))
    assert (alert.kind, alert.lead) == ("warranty", 30)
    assert due_alerts(item, date(2025, 4, 23))[0].lead == 7
    assert due_alerts(item, date(2025, 5, 1)) == []
    assert (
        due_alerts(
            Item("A", "x", warranty_until=date(2025, 4, 1), state=ItemState.SCRAPPED),
            date(2025, 3, 30),
        )
        == []
    )


def test_maintenance_is_due_an_interval_after_the_last_visit():
    item = Item("A", "x", installed_on=date(2025, 1, 1), maintenance_days=90)
    assert item.maintenance_due == date(2025, 4, 1)
    later = Item(
        "A",
        "x",
        installed_on=date(2025, 1, 1),
        maintenance_days=90,
        last_maintained=date(2025, 3, 1),
    )
    assert later.maintenance_due == date(2025, 5, 30)
    assert due_alerts(later, date(2025, 5, 25))[0].key == "A:maintenance:2025-05-30:7"


def test_round_transitions_refuse_the_illegal_ones():
    round_transition(RoundStatus.NOT_STARTED, RoundStatus.IN_PROGRESS)
    round_transition(RoundStatus.IN_PROGRESS, RoundStatus.DONE)
    round_transition(RoundStatus.OVERDUE, RoundStatus.DONE)
    for old, new in [
        (RoundStatus.DONE, RoundStatus.IN_PROGRESS),
        (RoundStatus.MISSED, RoundStatus.DONE),
        (RoundStatus.NOT_STARTED, RoundStatus.DONE),
        (RoundStatus.NOT_STARTED, RoundStatus.MISSED),
    ]:
        with pytest.raises(DomainError):
            round_transition(old, new)


def test_the_clock_makes_a_round_overdue_then_missed():
    due = NOW
    assert clock_status(RoundStatus.NOT_STARTED, due, NOW - timedelta(minutes=1)) is None
    assert clock_status(RoundStatus.IN_PROGRESS, due, NOW) is RoundStatus.OVERDUE
    assert clock_status(RoundStatus.OVERDUE, due, NOW + LATE_GRACE) is RoundStatus.MISSED
    assert clock_status(RoundStatus.DONE, due, NOW + LATE_GRACE) is None


def test_checkpoint_payloads_fit_telegram_and_forged_ones_parse_to_nothing():
    payload = checkpoint_payload(999_999_999, "A" * 16)
    assert len(payload) <= MAX_PAYLOAD
    assert parse_checkpoint_payload(payload) == (999_999_999, "A" * 16)
    for forged in (
        "cp_1_short",
        "cp_-1_" + "A" * 16,
        "cp_1_" + "A" * 17,
        "cp_1_" + "A" * 15 + "!",
        "",
        "eq_X",
    ):
        assert parse_checkpoint_payload(forged) is None
    assert parse_equipment_payload("eq_pump-01") == "PUMP-01"
    assert parse_equipment_payload("eq_../../x") is None


def test_the_radius_is_great_circle_metres():
    gate = (31.2304, 121.4737)
    assert distance_m(gate, gate) == 0
    assert 10 < distance_m(gate, (31.2305, 121.4737)) < 12
    assert within(50, gate, (31.2307, 121.4737)) and not within(50, gate, (31.2310, 121.4737))


def test_answers_come_in_order_only_after_the_scan():
    visit = Visit(1, 0, 5, answers=(None, None))
    with pytest.raises(DomainError, match="not_scanned"):
        answered(visit, 0, True)
    visit = Visit(1, 0, 5, scanned_at=NOW, answers=(None, None))
    with pytest.raises(DomainError, match="stale"):
        answered(visit, 1, True)
    visit = answered(answered(visit, 0, True), 1, False)
    assert visit.abnormal and visit.complete(photo_required=False)
    assert not visit.complete(photo_required=True)


@pytest.mark.parametrize(
    "every,expected",
    [
        ("daily", "0 8 * * *"),
        ("weekly", "0 8 * * mon"),
        ("30 9 * * 2", "30 9 * * tue"),
        ("0 7 * * 1-5", "0 7 * * mon-fri"),
        ("0 7 * * 0,6", "0 7 * * sun,sat"),
        ("0 7 * * 7", "0 7 * * sun"),
        ("0 7 * * */2", "0 7 * * */2"),
    ],
)
def test_plan_recurrences_mean_what_cron_means(every, expected):
    from bot.domain.operations.rounds_file import parse_rounds_file

    text = (
        "checkpoints: [{key: a, name: A}]\n"
        "routes: [{key: r, name: R, points: [{checkpoint: a, checks: [{q: ok}]}]}]\n"
        f'plans: [{{route: r, assignee: "1", every: "{every}", at: "08:00"}}]\n'
    )
    assert parse_rounds_file(text).plans[0].every == expected
