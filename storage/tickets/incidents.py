"""Mass incidents and their followers' reports (migration 0160)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.tickets.incidents import FollowerReport, Incident, Report
from bot.domain.tickets.model import Category
from storage.db import Database, from_db_time, to_db_time

_INCIDENT = (
    "SELECT i.*, (SELECT COUNT(DISTINCT r.resident_id) FROM incident_reports r"
    " WHERE r.incident_id = i.id) AS households FROM incidents i"
)


def _incident(row: aiosqlite.Row) -> Incident:
    return Incident(
        id=row["id"],
        ticket_id=row["ticket_id"],
        category=Category(row["category"]),
        building=row["building"],
        opened_at=from_db_time(row["opened_at"]),
        last_report_at=from_db_time(row["last_report_at"]),
        closed_at=from_db_time(row["closed_at"]),
        households=row["households"],
    )


def _report(row: aiosqlite.Row) -> FollowerReport:
    return FollowerReport(
        row["id"],
        row["incident_id"],
        row["resident_id"],
        row["ticket_id"],
        row["text"],
        bool(row["following"]),
    )


class SqliteIncidents:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def open_for(self, category: Category) -> list[Incident]:
        rows = await self.db.fetchall(
            _INCIDENT + " WHERE i.category = ? AND i.closed_at IS NULL ORDER BY i.id",
            (category.value,),
        )
        return [_incident(r) for r in rows]

    async def recent_reports(self, category: Category, since: datetime) -> list[Report]:
        """Open ordinary tickets of `category` filed since `since` (not incidents themselves)."""
        rows = await self.db.fetchall(
            "SELECT t.id, t.resident_id, t.created_at, h.building FROM tickets t"
            " LEFT JOIN homes h ON h.id = t.home_id"
            " WHERE t.category = ? AND t.created_at >= ?"
            " AND t.status IN ('new', 'taken', 'in_progress', 'reopened')"
            " AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.ticket_id = t.id)"
            " ORDER BY t.id",
            (category.value, to_db_time(since)),
        )
        return [
            Report(
                r["id"], r["resident_id"], r["building"], category, from_db_time(r["created_at"])
            )
            for r in rows
        ]

    async def create(
        self, ticket_id: int, category: Category, building: str | None, now: datetime
    ) -> int:
        cursor = await self.db.execute(
            "INSERT INTO incidents (ticket_id, category, building, opened_at, last_report_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (ticket_id, category.value, building, to_db_time(now), to_db_time(now)),
        )
        return int(cursor.lastrowid or 0)

    async def add_report(
        self,
        incident_id: int,
        resident_id: int,
        ticket_id: int | None,
        source_key: str | None,
        text: str,
        now: datetime,
    ) -> int:
        cursor = await self.db.execute(
            "INSERT INTO incident_reports"
            " (incident_id, resident_id, ticket_id, source_key, text, reported_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (incident_id, resident_id, ticket_id, source_key, text, to_db_time(now)),
        )
        await self.db.execute(
            "UPDATE incidents SET last_report_at = ? WHERE id = ? AND last_report_at < ?",
            (to_db_time(now), incident_id, to_db_time(now)),
        )
        return int(cursor.lastrowid or 0)

    async def get(self, incident_id: int) -> Incident | None:
        row = await self.db.fetchone(_INCIDENT + " WHERE i.id = ?", (incident_id,))
        return _incident(row) if row else None

    async def of_ticket(self, ticket_id: int) -> Incident | None:
        """The incident that IS this ticket."""
        row = await self.db.fetchone(_INCIDENT + " WHERE i.ticket_id = ?", (ticket_id,))
        return _incident(row) if row else None

    async def merged_into(self, ticket_id: int) -> Incident | None:
        """The incident this (other) ticket was merged into as a report."""
        row = await self.db.fetchone(
            _INCIDENT + " WHERE i.ticket_id != ? AND i.id IN"
            " (SELECT incident_id FROM incident_reports WHERE ticket_id = ?)",
            (ticket_id, ticket_id),
        )
        return _incident(row) if row else None

    async def by_source(self, source_key: str) -> FollowerReport | None:
        row = await self.db.fetchone(
            "SELECT * FROM incident_reports WHERE source_key = ?", (source_key,)
        )
        return _report(row) if row else None

    async def report(self, report_id: int) -> FollowerReport | None:
        row = await self.db.fetchone("SELECT * FROM incident_reports WHERE id = ?", (report_id,))
        return _report(row) if row else None

    async def opted_out(self, incident_id: int, resident_id: int) -> bool:
        """The resident said their problem is a different one: their reports stay apart."""
        row = await self.db.fetchone(
            "SELECT 1 FROM incident_reports WHERE incident_id = ? AND resident_id = ?"
            " AND following = 0",
            (incident_id, resident_id),
        )
        return row is not None

    async def unfollow(self, report_id: int) -> bool:
        cursor = await self.db.execute(
            "UPDATE incident_reports SET following = 0 WHERE id = ? AND following = 1",
            (report_id,),
        )
        return cursor.rowcount == 1

    async def unnotified(self, incident_id: int) -> list[FollowerReport]:
        """Followers who have not been told of the resolution yet (one row per household)."""
        rows = await self.db.fetchall(
            "SELECT * FROM incident_reports WHERE incident_id = ? AND following = 1"
            " AND notified_at IS NULL AND id IN (SELECT MIN(id) FROM incident_reports"
            " WHERE incident_id = ? AND following = 1 GROUP BY resident_id) ORDER BY id",
            (incident_id, incident_id),
        )
        return [_report(r) for r in rows]

    async def mark_notified(self, report_id: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE incident_reports SET notified_at = ? WHERE id = ? AND notified_at IS NULL",
            (to_db_time(now), report_id),
        )
        return cursor.rowcount == 1

    async def close(self, incident_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE incidents SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
            (to_db_time(now), incident_id),
        )
