"""Readers of one environment value each (numbers, ids, times, durations, flags, dates,
the time zone): a blank value means the default; a malformed one raises ConfigError naming
the key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time, timedelta
from typing import overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.calendar import parse_date_list

_DURATION = re.compile(r"(\d+)\s*([mhd])")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


class ConfigError(ValueError):
    """A missing or malformed setting; the message names the key."""


@overload
def integer(env: Mapping[str, str], key: str, default: int) -> int: ...
@overload
def integer(env: Mapping[str, str], key: str, default: None) -> int | None: ...
def integer(env: Mapping[str, str], key: str, default: int | None) -> int | None:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{key} must be an integer, got {raw!r}") from None


def stripped(env: Mapping[str, str], key: str) -> str:
    return (env.get(key) or "").strip()


def positive(env: Mapping[str, str], key: str, default: int) -> int:
    value = integer(env, key, default)
    if value <= 0:
        raise ConfigError(f"{key} must be a positive integer, got {value}")
    return value


def non_negative(env: Mapping[str, str], key: str, default: int) -> int:
    value = integer(env, key, default)
    if value < 0:
        raise ConfigError(f"{key} must be zero or a positive integer, got {value}")
    return value


def rate(env: Mapping[str, str], key: str, default: float) -> float:
    raw = env.get(key, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ConfigError(f"{key} must be a number, got {raw!r}") from None
    if not 0 < value < 100_000:
        raise ConfigError(f"{key} must be a positive number, got {raw!r}")
    return value


def percent(env: Mapping[str, str], key: str, default: int) -> float:
    value = integer(env, key, default)
    if not 0 <= value <= 50:
        raise ConfigError(f"{key} must be a percentage from 0 to 50, got {value}")
    return value / 100


def ids(env: Mapping[str, str], key: str) -> frozenset[int]:
    raw = env.get(key, "").strip()
    if not raw:
        return frozenset()
    try:
        return frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(f"{key} must be comma-separated Telegram user ids, got {raw!r}") from None


def clock(env: Mapping[str, str], key: str, default: time) -> time:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a local time like 21:00, got {raw!r}") from None


def flag(env: Mapping[str, str], key: str) -> bool:
    raw = stripped(env, key).lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("", "0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key} must be 1 or 0, got {raw!r}")


def dates(env: Mapping[str, str], key: str) -> frozenset[date]:
    try:
        return parse_date_list(stripped(env, key))
    except ValueError as error:
        raise ConfigError(f"{key}: {error}") from None


def timezone_name(env: Mapping[str, str]) -> str:
    name = stripped(env, "TIMEZONE") or "Asia/Shanghai"
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


def duration(env: Mapping[str, str], key: str, default: timedelta) -> timedelta:
    raw = stripped(env, key)
    try:
        return parse_duration(raw) if raw else default
    except ValueError as error:
        raise ConfigError(f"{key}: {error}") from None
