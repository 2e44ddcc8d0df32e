"""Small exact statistics: percentiles, shares, and working time between two instants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.domain.calendar import BusinessHours


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def share(part: int, whole: int) -> float | None:
    """Percentage with one decimal, None when there is nothing to divide."""
    if whole == 0:
        return None
    return round(100 * part / whole, 1)


def change(now: int, before: int) -> float | None:
    """Relative change in percent against the previous period; None when it had nothing."""
    if before == 0:
        return None
    return round(100 * (now - before) / before, 1)


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile of durations in seconds, and how many there were."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Spread:
        return cls(len(seconds), percentile(seconds, 50), percentile(seconds, 90))


EPOCH = date(1970, 1, 1).toordinal()
_MISSING = object()


class WorkingTime:
    """Working seconds between instants, fast enough for a year of tickets: each local day's
    window and each hour's UTC offset is worked out once (DST changes fall on whole hours)."""

    def __init__(self, hours: BusinessHours) -> None:
        self.hours = hours
        self._offsets: dict[int, float] = {}
        self._windows: dict[int, tuple[float, float] | None] = {}

    def _day(self, ts: float) -> int:
        bucket = int(ts // 3600)
        offset = self._offsets.get(bucket)
        if offset is None:
            moment = datetime.fromtimestamp(bucket * 3600, UTC).astimezone(self.hours.tz)
            delta = moment.utcoffset()
            offset = delta.total_seconds() if delta else 0.0
            self._offsets[bucket] = offset
        return int((ts + offset) // 86400)

    def _window(self, day: int) -> tuple[float, float] | None:
        window = self._windows.get(day, _MISSING)
        if window is _MISSING:
            local = date.fromordinal(EPOCH + day)
            window = None
            if self.hours.is_working_day(local):
                opens, closes = self.hours.window(local)
                window = (opens.timestamp(), closes.timestamp())
            self._windows[day] = window
        return window  # type: ignore[return-value]

    def seconds(self, start: datetime, end: datetime) -> float:
        a, b = start.timestamp(), end.timestamp()
        if b <= a:
            return 0.0
        total = 0.0
        for day in range(self._day(a), self._day(b) + 1):
            window = self._window(day)
            if window is not None:
                low, high = max(window[0], a), min(window[1], b)
                if high > low:
                    total += high - low
        return total


def business_seconds(start: datetime, end: datetime, hours: BusinessHours) -> float:
    """Working seconds between two instants (0 if end <= start)."""
    return WorkingTime(hours).seconds(start, end)
