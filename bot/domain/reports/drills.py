"""The tickets behind the figures the store does not list itself, worked out from the rows
the report already has (one row per ticket created in the period, see `timings`):

- hotspots by unit and by building: the same category at least N times there;
- the tickets that missed each time target (of those the target's figure counts);
- the slowest tickets: response or resolution at or above the period's 90th percentile.

Row fields used: 0 kind, 1 urgent, 2 category, 3 created, 4 responded, 7 resolved,
10 home label ("3-2-1102", unit empty: "3--1102"), 11 building, 12 resident, 13 ticket id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from bot.domain.reports.model import ReportTargets
from bot.domain.reports.stats import percentile

SCOPES = ("home", "unit", "building")
# Time targets in the order the report lists them (the drill-down's index).
TIME_TARGETS = ("urgent_response", "repair_resolution", "complaint_response")
MEASURES = ("response", "resolution")
Row = tuple[Any, ...]


def unit_of(home: str) -> str:
    """ "3-2-1102" -> "3-2"; a home without a unit ("3--1102", "3-1102") has none: ""."""
    parts = home.split("-")
    return f"{parts[0]}-{parts[1]}" if len(parts) == 3 and parts[0] and parts[1] else ""


def scoped_spots(
    rows: Sequence[Row], scope: str, least: int
) -> list[tuple[str, str, tuple[int, ...]]]:
    """(category, place, ticket ids) recurring at least `least` times in one unit or building,
    most tickets first."""
    places: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in rows:
        place = unit_of(row[10] or "") if scope == "unit" else (row[11] or "")
        if place:
            places[(row[2], place)].append(row[13])
    found = [(c, p, tuple(sorted(ids))) for (c, p), ids in places.items() if len(ids) >= least]
    found.sort(key=lambda s: (-len(s[2]), s[1], s[0]))
    return found


def _counted(rows: Sequence[Row], key: str) -> tuple[list[Row], int]:
    """The rows a time target's figure counts, and the field it measures."""
    if key == "urgent_response":
        return [r for r in rows if r[0] == "repair" and r[1] and r[4] is not None], 4
    if key == "repair_resolution":
        return [r for r in rows if r[0] == "repair" and not r[1] and r[7] is not None], 7
    return [r for r in rows if r[0] == "complaint" and r[4] is not None], 4


def limit_of(key: str, goals: ReportTargets) -> timedelta:
    if key == "urgent_response":
        return timedelta(minutes=goals.urgent_response_minutes)
    if key == "repair_resolution":
        return timedelta(hours=goals.repair_resolution_hours)
    return timedelta(hours=goals.complaint_response_hours)


def missed(rows: Sequence[Row], key: str, goals: ReportTargets) -> list[int]:
    """Ticket ids that missed one time target (the ones its percentage does not count as
    met), slowest first."""
    counted, index = _counted(rows, key)
    limit = limit_of(key, goals)
    late = [(r[index] - r[3], r[13]) for r in counted if r[index] - r[3] > limit]
    late.sort(key=lambda pair: (-pair[0], pair[1]))
    return [ticket for _late, ticket in late]


def slowest(rows: Sequence[Row], measure: str) -> list[int]:
    """Ticket ids whose response (or resolution) took at least the period's 90th percentile
    of wall-clock time, slowest first (the figure the Speed section shows for "all")."""
    index = 4 if measure == "response" else 7
    spans = [((r[index] - r[3]).total_seconds(), r[13]) for r in rows if r[index] is not None]
    p90 = percentile([s for s, _t in spans], 90)
    if p90 is None:
        return []
    slow = [(s, t) for s, t in spans if s >= p90]
    slow.sort(key=lambda pair: (-pair[0], pair[1]))
    return [ticket for _s, ticket in slow]


# Drill-downs worked out from the rows (callback verbs; each ≤ 16 characters).
HOT_SCOPES = {"hot_unit": "unit", "hot_building": "building"}
MISSED = {
    "miss_urgent": "urgent_response",
    "miss_repair": "repair_resolution",
    "miss_complaint": "complaint_response",
}
SLOW = {"slow_response": "response", "slow_resolution": "resolution"}
WEAK_DRILL = "weak"  # the tickets of one weak mirror area (index of its row)
REPEAT_DRILL = "repeat"  # the tickets of repeat reporters (Hotspots)
DERIVED = (*HOT_SCOPES, *MISSED, *SLOW, WEAK_DRILL, REPEAT_DRILL)
CLOSING_DRILLS = ("closed", "cancelled")  # Volume: tickets closed / cancelled in the period


def derived_ids(
    drill: str, rows: Sequence[Row], goals: ReportTargets, least: dict[str, int]
) -> list[int]:
    """The tickets behind one figure worked out from the rows (not the mirror's)."""
    if drill in HOT_SCOPES:
        scope = HOT_SCOPES[drill]
        return sorted({i for _c, _p, ids in scoped_spots(rows, scope, least[scope]) for i in ids})
    if drill in MISSED:
        return missed(rows, MISSED[drill], goals)
    if drill in SLOW:
        return slowest(rows, SLOW[drill])
    if drill == REPEAT_DRILL:
        return repeat_ids(rows, least["home"])
    return []


def repeat_ids(rows: Sequence[Row], least: int) -> list[int]:
    """The tickets of residents who filed at least `least` in the period."""
    by: dict[Any, list[int]] = defaultdict(list)
    for row in rows:
        by[row[12]].append(row[13])
    return sorted(i for ids in by.values() if len(ids) >= least for i in ids)
