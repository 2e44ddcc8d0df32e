"""Small exact statistics: percentiles, shares, and working time between two instants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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


def business_seconds(start: datetime, end: datetime, hours: BusinessHours) -> float:
    """Working seconds between two instants (0 if end <= start), day by day, never per minute."""
    if end <= start:
        return 0.0
    total = timedelta(0)
    day = start.astimezone(hours.tz).date()
    last = end.astimezone(hours.tz).date()
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    while day <= last:
        if hours.is_working_day(day):
            opens, closes = hours.window(day)
            low, high = max(opens, start), min(closes, end)
            if high > low:
                total += high - low
        day += timedelta(days=1)
    return total.total_seconds()
