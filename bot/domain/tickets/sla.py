"""Service-level deadlines (限时办结制): how long a ticket may wait for a reply and a fix.

Deadlines are computed once from `created_at` and stored; checks compare them with
the clock (convention 6: computed, never slept on). `due_breaches` tells a check
what to record, so running it twice never reports the same breach twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.calendar import BusinessHours, add_business_time, parse_date_list

KINDS = ("repair", "complaint", "inquiry")
_PHASES = ("RESPOND", "RESOLVE")
_DURATION_KEYS = tuple(
    f"SLA_{name.upper()}_{phase}" for name in ("urgent", *KINDS) for phase in _PHASES
)
SLA_ENV_KEYS: tuple[str, ...] = (
    *_DURATION_KEYS,
    "SLA_BUSINESS_HOURS",
    "BUSINESS_HOURS",
    "BUSINESS_DAYS",
    "HOLIDAYS",
    "MAKEUP_WORKDAYS",
    "TIMEZONE",
)

_DURATION = re.compile(r"(\d+)\s*([mhd])")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Deadlines:
    respond: timedelta
    resolve: timedelta

    def __post_init__(self) -> None:
        if self.respond <= timedelta(0) or self.resolve <= timedelta(0):
            raise ValueError(f"deadlines must be positive: {self}")
        if self.respond > self.resolve:
            raise ValueError(f"respond ({self.respond}) must not exceed resolve ({self.resolve})")


@dataclass(frozen=True)
class SlaPolicy:
    """Per-kind deadlines; urgent overrides the kind. `hours` is the estate's calendar."""

    urgent: Deadlines = Deadlines(timedelta(minutes=15), timedelta(hours=4))
    repair: Deadlines = Deadlines(timedelta(minutes=30), timedelta(hours=24))
    complaint: Deadlines = Deadlines(timedelta(hours=2), timedelta(hours=72))
    inquiry: Deadlines = Deadlines(timedelta(hours=2), timedelta(hours=24))
    business_hours: bool = False  # count non-urgent deadlines in working time only
    hours: BusinessHours = field(default_factory=BusinessHours)

    def deadlines_for(self, kind: str, urgent: bool) -> Deadlines:
        if urgent:
            return self.urgent
        name = str(kind)
        if name not in KINDS:
            raise ValueError(f"unknown ticket kind {name!r} (expected one of {', '.join(KINDS)})")
        return getattr(self, name)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SlaPolicy:
        """Defaults overridden by SLA_* keys (e.g. SLA_REPAIR_RESOLVE=24h); errors name the key."""
        default = cls()
        deadlines = {}
        for name in ("urgent", *KINDS):
            base: Deadlines = getattr(default, name)
            respond_key, resolve_key = (f"SLA_{name.upper()}_{phase}" for phase in _PHASES)
            respond = _duration(env, respond_key, base.respond)
            resolve = _duration(env, resolve_key, base.resolve)
            if respond > resolve:
                raise ValueError(
                    f"{respond_key} ({respond}) must not exceed {resolve_key} ({resolve})"
                )
            deadlines[name] = Deadlines(respond, resolve)
        return cls(
            **deadlines,
            business_hours=_flag(env, "SLA_BUSINESS_HOURS"),
            hours=business_hours_from_env(env),
        )


def business_hours_from_env(env: Mapping[str, str]) -> BusinessHours:
    """BUSINESS_HOURS, BUSINESS_DAYS, HOLIDAYS, MAKEUP_WORKDAYS and TIMEZONE -> BusinessHours."""
    default = BusinessHours()
    start, end = default.start, default.end
    if raw := _get(env, "BUSINESS_HOURS"):
        start, end = _clock_range(raw, "BUSINESS_HOURS")
    workdays = default.workdays
    if raw := _get(env, "BUSINESS_DAYS"):
        workdays = _iso_weekdays(raw, "BUSINESS_DAYS")
    tz_name = _get(env, "TIMEZONE") or "Asia/Shanghai"
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"TIMEZONE is not a known time zone: {tz_name!r}") from None
    return BusinessHours(
        start=start,
        end=end,
        workdays=workdays,
        holidays=_dates(env, "HOLIDAYS"),
        makeup_workdays=_dates(env, "MAKEUP_WORKDAYS"),
        tz=tz,
    )


def _get(env: Mapping[str, str], key: str) -> str:
    return (env.get(key) or "").strip()


def parse_duration(text: str) -> timedelta:
    """ "30m", "24h", "3d" -> timedelta (positive integer + unit)."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match or int(match.group(1)) <= 0:
        raise ValueError(
            f"expected a positive integer with m, h or d (like 30m, 24h, 3d): {text!r}"
        )
    return int(match.group(1)) * _UNITS[match.group(2)]


def _duration(env: Mapping[str, str], key: str, default: timedelta) -> timedelta:
    raw = _get(env, key)
    if not raw:
        return default
    try:
        return parse_duration(raw)
    except ValueError as error:
        raise ValueError(f"{key}: {error}") from None


def _flag(env: Mapping[str, str], key: str) -> bool:
    raw = _get(env, key).lower()
    if raw in _TRUE:
        return True
    if not raw or raw in _FALSE:
        return False
    raise ValueError(f"{key} must be 1 or 0, got {raw!r}")


def _clock_range(raw: str, key: str) -> tuple[time, time]:
    first, sep, last = raw.partition("-")
    try:
        if not sep:
            raise ValueError
        start, end = time.fromisoformat(first.strip()), time.fromisoformat(last.strip())
    except ValueError:
        raise ValueError(f"{key} must look like 08:30-17:30, got {raw!r}") from None
    if start >= end:
        raise ValueError(f"{key} must open before it closes, got {raw!r}")
    return start, end


def _iso_weekdays(raw: str, key: str) -> frozenset[int]:
    """ "1-5" or "1,2,3,4,5,6" (ISO: Monday = 1) -> date.weekday() numbers (Monday = 0)."""
    days: set[int] = set()
    for item in (part.strip() for part in raw.split(",")):
        first, sep, last = item.partition("-")
        try:
            low = int(first)
            high = int(last) if sep else low
        except ValueError:
            raise ValueError(f"{key}: not a day number or range: {item!r}") from None
        if not 1 <= low <= high <= 7:
            raise ValueError(f"{key}: days are 1 (Monday) to 7 (Sunday), got {item!r}")
        days.update(range(low - 1, high))
    return frozenset(days)


def _dates(env: Mapping[str, str], key: str) -> frozenset[date]:
    try:
        return parse_date_list(_get(env, key))
    except ValueError as error:
        raise ValueError(f"{key}: {error}") from None


def compute_deadlines(
    created_at: datetime,
    kind: str,
    urgent: bool,
    policy: SlaPolicy,
    hours: BusinessHours | None,
) -> tuple[datetime, datetime]:
    """(respond_by, resolve_by) in UTC; urgent tickets always run on the wall clock."""
    if created_at.tzinfo is None:
        raise ValueError(f"created_at must be timezone-aware, got naive {created_at!r}")
    deadlines = policy.deadlines_for(kind, urgent)
    if urgent or not policy.business_hours or hours is None:
        start = created_at.astimezone(UTC)
        return start + deadlines.respond, start + deadlines.resolve
    return (
        add_business_time(created_at, deadlines.respond, hours),
        add_business_time(created_at, deadlines.resolve, hours),
    )


class Breach(StrEnum):
    RESPONSE = "response"
    RESOLUTION = "resolution"


def due_breaches(
    now: datetime,
    respond_by: datetime,
    resolve_by: datetime,
    responded_at: datetime | None,
    resolved_at: datetime | None,
    already: frozenset[str] = frozenset(),
) -> list[Breach]:
    """Breaches due at `now` and not in `already` (the ones recorded before).

    A deadline is due from its own instant on, so a job scheduled for it fires; a
    reply or fix at or before the deadline is on time, a later one is still a breach.
    """
    found = []
    if now >= respond_by and (responded_at is None or responded_at > respond_by):
        found.append(Breach.RESPONSE)
    if now >= resolve_by and (resolved_at is None or resolved_at > resolve_by):
        found.append(Breach.RESOLUTION)
    return [breach for breach in found if breach.value not in already]


_LABELS = {
    "zh": {"d": "天", "h": "小时", "m": "分", "sep": "", "overdue": "超时 {}", "lt": "不到1分"},
    "en": {"d": "d", "h": "h", "m": "m", "sep": " ", "overdue": "overdue {}", "lt": "<1m"},
}


def format_remaining(delta: timedelta, lang: str) -> str:
    """ "2小时15分" / "2h 15m"; negative -> "超时 1小时" / "overdue 1h". Two largest units."""
    labels = _LABELS["zh" if str(lang).lower().startswith("zh") else "en"]
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours_, mins = divmod(rest, 60)
    parts = [(days, "d"), (hours_, "h"), (mins, "m")]
    # The largest non-zero unit and the one below it (if non-zero): "1天2小时", not minutes too.
    first = next((i for i, (n, _) in enumerate(parts) if n), None)
    if first is None:
        text = labels["lt"]
    else:
        shown = [f"{n}{labels[unit]}" for n, unit in parts[first : first + 2] if n]
        text = labels["sep"].join(shown)
    if delta < timedelta(0):
        return labels["overdue"].format(text)
    return text
