"""Gate passes, the pure domain (issue 15): the state machine refuses every illegal
transition, the form reads items, names, plates and time windows strictly, and a payload is
parsed without ever raising (forged or garbled ones are simply not a pass)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import DomainError
from bot.domain.passes.form import MAX_ITEMS, parse_items, parse_plate, parse_visitor, parse_window
from bot.domain.passes.model import (
    TRANSITIONS,
    GatePass,
    PassItem,
    PassKind,
    PassState,
    Step,
    check_transition,
    effective_state,
    next_step,
    parse_payload,
    pass_payload,
    token_matches,
    usable,
)

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=SH)  # a Saturday morning
LEGAL = {
    ("draft", "submitted"),
    ("draft", "cancelled"),
    ("submitted", "approved"),
    ("submitted", "rejected"),
    ("submitted", "cancelled"),
    ("submitted", "expired"),
    ("approved", "used"),
    ("approved", "expired"),
    ("approved", "cancelled"),
}


@pytest.mark.parametrize("old", list(PassState))
@pytest.mark.parametrize("new", list(PassState))
def test_only_the_documented_transitions_are_legal(old, new):
    if (old.value, new.value) in LEGAL:
        check_transition(old, new)
    else:
        with pytest.raises(DomainError) as refused:
            check_transition(old, new)
        assert refused.value.key == "passes.bad_transition"


def test_used_rejected_expired_and_cancelled_are_final():
    for state in (PassState.USED, PassState.REJECTED, PassState.EXPIRED, PassState.CANCELLED):
        assert TRANSITIONS[state] == frozenset()


def a_pass(state: PassState, start: datetime, end: datetime) -> GatePass:
    return GatePass(
        1, PassKind.ITEMS, state, Step.CONFIRM, 1, 7, "0" * 16, NOW, starts_at=start, ends_at=end
    )


def test_expiry_is_computed_from_the_window_and_only_inside_it_a_pass_is_usable():
    found = a_pass(PassState.APPROVED, NOW, NOW + timedelta(hours=2))
    assert usable(found, NOW) and effective_state(found, NOW) is PassState.APPROVED
    assert not usable(found, NOW - timedelta(minutes=1))  # not yet
    later = NOW + timedelta(hours=2)
    assert not usable(found, later) and effective_state(found, later) is PassState.EXPIRED
    used = a_pass(PassState.USED, NOW, NOW + timedelta(hours=2))
    assert effective_state(used, later) is PassState.USED  # a used pass stays used
    assert not usable(used, NOW)


def test_the_steps_of_each_kind():
    assert next_step(PassKind.ITEMS, Step.ITEMS) is Step.PLATE
    assert next_step(PassKind.ITEMS, Step.WINDOW) is Step.PHOTO
    assert next_step(PassKind.VISITOR, Step.WINDOW) is Step.CONFIRM
    assert next_step(PassKind.VISITOR, Step.CONFIRM) is Step.CONFIRM


def test_a_payload_round_trips_fits_telegram_and_forgeries_are_not_passes():
    payload = pass_payload(123456789, "0123456789abcdef")
    assert len(payload) <= 64 and parse_payload(payload) == (123456789, "0123456789abcdef")
    for forged in (
        "gp_1_0123456789ABCDEF",  # upper case: not a token we issue
        "gp_1_0123456789abcde",
        "gp_1_0123456789abcdef0",
        "gp_-1_0123456789abcdef",
        "gp_1234567890_0123456789abcdef",
        "cp_1_0123456789abcdef",
        "gp_1_<b>",
        "",
    ):
        assert parse_payload(forged) is None, forged
    assert token_matches("0123456789abcdef", "0123456789abcdef")
    assert not token_matches("0123456789abcdef", "0123456789abcdee")


@given(st.text(max_size=80))
def test_parsing_any_text_as_a_payload_never_raises(text):
    parse_payload(text)


def test_items_one_per_line_with_quantities():
    assert parse_items("沙发 x 1\n纸箱×3\n  \nTV 2\n台灯\nchair X 4\n冰箱＊1") == (
        PassItem("沙发", 1),
        PassItem("纸箱", 3),
        PassItem("TV", 2),
        PassItem("台灯", 1),
        PassItem("chair", 4),
        PassItem("冰箱", 1),
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "passes.no_items"),
        ("   \n  ", "passes.no_items"),
        ("沙发 x 0", "passes.bad_item"),
        ("沙发 x 1000", "passes.bad_item"),
        ("长" * 41, "passes.bad_item"),
        ("\n".join(f"箱子{i} x 1" for i in range(MAX_ITEMS + 1)), "passes.too_many_items"),
    ],
)
def test_bad_item_lists_are_refused(text, key):
    with pytest.raises(DomainError) as refused:
        parse_items(text)
    assert refused.value.key == key


def test_twenty_items_are_fine():
    assert len(parse_items("\n".join(f"箱子{i} x 1" for i in range(MAX_ITEMS)))) == MAX_ITEMS


def test_plates_are_canonical_and_can_be_skipped():
    assert parse_plate("沪A·12345") == "沪A12345"
    assert parse_plate(" 京 b-888 88 ") == "京B88888"
    for skip in ("无", "-", "None", "skip", "跳过"):
        assert parse_plate(skip) == ""
    for bad in ("<b>", "沪A 12345 678 90", "🚗"):
        with pytest.raises(DomainError):
            parse_plate(bad)


def test_visitor_names_are_bounded():
    assert parse_visitor("  王   五 ") == "王 五"
    with pytest.raises(DomainError):
        parse_visitor("")
    with pytest.raises(DomainError):
        parse_visitor("x" * 41)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("今天 14:00-16:00", (5, 14, 0), (5, 16, 0)),
        ("14-16", (5, 14, 0), (5, 16, 0)),
        ("明天 9-11", (6, 9, 0), (6, 11, 0)),
        ("tomorrow 9:30 to 11", (6, 9, 30), (6, 11, 0)),
        ("2026-12-07 8：00～9：00", (7, 8, 0), (7, 9, 0)),
        ("12月7日 20-24", (7, 20, 0), (8, 0, 0)),
        ("9-11", (5, 9, 0), (5, 11, 0)),  # started an hour ago: still valid until 11
    ],
)
def test_time_windows(text, start, end):
    got = parse_window(text, NOW.astimezone(UTC), SH)
    assert (got[0].day, got[0].hour, got[0].minute) == start
    assert (got[1].day, got[1].hour, got[1].minute) == end


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("昨天下午", "passes.bad_window"),
        ("今天 16-14", "passes.bad_window"),
        ("今天 25-26", "passes.bad_window"),
        ("2026-02-30 9-10", "passes.bad_window"),
        ("今天 7-9", "passes.window_past"),
        ("2027-03-01 9-10", "passes.window_far"),
        ("today <b>", "passes.bad_window"),
    ],
)
def test_bad_time_windows_are_refused(text, key):
    with pytest.raises(DomainError) as refused:
        parse_window(text, NOW, SH)
    assert refused.value.key == key
