"""The mirror: what residents said in the latest survey beside what the tickets show.

Each survey dimension maps to the tickets of the same service area. The default mapping
fits the built-in questionnaire; a dimension it does not know is shown without tickets.
An anonymous campaign never shows a dimension rated by fewer than MIN_GROUP residents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.reports.stats import share

MIN_GROUP = 5  # anonymous answers are never shown for a smaller group
# dimension -> (ticket kinds, categories); None: any
Mapping = dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]]
DEFAULT_MAPPING: Mapping = {
    "security": (("repair", "complaint"), ("security",)),
    "cleaning": (("repair", "complaint"), ("cleaning",)),
    "greening": (("repair", "complaint"), ("greening",)),
    "facilities": (("repair", "complaint"), ("facilities", "elevator", "plumbing", "electrical")),
    "repair": (("repair",), None),
    "service_centre": (("complaint",), ("service",)),
    "complaints": (("complaint",), ("service",)),
    "disclosure": (("repair", "complaint"), ("fees",)),
    "activities": ((), ()),  # community activities: no ticket mirrors them (shown without)
}


def mapping_of(declared: Mapping) -> Mapping:
    """The defaults, overridden per dimension by what the survey definition declares."""
    return {**DEFAULT_MAPPING, **declared}


def chosen(
    dimension: str, rows: Sequence[tuple[Any, ...]], mapping: Mapping
) -> list[tuple[Any, ...]]:
    """The timing rows of the tickets a dimension mirrors (none when it maps to nothing)."""
    kinds, categories = mapping.get(dimension, ((), ()))
    return [
        r
        for r in rows
        if (kinds is None or r[0] in kinds) and (categories is None or r[2] in categories)
    ]


@dataclass(frozen=True)
class MirrorRow:
    dimension: str
    labels: dict[str, str]  # language -> the survey's name for the dimension
    answers: int
    rate: float | None  # None: hidden (anonymous and under MIN_GROUP) or nobody rated it
    change: float | None  # points since the previous round
    tickets: int | None  # complaints and repairs of the mapped categories; None: unmapped
    met: float | None  # their resolution-deadline achievement, percent

    def weak(self, goal: float) -> bool:
        """Both signals weak: residents below the goal and deadlines below it (or unmet)."""
        if self.rate is None or self.tickets is None:
            return False
        return self.rate < goal and (self.met is None or self.met < goal) and self.tickets > 0


@dataclass(frozen=True)
class Mirror:
    campaign_id: int
    titles: dict[str, str]
    anonymous: bool
    rate: float | None  # overall satisfaction (summary dimension), if shown
    rows: tuple[MirrorRow, ...]
    weakest: tuple[MirrorRow, ...]  # at most three, weakest first
    # The community activities' own 1–5 ratings (count, average) beside the survey's
    # "activities" dimension (issue 14); None when there is no activity rating source.
    activity_ratings: tuple[int, float | None] | None = None


def tickets_for(
    dimension: str,
    rows: Sequence[tuple[Any, ...]],
    now: datetime,
    mapping: Mapping = DEFAULT_MAPPING,
) -> tuple[int, float | None] | None:
    """(tickets, resolution-deadline achievement) of the timing rows a dimension maps to."""
    kinds, categories = mapping.get(dimension, ((), ()))
    if kinds == () or categories == ():  # unknown, or mapped to nothing
        return None
    found = chosen(dimension, rows, mapping)
    met = sum(1 for r in found if r[7] is not None and r[7] <= r[6])
    due = sum(1 for r in found if r[7] is not None or (r[9] != "cancelled" and r[6] <= now))
    return len(found), share(met, due)


def pick_weakest(rows: Sequence[MirrorRow], goal: float) -> tuple[MirrorRow, ...]:
    weak = [r for r in rows if r.weak(goal)]
    weak.sort(key=lambda r: ((r.rate or 0) + (r.met or 0), -(r.tickets or 0)))
    return tuple(weak[:3])
