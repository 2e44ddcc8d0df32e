"""The report's per-period aggregates, computed by SQLite so a year of tickets never
crosses into Python row by row: counts by GROUP BY, deadline tallies by SUM, repeat
reporters by GROUP BY ... HAVING, and for each ticket only the few numbers percentiles and
business time need (epoch seconds).

The tickets created in a period are read from `report_facts` (migration 0280: one row per
ticket, kept equal to it by triggers; times as integers, the breach as a flag) through its
covering index in creation order, `INDEXED BY` so the plan holds without ANALYZE (the bot
never runs one). The plans are printed by `python -m bench.report`.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from bot.domain.reports.worktime import KINDS
from storage.db import Database, to_db_time

_KIND = "CASE t.kind " + " ".join(f"WHEN '{k}' THEN {n}" for n, k in enumerate(KINDS, 1))
FACTS = "report_facts t INDEXED BY report_facts_created"
_CREATED = "t.created >= ? AND t.created < ?"  # report_facts t (migration 0280)
_CREATED_AT = "t.created_at >= ? AND t.created_at < ?"  # tickets t


def scope(building: str | None, column: str = "t.home_id") -> str:
    """The condition keeping one building's tickets (nothing without a filter)."""
    return "" if building is None else f" AND {column} IN (SELECT id FROM homes WHERE building = ?)"


def span(start: datetime, end: datetime, building: str | None) -> tuple[Any, ...]:
    """The parameters of a range over tickets.created_at + `scope`."""
    return (to_db_time(start), to_db_time(end), *(() if building is None else (building,)))


def epoch(moment: datetime) -> int:
    """Epoch seconds as report_facts stores them (unixepoch of the second-precision text)."""
    return math.floor(moment.timestamp())


def epochs(start: datetime, end: datetime, building: str | None) -> tuple[Any, ...]:
    """The parameters of `_CREATED` + `scope`."""
    return (epoch(start), epoch(end), *(() if building is None else (building,)))


class PeriodAggregates:
    db: Database

    async def kinds(
        self, start: datetime, end: datetime, building: str | None
    ) -> list[tuple[str, str, int]]:
        """(kind, category, tickets created in the range), in kind, category order."""
        rows = await self.db.fetchrows(
            "SELECT t.kind, t.category, COUNT(*) FROM tickets t INDEXED BY tickets_kind_category"
            f" WHERE {_CREATED_AT}{scope(building)} GROUP BY t.kind, t.category",
            span(start, end, building),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def buildings(
        self, start: datetime, end: datetime, building: str | None
    ) -> list[tuple[str, int]]:
        """(building, or '' without a home, tickets created in the range) by building."""
        rows = await self.db.fetchrows(
            "SELECT COALESCE(h.building, ''), SUM(g.n) FROM (SELECT t.home_id, COUNT(*) AS n"
            f" FROM tickets t INDEXED BY tickets_home_category WHERE {_CREATED_AT}{scope(building)}"
            " GROUP BY t.home_id) g LEFT JOIN homes h ON h.id = g.home_id GROUP BY 1",
            span(start, end, building),
        )
        return [(r[0], r[1]) for r in rows]

    async def deadlines(
        self, start: datetime, end: datetime, building: str | None, now: datetime
    ) -> tuple[int, int, int, int]:
        """Response due, met, resolution due, met of the tickets created in the range (due:
        answered/resolved, or the deadline has come); a cancelled ticket has none."""
        at = epoch(now)
        row = await self.db.fetchone(
            "SELECT SUM(t.responded IS NOT NULL OR t.respond_by <= ?),"
            " SUM(t.responded <= t.respond_by),"
            " SUM(t.resolved IS NOT NULL OR t.resolve_by <= ?),"
            f" SUM(t.resolved <= t.resolve_by) FROM {FACTS}"
            f" WHERE {_CREATED}{scope(building)} AND t.status != 'cancelled'",
            (at, at, *epochs(start, end, building)),
        )
        return (row[0] or 0, row[1] or 0, row[2] or 0, row[3] or 0) if row else (0, 0, 0, 0)

    async def columns(
        self, start: datetime, end: datetime, building: str | None
    ) -> list[tuple[int, int, int, int | None, int | None]]:
        """Per ticket created in the range: kind (1 + its place in KINDS, else 0), urgent,
        created, responded and (last) resolved, as epoch seconds."""
        return await self.db.fetchrows(
            f"SELECT {_KIND} ELSE 0 END, t.urgent, t.created, t.responded, t.resolved"
            f" FROM {FACTS} WHERE {_CREATED}{scope(building)}",
            epochs(start, end, building),
        )

    async def reporters(
        self, start: datetime, end: datetime, building: str | None, least: int, limit: int
    ) -> list[tuple[int, str]]:
        """(resident, comma-separated ticket ids) of residents with at least `least`
        tickets created in the range, the most first (then by resident id)."""
        rows = await self.db.fetchrows(
            "SELECT t.resident_id, GROUP_CONCAT(t.id) FROM tickets t"
            f" INDEXED BY tickets_resident_created WHERE {_CREATED_AT}{scope(building)}"
            " GROUP BY t.resident_id HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, 1 LIMIT ?",
            (*span(start, end, building), least, limit),
        )
        return [(r[0], r[1]) for r in rows]

    async def staff_times(
        self, start: datetime, end: datetime
    ) -> list[tuple[int, int, int, int | None]]:
        """(actor, seconds since the ticket was created, within its deadline, its rating)
        per resolve event in the range."""
        return await self.db.fetchrows(
            "SELECT e.actor_id, unixepoch(e.at) - t.created, unixepoch(e.at) <= t.resolve_by,"
            " t.rating FROM ticket_events e JOIN report_facts t ON t.ticket_id = e.ticket_id"
            " WHERE e.action = 'resolved' AND e.at >= ? AND e.at < ? AND e.actor_id IS NOT NULL",
            (to_db_time(start), to_db_time(end)),
        )
