"""Survey campaigns: audience, schedule (start, recurrence, deadline, reminders), status.

Every campaign row is one round: a recurring campaign spawns its next round when it
launches, so each round has its own id, deadline, reminders and results. Times are UTC;
`parse_when` reads local wall-clock input in the estate's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError

DEFAULT_DEADLINE = timedelta(days=14)
DEFAULT_REMIND_EVERY = timedelta(days=3)
MAX_REMINDERS = 5
EVERY_ALIASES = {
    "weekly": "0 9 * * 1",
    "monthly": "0 9 1 * *",
    "quarterly": "0 9 1 1,4,7,10 *",
    "half-yearly": "0 9 1 1,7 *",
    "yearly": "0 9 1 1 *",
    "annually": "0 9 1 1 *",
}


class CampaignStatus(StrEnum):
    SCHEDULED = "scheduled"
    RUNNING = "running"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class AudienceKind(StrEnum):
    ALL = "all"
    BUILDINGS = "buildings"
    CLOSED_TICKET = "closed"  # residents with a ticket closed in the last N days


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    buildings: tuple[str, ...] = ()
    days: int = 0

    def as_text(self) -> str:
        if self.kind is AudienceKind.BUILDINGS:
            return "buildings:" + ",".join(self.buildings)
        if self.kind is AudienceKind.CLOSED_TICKET:
            return f"closed:{self.days}"
        return "all"


def parse_audience(text: str) -> Audience:
    """`all`, `buildings:3,5` (or `building:3`), `closed:30` (or `closed-ticket:30`)."""
    raw = (text or "").strip().lower()
    head, _, tail = raw.partition(":")
    if raw == "all":
        return Audience(AudienceKind.ALL)
    if head in ("buildings", "building") and tail:
        parts = tuple(sorted({p.strip().upper() for p in tail.split(",") if p.strip()}))
        if parts and all(re.fullmatch(r"[0-9A-Z]{1,4}", p) for p in parts):
            return Audience(AudienceKind.BUILDINGS, buildings=parts)
    if head in ("closed", "closed-ticket", "closed_ticket", "tickets") and tail.isdigit():
        days = int(tail)
        if 1 <= days <= 366:
            return Audience(AudienceKind.CLOSED_TICKET, days=days)
    raise DomainError("survey.bad_audience", value=text[:40])


@dataclass(frozen=True)
class Campaign:
    id: int
    survey_id: int
    survey_key: str
    version: int
    audience: Audience
    starts_at: datetime
    deadline_at: datetime
    every: str | None = None
    reminders: int = 0
    remind_every: timedelta = DEFAULT_REMIND_EVERY
    reminders_sent: int = 0
    anonymous: bool = False
    status: CampaignStatus = CampaignStatus.SCHEDULED
    parent_id: int | None = None
    created_by: int | None = None
    closed_at: datetime | None = None

    def is_open(self, now: datetime) -> bool:
        return self.status is CampaignStatus.RUNNING and now < self.deadline_at

    def reminders_due(self, now: datetime) -> int:
        """How many reminders should have gone out by `now` (capped; none after the deadline)."""
        return reminders_due(
            self.starts_at, self.deadline_at, self.remind_every, self.reminders, now
        )


def reminders_due(
    starts: datetime, deadline: datetime, spacing: timedelta, count: int, now: datetime
) -> int:
    if count <= 0 or spacing <= timedelta(0) or now >= deadline or now < starts:
        return 0
    elapsed = int((now - starts) / spacing)
    in_window = sum(1 for k in range(1, count + 1) if starts + k * spacing < deadline)
    return min(elapsed, in_window)


def every_expression(text: str | None) -> str | None:
    """The 5-field crontab (minute hour day month weekday, local time) a recurrence stands
    for: an alias resolved, spacing normalised; None = once. Whether the crontab is valid is
    the scheduler's to say (bot/services/surveys/recurrence.py)."""
    if text is None or not text.strip() or text.strip().lower() in ("none", "once"):
        return None
    return EVERY_ALIASES.get(text.strip().lower(), " ".join(text.split()))


_DURATION = re.compile(r"^(\d{1,4})\s*([mhdw])$")


def parse_duration(text: str) -> timedelta | None:
    """`30m`, `72h`, `14d`, `2w`; None when the text is not a duration."""
    match = _DURATION.match((text or "").strip().lower())
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    return {"m": timedelta(minutes=amount), "h": timedelta(hours=amount)}.get(
        unit, timedelta(days=amount * (7 if unit == "w" else 1))
    )


def parse_when(text: str, tz: ZoneInfo, now: datetime, *, end_of_day: bool = False) -> datetime:
    """`now`, `2026-04-01 09:00`, `2026-04-01T09:00` or `2026-04-01` in local time -> UTC.
    A bare date means 09:00 (a start) or 23:59 (a deadline, `end_of_day`)."""
    raw = (text or "").strip()
    if raw.lower() in ("now", "现在", "立即"):
        return now
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            day = date.fromisoformat(raw)
            local = datetime.combine(day, time(23, 59) if end_of_day else time(9, 0), tz)
        else:
            local = datetime.fromisoformat(raw.replace("/", "-"))
            local = local.replace(tzinfo=tz) if local.tzinfo is None else local
    except ValueError:
        raise DomainError("survey.bad_when", value=raw[:40]) from None
    return local.astimezone(UTC)


def deadline_from(text: str | None, starts: datetime, tz: ZoneInfo, now: datetime) -> datetime:
    """`--deadline 14d` (after the start) or a local date/time; default 14 days."""
    if not text:
        return starts + DEFAULT_DEADLINE
    duration = parse_duration(text)
    if duration is not None and duration <= timedelta(0):
        raise DomainError("survey.deadline_zero")
    deadline = starts + duration if duration else parse_when(text, tz, now, end_of_day=True)
    if deadline <= starts or deadline <= now:
        raise DomainError("survey.deadline_before_start")
    return deadline


class InvitationStatus(StrEnum):
    INVITED = "invited"
    STARTED = "started"
    SUBMITTED = "submitted"
    DECLINED = "declined"


@dataclass(frozen=True)
class Invitation:
    campaign_id: int
    user_id: int
    status: InvitationStatus
    response_id: int | None = None
    building: str | None = None


@dataclass(frozen=True)
class Response:
    id: int
    campaign_id: int
    position: int
    submitted: bool
    answers: dict[str, Any]
