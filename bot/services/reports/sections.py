"""From the store's rows to the report's sections: percentiles, business time, targets."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from bot.domain.calendar import BusinessHours
from bot.domain.reports.model import Person, ReportTargets, Speed, Target, Timing
from bot.domain.reports.stats import Spread, WorkingTime, percentile, share

GROUPS = ("all", "repair", "complaint", "inquiry", "urgent")


def _groups(kind: str, urgent: bool) -> tuple[str, ...]:
    return ("all", kind, "urgent") if urgent else ("all", kind)


def speed(
    rows: list[tuple[Any, ...]], now: datetime, hours: BusinessHours, breaches: dict[str, int]
) -> Speed:
    """Rows: kind, urgent, category, created, responded, respond_by, resolve_by, resolved."""
    response: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    resolution: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    r_met = r_due = s_met = s_due = 0
    working = WorkingTime(hours)
    for row in rows:
        kind, urgent, _cat, created, responded, respond_by, resolve_by, resolved = row[:8]
        for group in _groups(kind, urgent):
            if responded is not None:
                response[group][0].append((responded - created).total_seconds())
                response[group][1].append(working.seconds(created, responded))
            if resolved is not None:
                resolution[group][0].append((resolved - created).total_seconds())
                resolution[group][1].append(working.seconds(created, resolved))
        if row[9] == "cancelled":  # withdrawn by the resident: no deadline to meet
            continue
        if responded is not None or respond_by <= now:
            r_due += 1
            r_met += responded is not None and responded <= respond_by
        if resolved is not None or resolve_by <= now:
            s_due += 1
            s_met += resolved is not None and resolved <= resolve_by

    def timing(table: dict[str, tuple[list[float], list[float]]]) -> dict[str, Timing]:
        return {
            g: Timing(Spread.of(table[g][0]), Spread.of(table[g][1])) for g in GROUPS if g in table
        }

    return Speed(timing(response), timing(resolution), (r_met, r_due), (s_met, s_due), breaches)


def targets(
    rows: list[tuple[Any, ...]],
    ratings: dict[int, int],
    goals: ReportTargets,
    surveyed: float | None = None,
) -> tuple[Target, ...]:
    """The office's service standard: each figure is the share within the limit;
    satisfaction is the latest survey's overall rate, else the share of 4-5 star ratings."""
    urgent = [r for r in rows if r[0] == "repair" and r[1] and r[4] is not None]
    repairs = [r for r in rows if r[0] == "repair" and not r[1] and r[7] is not None]
    complaints = [r for r in rows if r[0] == "complaint" and r[4] is not None]

    def within(items: list[tuple[Any, ...]], index: int, limit: timedelta) -> float | None:
        return share(sum(1 for r in items if r[index] - r[3] <= limit), len(items))

    rated = sum(ratings.values())
    good = ratings.get(4, 0) + ratings.get(5, 0)
    minutes, hours = goals.urgent_response_minutes, goals.repair_resolution_hours
    return (
        Target(
            "urgent_response", within(urgent, 4, timedelta(minutes=minutes)), goals.share,
            f"{minutes}m",
        ),
        Target("repair_resolution", within(repairs, 7, timedelta(hours=hours)), goals.share,
               f"{hours}h"),
        Target(
            "complaint_response",
            within(complaints, 4, timedelta(hours=goals.complaint_response_hours)),
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
    resolutions: list[tuple[int, datetime, datetime, datetime, int | None]],
) -> tuple[Person, ...]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    names: dict[int, str] = {}
    for actor, name, action, n in events:
        counts[actor][action] = n
        names[actor] = name
    times: dict[int, list[float]] = defaultdict(list)
    met: dict[int, int] = defaultdict(int)
    stars: dict[int, list[int]] = defaultdict(list)
    for actor, at, created, resolve_by, stars_given in resolutions:
        times[actor].append((at - created).total_seconds())
        met[actor] += at <= resolve_by
        if stars_given is not None:
            stars[actor].append(stars_given)
    found = []
    for actor in sorted(names, key=lambda a: (-counts[a].get("resolved", 0), a)):
        c = counts[actor]
        rating: float | None = (
            round(sum(stars[actor]) / len(stars[actor]), 2) if stars[actor] else None
        )
        found.append(
            Person(
                actor,
                names[actor],
                c.get("taken", 0),
                c.get("resolved", 0),
                c.get("handed_over", 0),
                percentile(times[actor], 50),
                (met[actor], len(times[actor])),
                rating,
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class Tallies:
    """What one pass over the period's tickets gives besides speed: counts by kind,
    category and building, recurring category+home pairs, repeat reporters, the heatmap."""

    created: list[tuple[str, str, str, int]]
    spots: list[tuple[str, str, tuple[int, ...]]]
    reporters: list[tuple[int, tuple[int, ...]]]
    heatmap: tuple[tuple[int, ...], ...]


def tallies(rows: list[tuple[Any, ...]], least: int, tz: tzinfo) -> Tallies:
    counts: Counter[tuple[str, str, str]] = Counter()
    places: dict[tuple[str, str], list[int]] = defaultdict(list)
    people: dict[int, list[int]] = defaultdict(list)
    grid = [[0] * 24 for _ in range(7)]
    offsets: dict[int, timedelta] = {}
    for row in rows:
        kind, category, created = row[0], row[2], row[3]
        home, building, resident, ticket = row[10], row[11], row[12], row[13]
        counts[(kind, category, building)] += 1
        if home:
            places[(category, home)].append(ticket)
        people[resident].append(ticket)
        bucket = int(created.timestamp() // 3600)
        offset = offsets.get(bucket)
        if offset is None:
            offset = offsets[bucket] = created.astimezone(tz).utcoffset() or timedelta(0)
        local = created + offset
        grid[local.weekday()][local.hour] += 1
    spots = [
        (c, home, tuple(sorted(ids))) for (c, home), ids in places.items() if len(ids) >= least
    ]
    spots.sort(key=lambda s: (-len(s[2]), s[2]))
    repeat = [(r, tuple(sorted(ids))) for r, ids in people.items() if len(ids) >= least]
    repeat.sort(key=lambda r: (-len(r[1]), r[0]))
    return Tallies(
        [(k, c, b, n) for (k, c, b), n in counts.items()],
        spots,
        repeat[:20],
        tuple(tuple(r) for r in grid),
    )
