"""The notification outbox table."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, cast

from bot.domain.messaging.outbox import Delivery, OutboxItem, Outcome
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
        priority: int = 0,
    ) -> int:
        """`priority`: 0 conversational (default), 1 bulk (`bot.domain.messaging.outbox.BULK`)."""
        cursor = await self.db.execute(
            "INSERT INTO outbox (user_id, key, params, extra, not_before, created_at, priority)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                user_id,
                key,
                json.dumps(params, ensure_ascii=False),
                json.dumps(extra, ensure_ascii=False),
                to_db_time(not_before),
                to_db_time(now),
                priority,
            ),
        )
        return cast(int, cursor.lastrowid)

    async def due(self, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """Pending rows whose time has come: conversational before bulk, then oldest first.

        The reader's language comes along (one query per batch, not one per message)."""
        rows = await self.db.fetchall(
            "SELECT o.*, u.id AS reader_id, u.language AS reader_language,"
            " u.tg_language AS reader_tg_language FROM outbox o LEFT JOIN users u ON u.id = o.user_id"
            " WHERE o.status = 'pending' AND o.not_before <= ? ORDER BY o.priority, o.id LIMIT ?",
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
                notice_id=r["notice_id"],
                message_ids=tuple(json.loads(r["message_ids"] or "[]")),
                priority=r["priority"],
                reader=(r["reader_language"], r["reader_tg_language"])
                if r["reader_id"] is not None
                else None,
            )
            for r in rows
        ]

    async def settle(self, outcomes: list[Outcome], now: datetime) -> None:
        """Write many delivery outcomes at once (inside the caller's transaction)."""
        stamp = to_db_time(now)
        sent, final, retry, partial = [], [], [], []
        for o in outcomes:
            ids = json.dumps(list(o.message_ids))
            error = (o.error or "")[:200] or None
            if o.status is Delivery.SENT:
                sent.append((stamp, ids, o.item_id))
            elif o.status is not Delivery.PENDING:
                final.append((o.status.value, error, ids, o.item_id))
            elif o.retry_at is not None:
                retry.append((int(o.count_attempt), error, to_db_time(o.retry_at), ids, o.item_id))
            else:
                partial.append((ids, o.item_id))
        if sent:
            await self.db.executemany(
                "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?,"
                " message_ids = ?, last_error = NULL WHERE id = ?",
                sent,
            )
        if final:
            await self.db.executemany(
                "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?,"
                " message_ids = ? WHERE id = ?",
                final,
            )
        if retry:
            await self.db.executemany(
                "UPDATE outbox SET attempts = attempts + ?, last_error = ?, not_before = ?,"
                " message_ids = ? WHERE id = ?",
                retry,
            )
        if partial:
            await self.db.executemany("UPDATE outbox SET message_ids = ? WHERE id = ?", partial)

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

    async def release_held(self, user_id: int, now: datetime, up_to: int | None = None) -> int:
        """Held conversational rows to `user_id` (ids up to `up_to`) become due now, so they go
        out before anything queued after them. Returns how many were released."""
        cursor = await self.db.execute(
            "UPDATE outbox SET not_before = ? WHERE user_id = ? AND status = 'pending'"
            " AND not_before > ? AND notice_id IS NULL AND priority = 0 AND id <= ?",
            (to_db_time(now), user_id, to_db_time(now), up_to if up_to is not None else 2**62),
        )
        return cursor.rowcount

    async def next_due_at(self) -> datetime | None:
        return from_db_time(
            await self.db.fetchval("SELECT MIN(not_before) FROM outbox WHERE status = 'pending'")
        )
