"""Business hours, holidays / make-up workdays, quiet hours: hand-computed expectations."""

from __future__ import annotations

import time as stopwatch
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.calendar import BusinessHours, QuietHours, add_business_time, parse_date_list

SH = ZoneInfo("Asia/Shanghai")
LON = ZoneInfo("Europe/London")

# A National Day arrangement for the tests (Thu 1 Oct .. Wed 7 Oct off; Sun 27 Sep and
# Sat 10 Oct are make-up workdays).
GOLDEN_WEEK = BusinessHours(
    holidays=parse_date_list("2026-10-01..2026-10-07"),
    makeup_workdays=parse_date_list("2026-09-27,2026-10-10"),
    tz=SH,
)
PLAIN = BusinessHours(tz=SH)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def lon(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=LON, fold=fold)


def add(start: datetime, cal: BusinessHours = PLAIN, /, **delta: float) -> datetime:
    result = add_business_time(start, timedelta(**delta), cal)
    assert result.tzinfo is UTC
    return result


# --- add_business_time: ordinary weeks (Fri 20 Mar 2026 .. Wed 25 Mar 2026) ---------------


def test_friday_evening_response_rolls_over_the_weekend() -> None:
    # 10 minutes left on Friday (17:20-17:30), 20 more from Monday's 08:30 opening.
    assert add(sh(2026, 3, 20, 17, 20), minutes=30) == sh(2026, 3, 23, 8, 50)
    assert add(sh(2026, 3, 20, 17, 10), minutes=30) == sh(2026, 3, 23, 8, 40)


def test_deadline_exactly_at_closing_stays_on_that_day() -> None:
    assert add(sh(2026, 3, 20, 17, 0), minutes=30) == sh(2026, 3, 20, 17, 30)
    assert add(sh(2026, 3, 20, 17, 0), minutes=31) == sh(2026, 3, 23, 8, 31)


def test_24_business_hours_is_two_days_and_six_hours() -> None:
    # 9 h a day: Mon 9 h + Tue 9 h + 6 h on Wednesday from 08:30.
    assert add(sh(2026, 3, 23, 8, 30), hours=24) == sh(2026, 3, 25, 14, 30)
    assert add(sh(2026, 3, 23, 12, 0), hours=24) == sh(2026, 3, 26, 9, 0)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (sh(2026, 3, 23, 7, 0), sh(2026, 3, 23, 9, 30)),  # before opening
        (sh(2026, 3, 23, 18, 0), sh(2026, 3, 24, 9, 30)),  # after closing
        (sh(2026, 3, 21, 10, 0), sh(2026, 3, 23, 9, 30)),  # Saturday
        (sh(2026, 3, 22, 23, 59), sh(2026, 3, 23, 9, 30)),  # Sunday night
        (sh(2026, 3, 20, 17, 30), sh(2026, 3, 23, 9, 30)),  # exactly at Friday's closing
    ],
)
def test_outside_hours_counts_from_next_opening(start: datetime, expected: datetime) -> None:
    assert add(start, hours=1) == expected


def test_zero_delta() -> None:
    assert add(sh(2026, 3, 23, 12, 0), minutes=0) == sh(2026, 3, 23, 12, 0)
    assert add(sh(2026, 3, 21, 12, 0), minutes=0) == sh(2026, 3, 23, 8, 30)


def test_accepts_any_aware_start_and_returns_utc() -> None:
    start_utc = datetime(2026, 3, 23, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    assert add(start_utc, minutes=30) == datetime(2026, 3, 23, 1, 30, tzinfo=UTC)


def test_long_delta_skips_days_quickly() -> None:
    # 52 weeks of 45 business hours from Mon 5 Jan 2026 08:30 ends Fri 1 Jan 2027 17:30.
    began = stopwatch.perf_counter()
    assert add(sh(2026, 1, 5, 8, 30), hours=52 * 45) == sh(2027, 1, 1, 17, 30)
    # Ten years of working time still takes a few thousand day steps, not minutes.
    add(sh(2026, 1, 5, 8, 30), hours=10 * 52 * 45)
    assert stopwatch.perf_counter() - began < 1.0


# --- holidays and make-up workdays --------------------------------------------------------


def test_is_working_day() -> None:
    assert GOLDEN_WEEK.is_working_day(date(2026, 9, 30))  # Wednesday
    assert not GOLDEN_WEEK.is_working_day(date(2026, 10, 1))  # Thursday, holiday
    assert GOLDEN_WEEK.is_working_day(date(2026, 9, 27))  # Sunday, make-up
    assert GOLDEN_WEEK.is_working_day(date(2026, 10, 10))  # Saturday, make-up
    assert not GOLDEN_WEEK.is_working_day(date(2026, 10, 11))  # ordinary Sunday
    both = BusinessHours(
        holidays=frozenset({date(2026, 10, 10)}), makeup_workdays=frozenset({date(2026, 10, 10)})
    )
    assert both.is_working_day(date(2026, 10, 10))


def test_ticket_filed_on_a_public_holiday_waits_for_the_first_working_day() -> None:
    assert add(sh(2026, 10, 1, 10, 0), GOLDEN_WEEK, minutes=30) == sh(2026, 10, 8, 9, 0)
    # Thu 8th 9 h + Fri 9th 9 h + 6 h on make-up Saturday the 10th.
    assert add(sh(2026, 10, 1, 10, 0), GOLDEN_WEEK, hours=24) == sh(2026, 10, 10, 14, 30)


def test_make_up_sunday_counts() -> None:
    assert add(sh(2026, 9, 26, 12, 0), GOLDEN_WEEK, hours=1) == sh(2026, 9, 27, 9, 30)
    assert add(sh(2026, 9, 26, 12, 0), PLAIN, hours=1) == sh(2026, 9, 28, 9, 30)


def test_eve_of_the_holiday_jumps_the_whole_week() -> None:
    assert add(sh(2026, 9, 30, 17, 0), GOLDEN_WEEK, hours=1) == sh(2026, 10, 8, 9, 0)


# --- DST (Europe/London: 29 Mar 2026 spring forward, 25 Oct 2026 fall back) ----------------


def test_weekend_across_spring_forward_keeps_local_opening() -> None:
    office = BusinessHours(tz=LON)
    # Fri 17:00 GMT (17:00Z) + 1 h -> Mon 09:00 BST, which is 08:00Z, not 09:00Z.
    result = add(lon(2026, 3, 27, 17, 0), office, hours=1)
    assert result == lon(2026, 3, 30, 9, 0) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_window_containing_the_spring_gap_is_one_hour_shorter() -> None:
    night = BusinessHours(start=time(0, 30), end=time(3, 30), workdays=frozenset(range(7)), tz=LON)
    # 29 Mar: 00:30 GMT .. 03:30 BST is 2 h of real time; the last 30 min fall on 30 Mar.
    start = lon(2026, 3, 29, 0, 30)
    assert add(start, night, hours=2) == lon(2026, 3, 29, 3, 30)
    assert add(start, night, hours=2, minutes=30) == lon(2026, 3, 30, 1, 0)


def test_window_containing_the_autumn_overlap_is_one_hour_longer() -> None:
    night = BusinessHours(start=time(0, 30), end=time(3, 30), workdays=frozenset(range(7)), tz=LON)
    # 25 Oct: 00:30 BST (23:30Z on the 24th) .. 03:30 GMT (03:30Z) is 4 h of real time.
    start = lon(2026, 10, 25, 0, 30)
    assert add(start, night, hours=4) == datetime(2026, 10, 25, 3, 30, tzinfo=UTC)
    assert add(start, night, hours=4, minutes=1) == lon(2026, 10, 26, 0, 31)


# --- bad input and configurations without working time ------------------------------------


def test_no_working_days_at_all_raises_instead_of_looping() -> None:
    with pytest.raises(ValueError, match="no working days"):
        add(sh(2026, 3, 23, 9, 0), BusinessHours(workdays=frozenset()), hours=1)


def test_only_make_up_days_run_out() -> None:
    only_one = BusinessHours(workdays=frozenset(), makeup_workdays=frozenset({date(2026, 3, 28)}))
    assert add(sh(2026, 3, 23, 9, 0), only_one, hours=9) == sh(2026, 3, 28, 17, 30)
    with pytest.raises(ValueError, match="2026-03-28"):
        add(sh(2026, 3, 23, 9, 0), only_one, hours=10)
    with pytest.raises(ValueError):
        add(sh(2026, 3, 29, 9, 0), only_one, minutes=1)


def test_rejects_naive_start_and_negative_delta() -> None:
    with pytest.raises(ValueError, match="aware"):
        add_business_time(datetime(2026, 3, 23, 9, 0), timedelta(hours=1), PLAIN)
    with pytest.raises(ValueError, match="negative"):
        add(sh(2026, 3, 23, 9, 0), minutes=-1)


def test_business_hours_validation() -> None:
    with pytest.raises(ValueError, match="open before"):
        BusinessHours(start=time(17, 30), end=time(8, 30))
    with pytest.raises(ValueError, match="0..6"):
        BusinessHours(workdays=frozenset({7}))


# --- properties ---------------------------------------------------------------------------

CALENDARS = [
    GOLDEN_WEEK,
    BusinessHours(workdays=frozenset({0, 1, 2, 3, 4, 5}), tz=LON),
    BusinessHours(start=time(0, 30), end=time(3, 30), workdays=frozenset(range(7)), tz=LON),
    BusinessHours(start=time(1, 30), end=time(2, 15), workdays=frozenset({6}), tz=LON),
]
starts = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
deltas = st.integers(min_value=0, max_value=400 * 60).map(lambda m: timedelta(minutes=m))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CALENDARS), starts, deltas, deltas)
def test_monotonic_additive_and_inside_hours(
    hours: BusinessHours, start: datetime, a: timedelta, b: timedelta
) -> None:
    small, large = sorted((a, b))
    first = add_business_time(start, small, hours)
    second = add_business_time(start, large, hours)
    assert first <= second
    assert first >= start
    # Inside a working day's window, boundaries (opening / closing) included.
    assert hours.contains(first) and hours.contains(second)
    # Counting in two steps is the same as counting at once.
    assert add_business_time(first, large - small, hours) == second


# --- quiet hours --------------------------------------------------------------------------

NIGHT = QuietHours(time(21, 0), time(8, 0), SH)
LUNCH = QuietHours(time(13, 0), time(14, 0), SH)


@pytest.mark.parametrize(
    ("moment", "quiet", "allowed"),
    [
        (sh(2026, 3, 23, 20, 59), False, sh(2026, 3, 23, 20, 59)),
        (sh(2026, 3, 23, 21, 0), True, sh(2026, 3, 24, 8, 0)),
        (sh(2026, 3, 23, 23, 59, 59), True, sh(2026, 3, 24, 8, 0)),
        (sh(2026, 3, 24, 0, 0), True, sh(2026, 3, 24, 8, 0)),
        (sh(2026, 3, 24, 7, 59, 59), True, sh(2026, 3, 24, 8, 0)),
        (sh(2026, 3, 24, 8, 0), False, sh(2026, 3, 24, 8, 0)),
    ],
)
def test_quiet_window_crossing_midnight(moment: datetime, quiet: bool, allowed: datetime) -> None:
    assert NIGHT.is_quiet(moment) is quiet
    result = NIGHT.next_allowed(moment)
    assert result == allowed and result.tzinfo is UTC


@pytest.mark.parametrize(
    ("moment", "quiet", "allowed"),
    [
        (sh(2026, 3, 23, 12, 59, 59), False, sh(2026, 3, 23, 12, 59, 59)),
        (sh(2026, 3, 23, 13, 0), True, sh(2026, 3, 23, 14, 0)),
        (sh(2026, 3, 23, 13, 59), True, sh(2026, 3, 23, 14, 0)),
        (sh(2026, 3, 23, 14, 0), False, sh(2026, 3, 23, 14, 0)),
        (sh(2026, 3, 23, 23, 0), False, sh(2026, 3, 23, 23, 0)),
    ],
)
def test_quiet_window_within_a_day(moment: datetime, quiet: bool, allowed: datetime) -> None:
    assert LUNCH.is_quiet(moment) is quiet
    assert LUNCH.next_allowed(moment) == allowed


def test_equal_start_and_end_disables_quiet_hours() -> None:
    off = QuietHours(time(21, 0), time(21, 0), SH)
    assert not off.enabled
    for hour in range(24):
        moment = sh(2026, 3, 23, hour, 0)
        assert not off.is_quiet(moment)
        assert off.next_allowed(moment) == moment


def test_quiet_hours_use_local_time_across_dst() -> None:
    night = QuietHours(time(21, 0), time(8, 0), LON)
    # Sat 28 Mar 22:00 GMT -> Sun 29 Mar 08:00 BST = 07:00Z (a 9-hour night).
    assert night.next_allowed(lon(2026, 3, 28, 22, 0)) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert not night.is_quiet(datetime(2026, 3, 29, 7, 0, tzinfo=UTC))
    assert night.is_quiet(datetime(2026, 3, 29, 6, 59, tzinfo=UTC))  # 07:59 BST


def test_quiet_end_in_a_dst_gap_or_overlap_is_still_after_the_moment() -> None:
    gap = QuietHours(time(22, 0), time(1, 30), LON)  # 01:30 does not exist on 29 Mar
    allowed = gap.next_allowed(lon(2026, 3, 28, 23, 0))
    assert allowed == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 02:30 BST
    assert not gap.is_quiet(allowed)
    overlap = QuietHours(time(0, 0), time(1, 30), LON)  # 01:00-02:00 happens twice on 25 Oct
    first_pass = lon(2026, 10, 25, 1, 10)  # 00:10Z, BST
    second_pass = lon(2026, 10, 25, 1, 10, fold=1)  # 01:10Z, GMT
    assert overlap.next_allowed(first_pass) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert overlap.next_allowed(second_pass) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_quiet_hours_reject_naive_moments() -> None:
    with pytest.raises(ValueError, match="aware"):
        NIGHT.is_quiet(datetime(2026, 3, 23, 22, 0))


# --- parse_date_list ----------------------------------------------------------------------


def test_parse_date_list() -> None:
    assert parse_date_list("") == frozenset()
    assert parse_date_list(" 2026-10-01, 2026-10-02 ,") == {date(2026, 10, 1), date(2026, 10, 2)}
    assert parse_date_list("2026-10-01..2026-10-03,2026-10-08") == {
        date(2026, 10, 1),
        date(2026, 10, 2),
        date(2026, 10, 3),
        date(2026, 10, 8),
    }


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("2026-10-01,2026/10/02", "2026/10/02"),
        ("2026-02-30", "2026-02-30"),
        ("20261001", "20261001"),
        ("2026-10-01,tomorrow", "tomorrow"),
        ("2026-10-07..2026-10-01", "2026-10-07..2026-10-01"),
    ],
)
def test_parse_date_list_names_the_bad_item(text: str, bad: str) -> None:
    with pytest.raises(ValueError, match=bad.replace(".", r"\.")):
        parse_date_list(text)


QUIET_WINDOWS = [
    NIGHT,
    LUNCH,
    QuietHours(time(22, 0), time(1, 30), LON),
    QuietHours(time(0, 0), time(1, 30), LON),
    QuietHours(time(21, 0), time(8, 0), LON),
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(QUIET_WINDOWS), starts)
def test_next_allowed_is_never_earlier_and_never_quiet(quiet: QuietHours, moment: datetime) -> None:
    allowed = quiet.next_allowed(moment)
    assert allowed >= moment
    assert not quiet.is_quiet(allowed)
    assert (allowed == moment) is (not quiet.is_quiet(moment))
    assert allowed - moment < timedelta(hours=13)


def test_cron_weekday_numbers_mean_what_cron_means():
    """APScheduler's from_crontab counts weekdays from Monday = 0: "0 9 * * 1" (cron's Monday,
    the `weekly` alias) fired on Tuesdays until the numbers were written as names."""
    from zoneinfo import ZoneInfo

    from bot.domain.calendar import cron_weekdays_as_names
    from bot.services.surveys.recurrence import next_run

    assert cron_weekdays_as_names("0 9 * * 1") == "0 9 * * mon"
    assert cron_weekdays_as_names("30 8 * * 1-5") == "30 8 * * mon-fri"
    assert cron_weekdays_as_names("0 9 * * 0,7") == "0 9 * * sun,sun"
    assert cron_weekdays_as_names("0 9 * * */2") == "0 9 * * */2"
    assert cron_weekdays_as_names("0 9 1 1,4,7,10 *") == "0 9 1 1,4,7,10 *"
    tz = ZoneInfo("Asia/Shanghai")
    saturday = datetime(2026, 12, 5, 12, 0, tzinfo=tz)
    monday = next_run("0 9 * * 1", saturday, tz).astimezone(tz)
    assert (monday.strftime("%a"), monday.hour) == ("Mon", 9)
    sunday = next_run("0 9 * * 0", saturday, tz).astimezone(tz)
    assert sunday.strftime("%a %d") == "Sun 06"
