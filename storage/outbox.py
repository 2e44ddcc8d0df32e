"""The notification outbox table."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot.domain.outbox import Delivery, OutboxItem
from storage.db import Database, from_db_time, to_db_time


class SqliteOutbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def enqueue(
        self,
        user_id: int,
        key: str,
        params: dict[str, Any],
        extra: dict[str, Any],
        not_before: datetime,
        now: datetime,
    ) -> int:
        cursor = await self.db.execute(
            "INSERT INTO outbox (user_id, key, params, extra, not_before, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                user_id,
                key,
                json.dumps(params, ensure_ascii=False),
                json.dumps(extra, ensure_ascii=False),
                to_db_time(not_before),
                to_db_time(now),
            ),
        )
        return cursor.lastrowid

    async def due(self, now: datetime, limit: int = 50) -> list[OutboxItem]:
        rows = await self.db.fetchall(
            "SELECT * FROM outbox WHERE status = 'pending' AND not_before <= ? ORDER BY id LIMIT ?",
            (to_db_time(now), limit),
        )
        return [
            OutboxItem(
                r["id"],
                r["user_id"],
                r["key"],
                json.loads(r["params"]),
                json.loads(r["extra"]),
                from_db_time(r["not_before"]),
                Delivery(r["status"]),
                r["attempts"],
            )
            for r in rows
        ]

    async def mark(
        self, item_id: int, status: Delivery, now: datetime, error: str | None = None
    ) -> None:
        await self.db.execute(
            "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?,"
            " sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?",
            (status.value, error, status.value, to_db_time(now), item_id),
        )

    async def retry_later(self, item_id: int, delay: timedelta, now: datetime, error: str) -> None:
        await self.db.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ? WHERE id = ?",
            (error[:200], to_db_time(now + delay), item_id),
        )

    async def next_due_at(self) -> datetime | None:
        return from_db_time(
            await self.db.fetchval("SELECT MIN(not_before) FROM outbox WHERE status = 'pending'")
        )
