"""Settings: read once from the environment (and `.env`), validated, frozen."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config_calendar import SLA_ENV_KEYS, holiday_calendar, sla_policy_from_env
from bot.config_values import (
    ConfigError,
    clock,
    ids,
    integer,
    non_negative,
    parse_duration,
    percent,
    positive,
    rate,
    timezone_name,
)
from bot.domain.calendar import BusinessHours
from bot.domain.reports.model import ReportTargets
from bot.domain.tickets.sla import SlaPolicy

__all__ = [
    "DEFAULT_BASE_FILE_URL",
    "DEFAULT_BASE_URL",
    "SLA_ENV_KEYS",
    "ConfigError",
    "Settings",
    "load_settings",
    "parse_duration",
    "sla_policy_from_env",
]

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_BASE_FILE_URL = "https://api.telegram.org/file/bot"
LANGUAGES = ("zh", "en")


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


def _webhook_secret(env: Mapping[str, str]) -> str:
    secret = env.get("WEBHOOK_SECRET", "").strip()
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ConfigError("WEBHOOK_SECRET may only use A-Z a-z 0-9 _ - (1-256 characters)")
    return secret


def _token(env: Mapping[str, str]) -> str | None:
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        return None
    head, sep, tail = token.partition(":")
    if not (sep and head.isdigit() and tail):
        # Never echo the token itself: it is a secret even when malformed.
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed (expected '<digits>:<secret>')")
    return token


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
    timezone = timezone_name(env)
    language, level = _choices(env)
    base_url, file_url = _urls(env)
    sla = sla_policy_from_env(env)
    # The official calendar first, the estate's HOLIDAYS / MAKEUP_WORKDAYS on top of it.
    sla = replace(sla, hours=replace(sla.hours, official=holiday_calendar(env)))
    return Settings(
        token=_token(env),
        base_url=base_url,
        base_file_url=file_url,
        database_path=Path(env.get("DATABASE_PATH", "").strip() or "data/propdesk.sqlite3"),
        manager_ids=ids(env, "MANAGER_IDS"),
        staff_chat_id=integer(env, "STAFF_CHAT_ID", None),
        estate_name=env.get("ESTATE_NAME", "").strip(),
        timezone=timezone,
        default_language=language,
        log_level=level,
        invite_ttl_hours=_invite_ttl(env),
        quiet_start=clock(env, "QUIET_HOURS_START", time(21, 0)),
        quiet_end=clock(env, "QUIET_HOURS_END", time(8, 0)),
        auto_close_days=positive(env, "AUTO_CLOSE_DAYS", 3),
        send_rate=rate(env, "SEND_RATE", 30.0),
        chat_rate=rate(env, "SEND_RATE_PER_CHAT", 1.0),
        group_rate=rate(env, "SEND_RATE_PER_GROUP_MINUTE", 20.0),
        outbox_reserve=percent(env, "OUTBOX_RESERVE_PERCENT", 3),
        survey_gap_days=non_negative(env, "SURVEY_GAP_DAYS", 30),
        inbox_retention_days=positive(env, "INBOX_RETENTION_DAYS", 7),
        urgent_realert_minutes=rate(env, "URGENT_REALERT_MINUTES", 5.0),
        incident_min_reports=positive(env, "INCIDENT_MIN_REPORTS", 3),
        incident_window_minutes=positive(env, "INCIDENT_WINDOW_MINUTES", 30),
        incident_estate_buildings=positive(env, "INCIDENT_ESTATE_BUILDINGS", 3),
        incident_card_seconds=rate(env, "INCIDENT_CARD_SECONDS", 3.0),
        conversation_hours=positive(env, "CONVERSATION_HOURS", 4),
        data_erasure_days=non_negative(env, "DATA_ERASURE_DAYS", 0),
        detached_phone_retention_days=positive(env, "DETACHED_PHONE_RETENTION_DAYS", 180),
        checkpoint_radius_m=rate(env, "CHECKPOINT_RADIUS_M", 50.0),
        webhook_secret=_webhook_secret(env),
        sla=sla,
        business_hours=sla.hours if sla.business_hours else None,
        report_hotspot_min=positive(env, "REPORT_HOTSPOT_MIN", 3),
        report_hotspot_min_unit=positive(env, "REPORT_HOTSPOT_MIN_UNIT", 5),
        report_hotspot_min_building=positive(env, "REPORT_HOTSPOT_MIN_BUILDING", 8),
        report_targets=_report_targets(env),
        activity_family_max=_activity_family_max(env),
    )


def _invite_ttl(env: Mapping[str, str]) -> int:
    ttl = integer(env, "INVITE_TTL_HOURS", 72)
    if ttl is not None and ttl <= 0:
        raise ConfigError("INVITE_TTL_HOURS must be positive")
    return ttl or 72


def _activity_family_max(env: Mapping[str, str]) -> int:
    value = positive(env, "ACTIVITY_FAMILY_MAX", 6)
    if value > 50:
        raise ConfigError(f"ACTIVITY_FAMILY_MAX must be at most 50, got {value}")
    return value


def _report_targets(env: Mapping[str, str]) -> ReportTargets:
    share = positive(env, "REPORT_TARGET_SHARE", 90)
    satisfaction = positive(env, "REPORT_TARGET_SATISFACTION", 90)
    if share > 100 or satisfaction > 100:
        raise ConfigError("REPORT_TARGET_SHARE and REPORT_TARGET_SATISFACTION are percentages")
    return ReportTargets(
        urgent_response_minutes=positive(env, "REPORT_TARGET_URGENT_MINUTES", 20),
        repair_resolution_hours=positive(env, "REPORT_TARGET_REPAIR_HOURS", 24),
        complaint_response_hours=positive(env, "REPORT_TARGET_COMPLAINT_HOURS", 48),
        satisfaction=satisfaction,
        share=share,
    )
