"""The report buttons' callback data: FROM_TO[_bBUILDING][_N]_PAGE, decoded without trust.

A building travels in lower case behind a "b" ("_b3", "_ba"); N is the one number some drills
need (a staff member's id, a weak mirror area's row). Every part is re-checked on decode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.errors import DomainError
from bot.domain.reports.drills import WEAK_DRILL
from bot.domain.reports.model import STAFF_DRILL
from bot.domain.reports.period import Period
from bot.domain.reports.request import BUILDING
from handlers.common.callbacks import bounded_int, encode

WITH_NUMBER = (STAFF_DRILL, WEAK_DRILL)
_TOKEN = re.compile(r"^b[0-9a-z]{1,4}$")


@dataclass(frozen=True)
class DrillArg:
    period: Period
    building: str | None
    number: int | None
    page: int


def building_token(building: str | None) -> str:
    return "" if building is None else f"_b{building.lower()}"


def offered(building: str) -> bool:
    """A building label that fits a button (as homes store it: 1-4 of 0-9, A-Z)."""
    return BUILDING.fullmatch(building) is not None


def data(
    verb: str, period: Period, building: str | None, page: int | None, number: int | None = None
) -> str:
    arg = period.key + building_token(building)
    if number is not None:
        arg += f"_{number}"
    if page is not None:
        arg += f"_{page}"
    return encode("rp", verb, arg)


def parse(arg: str, verb: str, paged: bool = True) -> DrillArg:
    """Anything malformed, forged or out of range is a stale button."""
    parts = arg.split("_")
    if len(parts) < 2:
        raise DomainError("error.stale_button")
    period, rest = Period.from_key(parts[0], parts[1]), parts[2:]
    building = None
    if rest and _TOKEN.fullmatch(rest[0]):
        building, rest = rest[0][1:].upper(), rest[1:]
    numbers = [bounded_int(p) for p in rest]
    wanted = (1 if verb in WITH_NUMBER else 0) + (1 if paged else 0)
    if len(rest) != wanted or None in numbers or (paged and len(rest[-1]) > 6):
        raise DomainError("error.stale_button")
    number = numbers[0] if verb in WITH_NUMBER else None
    return DrillArg(period, building, number, int(rest[-1]) if paged else 0)
