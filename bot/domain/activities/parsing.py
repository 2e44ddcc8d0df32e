"""What a person types for an activity: dates and times in the estate's local time, counts,
ratings, building lists. Anything else is a DomainError with a catalog key (both languages)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.activities.model import MAX_CAPACITY
from bot.domain.calendar import _local_instant
from bot.domain.errors import DomainError

_FULL_WIDTH = str.maketrans("０１２３４５６７８９：／－　", "0123456789:/- ")
_WHEN = re.compile(
    r"^(?:(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?\s+)?(\d{1,2})[:：点](\d{2})分?$"
)
SKIP_WORDS = frozenset({"-", "—", "无", "跳过", "skip", "none", "no"})
ALL_WORDS = frozenset({"全部", "所有", "all", "*"})


def normalise(text: str) -> str:
    return (text or "").translate(_FULL_WIDTH).strip()


def is_skip(text: str) -> bool:
    return normalise(text).lower() in SKIP_WORDS


def parse_when(text: str, tz: ZoneInfo, now: datetime, same_day: date | None = None) -> datetime:
    """ "2025-03-08 14:00", "3/8 14:00", "3月8日 14:00", or "16:00" on `same_day`; UTC out.
    A date without a year is this year's, or next year's if that day has passed."""
    found = _WHEN.fullmatch(normalise(text))
    if found is None:
        raise DomainError("activity.bad_when")
    year, month, day, hour, minute = found.groups()
    local_today = now.astimezone(tz).date()
    try:
        clock = time(int(hour), int(minute))
        if month is None:
            if same_day is None:
                raise DomainError("activity.bad_when")
            chosen = same_day
        else:
            chosen = date(int(year) if year else local_today.year, int(month), int(day))
            if year is None and chosen < local_today:
                chosen = chosen.replace(year=chosen.year + 1)
    except ValueError as invalid:
        raise DomainError("activity.bad_when") from invalid
    return _local_instant(chosen, clock, tz)


def parse_count(text: str, low: int, high: int, key: str) -> int:
    """A whole number in [low, high], ASCII or full-width digits only ("3人" is refused)."""
    cleaned = normalise(text)
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 6:
        raise DomainError(key, max=high)
    value = int(cleaned)
    if not low <= value <= high:
        raise DomainError(key, max=high)
    return value


def parse_capacity(text: str) -> int:
    return parse_count(text, 1, MAX_CAPACITY, "activity.bad_capacity")


def parse_rating(text: str) -> int:
    return parse_count(text, 1, 5, "activity.bad_rating")


def parse_buildings(text: str) -> tuple[str, ...]:
    """ "全部" / "all": every building (); else buildings separated by commas or spaces."""
    cleaned = normalise(text)
    if cleaned.lower() in ALL_WORDS:
        return ()
    parts = [p.strip() for p in re.split(r"[,，、;；\s]+", cleaned) if p.strip()]
    if not parts or len(parts) > 50 or any(len(p) > 20 for p in parts):
        raise DomainError("activity.bad_buildings")
    return tuple(dict.fromkeys(p.removesuffix("栋").removesuffix("号楼") for p in parts))
