"""Recurring campaigns on the scheduler's own crontab (APScheduler's `CronTrigger`, which PTB's
job queue already depends on): validating a recurrence and finding its next run. Kept out of
the domain, which only resolves aliases (`every_expression`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.domain.calendar import cron_weekdays_as_names
from bot.domain.errors import DomainError
from bot.domain.surveys.campaigns import every_expression


def normalise_every(text: str | None) -> str | None:
    """A 5-field crontab (minute hour day month weekday, local time) or an alias; None = once."""
    expr = every_expression(text)
    if text is None:
        return expr
    if expr is None:
        return None
    try:
        CronTrigger.from_crontab(cron_weekdays_as_names(expr))
    except ValueError:
        raise DomainError("survey.bad_every", value=text[:40]) from None
    return expr


def next_run(every: str, after: datetime, tz: ZoneInfo) -> datetime:
    """The first fire time strictly after `after`, in UTC."""
    trigger = CronTrigger.from_crontab(cron_weekdays_as_names(every), timezone=tz)
    fire: datetime = trigger.get_next_fire_time(None, after + timedelta(seconds=1))
    return fire.astimezone(UTC)


def shortest_period(every: str, starts: datetime, tz: ZoneInfo, rounds: int = 13) -> timedelta:
    """The shortest time between the starts of two consecutive rounds (the first round
    starts at `starts`, the next ones when the crontab fires), over the next `rounds`."""
    moments = [starts]
    for _ in range(rounds):
        moments.append(next_run(every, moments[-1], tz))
    return min(b - a for a, b in zip(moments, moments[1:], strict=False))
