"""The managers' /notice drafts: one row per author, kept across restarts."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.domain.notices.model import Audience, DraftStep, MediaKind, NoticeDraft
from storage.db import Database, from_db_time, to_db_time


def _draft(row: aiosqlite.Row) -> NoticeDraft:
    return NoticeDraft(
        author_id=row["author_id"],
        step=DraftStep(row["step"]),
        updated_at=from_db_time(row["updated_at"]),
        body=row["body"],
        media_kind=MediaKind(row["media_kind"]) if row["media_kind"] else None,
        media_file_id=row["media_file_id"],
        audience=Audience(row["audience"]) if row["audience"] else None,
        buildings=tuple(json.loads(row["buildings"])),
        require_ack=bool(row["require_ack"]),
    )


class SqliteNoticeDrafts:
    db: Database

    async def get_draft(self, author_id: int) -> NoticeDraft | None:
        row = await self.db.fetchone(
            "SELECT * FROM notice_drafts WHERE author_id = ?", (author_id,)
        )
        return _draft(row) if row else None

    async def save_draft(self, draft: NoticeDraft) -> None:
        await self.db.execute(
            "INSERT OR REPLACE INTO notice_drafts (author_id, step, body, media_kind, media_file_id,"
            " audience, buildings, require_ack, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                draft.author_id,
                draft.step.value,
                draft.body,
                draft.media_kind.value if draft.media_kind else None,
                draft.media_file_id,
                draft.audience.value if draft.audience else None,
                json.dumps(list(draft.buildings), ensure_ascii=False),
                int(draft.require_ack),
                to_db_time(draft.updated_at),
            ),
        )

    async def delete_draft(self, author_id: int) -> None:
        await self.db.execute("DELETE FROM notice_drafts WHERE author_id = ?", (author_id,))

    async def drafts_awaiting_input(self) -> list[tuple[int, datetime]]:
        rows = await self.db.fetchall(
            "SELECT author_id, updated_at FROM notice_drafts WHERE step IN (?, ?, ?)",
            (DraftStep.TEXT.value, DraftStep.BUILDINGS.value, DraftStep.TIME.value),
        )
        return [(r["author_id"], from_db_time(r["updated_at"])) for r in rows]
