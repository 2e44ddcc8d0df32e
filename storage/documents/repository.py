"""Documents (信息公示): rows, versions, view counts and the managers' publishing drafts."""

from __future__ import annotations

import json
from datetime import date, datetime

import aiosqlite

from bot.domain.documents.model import DocFile, Document, PublishDraft, Step, Version
from storage.db import Database, from_db_time, to_db_time

_CURRENT = (
    "SELECT d.*, v.version, v.file_id, v.file_name, v.mime, v.size, v.kind, v.effective_on,"
    " v.published_at FROM documents d JOIN document_versions v ON v.document_id = d.id"
    " AND v.version = (SELECT MAX(version) FROM document_versions WHERE document_id = d.id)"
)


def _version(row: aiosqlite.Row) -> Version:
    file = DocFile(row["file_id"], row["file_name"], row["mime"], row["size"], row["kind"])
    return Version(
        row["version"],
        file,
        date.fromisoformat(row["effective_on"]),
        from_db_time(row["published_at"]),
    )


def _document(row: aiosqlite.Row) -> Document:
    return Document(
        row["id"],
        row["category"],
        row["title"],
        from_db_time(row["created_at"]),
        row["views"],
        _version(row),
    )


def _draft(user_id: int, step: str, data: str, updated_at: str) -> PublishDraft:
    raw = json.loads(data)
    file = DocFile(**raw["file"]) if raw.get("file") else None
    effective = date.fromisoformat(raw["effective_on"]) if raw.get("effective_on") else None
    return PublishDraft(
        user_id,
        Step(step),
        raw.get("category"),
        raw.get("title"),
        file,
        effective,
        bool(raw.get("notice")),
        from_db_time(updated_at),
    )


class SqliteDocuments:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def draft(self, user_id: int) -> PublishDraft | None:
        row = await self.db.fetchone("SELECT * FROM document_drafts WHERE user_id = ?", (user_id,))
        return _draft(user_id, row["step"], row["data"], row["updated_at"]) if row else None

    async def save_draft(self, draft: PublishDraft) -> None:
        data = {
            "category": draft.category,
            "title": draft.title,
            "file": draft.file.__dict__ if draft.file else None,
            "effective_on": draft.effective_on.isoformat() if draft.effective_on else None,
            "notice": draft.notice,
        }
        assert draft.updated_at is not None
        await self.db.execute(
            "INSERT INTO document_drafts (user_id, step, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET step = excluded.step, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (draft.user_id, draft.step.value, json.dumps(data), to_db_time(draft.updated_at)),
        )

    async def delete_draft(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM document_drafts WHERE user_id = ?", (user_id,))

    async def drafts_awaiting(self) -> list[tuple[int, datetime]]:
        rows = await self.db.fetchall(
            "SELECT user_id, updated_at FROM document_drafts WHERE step IN (?, ?, ?)",
            (Step.TITLE.value, Step.FILE.value, Step.DATE.value),
        )
        return [(row["user_id"], from_db_time(row["updated_at"])) for row in rows]

    async def find(self, category: str, title: str) -> Document | None:
        row = await self.db.fetchone(
            _CURRENT + " WHERE d.category = ? AND d.title = ?", (category, title)
        )
        return _document(row) if row else None

    async def create(self, category: str, title: str, now: datetime, by: int) -> int:
        cursor = await self.db.execute(
            "INSERT INTO documents (category, title, created_at, created_by) VALUES (?, ?, ?, ?)",
            (category, title, to_db_time(now), by),
        )
        return cursor.lastrowid or 0

    async def add_version(
        self, document_id: int, file: DocFile, effective_on: date, now: datetime, by: int
    ) -> int:
        version = (
            await self.db.fetchval(
                "SELECT MAX(version) FROM document_versions WHERE document_id = ?", (document_id,)
            )
            or 0
        ) + 1
        await self.db.execute(
            "INSERT INTO document_versions (document_id, version, file_id, file_name, mime, size,"
            " kind, effective_on, published_at, published_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                version,
                file.file_id,
                file.file_name,
                file.mime,
                file.size,
                file.kind,
                effective_on.isoformat(),
                to_db_time(now),
                by,
            ),
        )
        return version

    async def get(self, document_id: int) -> Document | None:
        row = await self.db.fetchone(_CURRENT + " WHERE d.id = ?", (document_id,))
        return _document(row) if row else None

    async def page(self, category: str, offset: int, limit: int) -> tuple[list[Document], int]:
        rows = await self.db.fetchall(
            _CURRENT + " WHERE d.category = ? ORDER BY v.published_at DESC, d.id DESC"
            " LIMIT ? OFFSET ?",
            (category, limit, offset),
        )
        total = await self.db.fetchval(
            "SELECT COUNT(*) FROM documents WHERE category = ?", (category,)
        )
        return [_document(row) for row in rows], int(total or 0)

    async def versions(self, document_id: int) -> list[Version]:
        rows = await self.db.fetchall(
            "SELECT * FROM document_versions WHERE document_id = ? ORDER BY version",
            (document_id,),
        )
        return [_version(row) for row in rows]

    async def count_view(self, document_id: int) -> None:
        await self.db.execute("UPDATE documents SET views = views + 1 WHERE id = ?", (document_id,))
