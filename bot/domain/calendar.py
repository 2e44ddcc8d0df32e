"""Working time and quiet time in the estate's time zone.

Everything here takes and returns aware datetimes (results in UTC, convention 6);
local wall-clock times are only used to find where a day's window opens and closes.
Durations are always measured between UTC instants, so a DST change shortens or
lengthens a day correctly instead of being counted twice or lost.

Which days are public holidays and make-up workdays (调休) comes from an official calendar
(a `HolidayCalendar`, wired by the composition root from a maintained library) with the
estate's own `holidays` / `makeup_workdays` on top, so the office never retypes the State
Council's arrangement but can still close or open on a day of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")
MONDAY_TO_FRIDAY = frozenset(range(5))

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment!r}")


def _local_instant(day: date, clock: time, tz: ZoneInfo, fold: int = 0) -> datetime:
    """The UTC instant of a local wall-clock time; `fold` picks a side of a DST gap/overlap."""
    return datetime.combine(day, clock, tzinfo=tz).replace(fold=fold).astimezone(UTC)


class HolidayCalendar(Protocol):
    """The country's official days off and make-up workdays; both False where it has no data."""

    def is_holiday(self, day: date) -> bool: ...

    def is_makeup_workday(self, day: date) -> bool: ...


@dataclass(frozen=True)
class BusinessHours:
    """Office hours: one window per working day, holidays and make-up workdays (调休).

    `holidays` and `makeup_workdays` are the estate's own days and win over `official`:
    a make-up workday of its own opens a public holiday, a holiday of its own closes an
    official make-up workday (and a day in both is worked). Days `official` knows nothing
    about follow `workdays` alone.
    """

    start: time = time(8, 30)
    end: time = time(17, 30)
    workdays: frozenset[int] = MONDAY_TO_FRIDAY  # date.weekday(): Monday = 0
    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    tz: ZoneInfo = field(default=DEFAULT_TZ)
    official: HolidayCalendar | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("business hours are local wall-clock times (no tzinfo)")
        if self.start >= self.end:
            raise ValueError(f"business hours must open before they close: {self.start}-{self.end}")
        if not self.workdays <= frozenset(range(7)):
            raise ValueError(f"workdays must be weekday numbers 0..6, got {sorted(self.workdays)}")
        if self.official is not None and not self.workdays:
            # last_working_day() could not see the official make-up days: refuse the mix.
            raise ValueError("an official holiday calendar needs at least one weekday")

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        if self.official is not None:
            if self.official.is_makeup_workday(day):
                return True
            if self.official.is_holiday(day):
                return False
        return day.weekday() in self.workdays

    def window(self, day: date) -> tuple[datetime, datetime]:
        """Opening and closing instant (UTC) of `day`'s window, working day or not."""
        return _local_instant(day, self.start, self.tz), _local_instant(day, self.end, self.tz)

    def contains(self, moment: datetime) -> bool:
        """True if `moment` is inside a working day's window, boundaries included."""
        _require_aware(moment, "moment")
        day = moment.astimezone(self.tz).date()
        if not self.is_working_day(day):
            return False
        opens, closes = self.window(day)
        return opens <= moment <= closes

    def last_working_day(self) -> date | None:
        """The final working day, or None when they never run out (a weekday is a workday)."""
        if self.workdays:
            return None  # holidays are finite, so some weekday always comes round again
        if not self.makeup_workdays:
            raise ValueError("business hours have no working days at all")
        return max(self.makeup_workdays)


def add_business_time(start: datetime, delta: timedelta, hours: BusinessHours) -> datetime:
    """`start` plus `delta` of working time; a start outside hours counts from the next opening.

    Walks day by day (one step per calendar day, never per minute), so a delta of a
    year costs a few hundred cheap iterations. Returns aware UTC.
    """
    _require_aware(start, "start")
    if delta < timedelta(0):
        raise ValueError(f"delta must not be negative, got {delta}")
    last_day = hours.last_working_day()
    cursor = start.astimezone(UTC)
    remaining = delta
    day = cursor.astimezone(hours.tz).date()
    while True:
        if last_day is not None and day > last_day:
            raise ValueError(f"business hours have no working days after {last_day.isoformat()}")
        if hours.is_working_day(day):
            opens, closes = hours.window(day)
            # closes <= opens only for hours straddling a DST gap (01:30-02:15 in London
            # in spring): that day has no usable window rather than a negative one.
            # `<=`: a closing instant is still inside (nothing more to add there),
            # which keeps counting additive: add(add(s, a), 0) == add(s, a).
            if opens < closes and cursor <= closes:
                cursor = max(cursor, opens)
                available = closes - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
                cursor = closes
        day += timedelta(days=1)


@dataclass(frozen=True)
class QuietHours:
    """A daily window with no non-urgent notifications; may cross midnight; start == end: off."""

    start: time = time(21, 0)
    end: time = time(8, 0)
    tz: ZoneInfo = field(default=DEFAULT_TZ)

    @property
    def enabled(self) -> bool:
        return self.start != self.end

    def is_quiet(self, moment: datetime) -> bool:
        _require_aware(moment, "moment")
        if not self.enabled:
            return False
        clock = moment.astimezone(self.tz).time()
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def next_allowed(self, moment: datetime) -> datetime:
        """`moment` (as UTC) if not quiet, else the instant the quiet window ends."""
        if not self.is_quiet(moment):
            return moment.astimezone(UTC)
        local = moment.astimezone(self.tz)
        day = local.date()
        if self.start > self.end and local.time() >= self.start:
            day += timedelta(days=1)  # evening part of an overnight window: ends tomorrow
        # An end time inside a DST overlap happens twice and inside a gap never: take the
        # earliest instant after `moment` at which it is really no longer quiet.
        candidates = sorted({_local_instant(day, self.end, self.tz, fold) for fold in (0, 1)})
        for candidate in candidates:
            if candidate > moment and not self.is_quiet(candidate):
                return candidate
        return candidates[-1]


def _parse_date(item: str) -> date:
    if not _ISO_DATE.fullmatch(item):
        raise ValueError(f"not a date (expected YYYY-MM-DD): {item!r}")
    try:
        return date.fromisoformat(item)
    except ValueError:
        raise ValueError(f"not a valid date: {item!r}") from None


def parse_date_list(text: str) -> frozenset[date]:
    """ "2026-10-01,2026-10-02" or ranges "2026-10-01..2026-10-07" -> dates; empty -> none."""
    dates: set[date] = set()
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        first, sep, last = item.partition("..")
        if not sep:
            dates.add(_parse_date(item))
            continue
        begin, finish = _parse_date(first.strip()), _parse_date(last.strip())
        if finish < begin:
            raise ValueError(f"date range ends before it starts: {item!r}")
        dates.update(begin + timedelta(days=n) for n in range((finish - begin).days + 1))
    return frozenset(dates)


# Standard cron counts weekdays from Sunday = 0 (7 too); APScheduler's `from_crontab` counts
# from Monday = 0, so "0 9 * * 1" would fire on Tuesdays. Names mean the same to both.
_CRON_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_CRON_WEEKDAY_NUMBER = re.compile(r"(?<![/0-9])[0-7](?![0-9])")


def cron_weekdays_as_names(expr: str) -> str:
    """A 5-field crontab with its weekday numbers (cron's Sunday = 0 or 7) written as names;
    anything else is returned as it is, for the scheduler to judge."""
    fields = expr.split()
    if len(fields) != 5:
        return expr
    fields[4] = _CRON_WEEKDAY_NUMBER.sub(lambda m: _CRON_WEEKDAYS[int(m.group()) % 7], fields[4])
    return " ".join(fields)
