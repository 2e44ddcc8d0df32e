"""The deadline policy (SLA_* keys) and the estate's business hours and holidays, as read
from the environment."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from zoneinfo import ZoneInfo

from bot.config_values import ConfigError, dates, duration, flag, stripped, timezone_name
from bot.domain.calendar import BusinessHours, HolidayCalendar
from bot.domain.tickets.sla import KINDS, Deadlines, SlaPolicy
from bot.official_holidays import ChinaOfficialCalendar

_PHASES = ("RESPOND", "RESOLVE")
SLA_ENV_KEYS: tuple[str, ...] = (
    *(f"SLA_{name.upper()}_{phase}" for name in ("urgent", *KINDS) for phase in _PHASES),
    "SLA_BUSINESS_HOURS",
    "BUSINESS_HOURS",
    "BUSINESS_DAYS",
    "HOLIDAYS",
    "MAKEUP_WORKDAYS",
    "TIMEZONE",
)


def sla_policy_from_env(env: Mapping[str, str]) -> SlaPolicy:
    """Defaults overridden by SLA_* keys (e.g. SLA_REPAIR_RESOLVE=24h); errors name the key."""
    default = SlaPolicy()
    deadlines = {}
    for name in ("urgent", *KINDS):
        base: Deadlines = getattr(default, name)
        respond_key, resolve_key = (f"SLA_{name.upper()}_{phase}" for phase in _PHASES)
        respond = duration(env, respond_key, base.respond)
        resolve = duration(env, resolve_key, base.resolve)
        if respond > resolve:
            raise ConfigError(
                f"{respond_key} ({respond}) must not exceed {resolve_key} ({resolve})"
            )
        deadlines[name] = Deadlines(respond, resolve)
    return SlaPolicy(
        **deadlines,
        business_hours=flag(env, "SLA_BUSINESS_HOURS"),
        hours=business_hours_from_env(env),
    )


def business_hours_from_env(env: Mapping[str, str]) -> BusinessHours:
    """BUSINESS_HOURS, BUSINESS_DAYS, HOLIDAYS, MAKEUP_WORKDAYS and TIMEZONE -> BusinessHours."""
    default = BusinessHours()
    start, end = default.start, default.end
    if raw := stripped(env, "BUSINESS_HOURS"):
        start, end = clock_range(raw, "BUSINESS_HOURS")
    workdays = default.workdays
    if raw := stripped(env, "BUSINESS_DAYS"):
        workdays = iso_weekdays(raw, "BUSINESS_DAYS")
    tz = ZoneInfo(timezone_name(env))
    return BusinessHours(
        start=start,
        end=end,
        workdays=workdays,
        holidays=dates(env, "HOLIDAYS"),
        makeup_workdays=dates(env, "MAKEUP_WORKDAYS"),
        tz=tz,
    )


def holiday_calendar(env: Mapping[str, str]) -> HolidayCalendar | None:
    """HOLIDAY_CALENDAR: `cn` (default) = China's official arrangement; `none` = only the
    HOLIDAYS / MAKEUP_WORKDAYS lists, which override the official days either way."""
    name = (env.get("HOLIDAY_CALENDAR", "").strip() or "cn").lower()
    if name == "cn":
        return ChinaOfficialCalendar()
    if name == "none":
        return None
    raise ConfigError(f"HOLIDAY_CALENDAR must be cn or none, got {name!r}")


def clock_range(raw: str, key: str) -> tuple[time, time]:
    first, sep, last = raw.partition("-")
    try:
        if not sep:
            raise ValueError
        start, end = time.fromisoformat(first.strip()), time.fromisoformat(last.strip())
    except ValueError:
        raise ConfigError(f"{key} must look like 08:30-17:30, got {raw!r}") from None
    if start >= end:
        raise ConfigError(f"{key} must open before it closes, got {raw!r}")
    return start, end


def iso_weekdays(raw: str, key: str) -> frozenset[int]:
    """ "1-5" or "1,2,3,4,5,6" (ISO: Monday = 1) -> date.weekday() numbers (Monday = 0)."""
    days: set[int] = set()
    for item in (part.strip() for part in raw.split(",")):
        first, sep, last = item.partition("-")
        try:
            low, high = int(first), int(last) if sep else int(first)
        except ValueError:
            raise ConfigError(f"{key}: not a day number or range: {item!r}") from None
        if not 1 <= low <= high <= 7:
            raise ConfigError(f"{key}: days are 1 (Monday) to 7 (Sunday), got {item!r}")
        days.update(range(low - 1, high))
    return frozenset(days)
