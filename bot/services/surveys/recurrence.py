"""Recurring campaigns on the scheduler's own crontab (APScheduler's `CronTrigger`, which PTB's
job queue already depends on): validating a recurrence and finding its next run. Kept out of
the domain, which only resolves aliases (`every_expression`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.domain.errors import DomainError
from bot.domain.surveys.campaigns import every_expression


def normalise_every(text: str | None) -> str | None:
    """A 5-field crontab (minute hour day month weekday, local time) or an alias; None = once."""
    expr = every_expression(text)
    if expr is None:
        return None
    try:
        CronTrigger.from_crontab(expr)
    except ValueError:
        raise DomainError("survey.bad_every", value=text[:40]) from None
    return expr


def next_run(every: str, after: datetime, tz: ZoneInfo) -> datetime:
    """The first fire time strictly after `after`, in UTC."""
    trigger = CronTrigger.from_crontab(every, timezone=tz)
    fire = trigger.get_next_fire_time(None, after + timedelta(seconds=1))
    return fire.astimezone(UTC)
