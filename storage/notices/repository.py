"""Notices: recording, release (one outbox row per recipient, in the same transaction),
status changes, and reading back; the rest of `SqliteNotices` is in drafts.py and delivery.py."""

from __future__ import annotations

import json
from datetime import datetime
from typing import cast

import aiosqlite

from bot.domain.notices.audience import ReaderScope, Recipients
from bot.domain.notices.model import (
    Audience,
    MediaKind,
    Notice,
    NoticePage,
    NoticeStatus,
)
from storage.db import Database, from_db_time, to_db_time
from storage.notices.audience import readable_where, recipients_where
from storage.notices.delivery import BULK, EXTRA, FIRST_ROUND, SqliteNoticeDelivery
from storage.notices.drafts import SqliteNoticeDrafts


def _notice(row: aiosqlite.Row) -> Notice:
    return Notice(
        id=row["id"],
        author_id=row["author_id"],
        body=row["body"],
        audience=Audience(row["audience"]),
        buildings=tuple(json.loads(row["buildings"])),
        require_ack=bool(row["require_ack"]),
        status=NoticeStatus(row["status"]),
        media_kind=MediaKind(row["media_kind"]) if row["media_kind"] else None,
        media_file_id=row["media_file_id"],
        scheduled_at=from_db_time(row["scheduled_at"]),
        created_at=from_db_time(row["created_at"]),
        released_at=from_db_time(row["released_at"]),
        finished_at=from_db_time(row["finished_at"]),
        total=row["total"],
        progress_chat_id=row["progress_chat_id"],
        progress_message_id=row["progress_message_id"],
        progress_shown=row["progress_shown"],
        progress_at=from_db_time(row["progress_at"]),
        reminded_at=from_db_time(row["reminded_at"]),
    )


class SqliteNotices(SqliteNoticeDrafts, SqliteNoticeDelivery):
    """Notices and their fan-out; drafts (drafts.py) and the outbox side (delivery.py) are
    mixed in, so the service sees one repository."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- audiences ------------------------------------------------------------------------
    async def buildings(self) -> list[str]:
        rows = await self.db.fetchall("SELECT DISTINCT building FROM homes ORDER BY building")
        return [r["building"] for r in rows]

    async def audience_size(self, recipients: Recipients) -> int:
        where, args = recipients_where(recipients)
        return int(await self.db.fetchval(f"SELECT COUNT(*) FROM users u WHERE {where}", args))

    # ---- notices --------------------------------------------------------------------------
    async def create(self, notice: Notice) -> Notice:
        cursor = await self.db.execute(
            "INSERT INTO notices (author_id, body, media_kind, media_file_id, audience, buildings,"
            " require_ack, status, scheduled_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                notice.author_id,
                notice.body,
                notice.media_kind.value if notice.media_kind else None,
                notice.media_file_id,
                notice.audience.value,
                json.dumps(list(notice.buildings), ensure_ascii=False),
                int(notice.require_ack),
                NoticeStatus.SCHEDULED.value,
                to_db_time(notice.scheduled_at),
                to_db_time(notice.created_at),
            ),
        )
        return cast(Notice, await self.get(cast(int, cursor.lastrowid)))  # just inserted

    async def get(self, notice_id: int) -> Notice | None:
        row = await self.db.fetchone("SELECT * FROM notices WHERE id = ?", (notice_id,))
        return _notice(row) if row else None

    async def due(self, now: datetime) -> list[Notice]:
        rows = await self.db.fetchall(
            "SELECT * FROM notices WHERE status = 'scheduled' AND scheduled_at <= ? ORDER BY id",
            (to_db_time(now),),
        )
        return [_notice(r) for r in rows]

    async def release(self, notice_id: int, recipients: Recipients, now: datetime) -> int | None:
        """scheduled → sending plus one outbox row per recipient; None if not scheduled."""
        stamp = to_db_time(now)
        cursor = await self.db.execute(
            "UPDATE notices SET status = 'sending', released_at = ? WHERE id = ? AND status = 'scheduled'",
            (stamp, notice_id),
        )
        if cursor.rowcount != 1:
            return None
        where, args = recipients_where(recipients)
        # Each row remembers the recipient's building at sending time, so /notice_stats
        # still counts someone who moves afterwards where the notice reached them.
        cursor = await self.db.execute(
            "INSERT INTO outbox (user_id, key, params, extra, not_before, created_at, notice_id,"
            " priority) SELECT u.id, ?, json_object('notice', ?, 'building',"
            " (SELECT building FROM homes WHERE id = u.home_id)), ?, ?, ?, ?, ?"
            f" FROM users u WHERE {where} ORDER BY u.id",
            (
                FIRST_ROUND,
                notice_id,
                EXTRA,
                stamp,
                stamp,
                notice_id,
                BULK,
                *args,
            ),
        )
        count = cursor.rowcount
        await self.db.execute("UPDATE notices SET total = ? WHERE id = ?", (count, notice_id))
        return count

    async def cancel(self, notice_id: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE notices SET status = 'cancelled', cancelled_at = ?"
            " WHERE id = ? AND status = 'scheduled'",
            (to_db_time(now), notice_id),
        )
        return cursor.rowcount == 1

    async def stop(self, notice_id: int, now: datetime) -> int | None:
        """Stop a notice while it is being sent: its unsent rows are dropped. The number not
        sent, or None if it was not sending (finished, stopped or never released)."""
        cursor = await self.db.execute(
            "UPDATE notices SET status = 'cancelled', cancelled_at = ?"
            " WHERE id = ? AND status = 'sending'",
            (to_db_time(now), notice_id),
        )
        if cursor.rowcount != 1:
            return None
        cursor = await self.db.execute(
            "DELETE FROM outbox WHERE notice_id = ? AND status = 'pending'", (notice_id,)
        )
        return cursor.rowcount

    async def with_status(self, status: str, limit: int = 50) -> list[Notice]:
        rows = await self.db.fetchall(
            "SELECT * FROM notices WHERE status = ? ORDER BY scheduled_at, id LIMIT ?",
            (status, limit),
        )
        return [_notice(r) for r in rows]

    async def recent(self, limit: int) -> list[Notice]:
        rows = await self.db.fetchall("SELECT * FROM notices ORDER BY id DESC LIMIT ?", (limit,))
        return [_notice(r) for r in rows]

    async def finish(self, notice_id: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE notices SET status = 'done', finished_at = ? WHERE id = ? AND status = 'sending'",
            (to_db_time(now), notice_id),
        )
        return cursor.rowcount == 1

    async def set_progress(
        self, notice_id: int, chat_id: int, message_id: int, shown: str, now: datetime
    ) -> None:
        await self.db.execute(
            "UPDATE notices SET progress_chat_id = ?, progress_message_id = ?, progress_shown = ?,"
            " progress_at = ? WHERE id = ?",
            (chat_id, message_id, shown, to_db_time(now), notice_id),
        )

    # ---- residents ------------------------------------------------------------------------
    async def page_for(self, scope: ReaderScope, offset: int, limit: int) -> NoticePage:
        where, args = readable_where(scope)
        total = await self.db.fetchval(f"SELECT COUNT(*) FROM notices n WHERE {where}", args)
        rows = await self.db.fetchall(
            f"SELECT n.* FROM notices n WHERE {where} ORDER BY n.id DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        return NoticePage([_notice(r) for r in rows], offset, int(total))
