"""Relays as their status messages see them: outbox rows carrying a staff answer to a
resident (found by the staff message they came from) and the status reply (migration 0130)."""

from __future__ import annotations

import json
from typing import Any

from bot.domain.messaging.outbox import Delivery
from bot.domain.tickets.relay import CORRECTION_KEY, RELAY_KEY, RelayRow
from storage.db import Database, from_db_time

_COLUMNS = "id, user_id, key, extra, status, not_before, message_ids"


def _relay(r: Any) -> RelayRow | None:
    extra = json.loads(r["extra"] or "{}")
    if not extra.get("ticket"):
        return None
    return RelayRow(
        r["id"],
        r["user_id"],
        int(extra["ticket"]),
        Delivery(r["status"]),
        from_db_time(r["not_before"]),
        tuple(json.loads(r["message_ids"] or "[]")),
        correction=r["key"] == CORRECTION_KEY,
    )


class SqliteRelays:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def row(self, outbox_id: int) -> RelayRow | None:
        r = await self.db.fetchone(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (outbox_id,))
        return _relay(r) if r is not None else None

    async def by_source(self, chat_id: int, message_id: int) -> RelayRow | None:
        r = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM outbox WHERE key = ?"
            " AND json_extract(extra, '$.relay_chat') = ?"
            " AND json_extract(extra, '$.relay_msg') = ? ORDER BY id LIMIT 1",
            (RELAY_KEY, chat_id, message_id),
        )
        return _relay(r) if r is not None else None

    async def status_message(self, outbox_id: int) -> tuple[int, int, str] | None:
        r = await self.db.fetchone(
            "SELECT chat_id, message_id, shown FROM relay_status WHERE outbox_id = ?",
            (outbox_id,),
        )
        return (r["chat_id"], r["message_id"], r["shown"]) if r is not None else None

    async def set_status_message(
        self, outbox_id: int, chat_id: int, message_id: int, shown: str
    ) -> None:
        await self.db.execute(
            "INSERT OR REPLACE INTO relay_status (outbox_id, chat_id, message_id, shown)"
            " VALUES (?, ?, ?, ?)",
            (outbox_id, chat_id, message_id, shown),
        )

    async def set_shown(self, outbox_id: int, shown: str) -> None:
        await self.db.execute(
            "UPDATE relay_status SET shown = ? WHERE outbox_id = ?", (shown, outbox_id)
        )
