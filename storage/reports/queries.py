"""The report's figures in SQL over indexed columns (tickets.created_at, events(action, at)).

Everything takes a half-open UTC range [start, end) and an optional building; percentiles
and business time are computed by the service over the rows `timings` returns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.db import Database, from_db_time, to_db_time
from storage.reports.aggregates import FACTS, PeriodAggregates, epochs, scope, span
from storage.reports.backlog import LATER as _LATER
from storage.reports.backlog import OPEN_AT_END as _OPEN_AT_END
from storage.reports.backlog import WAS_OPEN as _WAS_OPEN
from storage.reports.drills import DrillQueries

_IN = "t.created_at >= ? AND t.created_at < ? AND (? IS NULL OR h.building = ?)"
_HOME = "LEFT JOIN homes h ON h.id = t.home_id"
# The period's tickets per home and category: count and comma-separated ids (the hotspots),
# grouped in the order of tickets_home_category (migration 0260: an index walk, no sort).
_PAIRS = (
    "SELECT t.home_id, t.category, COUNT(*) AS n, GROUP_CONCAT(t.id) AS ids FROM tickets t"
    " INDEXED BY tickets_home_category WHERE t.created_at >= ? AND t.created_at < ?{scope}"
    " GROUP BY t.home_id, t.category"
)
CLOSING = {
    "resolved": ("resolved",),
    "closed": ("confirmed", "auto_closed"),
    "cancelled": ("cancelled",),
}


def _pairs(building: str | None) -> str:
    return _PAIRS.format(scope=scope(building))


def _by_building(events: str, building: str | None) -> str:
    """The join a building filter on events needs (none without a filter: index only)."""
    return "" if building is None else f"JOIN tickets t ON t.id = {events}.ticket_id {_HOME}"


def _building(building: str | None) -> str:
    return "" if building is None else " AND h.building = ?"


def _building_args(building: str | None) -> tuple[str, ...]:
    return () if building is None else (building,)


def _range(start: datetime, end: datetime, building: str | None) -> tuple[Any, ...]:
    return (to_db_time(start), to_db_time(end), building, building)


class SqliteReports(PeriodAggregates, DrillQueries):
    def __init__(self, db: Database) -> None:
        self.db = db

    async def closings(
        self, start: datetime, end: datetime, building: str | None
    ) -> dict[str, int]:
        """Distinct tickets with a resolve / close / cancel event in the range."""
        found = {}
        for name, actions in CLOSING.items():
            marks = ", ".join("?" for _ in actions)
            row = await self.db.fetchone(
                f"SELECT COUNT(DISTINCT e.ticket_id) FROM ticket_events e {_by_building('e', building)}"
                f" WHERE e.action IN ({marks}) AND e.at >= ? AND e.at < ?{_building(building)}",
                (*actions, to_db_time(start), to_db_time(end), *_building_args(building)),
            )
            found[name] = row[0] if row else 0
        return found

    async def backlog_summary(
        self, end: datetime, building: str | None, now: datetime
    ) -> tuple[int, int, list[tuple[int, datetime]]]:
        """How many tickets were open at `end`, how many of them are past their resolution
        deadline `now`, and the oldest five (id, created_at): the first tickets in
        tickets_created order that were open then."""
        at, args = to_db_time(end), _building_args(building)
        row = await self.db.fetchone(
            f"{_OPEN_AT_END} SELECT COUNT(*), SUM(unixepoch(o.resolve_by) < ?) FROM open_at o"
            f" WHERE 1{scope(building, 'o.home_id')}",
            (at, at, at, at, now.timestamp(), *args),
        )
        oldest = await self.db.fetchrows(
            f"{_LATER} SELECT t.id, t.created_at FROM tickets t INDEXED BY tickets_created"
            f" WHERE {_WAS_OPEN}{scope(building)} ORDER BY t.created_at, t.id LIMIT 5",
            (at, at, at, *args),
        )
        count, overdue = (row[0], row[1] or 0) if row else (0, 0)
        return count, overdue, [(r[0], from_db_time(r[1])) for r in oldest]

    async def timings(
        self, start: datetime, end: datetime, building: str | None
    ) -> list[tuple[Any, ...]]:
        """Per ticket created in the range: kind, urgent, category, created, responded,
        respond_by, resolve_by, resolved (the last resolution; NULL again once reopened),
        owner, status, home label, building, resident, id: one pass feeds every section."""
        rows = await self.db.fetchrows(
            "SELECT t.kind, t.urgent, t.category, t.created_at, t.responded_at, t.respond_by,"
            " t.resolve_by, t.resolved_at, t.owner_id, t.status,"
            " COALESCE(h.building || '-' || h.unit || '-' || h.room, ''), COALESCE(h.building, ''),"
            " t.resident_id, t.id"
            f" FROM tickets t {_HOME} WHERE {_IN}",
            _range(start, end, building),
        )
        day = datetime.fromisoformat  # stored times are never empty strings
        return [
            (r[0], bool(r[1]), r[2], day(r[3]), r[4] and day(r[4]), day(r[5]), day(r[6]),
             r[7] and day(r[7]), r[8], r[9], r[10], r[11], r[12], r[13])
            for r in rows
        ]  # fmt: skip

    async def breaches(
        self, start: datetime, end: datetime, building: str | None
    ) -> dict[str, int]:
        """Tickets created in the range with a deadline breach, by category."""
        rows = await self.db.fetchrows(
            f"SELECT t.category, COUNT(*) FROM {FACTS} WHERE t.created >= ? AND t.created < ?"
            f"{scope(building)} AND t.breached GROUP BY t.category",
            epochs(start, end, building),
        )
        found: dict[str, int] = {}
        for category, n in rows:
            found[category] = found.get(category, 0) + n
        return dict(sorted(found.items()))

    async def quality(
        self, start: datetime, end: datetime, building: str | None
    ) -> tuple[int, int, int, int]:
        """Tickets resolved in the range: count, one-touch, ever reopened, hand-overs.

        The reopens and hand-overs of all time are few: they are grouped by ticket through
        ticket_events_marks and looked up in the period's resolved tickets."""
        row = await self.db.fetchone(
            "WITH done AS (SELECT DISTINCT e.ticket_id AS id FROM ticket_events e"
            f" INDEXED BY ticket_events_action {_by_building('e', building)} WHERE e.action = 'resolved' AND e.at >= ? AND e.at < ?"
            f"{_building(building)}),"
            " marks AS (SELECT x.ticket_id AS id, SUM(x.action = 'reopened') AS reopens,"
            "  SUM(x.action != 'reopened') AS hands FROM ticket_events x"
            "  INDEXED BY ticket_events_marks"
            "  WHERE x.action IN ('reopened', 'handed_over', 'returned') AND +x.ticket_id IN done"
            "  GROUP BY x.ticket_id)"
            " SELECT (SELECT COUNT(*) FROM done), COUNT(*), COALESCE(SUM(reopens > 0), 0),"
            " COALESCE(SUM(hands), 0) FROM marks",
            (to_db_time(start), to_db_time(end), *_building_args(building)),
        )
        if not row:
            return (0, 0, 0, 0)
        return (row[0], row[0] - row[1], row[2], row[3])

    async def ratings(self, start: datetime, end: datetime, building: str | None) -> dict[int, int]:
        """Stars given (tickets closed) in the range: 1..5 -> count, through tickets_closed."""
        row = await self.db.fetchone(
            "SELECT " + ", ".join(f"SUM(t.rating = {n})" for n in range(1, 6)) + " FROM tickets t"
            " INDEXED BY tickets_closed WHERE t.closed_at >= ? AND t.closed_at < ?"
            f"{scope(building)}",
            span(start, end, building),
        )
        return {n: row[n - 1] for n in range(1, 6) if row and row[n - 1]}

    async def hotspots(
        self, start: datetime, end: datetime, building: str | None, least: int
    ) -> list[tuple[str, str, str]]:
        """(category, home label, comma-separated ids) recurring at least `least` times
        (one GROUP BY over the period's facts, only the pairs that recur meet their home)."""
        rows = await self.db.fetchrows(
            "SELECT g.category, h.building || '-' || h.unit || '-' || h.room, g.ids"
            f" FROM ({_pairs(building)}) g JOIN homes h ON h.id = g.home_id WHERE g.n >= ?",
            (*span(start, end, building), least),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def staff_events(self, start: datetime, end: datetime) -> list[tuple[int, str, str, int]]:
        """(actor id, name, action, distinct tickets) for take / resolve / hand-over events."""
        rows = await self.db.fetchrows(
            "SELECT g.actor_id, COALESCE(u.first_name, ''), g.action, g.n FROM"
            " (SELECT actor_id, action, COUNT(DISTINCT ticket_id) AS n FROM ticket_events"
            " INDEXED BY ticket_events_action WHERE action IN ('taken', 'resolved', 'handed_over')"
            " AND at >= ? AND at < ? AND actor_id IS NOT NULL GROUP BY actor_id, action) g"
            " JOIN users u ON u.id = g.actor_id WHERE u.role IN ('staff', 'manager')",
            (to_db_time(start), to_db_time(end)),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    async def closing_ids(
        self, name: str, start: datetime, end: datetime, building: str | None
    ) -> list[int]:
        """Tickets with a close (or cancel) event in the range: the Volume figures' rows."""
        actions = CLOSING[name]
        marks = ", ".join("?" for _ in actions)
        rows = await self.db.fetchall(
            f"SELECT DISTINCT e.ticket_id FROM ticket_events e {_by_building('e', building)}"
            f" WHERE e.action IN ({marks}) AND e.at >= ? AND e.at < ?{_building(building)}"
            " ORDER BY e.ticket_id",
            (*actions, to_db_time(start), to_db_time(end), *_building_args(building)),
        )
        return [r[0] for r in rows]

    async def scoped_hotspots(
        self, start: datetime, end: datetime, building: str | None, where: str, least: int
    ) -> list[tuple[str, str, str]]:
        """(category, unit "3-2" or building "3", comma-separated ids) recurring at least
        `least` times in one unit or one building (homes without a unit count for none)."""
        place = "h.building || '-' || h.unit" if where == "unit" else "h.building"
        keys = "h.building, h.unit" if where == "unit" else "h.building"
        unit = " AND h.unit != ''" if where == "unit" else ""
        rows = await self.db.fetchrows(
            f"SELECT g.category, {place}, GROUP_CONCAT(g.ids) FROM ({_pairs(building)}) g"
            f" JOIN homes h ON h.id = g.home_id WHERE h.building != ''{unit}"
            f" GROUP BY {keys}, g.category HAVING SUM(g.n) >= ?",
            (*span(start, end, building), least),
        )
        return [(r[0], r[1], r[2]) for r in rows]
