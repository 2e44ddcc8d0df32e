"""Urgent tickets nobody has taken, and the counter of their re-alerts (migration 0007)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.tickets.emergency import Untaken
from storage.db import Database, from_db_time, to_db_time


class SqliteUrgentAlerts:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def untaken(self, created_before: datetime, limit: int = 200) -> list[Untaken]:
        rows = await self.db.fetchall(
            "SELECT id, created_at, urgent_realerts FROM tickets"
            " WHERE urgent = 1 AND status = 'new' AND created_at <= ? ORDER BY id LIMIT ?",
            (to_db_time(created_before), limit),
        )
        return [Untaken(r["id"], from_db_time(r["created_at"]), r["urgent_realerts"]) for r in rows]

    async def advance(self, ticket_id: int, announced: int, to: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE tickets SET urgent_realerts = ?, urgent_realerted_at = ?"
            " WHERE id = ? AND urgent_realerts = ? AND urgent = 1 AND status = 'new'",
            (to, to_db_time(now), ticket_id, announced),
        )
        return cursor.rowcount == 1
