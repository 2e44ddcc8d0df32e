"""Report periods, percentiles and working time between two instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calendar import BusinessHours
from bot.domain.errors import DomainError
from bot.domain.reports.period import Period, month_of, parse_range, preset
from bot.domain.reports.stats import Spread, business_seconds, change, percentile, share

SHANGHAI = ZoneInfo("Asia/Shanghai")


class FixedHolidays:
    """National Day 2026: 1-7 Oct off, Sunday 27 Sep and Saturday 10 Oct worked (调休)."""

    def is_holiday(self, day: date) -> bool:
        return date(2026, 10, 1) <= day <= date(2026, 10, 7)

    def is_makeup_workday(self, day: date) -> bool:
        return day in (date(2026, 9, 27), date(2026, 10, 10))


HOURS = BusinessHours(start=time(9), end=time(17), tz=SHANGHAI, official=FixedHolidays())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_periods_are_local_days_cut_at_local_midnight():
    november = Period(date(2026, 11, 1), date(2026, 11, 30))
    start, end = november.bounds(SHANGHAI)
    assert start == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert end == datetime(2026, 11, 30, 16, tzinfo=UTC)
    assert november.days == 30
    assert november.previous() == Period(date(2026, 10, 2), date(2026, 10, 31))
    assert Period.from_key(*november.key.split("_")) == november


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("this_week", date(2026, 11, 16), date(2026, 11, 18)),
        ("last_week", date(2026, 11, 9), date(2026, 11, 15)),
        ("this_month", date(2026, 11, 1), date(2026, 11, 18)),
        ("last_month", date(2026, 10, 1), date(2026, 10, 31)),
        ("this_quarter", date(2026, 10, 1), date(2026, 11, 18)),
    ],
)
def test_presets_relative_to_a_wednesday(name, first, last):
    assert preset(name, date(2026, 11, 18)) == Period(first, last)


def test_last_month_in_january_and_month_of():
    assert preset("last_month", date(2027, 1, 5)) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert month_of(date(2028, 2, 10)) == Period(date(2028, 2, 1), date(2028, 2, 29))


@pytest.mark.parametrize("text", ["2026-11-01 2026-11-30", "2026-11-01..2026-11-30",
                                  " 2026-11-01 ~ 2026-11-30 ", "2026-11-01 to 2026-11-30"])  # fmt: skip
def test_typed_ranges(text):
    assert parse_range(text) == Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    "text", ["2026-11-30 2026-11-01", "2026-02-30 2026-03-01", "November", "2020-01-01 2026-01-01"]
)
def test_bad_ranges_are_refused(text):
    with pytest.raises(DomainError):
        parse_range(text)


def test_percentiles_interpolate_between_ranks():
    assert percentile([], 50) is None
    assert percentile([7], 90) == 7
    assert percentile([600, 1800, 7200], 50) == 1800
    assert percentile([600, 1800, 7200], 90) == pytest.approx(6120)
    assert percentile([4, 1, 3, 2], 50) == 2.5
    assert Spread.of([10, 20]) == Spread(2, 15, 19)


def test_shares_and_changes():
    assert share(1, 3) == 33.3 and share(0, 0) is None
    assert change(6, 2) == 200.0 and change(1, 0) is None and change(0, 4) == -100.0


def test_business_time_inside_one_day_and_across_a_night():
    assert business_seconds(at("2026-11-18T10:00"), at("2026-11-18T11:30"), HOURS) == 5400
    # Wed 16:00 -> Thu 10:00: one hour on Wednesday, one on Thursday.
    assert business_seconds(at("2026-11-18T16:00"), at("2026-11-19T10:00"), HOURS) == 7200
    assert business_seconds(at("2026-11-18T10:00"), at("2026-11-18T09:00"), HOURS) == 0


def test_business_time_skips_the_holiday_and_counts_the_make_up_workday():
    # Wed 30 Sep 16:00 -> Sat 10 Oct 10:00: 1 h on 30 Sep, 1-7 Oct off, Thu 8 and Fri 9 Oct
    # 8 h each, Saturday 10 Oct is a make-up workday: 1 h.
    seconds = business_seconds(at("2026-09-30T16:00"), at("2026-10-10T10:00"), HOURS)
    assert seconds == (1 + 8 + 8 + 1) * 3600
    # Sunday 27 Sep is worked too; an ordinary Sunday is not.
    assert business_seconds(at("2026-09-27T08:00"), at("2026-09-27T20:00"), HOURS) == 8 * 3600
    assert business_seconds(at("2026-11-22T08:00"), at("2026-11-22T20:00"), HOURS) == 0
