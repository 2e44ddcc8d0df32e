"""China's official public holidays and make-up workdays (调休), from `chinese-calendar`.

The adapter behind `bot.domain.calendar.HolidayCalendar`; the domain never imports the
library. The State Council publishes each year's arrangement in November or December and
the library ships it in a release soon after: pick it up with `python3 tasks.py lock`.
A day outside the library's data is an ordinary day (the configured weekdays only), and
the first such lookup in each year is logged as a warning, so an outdated library shows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import chinese_calendar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChinaOfficialCalendar:
    """Official days off and make-up workdays as `chinese_calendar` knows them (2004 on)."""

    _warned_years: set[int] = field(default_factory=set, compare=False, repr=False)

    def is_holiday(self, day: date) -> bool:
        official, name = self._detail(day)
        return official is True and name is not None  # an ordinary weekend has no name

    def is_makeup_workday(self, day: date) -> bool:
        official, name = self._detail(day)
        return official is False and name is not None  # an ordinary weekday has no name

    def _detail(self, day: date) -> tuple[bool | None, object]:
        """(day off?, holiday name or None); (None, None) when the library has no data."""
        found = _lookup(day)
        if found is None:
            if day.year not in self._warned_years:
                self._warned_years.add(day.year)
                log.warning(
                    "chinese-calendar has no official holidays for %d: counting weekdays only"
                    " there (upgrade it, or list the days in HOLIDAYS / MAKEUP_WORKDAYS)",
                    day.year,
                )
            return None, None
        return found


@lru_cache(maxsize=4096)
def _lookup(day: date) -> tuple[bool, object] | None:
    # Cached: the library re-checks its whole year range on every call, and a deadline
    # computation asks about each day it walks over, twice.
    try:
        off, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    return bool(off), name
