"""The vectorised report maths (numpy columns) give exactly the per-ticket figures."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from bot.domain.calendar import BusinessHours
from bot.domain.reports.stats import Spread, WorkingTime, percentile
from bot.domain.reports.worktime import WorkingClock, heatmap, percentile_of, spread
from bot.services.reports.rows import local_minutes
from tests.unit.test_report_maths import HOURS

ZONES = ("Asia/Shanghai", "Asia/Kolkata", "America/New_York", "Australia/Lord_Howe")


def _pairs(rng: random.Random, n: int) -> tuple[np.ndarray, np.ndarray]:
    base = datetime(2026, 9, 1, tzinfo=UTC).timestamp()
    starts = [base + rng.randrange(90 * 86400) for _ in range(n)]
    ends = [
        s + rng.choice((-3600, 0, 60, 5400, 86400 * 3, rng.randrange(20 * 86400))) for s in starts
    ]
    return np.array(starts, dtype=np.float64), np.array(ends, dtype=np.float64)


@pytest.mark.parametrize("zone", ZONES)
def test_working_time_at_once_equals_the_day_by_day_calculation(zone):
    """Holidays, make-up workdays and DST changes included: not one second apart."""
    hours = BusinessHours(
        start=time(8, 30), end=time(17, 30), tz=ZoneInfo(zone), official=HOURS.official,
        holidays=frozenset({date(2026, 11, 11)}), makeup_workdays=frozenset({date(2026, 11, 15)}),
    )  # fmt: skip
    starts, ends = _pairs(random.Random(zone), 2000)
    clock = WorkingClock(hours, float(min(starts.min(), ends.min())), float(ends.max()))
    found = clock.seconds(starts, ends)
    working = WorkingTime(hours)
    expected = [
        working.seconds(datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC))
        for a, b in zip(starts, ends, strict=True)
    ]
    assert found.tolist() == expected


def test_a_period_without_working_days_has_no_working_time():
    hours = BusinessHours(workdays=frozenset(), makeup_workdays=frozenset({date(2030, 1, 1)}))
    starts, ends = _pairs(random.Random(1), 50)
    clock = WorkingClock(hours, float(starts.min()), float(ends.max()))
    assert clock.seconds(starts, ends).tolist() == [0.0] * 50


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 11, 997])
def test_percentiles_of_an_array_equal_the_list_version(n):
    rng = random.Random(n)
    values = [float(rng.randrange(100_000)) for _ in range(n)]
    array = np.array(values, dtype=np.float64)
    assert spread(array) == Spread.of(values)
    for q in (0, 25, 50, 90, 100):
        assert percentile_of(array, q) == percentile(values, q)
    assert all(type(v) is float for v in (spread(array).median, spread(array).p90) if v is not None)


@pytest.mark.parametrize("zone", ZONES)
def test_the_heatmap_uses_each_moments_local_weekday_and_hour(zone):
    tz = ZoneInfo(zone)
    moments = _pairs(random.Random(7), 3000)[0]

    def offset(hour: int) -> int:
        delta = datetime.fromtimestamp(hour * 3600, UTC).astimezone(tz).utcoffset()
        return int(delta.total_seconds()) if delta else 0

    grid = [[0] * 24 for _ in range(7)]
    for m in moments:
        local = datetime.fromtimestamp(m, UTC).astimezone(tz)
        grid[local.weekday()][local.hour] += 1
    assert heatmap(moments, offset) == tuple(tuple(row) for row in grid)
    assert heatmap(np.array([], dtype=np.float64), offset) == ((0,) * 24,) * 7


@pytest.mark.parametrize("zone", ZONES)
def test_stored_times_become_local_minutes(zone):
    tz = ZoneInfo(zone)
    convert = local_minutes(tz)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for minutes in range(0, 300 * 24 * 60, 37):
        moment = start + timedelta(minutes=minutes)
        text = moment.isoformat(timespec="seconds")
        assert convert(text) == moment.astimezone(tz).strftime("%Y-%m-%d %H:%M"), text
