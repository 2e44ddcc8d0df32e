"""SLA policy, deadlines, breach detection and the remaining-time label."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.calendar import BusinessHours, parse_date_list
from bot.domain.tickets.sla import (
    SLA_ENV_KEYS,
    Breach,
    Deadlines,
    SlaPolicy,
    compute_deadlines,
    due_breaches,
    format_remaining,
    parse_duration,
)

SH = ZoneInfo("Asia/Shanghai")
PLAIN = BusinessHours(tz=SH)
GOLDEN_WEEK = BusinessHours(
    holidays=parse_date_list("2026-10-01..2026-10-07"),
    makeup_workdays=parse_date_list("2026-09-27,2026-10-10"),
    tz=SH,
)
WALL_CLOCK = SlaPolicy()
OFFICE_HOURS = SlaPolicy(business_hours=True)


class Kind(StrEnum):  # what the ticket model passes in
    REPAIR = "repair"
    COMPLAINT = "complaint"
    INQUIRY = "inquiry"


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


# --- policy defaults ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "urgent", "respond", "resolve"),
    [
        ("repair", False, timedelta(minutes=30), timedelta(hours=24)),
        ("complaint", False, timedelta(hours=2), timedelta(hours=72)),
        ("inquiry", False, timedelta(hours=2), timedelta(hours=24)),
        ("repair", True, timedelta(minutes=15), timedelta(hours=4)),
        ("complaint", True, timedelta(minutes=15), timedelta(hours=4)),
        (Kind.INQUIRY, False, timedelta(hours=2), timedelta(hours=24)),
    ],
)
def test_default_deadlines_from_the_design(
    kind: str, urgent: bool, respond: timedelta, resolve: timedelta
) -> None:
    assert WALL_CLOCK.deadlines_for(kind, urgent) == Deadlines(respond, resolve)


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="praise"):
        WALL_CLOCK.deadlines_for("praise", False)


def test_deadlines_validation() -> None:
    with pytest.raises(ValueError, match="positive"):
        Deadlines(timedelta(0), timedelta(hours=1))
    with pytest.raises(ValueError, match="must not exceed"):
        Deadlines(timedelta(hours=2), timedelta(hours=1))


# --- compute_deadlines --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "urgent", "respond_by", "resolve_by"),
    [
        (Kind.REPAIR, False, sh(2026, 3, 20, 17, 30), sh(2026, 3, 21, 17, 0)),
        (Kind.REPAIR, True, sh(2026, 3, 20, 17, 15), sh(2026, 3, 20, 21, 0)),
        (Kind.COMPLAINT, False, sh(2026, 3, 20, 19, 0), sh(2026, 3, 23, 17, 0)),
        (Kind.INQUIRY, False, sh(2026, 3, 20, 19, 0), sh(2026, 3, 21, 17, 0)),
    ],
)
def test_wall_clock_deadlines(
    kind: Kind, urgent: bool, respond_by: datetime, resolve_by: datetime
) -> None:
    result = compute_deadlines(sh(2026, 3, 20, 17, 0), kind, urgent, WALL_CLOCK, PLAIN)
    assert result == (respond_by, resolve_by)
    assert all(moment.tzinfo is UTC for moment in result)


def test_repair_on_friday_evening_in_business_hours() -> None:
    # Fri 17:20: 10 min left today. Respond: +20 min on Monday. Resolve 24 h: 10 min Fri,
    # 9 h Mon, 9 h Tue, then 5 h 50 min on Wednesday from 08:30.
    respond_by, resolve_by = compute_deadlines(
        sh(2026, 3, 20, 17, 20), "repair", False, OFFICE_HOURS, PLAIN
    )
    assert respond_by == sh(2026, 3, 23, 8, 50)
    assert resolve_by == sh(2026, 3, 25, 14, 20)


def test_urgent_is_always_wall_clock() -> None:
    result = compute_deadlines(sh(2026, 3, 20, 17, 20), "repair", True, OFFICE_HOURS, PLAIN)
    assert result == (sh(2026, 3, 20, 17, 35), sh(2026, 3, 20, 21, 20))


def test_business_hours_need_both_the_policy_and_a_calendar() -> None:
    created = sh(2026, 3, 20, 17, 20)
    wall = (sh(2026, 3, 20, 17, 50), sh(2026, 3, 21, 17, 20))
    assert compute_deadlines(created, "repair", False, OFFICE_HOURS, None) == wall
    assert compute_deadlines(created, "repair", False, WALL_CLOCK, PLAIN) == wall


def test_complaint_filed_on_national_day() -> None:
    # Respond 2 h from the first working day (Thu 8 Oct). Resolve 72 h = 8 days of 9 h:
    # Thu 8, Fri 9, Sat 10 (make-up), Mon 12 .. Fri 16 -> closing time on Fri 16 Oct.
    respond_by, resolve_by = compute_deadlines(
        sh(2026, 10, 1, 10, 0), Kind.COMPLAINT, False, OFFICE_HOURS, GOLDEN_WEEK
    )
    assert respond_by == sh(2026, 10, 8, 10, 30)
    assert resolve_by == sh(2026, 10, 16, 17, 30)


def test_naive_created_at_is_rejected() -> None:
    with pytest.raises(ValueError, match="aware"):
        compute_deadlines(datetime(2026, 3, 20, 9, 0), "repair", False, WALL_CLOCK, None)


# --- from_env -----------------------------------------------------------------------------


def test_empty_env_gives_the_defaults() -> None:
    assert SlaPolicy.from_env({}) == SlaPolicy()
    blank = dict.fromkeys(SLA_ENV_KEYS, "  ")
    assert SlaPolicy.from_env(blank) == SlaPolicy()


def test_env_overrides() -> None:
    policy = SlaPolicy.from_env(
        {
            "SLA_URGENT_RESPOND": "10m",
            "SLA_REPAIR_RESPOND": "45m",
            "SLA_REPAIR_RESOLVE": "48h",
            "SLA_COMPLAINT_RESOLVE": "3d",
            "SLA_INQUIRY_RESOLVE": " 2D ",
            "SLA_BUSINESS_HOURS": "1",
            "BUSINESS_HOURS": "09:00-18:00",
            "BUSINESS_DAYS": "1-5,7",
            "HOLIDAYS": "2026-10-01..2026-10-03",
            "MAKEUP_WORKDAYS": "2026-09-26",
            "TIMEZONE": "Europe/London",
        }
    )
    assert policy.urgent == Deadlines(timedelta(minutes=10), timedelta(hours=4))
    assert policy.repair == Deadlines(timedelta(minutes=45), timedelta(hours=48))
    assert policy.complaint == Deadlines(timedelta(hours=2), timedelta(days=3))
    assert policy.inquiry == Deadlines(timedelta(hours=2), timedelta(days=2))
    assert policy.business_hours is True
    assert policy.hours == BusinessHours(
        start=time(9, 0),
        end=time(18, 0),
        workdays=frozenset({0, 1, 2, 3, 4, 6}),
        holidays=frozenset({date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)}),
        makeup_workdays=frozenset({date(2026, 9, 26)}),
        tz=ZoneInfo("Europe/London"),
    )


@pytest.mark.parametrize(
    ("raw", "workdays"),
    [
        ("1-5", {0, 1, 2, 3, 4}),
        ("1,2,3,4,5,6", {0, 1, 2, 3, 4, 5}),
        ("7", {6}),
        ("1-7", set(range(7))),
    ],
)
def test_business_days_are_iso_numbers(raw: str, workdays: set[int]) -> None:
    assert SlaPolicy.from_env({"BUSINESS_DAYS": raw}).hours.workdays == workdays


@pytest.mark.parametrize(("raw", "on"), [("1", True), ("true", True), ("0", False), ("no", False)])
def test_business_hours_flag(raw: str, on: bool) -> None:
    assert SlaPolicy.from_env({"SLA_BUSINESS_HOURS": raw}).business_hours is on


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("SLA_REPAIR_RESPOND", "30"),
        ("SLA_REPAIR_RESPOND", "30s"),
        ("SLA_REPAIR_RESOLVE", "1.5h"),
        ("SLA_URGENT_RESPOND", "0m"),
        ("SLA_URGENT_RESOLVE", "-4h"),
        ("SLA_COMPLAINT_RESOLVE", "three days"),
        ("SLA_INQUIRY_RESPOND", "3d"),  # longer than the 24 h resolve deadline
        ("SLA_BUSINESS_HOURS", "maybe"),
        ("BUSINESS_HOURS", "8-17"),
        ("BUSINESS_HOURS", "17:30-08:30"),
        ("BUSINESS_HOURS", "08:30"),
        ("BUSINESS_DAYS", "0-5"),
        ("BUSINESS_DAYS", "1-8"),
        ("BUSINESS_DAYS", "5-1"),
        ("BUSINESS_DAYS", "mon-fri"),
        ("HOLIDAYS", "2026-10-01,2026-13-01"),
        ("MAKEUP_WORKDAYS", "next saturday"),
        ("TIMEZONE", "Mars/Olympus_Mons"),
    ],
)
def test_bad_env_values_name_the_key(key: str, value: str) -> None:
    with pytest.raises(ValueError, match=key):
        SlaPolicy.from_env({key: value})


def test_parse_duration() -> None:
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("24h") == timedelta(hours=24)
    assert parse_duration("3d") == timedelta(days=3)


class RecordingEnv(Mapping[str, str]):
    def __init__(self) -> None:
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.read.add(key)
        raise KeyError(key)

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.read.add(key)
        return default

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def test_sla_env_keys_lists_exactly_what_from_env_reads() -> None:
    env = RecordingEnv()
    SlaPolicy.from_env(env)
    assert env.read == set(SLA_ENV_KEYS)
    assert len(SLA_ENV_KEYS) == len(set(SLA_ENV_KEYS))
    for kind in ("URGENT", "REPAIR", "COMPLAINT", "INQUIRY"):
        assert {f"SLA_{kind}_RESPOND", f"SLA_{kind}_RESOLVE"} <= set(SLA_ENV_KEYS)


# --- due_breaches -------------------------------------------------------------------------

T0 = datetime(2026, 3, 20, 1, 0, tzinfo=UTC)
RESPOND_BY = T0 + timedelta(minutes=30)
RESOLVE_BY = T0 + timedelta(hours=24)


def check(now: datetime, responded=None, resolved=None, already=frozenset()) -> list[Breach]:
    return due_breaches(now, RESPOND_BY, RESOLVE_BY, responded, resolved, already)


def test_nothing_due_before_the_deadline() -> None:
    assert check(RESPOND_BY - timedelta(seconds=1)) == []


def test_response_breach_is_due_at_the_deadline_itself() -> None:
    assert check(RESPOND_BY) == [Breach.RESPONSE]


def test_reply_on_time_is_no_breach_a_late_one_still_is() -> None:
    later = RESPOND_BY + timedelta(hours=1)
    assert check(later, responded=RESPOND_BY) == []
    assert check(later, responded=RESPOND_BY + timedelta(minutes=1)) == [Breach.RESPONSE]


def test_resolution_breach() -> None:
    late = RESOLVE_BY + timedelta(minutes=5)
    assert check(late, responded=T0) == [Breach.RESOLUTION]
    assert check(late) == [Breach.RESPONSE, Breach.RESOLUTION]
    assert check(late, responded=T0, resolved=RESOLVE_BY - timedelta(hours=1)) == []
    assert check(late, responded=T0, resolved=RESOLVE_BY + timedelta(minutes=1)) == [
        Breach.RESOLUTION
    ]


def test_recorded_breaches_are_not_reported_again() -> None:
    late = RESOLVE_BY + timedelta(minutes=5)
    assert check(late, already=frozenset({"response"})) == [Breach.RESOLUTION]
    assert check(late, already=frozenset({Breach.RESOLUTION})) == [Breach.RESPONSE]
    assert check(late, already=frozenset({"response", "resolution"})) == []


def test_breach_values() -> None:
    assert [str(b) for b in Breach] == ["response", "resolution"]


check_offsets = st.lists(st.integers(min_value=-60, max_value=48 * 60), max_size=20)


@settings(max_examples=100, deadline=None)
@given(check_offsets)
def test_repeated_checks_fire_each_breach_once(offsets: list[int]) -> None:
    # A job that runs at arbitrary (even out-of-order, repeated) times and records what it
    # reports never reports a breach twice, and ends up with exactly what is due by then.
    recorded: list[Breach] = []
    for minutes in offsets:
        recorded += check(T0 + timedelta(minutes=minutes), already=frozenset(recorded))
    assert len(recorded) == len(set(recorded))
    latest = T0 + timedelta(minutes=max(offsets, default=-60))
    assert set(recorded) == set(check(latest))


# --- format_remaining ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "zh", "en"),
    [
        (timedelta(hours=2, minutes=15), "2小时15分", "2h 15m"),
        (timedelta(hours=2, minutes=15, seconds=59), "2小时15分", "2h 15m"),
        (timedelta(minutes=45), "45分", "45m"),
        (timedelta(hours=3), "3小时", "3h"),
        (timedelta(days=1, hours=2, minutes=30), "1天2小时", "1d 2h"),
        (timedelta(days=3), "3天", "3d"),
        (timedelta(days=1, minutes=5), "1天", "1d"),
        (timedelta(seconds=30), "不到1分", "<1m"),
        (timedelta(0), "不到1分", "<1m"),
        (-timedelta(hours=1), "超时 1小时", "overdue 1h"),
        (-timedelta(hours=1, seconds=30), "超时 1小时", "overdue 1h"),
        (-timedelta(hours=26, minutes=10), "超时 1天2小时", "overdue 1d 2h"),
        (-timedelta(seconds=30), "超时 不到1分", "overdue <1m"),
    ],
)
def test_format_remaining(delta: timedelta, zh: str, en: str) -> None:
    assert format_remaining(delta, "zh") == zh
    assert format_remaining(delta, "en") == en


def test_format_remaining_language_codes() -> None:
    delta = timedelta(minutes=5)
    assert format_remaining(delta, "zh-hans") == "5分"
    assert format_remaining(delta, "en-US") == "5m"
