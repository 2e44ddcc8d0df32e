"""A vote's results: counts per option, turnout by building, and for per-home votes the two
counts the property law uses — the share of homes (户数) and of floor area (专有部分面积)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from bot.domain.votes.model import Vote


@dataclass(frozen=True)
class Ballot:
    option: int
    building: str
    area_m2: float | None = None


@dataclass(frozen=True)
class Eligible:
    """One home (per-home votes) or one person (per-person votes) that may answer."""

    building: str
    area_m2: float | None = None


@dataclass(frozen=True)
class Turnout:
    building: str
    eligible: int
    voted: int


@dataclass(frozen=True)
class OptionResult:
    text: str
    count: int
    share: float  # of the eligible homes or persons (the law's denominator), 0–1
    area: float | None  # per-home votes with areas: the option's share of the total area


@dataclass(frozen=True)
class Results:
    vote: Vote
    options: tuple[OptionResult, ...]
    turnout: tuple[Turnout, ...]
    eligible: int
    voted: int
    area_total: float  # of the eligible homes whose area is known
    area_unknown: int  # eligible homes without an area

    @property
    def has_area(self) -> bool:
        return self.vote.per_home and self.area_total > 0


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def tally(vote: Vote, ballots: list[Ballot], eligible: list[Eligible]) -> Results:
    """Counts from the ballots; shares over everyone eligible (not only those who voted)."""
    counts = Counter(b.option for b in ballots)
    areas: dict[int, float] = defaultdict(float)
    for ballot in ballots:
        areas[ballot.option] += ballot.area_m2 or 0.0
    area_total = sum(e.area_m2 or 0.0 for e in eligible)
    unknown = sum(1 for e in eligible if e.area_m2 is None) if vote.per_home else 0
    options = tuple(
        OptionResult(
            text,
            counts[index],
            _share(counts[index], len(eligible)),
            _share(areas[index], area_total) if vote.per_home and area_total else None,
        )
        for index, text in enumerate(vote.options)
    )
    return Results(
        vote,
        options,
        turnout(ballots, eligible),
        len(eligible),
        len(ballots),
        area_total,
        unknown,
    )


def turnout(ballots: list[Ballot], eligible: list[Eligible]) -> tuple[Turnout, ...]:
    """Eligible vs. voted per building; a ballot from a building no longer in the roster
    still counts where it was cast."""
    allowed = Counter(e.building for e in eligible)
    voted = Counter(b.building for b in ballots)
    names = sorted(allowed.keys() | voted.keys(), key=_building_order)
    return tuple(Turnout(name, allowed[name], voted[name]) for name in names)


def _building_order(name: str) -> tuple[int, int, str]:
    return (0, int(name), "") if name.isdigit() else (1, 0, name)
