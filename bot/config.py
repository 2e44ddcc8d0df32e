"""Settings: read once from the environment (and `.env`), validated, frozen."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from pathlib import Path
from typing import overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.calendar import BusinessHours, HolidayCalendar, parse_date_list
from bot.domain.reports.model import ReportTargets
from bot.domain.tickets.sla import KINDS, Deadlines, SlaPolicy
from bot.official_holidays import ChinaOfficialCalendar

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_BASE_FILE_URL = "https://api.telegram.org/file/bot"
LANGUAGES = ("zh", "en")
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
_DURATION = re.compile(r"(\d+)\s*([mhd])")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


class ConfigError(ValueError):
    """A missing or malformed setting; the message names the key."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    base_url: str = DEFAULT_BASE_URL
    base_file_url: str = DEFAULT_BASE_FILE_URL
    database_path: Path = Path("data/propdesk.sqlite3")
    manager_ids: frozenset[int] = field(default_factory=frozenset)
    staff_chat_id: int | None = None
    estate_name: str = ""  # unset: residents see "物业服务中心" / "the property office"
    timezone: str = "Asia/Shanghai"
    default_language: str = "zh"
    log_level: str = "INFO"
    invite_ttl_hours: int = 72
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    auto_close_days: int = 3
    # Telegram's flood limits as the outbox paces against them (notices, issue 4).
    send_rate: float = 30.0  # messages per second, whole bot
    chat_rate: float = 1.0  # messages per second to one private chat
    group_rate: float = 20.0  # messages per minute to one group
    outbox_reserve: float = 0.03  # share of send_rate the outbox leaves to direct replies
    survey_gap_days: int = 30  # at most one survey invitation per resident in this many days
    inbox_retention_days: int = 7  # handled updates, effect keys, finished outbox rows (issue 11)
    data_erasure_days: int = 0  # /deleteme is carried out this many days later (0: at once)
    detached_phone_retention_days: int = 180  # phones of people no longer bound, then deleted
    urgent_realert_minutes: float = 5.0  # untaken emergencies page managers again this often
    # Mass incidents (issue 11B): this many households of one building reporting the same
    # outage within the window make one incident; reports spanning this many buildings, an
    # estate-wide one. Its staff card is edited at most once per `incident_card_seconds`.
    incident_min_reports: int = 3
    incident_window_minutes: int = 30
    incident_estate_buildings: int = 3
    incident_card_seconds: float = 3.0
    conversation_hours: int = 4  # staff wrote within this long: the resident's answer joins it
    checkpoint_radius_m: float = 50.0  # inspection rounds: check in by location within this
    webhook_secret: str = ""
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    business_hours: BusinessHours | None = None  # set: non-urgent deadlines count business time
    # Reports (issue 13): a category recurring this often in one home is a hotspot; the
    # office's service-standard targets each figure is marked met/missed against.
    report_hotspot_min: int = 3
    report_hotspot_min_unit: int = 5
    report_hotspot_min_building: int = 8
    report_targets: ReportTargets = field(default_factory=ReportTargets)
    activity_family_max: int = 6  # community activities: most heads one sign-up may bring

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@overload
def _int(env: Mapping[str, str], key: str, default: int) -> int: ...
@overload
def _int(env: Mapping[str, str], key: str, default: None) -> int | None: ...
def _int(env: Mapping[str, str], key: str, default: int | None) -> int | None:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{key} must be an integer, got {raw!r}") from None


def _webhook_secret(env: Mapping[str, str]) -> str:
    secret = env.get("WEBHOOK_SECRET", "").strip()
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ConfigError("WEBHOOK_SECRET may only use A-Z a-z 0-9 _ - (1-256 characters)")
    return secret


def _positive(env: Mapping[str, str], key: str, default: int) -> int:
    value = _int(env, key, default)
    if value <= 0:
        raise ConfigError(f"{key} must be a positive integer, got {value}")
    return value


def _non_negative(env: Mapping[str, str], key: str, default: int) -> int:
    value = _int(env, key, default)
    if value < 0:
        raise ConfigError(f"{key} must be zero or a positive integer, got {value}")
    return value


def _rate(env: Mapping[str, str], key: str, default: float) -> float:
    raw = env.get(key, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ConfigError(f"{key} must be a number, got {raw!r}") from None
    if not 0 < value < 100_000:
        raise ConfigError(f"{key} must be a positive number, got {raw!r}")
    return value


def _percent(env: Mapping[str, str], key: str, default: int) -> float:
    value = _int(env, key, default)
    if not 0 <= value <= 50:
        raise ConfigError(f"{key} must be a percentage from 0 to 50, got {value}")
    return value / 100


def _ids(env: Mapping[str, str], key: str) -> frozenset[int]:
    raw = env.get(key, "").strip()
    if not raw:
        return frozenset()
    try:
        return frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(f"{key} must be comma-separated Telegram user ids, got {raw!r}") from None


def _clock(env: Mapping[str, str], key: str, default: time) -> time:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a local time like 21:00, got {raw!r}") from None


def _holiday_calendar(env: Mapping[str, str]) -> HolidayCalendar | None:
    """HOLIDAY_CALENDAR: `cn` (default) = China's official arrangement; `none` = only the
    HOLIDAYS / MAKEUP_WORKDAYS lists, which override the official days either way."""
    name = (env.get("HOLIDAY_CALENDAR", "").strip() or "cn").lower()
    if name == "cn":
        return ChinaOfficialCalendar()
    if name == "none":
        return None
    raise ConfigError(f"HOLIDAY_CALENDAR must be cn or none, got {name!r}")


def _token(env: Mapping[str, str]) -> str | None:
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        return None
    head, sep, tail = token.partition(":")
    if not (sep and head.isdigit() and tail):
        # Never echo the token itself: it is a secret even when malformed.
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed (expected '<digits>:<secret>')")
    return token


# ---- deadlines (SLA) and the estate's business hours --------------------------------------
def sla_policy_from_env(env: Mapping[str, str]) -> SlaPolicy:
    """Defaults overridden by SLA_* keys (e.g. SLA_REPAIR_RESOLVE=24h); errors name the key."""
    default = SlaPolicy()
    deadlines = {}
    for name in ("urgent", *KINDS):
        base: Deadlines = getattr(default, name)
        respond_key, resolve_key = (f"SLA_{name.upper()}_{phase}" for phase in _PHASES)
        respond = _duration(env, respond_key, base.respond)
        resolve = _duration(env, resolve_key, base.resolve)
        if respond > resolve:
            raise ConfigError(
                f"{respond_key} ({respond}) must not exceed {resolve_key} ({resolve})"
            )
        deadlines[name] = Deadlines(respond, resolve)
    return SlaPolicy(
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
    tz = ZoneInfo(_timezone(env))
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


def _timezone(env: Mapping[str, str]) -> str:
    name = _get(env, "TIMEZONE") or "Asia/Shanghai"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"TIMEZONE is not a known time zone: {name!r}") from None
    return name


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
    try:
        return parse_duration(raw) if raw else default
    except ValueError as error:
        raise ConfigError(f"{key}: {error}") from None


def _flag(env: Mapping[str, str], key: str) -> bool:
    raw = _get(env, key).lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("", "0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key} must be 1 or 0, got {raw!r}")


def _clock_range(raw: str, key: str) -> tuple[time, time]:
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


def _iso_weekdays(raw: str, key: str) -> frozenset[int]:
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


def _dates(env: Mapping[str, str], key: str) -> frozenset[date]:
    try:
        return parse_date_list(_get(env, key))
    except ValueError as error:
        raise ConfigError(f"{key}: {error}") from None


def _choices(env: Mapping[str, str]) -> tuple[str, str]:
    """DEFAULT_LANGUAGE and LOG_LEVEL, each one of a fixed set."""
    language = env.get("DEFAULT_LANGUAGE", "").strip() or "zh"
    if language not in LANGUAGES:
        raise ConfigError(
            f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}, got {language!r}"
        )
    level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
    return language, level


def _urls(env: Mapping[str, str]) -> tuple[str, str]:
    base_url = env.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL
    file_url = env.get("TELEGRAM_BASE_FILE_URL", "").strip() or DEFAULT_BASE_FILE_URL
    for key, url in (("TELEGRAM_BASE_URL", base_url), ("TELEGRAM_BASE_FILE_URL", file_url)):
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"{key} must start with http:// or https://, got {url!r}")
    return base_url, file_url


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from a mapping (default: os.environ); raise ConfigError naming the key."""
    env = dict(os.environ if env is None else env)
    timezone = _timezone(env)
    language, level = _choices(env)
    base_url, file_url = _urls(env)
    sla = sla_policy_from_env(env)
    # The official calendar first, the estate's HOLIDAYS / MAKEUP_WORKDAYS on top of it.
    sla = replace(sla, hours=replace(sla.hours, official=_holiday_calendar(env)))
    ttl = _int(env, "INVITE_TTL_HOURS", 72)
    if ttl is not None and ttl <= 0:
        raise ConfigError("INVITE_TTL_HOURS must be positive")
    return Settings(
        token=_token(env),
        base_url=base_url,
        base_file_url=file_url,
        database_path=Path(env.get("DATABASE_PATH", "").strip() or "data/propdesk.sqlite3"),
        manager_ids=_ids(env, "MANAGER_IDS"),
        staff_chat_id=_int(env, "STAFF_CHAT_ID", None),
        estate_name=env.get("ESTATE_NAME", "").strip(),
        timezone=timezone,
        default_language=language,
        log_level=level,
        invite_ttl_hours=ttl or 72,
        quiet_start=_clock(env, "QUIET_HOURS_START", time(21, 0)),
        quiet_end=_clock(env, "QUIET_HOURS_END", time(8, 0)),
        auto_close_days=_positive(env, "AUTO_CLOSE_DAYS", 3),
        send_rate=_rate(env, "SEND_RATE", 30.0),
        chat_rate=_rate(env, "SEND_RATE_PER_CHAT", 1.0),
        group_rate=_rate(env, "SEND_RATE_PER_GROUP_MINUTE", 20.0),
        outbox_reserve=_percent(env, "OUTBOX_RESERVE_PERCENT", 3),
        survey_gap_days=_non_negative(env, "SURVEY_GAP_DAYS", 30),
        inbox_retention_days=_positive(env, "INBOX_RETENTION_DAYS", 7),
        urgent_realert_minutes=_rate(env, "URGENT_REALERT_MINUTES", 5.0),
        incident_min_reports=_positive(env, "INCIDENT_MIN_REPORTS", 3),
        incident_window_minutes=_positive(env, "INCIDENT_WINDOW_MINUTES", 30),
        incident_estate_buildings=_positive(env, "INCIDENT_ESTATE_BUILDINGS", 3),
        incident_card_seconds=_rate(env, "INCIDENT_CARD_SECONDS", 3.0),
        conversation_hours=_positive(env, "CONVERSATION_HOURS", 4),
        data_erasure_days=_non_negative(env, "DATA_ERASURE_DAYS", 0),
        detached_phone_retention_days=_positive(env, "DETACHED_PHONE_RETENTION_DAYS", 180),
        checkpoint_radius_m=_rate(env, "CHECKPOINT_RADIUS_M", 50.0),
        webhook_secret=_webhook_secret(env),
        sla=sla,
        business_hours=sla.hours if sla.business_hours else None,
        report_hotspot_min=_positive(env, "REPORT_HOTSPOT_MIN", 3),
        report_hotspot_min_unit=_positive(env, "REPORT_HOTSPOT_MIN_UNIT", 5),
        report_hotspot_min_building=_positive(env, "REPORT_HOTSPOT_MIN_BUILDING", 8),
        report_targets=_report_targets(env),
        activity_family_max=_activity_family_max(env),
    )


def _activity_family_max(env: Mapping[str, str]) -> int:
    value = _positive(env, "ACTIVITY_FAMILY_MAX", 6)
    if value > 50:
        raise ConfigError(f"ACTIVITY_FAMILY_MAX must be at most 50, got {value}")
    return value


def _report_targets(env: Mapping[str, str]) -> ReportTargets:
    share = _positive(env, "REPORT_TARGET_SHARE", 90)
    satisfaction = _positive(env, "REPORT_TARGET_SATISFACTION", 90)
    if share > 100 or satisfaction > 100:
        raise ConfigError("REPORT_TARGET_SHARE and REPORT_TARGET_SATISFACTION are percentages")
    return ReportTargets(
        urgent_response_minutes=_positive(env, "REPORT_TARGET_URGENT_MINUTES", 20),
        repair_resolution_hours=_positive(env, "REPORT_TARGET_REPAIR_HOURS", 24),
        complaint_response_hours=_positive(env, "REPORT_TARGET_COMPLAINT_HOURS", 48),
        satisfaction=satisfaction,
        share=share,
    )
