"""Digest schedules: when each digest is due and which period it covers.

Only the latest scheduled occurrence is ever due, keyed by the period it covers
("w2026-11-23", "m2026-11", "d2026-12-04"), so a digest missed while the bot was down is
sent once at start-up and never twice; one falling in quiet hours waits until they end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.calendar import QuietHours
from bot.domain.errors import DomainError
from bot.domain.reports.period import Period, local_midnight


class DigestKind(StrEnum):
    WEEKLY = "weekly"  # last week's report to managers
    MONTHLY = "monthly"  # last month's report to managers
    DAILY = "daily"  # the overdue list to the staff group


@dataclass(frozen=True)
class Schedule:
    kind: DigestKind
    enabled: bool
    at: time
    since: datetime  # UTC; nothing scheduled before it is sent (a new or changed schedule)
    weekday: int = 0
    day: int = 1


DEFAULT_TIMES = {DigestKind.WEEKLY: time(9), DigestKind.MONTHLY: time(9),
                 DigestKind.DAILY: time(8, 30)}  # fmt: skip
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def default(kind: DigestKind, since: datetime) -> Schedule:
    return Schedule(kind, True, DEFAULT_TIMES[kind], since)


def parse_clock(text: str) -> time:
    match = _CLOCK.match(text.strip())
    if not match:
        raise DomainError("digest.bad_time")
    return time(int(match.group(1)), int(match.group(2)))


def latest_occurrence(s: Schedule, now: datetime, tz: ZoneInfo) -> date | None:
    """The local date of the latest scheduled moment at or before `now` (within 62 days)."""
    today = now.astimezone(tz).date()
    for back in range(62):
        day = today - timedelta(days=back)
        if s.kind is DigestKind.WEEKLY and day.weekday() != s.weekday:
            continue
        if s.kind is DigestKind.MONTHLY and day.day != s.day:
            continue
        moment = local_midnight(day, tz) + timedelta(hours=s.at.hour, minutes=s.at.minute)
        if moment <= now:
            return day if moment >= s.since else None
    return None


def covered(kind: DigestKind, day: date) -> tuple[str, Period]:
    """The key and period a digest sent on local `day` covers."""
    if kind is DigestKind.WEEKLY:
        monday = day - timedelta(days=day.weekday() + 7)
        return f"w{monday}", Period(monday, monday + timedelta(days=6))
    if kind is DigestKind.MONTHLY:
        last = day.replace(day=1) - timedelta(days=1)
        return f"m{last:%Y-%m}", Period(last.replace(day=1), last)
    return f"d{day}", Period(day, day)


def due(s: Schedule, now: datetime, tz: ZoneInfo, quiet: QuietHours) -> tuple[str, Period] | None:
    """(key, period) of the digest to send now, if any (the caller skips keys already sent)."""
    if not s.enabled or quiet.is_quiet(now):
        return None
    day = latest_occurrence(s, now, tz)
    return covered(s.kind, day) if day is not None else None
