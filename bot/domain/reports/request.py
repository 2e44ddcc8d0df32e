"""What a manager types after /report: a period (preset word or two dates) and optionally a
building — "本月 3栋", "this month building 3", "2026-11-01..2026-11-30 b3", "上月 3号楼"."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bot.domain.errors import DomainError
from bot.domain.reports.period import PRESETS, Period, parse_range, preset

WORDS = {
    "本周": "this_week", "上周": "last_week", "本月": "this_month", "上月": "last_month",
    "本季度": "this_quarter", "this week": "this_week", "last week": "last_week",
    "this month": "this_month", "last month": "last_month", "this quarter": "this_quarter",
    **{name: name for name in PRESETS},
}  # fmt: skip
BUILDING = re.compile(r"^[0-9A-Z]{1,4}$")  # as homes store it (normalised, upper case)
_TAIL = re.compile(
    r"(?:(?:^|\s)(?:building|bldg|block|楼栋)\s*(?P<a>[0-9a-z]{1,4})"
    r"|(?:^|\s)b(?P<b>\d[0-9a-z]{0,3})"
    r"|(?<![0-9a-z.\-~])(?P<c>[0-9a-z]{1,4})\s*(?:栋|幢|号楼|座))\s*$"
)


def split_building(text: str) -> tuple[str, str | None]:
    """(the rest, the building named at the end or None)."""
    cleaned = " ".join(unicodedata.normalize("NFKC", text or "").lower().split())
    found = _TAIL.search(cleaned)
    if found is None:
        return cleaned, None
    building = (found.group("a") or found.group("b") or found.group("c")).upper()
    return cleaned[: found.start()].strip(), building


def parse_request(text: str, today: date) -> tuple[Period | None, str | None]:
    """(period, building); the period is None when only a building was given (the period
    buttons are shown for it); anything unreadable is refused with the usual hint."""
    rest, building = split_building(text)
    if not rest:
        if building is None:
            raise DomainError("report.bad_range")
        return None, building
    word = WORDS.get(rest)
    return (preset(word, today) if word else parse_range(rest)), building
