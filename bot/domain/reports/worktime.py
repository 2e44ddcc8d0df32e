"""Working time and spreads over a whole period's tickets at once (numpy columns).

The same figures as `stats.WorkingTime.seconds` and `stats.Spread.of`, computed for
hundreds of thousands of tickets in milliseconds: the office's working windows of the
days concerned become one sorted array, the working seconds elapsed since the first of
them a piecewise-linear function of the instant (prefix sums), and the working time
between two instants the difference of two look-ups. Timestamps are UTC epoch seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from bot.domain.calendar import BusinessHours
from bot.domain.reports.stats import Spread, WorkingTime

Seconds = npt.NDArray[np.float64]
KINDS = ("repair", "complaint", "inquiry")  # column code: 1 + the place here, 0 another


class WorkingClock:
    """Working seconds between instants of [first, last] (epoch seconds)."""

    def __init__(self, hours: BusinessHours, first: float, last: float) -> None:
        self.hours = hours
        day = _local_day(first, hours) - timedelta(days=1)
        stop = _local_day(last, hours) + timedelta(days=1)
        opens: list[float] = []
        closes: list[float] = []
        while day <= stop:
            if hours.is_working_day(day):
                opening, closing = hours.window(day)
                opens.append(opening.timestamp())
                closes.append(closing.timestamp())
            day += timedelta(days=1)
        self.opens = np.array(opens, dtype=np.float64)
        self.lengths = np.array(closes, dtype=np.float64) - self.opens
        # Working seconds before each window opens.
        self.before = np.concatenate(([0.0], np.cumsum(self.lengths)[:-1]))
        # Windows of different days never overlap with sane hours; if a calendar made them
        # (a DST edge), the day-by-day calculation stays the reference.
        self.disjoint = bool(np.all(self.opens[1:] >= self.opens[:-1] + self.lengths[:-1]))

    def elapsed(self, moments: Seconds) -> Seconds:
        """Working seconds from the first window to each instant."""
        if self.opens.size == 0:
            return np.zeros_like(moments)
        index = np.searchsorted(self.opens, moments, side="right") - 1
        safe = np.maximum(index, 0)
        inside = np.clip(moments - self.opens[safe], 0.0, self.lengths[safe])
        found: Seconds = np.where(index >= 0, self.before[safe] + inside, 0.0)
        return found

    def seconds(self, start: Seconds, end: Seconds) -> Seconds:
        """Working seconds between each pair (0 when end <= start)."""
        if not self.disjoint:
            working = WorkingTime(self.hours)
            return np.array(
                [working.seconds(_utc(a), _utc(b)) for a, b in zip(start, end, strict=True)],
                dtype=np.float64,
            )
        found: Seconds = np.maximum(self.elapsed(end) - self.elapsed(start), 0.0)
        return found


def spread(seconds: Seconds) -> Spread:
    """`Spread.of` for an array: the same linear interpolation between closest ranks, on
    the two order statistics each percentile needs (a partition, not a full sort)."""
    n = int(seconds.size)
    if n == 0:
        return Spread(0, None, None)
    return Spread(n, percentile_of(seconds, 50), percentile_of(seconds, 90))


def _local_day(epoch: float, hours: BusinessHours) -> date:
    return datetime.fromtimestamp(epoch, UTC).astimezone(hours.tz).date()


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(float(epoch), UTC)


def percentile_of(values: Seconds, q: float) -> float | None:
    """`stats.percentile` for an array (the same interpolation), None when empty."""
    n = int(values.size)
    if n == 0:
        return None
    position = (n - 1) * q / 100
    low = int(position)
    high = min(low + 1, n - 1)
    ordered = np.partition(values, sorted({low, high}))
    a, b = float(ordered[low]), float(ordered[high])
    return a + (b - a) * (position - low)


def heatmap(created: Seconds, offset: Callable[[int], int]) -> tuple[tuple[int, ...], ...]:
    """Tickets by local weekday (Monday first) x hour: `offset(hour)` is the estate's UTC
    offset in seconds during that UTC hour (epoch hours; worked out once per hour)."""
    grid = np.zeros(7 * 24, dtype=np.int64)
    if created.size:
        moments = created.astype(np.int64)
        hours, where = np.unique(moments // 3600, return_inverse=True)
        local = moments + np.array([offset(int(h)) for h in hours], dtype=np.int64)[where]
        weekday = (local // 86400 + 3) % 7  # 1 January 1970 was a Thursday
        grid = np.bincount(weekday * 24 + (local % 86400) // 3600, minlength=7 * 24)
    return tuple(tuple(int(n) for n in grid[day * 24 : (day + 1) * 24]) for day in range(7))
