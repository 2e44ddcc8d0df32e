"""Which drill-down buttons a report's sections get: only for figures with tickets behind."""

from __future__ import annotations

from bot.domain.reports.drills import HOT_SCOPES, MISSED, SLOW
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
    scopes = {spot.scope for spot in report.hotspots.spots}
    return tuple(drill for drill, scope in HOT_SCOPES.items() if scope in scopes)


def missed_drills(report: Report) -> tuple[str, ...]:
    """A button for each time target some ticket missed."""
    values = {target.key: target.value for target in report.targets}
    return tuple(
        drill
        for drill, key in MISSED.items()
        if values.get(key) is not None and (values[key] or 0) < 100
    )
