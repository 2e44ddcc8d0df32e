"""Settings: read once from the environment (and `.env`), validated, frozen."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.calendar import BusinessHours
from bot.domain.tickets.sla import SlaPolicy, business_hours_from_env

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_BASE_FILE_URL = "https://api.telegram.org/file/bot"
LANGUAGES = ("zh", "en")


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
    estate_name: str = "propdesk"
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
    webhook_secret: str = ""
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    business_hours: BusinessHours | None = None  # set: non-urgent deadlines count business time

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


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


def _token(env: Mapping[str, str]) -> str | None:
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        return None
    head, sep, tail = token.partition(":")
    if not (sep and head.isdigit() and tail):
        # Never echo the token itself: it is a secret even when malformed.
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed (expected '<digits>:<secret>')")
    return token


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from a mapping (default: os.environ); raise ConfigError naming the key."""
    env = dict(os.environ if env is None else env)
    timezone = env.get("TIMEZONE", "").strip() or "Asia/Shanghai"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"TIMEZONE is not a known time zone: {timezone!r}") from None
    language = env.get("DEFAULT_LANGUAGE", "").strip() or "zh"
    if language not in LANGUAGES:
        raise ConfigError(
            f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}, got {language!r}"
        )
    level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
    base_url = env.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL
    file_url = env.get("TELEGRAM_BASE_FILE_URL", "").strip() or DEFAULT_BASE_FILE_URL
    for key, url in (("TELEGRAM_BASE_URL", base_url), ("TELEGRAM_BASE_FILE_URL", file_url)):
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"{key} must start with http:// or https://, got {url!r}")
    try:
        sla = SlaPolicy.from_env(env)
        hours = business_hours_from_env(env) if sla.business_hours else None
    except ValueError as error:  # the message names the key
        raise ConfigError(str(error)) from None
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
        estate_name=env.get("ESTATE_NAME", "").strip() or "propdesk",
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
        webhook_secret=_webhook_secret(env),
        sla=sla,
        business_hours=hours,
    )
