"""Campaign scheduling arithmetic: audiences, recurrence, local times, deadlines, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import DomainError
from bot.domain.surveys.campaigns import (
    AudienceKind,
    deadline_from,
    next_run,
    normalise_every,
    parse_audience,
    parse_duration,
    parse_when,
    reminders_due,
)

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.mark.parametrize(
    "text,kind,buildings,days",
    [
        ("all", AudienceKind.ALL, (), 0),
        (" ALL ", AudienceKind.ALL, (), 0),
        ("buildings:5,3,5", AudienceKind.BUILDINGS, ("3", "5"), 0),
        ("building:a", AudienceKind.BUILDINGS, ("A",), 0),
        ("closed:30", AudienceKind.CLOSED_TICKET, (), 30),
        ("closed-ticket:7", AudienceKind.CLOSED_TICKET, (), 7),
    ],
)
def test_audiences(text, kind, buildings, days):
    audience = parse_audience(text)
    assert (audience.kind, audience.buildings, audience.days) == (kind, buildings, days)
    assert parse_audience(audience.as_text()) == audience


@pytest.mark.parametrize(
    "text", ["", "everyone", "buildings:", "closed:0", "closed:x", "buildings:3;drop"]
)
def test_bad_audiences_are_refused(text):
    with pytest.raises(DomainError) as caught:
        parse_audience(text)
    assert caught.value.key == "survey.bad_audience"


def test_recurrence_aliases_and_crontabs():
    assert normalise_every("quarterly") == "0 9 1 1,4,7,10 *"
    assert normalise_every(" 0  9 * * 1 ") == "0 9 * * 1"
    assert normalise_every(None) is None and normalise_every("once") is None
    for bad in ("sometimes", "0 9 1 13 *", "* * *"):
        with pytest.raises(DomainError):
            normalise_every(bad)


def test_quarterly_runs_at_nine_local_on_the_first_of_the_quarter():
    every = normalise_every("quarterly")
    first = next_run(every, NOW, SH)
    assert first == datetime(2026, 4, 1, 1, 0, tzinfo=UTC)  # 09:00 +08:00
    assert next_run(every, first, SH) == datetime(2026, 7, 1, 1, 0, tzinfo=UTC)
    # exactly at a fire time: the next one, never the same one twice
    assert next_run(every, datetime(2026, 4, 1, 1, 0, tzinfo=UTC), SH).month == 7


@pytest.mark.parametrize(
    "text,expected",
    [("30m", timedelta(minutes=30)), ("72h", timedelta(hours=72)), ("14d", timedelta(days=14)),
     ("2w", timedelta(days=14)), ("14", None), ("d", None), ("1y", None)],
)  # fmt: skip
def test_durations(text, expected):
    assert parse_duration(text) == expected


def test_local_times_become_utc():
    assert parse_when("now", SH, NOW) == NOW
    assert parse_when("2026-04-01 09:00", SH, NOW) == datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
    assert parse_when("2026-04-01", SH, NOW) == datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
    end = parse_when("2026-04-01", SH, NOW, end_of_day=True)
    assert end == datetime(2026, 4, 1, 15, 59, tzinfo=UTC)
    with pytest.raises(DomainError):
        parse_when("next tuesday", SH, NOW)


def test_deadlines():
    assert deadline_from(None, NOW, SH, NOW) == NOW + timedelta(days=14)
    assert deadline_from("3d", NOW, SH, NOW) == NOW + timedelta(days=3)
    assert deadline_from("2026-03-20", NOW, SH, NOW) == datetime(2026, 3, 20, 15, 59, tzinfo=UTC)
    with pytest.raises(DomainError):
        deadline_from("2026-03-01", NOW, SH, NOW)


@pytest.mark.parametrize(
    "hours_after_start,count,expected",
    [
        (0, 2, 0),
        (71, 2, 0),
        (72, 2, 1),  # every 3 days
        (150, 2, 2),
        (300, 2, 0),  # after the 10-day deadline: nothing
        (200, 5, 2),  # only reminders that fall before the deadline (day 3, 6, 9) …
        (217, 5, 3),  # … day 9 is the last one
        (100, 0, 0),
    ],
)
def test_reminders_due(hours_after_start, count, expected):
    start = NOW
    deadline = start + timedelta(days=10)
    now = start + timedelta(hours=hours_after_start)
    assert reminders_due(start, deadline, timedelta(days=3), count, now) == expected
