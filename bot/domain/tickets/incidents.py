"""Mass incidents (issue 11B): many residents reporting one outage become ONE incident.

A report (category, building, resident, time) joins an open incident of the same category
whose scope covers its building (the building, or the whole estate) and which heard a report
within the window; otherwise it may form a new incident together with the recent ordinary
reports of the same category: `min_reports` households of one building, or reports spanning
`estate_buildings` buildings (estate-wide). A single report stays an ordinary ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.tickets.model import Category

# Outages and shared-equipment failures: what a whole building notices at once.
INCIDENT_CATEGORIES = frozenset(
    {
        Category.PLUMBING,
        Category.ELECTRICAL,
        Category.ELEVATOR,
        Category.FIRE_SAFETY,
        Category.FACILITIES,
        Category.SECURITY,
    }
)


@dataclass(frozen=True)
class IncidentPolicy:
    min_reports: int = 3
    window: timedelta = timedelta(minutes=30)
    estate_buildings: int = 3


@dataclass(frozen=True)
class Report:
    """A report: an ordinary open ticket filed lately, or the one arriving now (ticket_id 0)."""

    ticket_id: int
    resident_id: int
    building: str | None
    category: Category
    at: datetime


@dataclass(frozen=True)
class OpenIncident:
    id: int
    category: Category
    building: str | None  # None: the whole estate
    last_report_at: datetime


@dataclass(frozen=True)
class Formation:
    """A new incident: its scope and the earlier reports it absorbs (oldest first)."""

    building: str | None
    reports: tuple[Report, ...]


def covers(incident: OpenIncident, building: str | None) -> bool:
    return incident.building is None or incident.building == building


def joining(
    report: Report, incidents: list[OpenIncident], policy: IncidentPolicy
) -> OpenIncident | None:
    """The open incident this report belongs to (the newest one that fits), if any."""
    if report.category not in INCIDENT_CATEGORIES:
        return None
    fitting = [
        i
        for i in incidents
        if i.category == report.category
        and covers(i, report.building)
        and report.at - i.last_report_at <= policy.window
    ]
    # A building's own incident before the estate-wide one: its card is the more precise.
    fitting.sort(key=lambda i: (i.building is None, -i.last_report_at.timestamp()))
    return fitting[0] if fitting else None


def forming(report: Report, recent: list[Report], policy: IncidentPolicy) -> Formation | None:
    """Whether `report` with the `recent` ordinary reports makes a new incident."""
    if report.category not in INCIDENT_CATEGORIES:
        return None
    alike = [
        r
        for r in recent
        if r.category == report.category
        and r.ticket_id != report.ticket_id
        and timedelta(0) <= report.at - r.at <= policy.window
    ]
    alike.sort(key=lambda r: (r.at, r.ticket_id))
    everyone = [*alike, report]
    buildings = {r.building for r in everyone if r.building is not None}
    if len(buildings) >= policy.estate_buildings and _households(everyone) >= policy.min_reports:
        return Formation(None, tuple(alike))
    if report.building is None:
        return None
    same = [r for r in alike if r.building == report.building]
    if _households([*same, report]) >= policy.min_reports:
        return Formation(report.building, tuple(same))
    return None


def _households(reports: list[Report]) -> int:
    """One resident reporting twice is still one household."""
    return len({r.resident_id for r in reports})


@dataclass(frozen=True)
class Incident:
    id: int
    ticket_id: int  # the incident IS this ticket: owner, deadlines, escalation
    category: Category
    building: str | None
    opened_at: datetime
    last_report_at: datetime
    closed_at: datetime | None = None
    households: int = 0  # residents who reported it (each once)

    @property
    def open(self) -> OpenIncident:
        return OpenIncident(self.id, self.category, self.building, self.last_report_at)


@dataclass(frozen=True)
class FollowerReport:
    """One resident's report inside an incident; they hear its resolution exactly once."""

    id: int
    incident_id: int
    resident_id: int
    ticket_id: int | None  # their own ticket, when it was filed before the incident formed
    text: str
    following: bool
