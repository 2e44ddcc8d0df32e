"""Which drill-down buttons a report's sections get: only for figures with tickets behind."""

from __future__ import annotations

from bot.domain.reports.drills import CLOSING_DRILLS, HOT_SCOPES, MISSED, REPEAT_DRILL, SLOW
from bot.domain.reports.model import Report


def slow_drills(report: Report) -> tuple[str, ...]:
    """The slowest tickets (at or above the 90th percentile) of response and resolution."""
    found = []
    for drill, measure in SLOW.items():
        timing = getattr(report.speed, measure).get("all")
        if timing is not None and timing.wall.count:
            found.append(drill)
    return tuple(found)


def hot_drills(report: Report) -> tuple[str, ...]:
    """Unit and building hotspots, and repeat reporters, when there are any."""
    scopes = {spot.scope for spot in report.hotspots.spots}
    found = tuple(drill for drill, scope in HOT_SCOPES.items() if scope in scopes)
    return (*found, REPEAT_DRILL) if report.hotspots.reporters else found


def volume_drills(report: Report) -> tuple[str, ...]:
    """Created, resolved, backlog, overdue always; closed and cancelled when there are any."""
    v = report.volume
    closing = tuple(d for d in CLOSING_DRILLS if getattr(v, d))
    return ("created", "resolved", *closing, "backlog", "overdue")


def missed_drills(report: Report) -> tuple[str, ...]:
    """A button for each time target some ticket missed; the 1-3 star ratings when the
    satisfaction target (from ratings, not a survey) is missed."""
    values = {target.key: target.value for target in report.targets}
    found = tuple(
        drill
        for drill, key in MISSED.items()
        if values.get(key) is not None and (values[key] or 0) < 100
    )
    missed_rating = any(t.key == "satisfaction" and t.met is False for t in report.targets)
    return (*found, "lowrated") if missed_rating else found
