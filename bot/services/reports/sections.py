"""From the store's aggregates to the report's sections: percentiles, business time, targets.

The period's tickets arrive as numpy columns (`Columns`): percentiles, working time, the
targets and the heatmap are array operations, so a year of tickets costs milliseconds here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import numpy as np

from bot.domain.calendar import BusinessHours
from bot.domain.reports.model import Person, ReportTargets, Speed, Target, Timing
from bot.domain.reports.stats import share
from bot.domain.reports.worktime import KINDS, Seconds, WorkingClock, percentile_of, spread
from bot.domain.reports.worktime import heatmap as local_heatmap

GROUPS = ("all", "repair", "complaint", "inquiry", "urgent")


@dataclass(frozen=True)
class Columns:
    """The period's tickets column by column: kind code (see KINDS), urgent, and created,
    responded, resolved as epoch seconds (NaN when not yet)."""

    kind: Seconds
    urgent: Seconds
    created: Seconds
    responded: Seconds
    resolved: Seconds

    @classmethod
    def of(cls, rows: list[tuple[Any, ...]]) -> Columns:
        table = np.array(rows, dtype=np.float64).reshape(-1, 5)  # None -> NaN
        return cls(*(np.ascontiguousarray(table[:, i]) for i in range(5)))

    def group(self, name: str) -> Seconds:
        """The mask of one of GROUPS."""
        if name == "all":
            found: Seconds = np.ones(self.kind.shape, dtype=bool)
        elif name == "urgent":
            found = self.urgent != 0
        else:
            found = self.kind == KINDS.index(name) + 1
        return found


def speed(
    columns: Columns, hours: BusinessHours, deadlines: tuple[int, int, int, int],
    breaches: dict[str, int],
) -> Speed:  # fmt: skip
    """Response and resolution (wall clock and business hours) by group; deadlines met."""
    ends = np.concatenate((columns.created, columns.responded, columns.resolved))
    known = ends[~np.isnan(ends)]
    clock = WorkingClock(hours, float(known.min()), float(known.max())) if known.size else None
    found: list[dict[str, Timing]] = []
    for end in (columns.responded, columns.resolved):
        done = ~np.isnan(end)
        wall = np.where(done, end - columns.created, 0.0)
        business = np.zeros_like(wall)
        if clock is not None and done.any():
            business[done] = clock.seconds(columns.created[done], end[done])
        timings = {}
        for group in GROUPS:
            chosen = done & columns.group(group)
            if chosen.any():
                timings[group] = Timing(spread(wall[chosen]), spread(business[chosen]))
        found.append(timings)
    r_due, r_met, s_due, s_met = deadlines
    return Speed(found[0], found[1], (r_met, r_due), (s_met, s_due), breaches)


def targets(
    columns: Columns,
    ratings: dict[int, int],
    goals: ReportTargets,
    surveyed: float | None = None,
) -> tuple[Target, ...]:
    """The office's service standard: each figure is the share within the limit;
    satisfaction is the latest survey's overall rate, else the share of 4-5 star ratings."""
    repair, complaint = columns.group("repair"), columns.group("complaint")
    urgent = columns.urgent != 0

    def within(chosen: Seconds, end: Seconds, limit: timedelta) -> float | None:
        chosen = chosen & ~np.isnan(end)
        took = end[chosen] - columns.created[chosen]
        return share(int(np.count_nonzero(took <= limit.total_seconds())), int(took.size))

    rated = sum(ratings.values())
    good = ratings.get(4, 0) + ratings.get(5, 0)
    minutes, hours = goals.urgent_response_minutes, goals.repair_resolution_hours
    return (
        Target(
            "urgent_response", within(repair & urgent, columns.responded,
                                      timedelta(minutes=minutes)), goals.share, f"{minutes}m",
        ),
        Target("repair_resolution", within(repair & ~urgent, columns.resolved,
                                           timedelta(hours=hours)), goals.share, f"{hours}h"),
        Target(
            "complaint_response",
            within(complaint, columns.responded, timedelta(hours=goals.complaint_response_hours)),
            goals.share,
            f"{goals.complaint_response_hours}h",
        ),
        Target(
            "satisfaction" if surveyed is None else "survey_satisfaction",
            share(good, rated) if surveyed is None else surveyed,
            goals.satisfaction,
            "",
        ),
    )  # fmt: skip


def people(
    events: list[tuple[int, str, str, int]],
    resolutions: list[tuple[int, int, int, int | None]],
) -> tuple[Person, ...]:
    """Per staff member from their event counts and (actor, seconds, within the deadline,
    rating) of each resolve event in the period."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    names: dict[int, str] = {}
    for actor, name, action, n in events:
        counts[actor][action] = n
        names[actor] = name
    table = np.array(resolutions, dtype=np.float64).reshape(-1, 4)
    found = []
    for actor in sorted(names, key=lambda a: (-counts[a].get("resolved", 0), a)):
        c = counts[actor]
        mine = table[table[:, 0] == actor]
        stars = mine[:, 3][~np.isnan(mine[:, 3])]
        rating = round(int(stars.sum()) / stars.size, 2) if stars.size else None
        found.append(
            Person(
                actor,
                names[actor],
                c.get("taken", 0),
                c.get("resolved", 0),
                c.get("handed_over", 0),
                percentile_of(mine[:, 1], 50),
                (int(mine[:, 2].sum()), int(mine.shape[0])),
                rating,
            )
        )
    return tuple(found)


def spots(found: list[tuple[str, str, str]]) -> list[tuple[str, str, tuple[int, ...]]]:
    """Recurring category+home pairs with their tickets, the most first."""
    chosen = [(c, place, ids(text)) for c, place, text in found if place]
    chosen.sort(key=lambda s: (-len(s[2]), s[2]))
    return chosen


def heatmap(columns: Columns, tz: tzinfo) -> tuple[tuple[int, ...], ...]:
    def offset(hour: int) -> int:
        delta = datetime.fromtimestamp(hour * 3600, UTC).astimezone(tz).utcoffset()
        return int(delta.total_seconds()) if delta else 0

    return local_heatmap(columns.created, offset)


def ids(text: str | None) -> tuple[int, ...]:
    return tuple(sorted(int(part) for part in (text or "").split(",") if part))


Counts = tuple[list[tuple[str, str, int]], list[tuple[str, int]]]  # (kind, category, n), (place, n)


def volume_tables(
    now: Counts, before: Counts
) -> tuple[list[int], Callable[[str], dict[str, tuple[int, int]]]]:
    """Totals of the period and the one before, and each breakdown (kind, category,
    building) as name -> (this period, previous), the largest first."""
    tables: dict[str, dict[str, list[int]]] = {
        "kind": defaultdict(lambda: [0, 0]),
        "category": defaultdict(lambda: [0, 0]),
        "building": defaultdict(lambda: [0, 0]),
    }
    totals = [0, 0]
    for side, (found, homes) in enumerate((now, before)):
        for kind, category, n in found:
            totals[side] += n
            tables["kind"][kind][side] += n
            tables["category"][category][side] += n
        for place, n in homes:
            tables["building"][place or "-"][side] += n

    def table(name: str) -> dict[str, tuple[int, int]]:
        items = tables[name].items()
        return {k: (v[0], v[1]) for k, v in sorted(items, key=lambda kv: -kv[1][0])}

    return totals, table
