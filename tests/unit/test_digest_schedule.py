"""When each digest is due and which period it covers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calendar import QuietHours
from bot.domain.errors import DomainError
from bot.domain.reports.digests import DigestKind, Schedule, covered, default, due, parse_clock
from bot.domain.reports.period import Period

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUIET = QuietHours(time(21), time(8), SHANGHAI)
SINCE = datetime(2026, 11, 1, tzinfo=UTC)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_the_weekly_digest_covers_last_week_from_monday_nine_oclock():
    weekly = default(DigestKind.WEEKLY, SINCE)
    assert due(weekly, local("2026-11-30T08:59"), SHANGHAI, QUIET) == (
        "w2026-11-16",
        Period(date(2026, 11, 16), date(2026, 11, 22)),
    )  # still the previous Monday's
    assert due(weekly, local("2026-11-30T09:00"), SHANGHAI, QUIET) == (
        "w2026-11-23",
        Period(date(2026, 11, 23), date(2026, 11, 29)),
    )
    # Down all Monday and Tuesday: on Wednesday the same digest is still the one due.
    assert due(weekly, local("2026-12-02T10:00"), SHANGHAI, QUIET)[0] == "w2026-11-23"


def test_monthly_and_daily_keys():
    assert covered(DigestKind.MONTHLY, date(2027, 1, 1)) == (
        "m2026-12",
        Period(date(2026, 12, 1), date(2026, 12, 31)),
    )
    daily = default(DigestKind.DAILY, SINCE)
    assert due(daily, local("2026-12-04T08:29"), SHANGHAI, QUIET)[0] == "d2026-12-03"
    assert due(daily, local("2026-12-04T08:30"), SHANGHAI, QUIET)[0] == "d2026-12-04"


def test_nothing_before_the_schedule_was_set_and_nothing_when_off():
    weekly = default(DigestKind.WEEKLY, local("2026-11-30T10:00"))
    assert due(weekly, local("2026-11-30T11:00"), SHANGHAI, QUIET) is None
    off = Schedule(DigestKind.DAILY, False, time(8, 30), SINCE)
    assert due(off, local("2026-12-04T09:00"), SHANGHAI, QUIET) is None


def test_a_digest_in_quiet_hours_waits_for_them_to_end():
    early = Schedule(DigestKind.DAILY, True, time(7), SINCE)
    assert due(early, local("2026-12-04T07:00"), SHANGHAI, QUIET) is None
    assert due(early, local("2026-12-04T08:00"), SHANGHAI, QUIET)[0] == "d2026-12-04"


@pytest.mark.parametrize("text", ["24:00", "9", "09:60", "nine"])
def test_bad_times(text):
    with pytest.raises(DomainError):
        parse_clock(text)
    assert parse_clock("9:05") == time(9, 5)
