"""The durable update inbox (issue 6): store first, confirm to Telegram after."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from storage.db import Database, to_db_time

OFFSET_KEY = "inbox_next_offset"


class SqliteInbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def store(self, updates: Iterable[tuple[int, str]], now: datetime) -> list[int]:
        """Insert new updates (and advance the stored offset) in one transaction.

        Returns the ids that were new: a redelivered update is stored once, handled once."""
        fresh: list[int] = []
        highest = None
        async with self.db.transaction():
            for update_id, payload in updates:
                cursor = await self.db.execute(
                    "INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (update_id) DO NOTHING",
                    (update_id, payload, to_db_time(now)),
                )
                if cursor.rowcount == 1:
                    fresh.append(update_id)
                highest = update_id if highest is None else max(highest, update_id)
            if highest is not None:
                await self.db.execute(
                    "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
                    " SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                    (OFFSET_KEY, str(highest + 1)),
                )
        return fresh

    async def next_offset(self) -> int | None:
        value = await self.db.fetchval("SELECT value FROM kv WHERE key = ?", (OFFSET_KEY,))
        return int(value) if value else None

    async def payload(self, update_id: int) -> str | None:
        return await self.db.fetchval("SELECT payload FROM inbox WHERE update_id = ?", (update_id,))

    async def pending(self) -> list[tuple[int, str]]:
        rows = await self.db.fetchall(
            "SELECT update_id, payload FROM inbox WHERE done_at IS NULL ORDER BY update_id"
        )
        return [(row["update_id"], row["payload"]) for row in rows]

    async def mark_done(self, update_ids: list[int], now: datetime) -> None:
        if not update_ids:
            return
        async with self.db.transaction():
            await self.db.executemany(
                "UPDATE inbox SET done_at = ? WHERE update_id = ? AND done_at IS NULL",
                [(to_db_time(now), update_id) for update_id in update_ids],
            )

    async def prune(self, before: datetime) -> None:
        """Handled updates are kept a while for diagnosis, then dropped (the offset stays in kv)."""
        async with self.db.transaction():
            await self.db.execute(
                "DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?", (to_db_time(before),)
            )


class SqliteLedger:
    """Idempotency keys claimed inside the transaction that applies the effect."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(self, key: str, now: datetime) -> bool:
        cursor = await self.db.execute(
            "INSERT INTO effects (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (key, to_db_time(now)),
        )
        return cursor.rowcount == 1

    async def seen(self, key: str) -> bool:
        """Was this key's effect committed already (a replayed update)?"""
        return await self.db.fetchval("SELECT 1 FROM effects WHERE key = ?", (key,)) is not None
