"""What a resident types into the pass form, read strictly: items one per line ("沙发 x 1"),
a visitor's name, a plate (or a skip word), a time window ("明天 14:00-16:00")."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError
from bot.domain.passes.model import PassItem

MAX_ITEMS = 20
MAX_NAME = 40
MAX_QUANTITY = 999
MAX_WINDOW = timedelta(hours=24)
MAX_AHEAD_DAYS = 30
SKIP_WORDS = frozenset({"-", "无", "没有", "跳过", "不用", "none", "no", "skip", "n/a", "na"})
_ITEM = re.compile(r"^(?P<name>.+?)\s*(?:[x×*]\s*(?P<q1>\d{1,4})|\s(?P<q2>\d{1,4}))$")
_PLATE = re.compile(r"^[\u4e00-\u9fffA-Z0-9]{2,10}$")
_CLOCK = r"(\d{1,2})(?:[:：.](\d{2}))?"
_HOURS = re.compile(rf"^{_CLOCK}\s*(?:-|~|～|到|至|—|to)\s*{_CLOCK}$")
_ISO_DATE = re.compile(r"^(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?$")
_DAY_WORDS = {"今天": 0, "today": 0, "明天": 1, "tomorrow": 1, "后天": 2}


def clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def is_skip(text: str) -> bool:
    return clean(text).lower() in SKIP_WORDS


def parse_items(text: str) -> tuple[PassItem, ...]:
    """One item per line: "name x qty" (also ×, *, or a trailing number); qty 1 if none."""
    lines = [line.strip() for line in clean(text).splitlines() if line.strip()]
    if not lines:
        raise DomainError("passes.no_items")
    if len(lines) > MAX_ITEMS:
        raise DomainError("passes.too_many_items", limit=MAX_ITEMS)
    items = []
    for number, line in enumerate(lines, start=1):
        match = _ITEM.match(line.lower())
        name = line[: len(match.group("name"))].strip() if match else line
        quantity = int(match.group("q1") or match.group("q2")) if match else 1
        if not name or len(name) > MAX_NAME or not 1 <= quantity <= MAX_QUANTITY:
            raise DomainError("passes.bad_item", line=number)
        items.append(PassItem(name, quantity))
    return tuple(items)


def parse_visitor(text: str) -> str:
    name = " ".join(clean(text).split())
    if not name or len(name) > MAX_NAME:
        raise DomainError("passes.bad_visitor", limit=MAX_NAME)
    return name


def parse_plate(text: str) -> str:
    """The plate in one canonical form ("沪A12345"); "" when the person skipped it."""
    if is_skip(text):
        return ""
    plate = re.sub(r"[\s·•\-.]", "", clean(text)).upper()
    if not _PLATE.match(plate):
        raise DomainError("passes.bad_plate")
    return plate


def _day(word: str, today: date) -> date:
    if word.lower() in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[word.lower()])
    match = _ISO_DATE.match(word)
    if not match:
        raise DomainError("passes.bad_window")
    year = int(match.group(1)) if match.group(1) else today.year
    try:
        day = date(year, int(match.group(2)), int(match.group(3)))
    except ValueError as error:
        raise DomainError("passes.bad_window") from error
    if not match.group(1) and day < today:
        day = date(year + 1, day.month, day.day)  # "1-05" typed in December: next January
    return day


def _moment(day: date, hour: str, minute: str | None, tz: ZoneInfo) -> datetime:
    h, m = int(hour), int(minute or 0)
    if h == 24 and m == 0:
        return datetime.combine(day + timedelta(days=1), time(0, 0), tz)
    if h > 23 or m > 59:
        raise DomainError("passes.bad_window")
    return datetime.combine(day, time(h, m), tz)


def parse_window(text: str, now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """ "[date] HH[:MM]-HH[:MM]": date is 今天/明天/后天/today/tomorrow, 2026-12-05, 12-05 or
    12月5日 (today when left out). The window must end in the future, within a month."""
    parts = clean(text).split(None, 1)
    today = now.astimezone(tz).date()
    if len(parts) == 2 and not _HOURS.match(parts[0] + parts[1]):
        day, hours = _day(parts[0], today), parts[1]
    else:
        day, hours = today, "".join(parts)
    match = _HOURS.match(hours.replace(" ", "").lower())
    if not match:
        raise DomainError("passes.bad_window")
    start = _moment(day, match.group(1), match.group(2), tz)
    end = _moment(day, match.group(3), match.group(4), tz)
    if end <= start or end - start > MAX_WINDOW:
        raise DomainError("passes.bad_window")
    if end <= now:
        raise DomainError("passes.window_past")
    if day > today + timedelta(days=MAX_AHEAD_DAYS):
        raise DomainError("passes.window_far", days=MAX_AHEAD_DAYS)
    return start, end
