"""The drafts repository: a resident's request before they confirm it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any, cast

import aiosqlite

from bot.domain.tickets.model import Category, Draft, Kind
from storage.db import Database, from_db_time, to_db_time


def _draft(row: aiosqlite.Row) -> Draft:
    return Draft(
        id=row["id"],
        resident_id=row["resident_id"],
        text=row["text"],
        kind=Kind(row["kind"]),
        category=Category(row["category"]),
        urgent=bool(row["urgent"]),
        confidence=row["confidence"],
        photos=tuple(json.loads(row["photos"])),
        latitude=row["latitude"],
        longitude=row["longitude"],
        created_at=from_db_time(row["created_at"]),
    )


def _contents(draft: Draft) -> tuple[Any, ...]:
    """The columns text through longitude, in the order both INSERT and UPDATE name them."""
    return (
        draft.text,
        draft.kind.value,
        draft.category.value,
        int(draft.urgent),
        draft.confidence,
        json.dumps(list(draft.photos)),
        draft.latitude,
        draft.longitude,
    )


class SqliteDrafts:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, draft: Draft, source_key: str | None, now: datetime) -> Draft:
        cursor = await self.db.execute(
            "INSERT INTO drafts (resident_id, text, kind, category, urgent, confidence, photos, latitude,"
            " longitude, source_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (draft.resident_id, *_contents(draft), source_key, to_db_time(now)),
        )
        return replace(
            draft, id=cast(int, cursor.lastrowid), created_at=from_db_time(to_db_time(now))
        )

    async def _one(self, where: str, value: object) -> Draft | None:
        row = await self.db.fetchone(f"SELECT * FROM drafts WHERE {where}", (value,))
        return _draft(row) if row else None

    async def get(self, draft_id: int) -> Draft | None:
        return await self._one("id = ?", draft_id)

    async def by_source(self, source_key: str) -> Draft | None:
        return await self._one("source_key = ?", source_key)

    async def latest_for(self, resident_id: int) -> Draft | None:
        return await self._one("resident_id = ? ORDER BY id DESC LIMIT 1", resident_id)

    async def save(self, draft: Draft) -> None:
        await self.db.execute(
            "UPDATE drafts SET text = ?, kind = ?, category = ?, urgent = ?, confidence = ?, photos = ?,"
            " latitude = ?, longitude = ? WHERE id = ?",
            (*_contents(draft), draft.id),
        )

    async def delete(self, draft_id: int) -> None:
        await self.db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
