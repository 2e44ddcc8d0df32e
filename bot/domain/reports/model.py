"""The report as plain objects, fed to the text/JSON/CSV/XLSX renderers.

Definitions (also in the README):
- volume counts tickets *created* in the period, and tickets with a resolve / close /
  cancel event in it (a ticket resolved, reopened and resolved again counts once);
- backlog = tickets open at the period's end, rebuilt from the event log, so a ticket
  resolved inside the period and reopened after it is not in that period's backlog;
- response = responded_at − created_at, resolution = the ticket's last resolve event −
  created_at, both over tickets created in the period; business time uses the office's
  calendar (holidays and make-up workdays included);
- deadline achievement = tickets that met the deadline / tickets whose deadline has come
  (or that were answered/resolved before it);
- one-touch = a ticket resolved in the period with no reopen and no hand-over ever.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.domain.reports.mirror import Mirror
from bot.domain.reports.period import Period
from bot.domain.reports.stats import Spread

SECTIONS = ("volume", "speed", "quality", "hotspots", "people", "targets")
# Drill-down lists: which tickets stand behind a section's figures.
DRILLS = ("created", "resolved", "backlog", "overdue", "breached", "reopened", "lowrated", "hot")
STAFF_DRILL = "staff"  # the tickets one staff member resolved (People section)


@dataclass(frozen=True)
class Volume:
    created: int
    resolved: int
    closed: int
    cancelled: int
    backlog: int
    overdue: int  # of the backlog, past its resolution deadline now
    previous: tuple[int, int, int, int]  # created, resolved, closed, cancelled before
    by_kind: dict[str, tuple[int, int]]  # kind -> (now, previous period)
    by_category: dict[str, tuple[int, int]]
    by_building: dict[str, tuple[int, int]]
    oldest: tuple[tuple[int, str], ...]  # (ticket id, local created date) oldest first


@dataclass(frozen=True)
class Timing:
    wall: Spread
    business: Spread


@dataclass(frozen=True)
class Speed:
    response: dict[str, Timing]  # "all", "repair", "complaint", "inquiry", "urgent"
    resolution: dict[str, Timing]
    response_met: tuple[int, int]  # met, due
    resolution_met: tuple[int, int]
    breaches_by_category: dict[str, int]


@dataclass(frozen=True)
class Quality:
    resolved: int
    one_touch: int
    reopened: int
    handovers: int
    ratings: dict[int, int]  # 1..5 -> count

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def average(self) -> float | None:
        if not self.rated:
            return None
        return round(sum(k * v for k, v in self.ratings.items()) / self.rated, 2)

    @property
    def good(self) -> int:
        return self.ratings.get(4, 0) + self.ratings.get(5, 0)


@dataclass(frozen=True)
class Hotspot:
    category: str
    place: str  # "3-2-1102" (a home), "3-2" (a unit) or "3" (a building)
    tickets: tuple[int, ...]
    scope: str = "home"  # home, unit or building


@dataclass(frozen=True)
class Reporter:
    resident_id: int
    name: str
    tickets: tuple[int, ...]


@dataclass(frozen=True)
class Hotspots:
    spots: tuple[Hotspot, ...]
    reporters: tuple[Reporter, ...]
    heatmap: tuple[tuple[int, ...], ...]  # 7 rows (Monday first) x 24 local hours


@dataclass(frozen=True)
class Person:
    staff_id: int
    name: str
    taken: int
    resolved: int
    handed_over: int
    median_resolution: float | None  # seconds
    met: tuple[int, int]  # resolved within deadline, resolved
    rating: float | None


@dataclass(frozen=True)
class Target:
    key: str  # urgent_response, repair_resolution, complaint_response, satisfaction
    value: float | None  # percent
    goal: float  # percent
    limit: str  # "20m", "24h", "48h", ""

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value >= self.goal


@dataclass(frozen=True)
class ReportTargets:
    urgent_response_minutes: int = 20
    repair_resolution_hours: int = 24
    complaint_response_hours: int = 48
    satisfaction: int = 90  # percent of ratings 4-5
    share: int = 90  # percent of tickets within the limit for a time target to count as met


@dataclass(frozen=True)
class Report:
    period: Period
    building: str | None
    volume: Volume
    speed: Speed
    quality: Quality
    hotspots: Hotspots
    people: tuple[Person, ...]
    targets: tuple[Target, ...]
    hotspot_min: int = 3
    mirror: Mirror | None = None
    hotspot_min_unit: int = 5
    hotspot_min_building: int = 8
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class TicketLine:
    """One row behind a figure: enough for a chat line "#N …" and a spreadsheet row."""

    id: int
    kind: str
    category: str
    urgent: bool
    status: str
    home: str
    created_at: str  # local "YYYY-MM-DD HH:MM"
    owner: str
    description: str


# (id, kind, category, urgent 0/1, status, home, local created, owner, description)
LineRow = tuple[int, str, str, int, str, str, str, str, str]


@dataclass(frozen=True)
class ExportRows:
    """Every list behind the report's figures as ticket ids (in their order), and each of
    those tickets' row once, however many lists it is in: the XLSX export of a year holds
    millions of list entries but each ticket is read and rendered once."""

    lists: dict[str, list[int]]
    rows: dict[int, LineRow]

    def __getitem__(self, drill: str) -> list[TicketLine]:
        """One list as lines (the small cases: tests, a chat page)."""
        return [line_of(self.rows[i]) for i in self.lists.get(drill, ())]

    @classmethod
    def of(cls, lines: Mapping[str, Sequence[TicketLine]]) -> ExportRows:
        rows = {line.id: row_of(line) for found in lines.values() for line in found}
        return cls({d: [line.id for line in found] for d, found in lines.items()}, rows)


def line_of(row: LineRow) -> TicketLine:
    return TicketLine(row[0], row[1], row[2], bool(row[3]), *row[4:])


def row_of(line: TicketLine) -> LineRow:
    return (line.id, line.kind, line.category, int(line.urgent), line.status, line.home,
            line.created_at, line.owner, line.description)  # fmt: skip
