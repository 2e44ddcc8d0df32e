"""The tickets behind the report's figures (drill-downs and the XLSX export): ids by SQL,
ordered in Python (sorting ints there is cheaper than SQLite's sorter), and the rows of
any number of tickets in one statement (`json_each` over their ids, in that order)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.db import Database, to_db_time
from storage.reports.aggregates import scope, span
from storage.reports.backlog import OPEN_AT_END

_RESOLVED = (
    "SELECT e.ticket_id FROM ticket_events e INDEXED BY ticket_events_action WHERE"
    " e.action = 'resolved' AND e.at >= ? AND e.at < ?"
)
_REOPENED = (
    " AND e.ticket_id IN (SELECT x.ticket_id FROM ticket_events x INDEXED BY ticket_events_marks"
    " WHERE x.action IN ('reopened', 'handed_over', 'returned') AND x.action = 'reopened')"
)
_BY_ID = {
    "created": "SELECT t.id FROM tickets t INDEXED BY tickets_created"
    " WHERE t.created_at >= ? AND t.created_at < ?{scope}",
    "resolved": _RESOLVED + "{scope}",
    "reopened": _RESOLVED + "{scope}" + _REOPENED,
    "breached": "SELECT t.id FROM tickets t INDEXED BY tickets_created"
    " WHERE t.created_at >= ? AND t.created_at < ?{scope}"
    " AND EXISTS (SELECT 1 FROM ticket_breaches b WHERE b.ticket_id = t.id)",
    "lowrated": "SELECT t.id FROM tickets t INDEXED BY tickets_closed"
    " WHERE t.closed_at >= ? AND t.closed_at < ?{scope} AND t.rating <= 3",
}
_LINE = (
    "SELECT t.id, t.kind, t.category, t.urgent, t.status,"
    " COALESCE(h.building || '-' || h.unit || '-' || h.room, ''), t.created_at,"
    " COALESCE(o.first_name, ''), t.description FROM json_each(?) j"
    " CROSS JOIN tickets t ON t.id = j.value LEFT JOIN homes h ON h.id = t.home_id"
    " LEFT JOIN users o ON o.id = t.owner_id"
)
CHUNK = 50_000


class DrillQueries:
    db: Database

    async def ids(
        self, drill: str, start: datetime, end: datetime, building: str | None, now: datetime
    ) -> list[int]:
        """The ticket ids behind one drill-down figure, in a stable order."""
        if drill in ("backlog", "overdue"):
            return await self.backlog_ids(end, building, now, drill == "overdue")
        sql = _BY_ID.get(drill)
        if sql is None:
            return []
        column = "e.ticket_id" if drill in ("resolved", "reopened") else "t.id"
        rows = await self.db.fetchrows(
            sql.format(scope=scope(building, "t.home_id" if column == "t.id" else _HOME_OF_EVENT)),
            span(start, end, building),
        )
        return sorted({r[0] for r in rows})

    async def backlog_ids(
        self, end: datetime, building: str | None, now: datetime, overdue: bool
    ) -> list[int]:
        """The backlog at `end` (or the part of it past its deadline `now`), oldest first."""
        late = " AND unixepoch(o.resolve_by) < ?" if overdue else ""
        at = to_db_time(end)
        rows = await self.db.fetchrows(
            f"{OPEN_AT_END} SELECT o.id FROM open_at o WHERE 1{scope(building, 'o.home_id')}"
            f"{late} ORDER BY o.created_at, o.id",
            (at, at, at, at, *span_of(building), *((now.timestamp(),) if overdue else ())),
        )
        return [r[0] for r in rows]

    async def line_rows(self, ids: list[int]) -> list[tuple[Any, ...]]:
        """(id, kind, category, urgent, status, home, created_at (UTC), owner, description)
        of the tickets, in the order of `ids` (missing ones left out)."""
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(ids), CHUNK):
            chunk = json.dumps(ids[start : start + CHUNK])
            found.extend(await self.db.fetchrows(_LINE, (chunk,)))
        return found

    async def resolved_by(self, start: datetime, end: datetime, staff_id: int) -> list[int]:
        """Tickets one staff member resolved in the range (the People section's drill-down)."""
        rows = await self.db.fetchrows(
            f"{_RESOLVED} AND e.actor_id = ?", (to_db_time(start), to_db_time(end), staff_id)
        )
        return sorted({r[0] for r in rows})


_HOME_OF_EVENT = "(SELECT home_id FROM tickets WHERE id = e.ticket_id)"


def span_of(building: str | None) -> tuple[str, ...]:
    return () if building is None else (building,)
