"""Report periods: whole local days, cut at the estate's local midnight, stored as UTC bounds.

A period is `first` .. `last` inclusive (local dates). `bounds(tz)` gives the half-open UTC
interval [start, end) the SQL compares against; `previous()` is the period of the same
length just before it (for "change against the previous period").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError

PRESETS = ("this_week", "last_week", "this_month", "last_month", "this_quarter")
MAX_DAYS = 3 * 366  # a longer custom range is refused (it is a report, not an export)
_DATES = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|~|—|-{1,2}|\s)\s*(\d{4}-\d{2}-\d{2})\s*$"
)


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise DomainError("report.bad_range")
        if self.days > MAX_DAYS:
            raise DomainError("report.range_too_long", days=MAX_DAYS)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) in UTC: local midnight of `first` to local midnight after `last`."""
        return local_midnight(self.first, tz), local_midnight(self.last + timedelta(days=1), tz)

    def previous(self) -> Period:
        length = timedelta(days=self.days)
        return Period(self.first - length, self.last - length)

    @property
    def key(self) -> str:
        """Compact form for callback data: 20261101_20261130."""
        return f"{self.first:%Y%m%d}_{self.last:%Y%m%d}"

    @classmethod
    def from_key(cls, first: str, last: str) -> Period:
        try:
            return cls(
                datetime.strptime(first, "%Y%m%d").date(), datetime.strptime(last, "%Y%m%d").date()
            )
        except ValueError:
            raise DomainError("error.stale_button") from None


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def preset(name: str, today: date) -> Period:
    """One of PRESETS relative to `today` (a local date); weeks start on Monday."""
    if name == "this_week":
        monday = today - timedelta(days=today.weekday())
        return Period(monday, today)
    if name == "last_week":
        monday = today - timedelta(days=today.weekday() + 7)
        return Period(monday, monday + timedelta(days=6))
    if name == "this_month":
        return Period(today.replace(day=1), today)
    if name == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return Period(last.replace(day=1), last)
    if name == "this_quarter":
        month = 3 * ((today.month - 1) // 3) + 1
        return Period(date(today.year, month, 1), today)
    raise DomainError("error.stale_button")


def parse_range(text: str) -> Period:
    """ "2026-11-01 2026-11-30" (or with .., ~, to) -> Period; anything else refused."""
    match = _DATES.match(text)
    if not match:
        raise DomainError("report.bad_range")
    try:
        first, last = (date.fromisoformat(part) for part in match.groups())
    except ValueError:
        raise DomainError("report.bad_range") from None
    return Period(first, last)


def month_of(day: date) -> Period:
    """The whole calendar month containing `day`."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))
