"""Notices, the /notice drafts, and the notice side of the outbox (fan-out, acks, statistics)."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.domain.notices.model import (
    Audience,
    BuildingStats,
    DraftStep,
    MediaKind,
    Notice,
    NoticeDraft,
    NoticePage,
    NoticeStatus,
    Progress,
)
from storage.db import Database, from_db_time, to_db_time

FIRST_ROUND = "notice.message"
REMINDER = "notice.reminder"
EXTRA = json.dumps({"content": "notice"})
BULK = 1  # outbox priority: behind conversational messages

# Who a notice reaches; people who blocked the bot are skipped until they write again.
_AUDIENCE = {
    Audience.ALL: "u.role IS NOT NULL AND u.home_id IS NOT NULL",
    Audience.BUILDINGS: (
        "u.role IS NOT NULL AND u.home_id IN (SELECT h.id FROM homes h"
        " WHERE h.building IN (SELECT value FROM json_each(?)))"
    ),
    Audience.STAFF: "u.role IN ('staff', 'manager')",
}


def _where(audience: Audience, buildings: tuple[str, ...]) -> tuple[str, list]:
    args = (
        [json.dumps(list(buildings), ensure_ascii=False)] if audience is Audience.BUILDINGS else []
    )
    return f"u.unreachable = 0 AND {_AUDIENCE[audience]}", args


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


class SqliteNotices:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- drafts ---------------------------------------------------------------------------
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

    # ---- audiences ------------------------------------------------------------------------
    async def buildings(self) -> list[str]:
        rows = await self.db.fetchall("SELECT DISTINCT building FROM homes ORDER BY building")
        return [r["building"] for r in rows]

    async def audience_size(self, audience: Audience, buildings: tuple[str, ...]) -> int:
        where, args = _where(audience, buildings)
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
        return await self.get(cursor.lastrowid)

    async def get(self, notice_id: int) -> Notice | None:
        row = await self.db.fetchone("SELECT * FROM notices WHERE id = ?", (notice_id,))
        return _notice(row) if row else None

    async def due(self, now: datetime) -> list[Notice]:
        rows = await self.db.fetchall(
            "SELECT * FROM notices WHERE status = 'scheduled' AND scheduled_at <= ? ORDER BY id",
            (to_db_time(now),),
        )
        return [_notice(r) for r in rows]

    async def release(self, notice_id: int, now: datetime) -> int | None:
        """scheduled → sending plus one outbox row per recipient; None if not scheduled."""
        stamp = to_db_time(now)
        cursor = await self.db.execute(
            "UPDATE notices SET status = 'sending', released_at = ? WHERE id = ? AND status = 'scheduled'",
            (stamp, notice_id),
        )
        if cursor.rowcount != 1:
            return None
        notice = await self.get(notice_id)
        where, args = _where(notice.audience, notice.buildings)
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

    async def progress(self, notice_id: int) -> Progress:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS total, COALESCE(SUM(status = 'sent'), 0) AS sent,"
            " COALESCE(SUM(status = 'failed'), 0) AS failed,"
            " COALESCE(SUM(status = 'unreachable'), 0) AS unreachable,"
            " COALESCE(SUM(status = 'pending'), 0) AS pending"
            " FROM outbox WHERE notice_id = ? AND key = ?",
            (notice_id, FIRST_ROUND),
        )
        return Progress(
            row["total"], row["sent"], row["failed"], row["unreachable"], row["pending"]
        )

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

    # ---- acknowledgements and statistics --------------------------------------------------
    async def acknowledge(self, notice_id: int, user_id: int, now: datetime) -> bool | None:
        cursor = await self.db.execute(
            "UPDATE outbox SET acked_at = ? WHERE notice_id = ? AND user_id = ? AND acked_at IS NULL",
            (to_db_time(now), notice_id, user_id),
        )
        if cursor.rowcount:
            return True
        recipient, _ = await self.is_recipient(notice_id, user_id)
        return False if recipient else None

    async def is_recipient(self, notice_id: int, user_id: int) -> tuple[bool, bool]:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n, COALESCE(MAX(acked_at IS NOT NULL), 0) AS acked FROM outbox"
            " WHERE notice_id = ? AND user_id = ?",
            (notice_id, user_id),
        )
        return bool(row["n"]), bool(row["acked"])

    async def stats(self, notice_id: int) -> list[BuildingStats]:
        rows = await self.db.fetchall(
            "SELECT COALESCE(r.sent_building, h.building, '') AS building, COUNT(*) AS recipients,"
            " SUM(r.state = 'sent') AS delivered, SUM(r.state = 'sent' AND r.acked) AS acked,"
            " SUM(r.state = 'unreachable') AS unreachable, SUM(r.state = 'failed') AS failed,"
            " SUM(r.state = 'pending') AS pending FROM ("
            "   SELECT user_id, MAX(acked_at IS NOT NULL) AS acked,"
            "   MAX(json_extract(params, '$.building')) AS sent_building, CASE"
            "     WHEN MAX(status = 'sent') OR MAX(acked_at IS NOT NULL) THEN 'sent'"
            "     WHEN MAX(status = 'pending') THEN 'pending'"
            "     WHEN MAX(status = 'unreachable') THEN 'unreachable' ELSE 'failed' END AS state"
            "   FROM outbox WHERE notice_id = ? GROUP BY user_id) r"
            " LEFT JOIN users u ON u.id = r.user_id LEFT JOIN homes h ON h.id = u.home_id"
            " GROUP BY COALESCE(r.sent_building, h.building, '')",
            (notice_id,),
        )
        return [
            BuildingStats(
                r["building"],
                r["recipients"],
                r["delivered"],
                r["acked"],
                r["unreachable"],
                r["failed"],
                r["pending"],
            )
            for r in rows
        ]

    async def resend_unacknowledged(self, notice_id: int, now: datetime) -> int:
        stamp = to_db_time(now)
        cursor = await self.db.execute(
            "INSERT INTO outbox (user_id, key, params, extra, not_before, created_at, notice_id,"
            " priority) SELECT DISTINCT o.user_id, ?, ?, ?, ?, ?, ?, ? FROM outbox o"
            " JOIN users u ON u.id = o.user_id"
            " WHERE o.notice_id = ? AND o.status = 'sent' AND u.unreachable = 0"
            " AND NOT EXISTS (SELECT 1 FROM outbox a WHERE a.notice_id = o.notice_id"
            "   AND a.user_id = o.user_id AND (a.acked_at IS NOT NULL OR"
            "   (a.key = ? AND a.status = 'pending')))",
            (
                REMINDER,
                json.dumps({"notice": notice_id}),
                EXTRA,
                stamp,
                stamp,
                notice_id,
                BULK,
                notice_id,
                REMINDER,
            ),
        )
        await self.db.execute("UPDATE notices SET reminded_at = ? WHERE id = ?", (stamp, notice_id))
        return cursor.rowcount

    # ---- residents ------------------------------------------------------------------------
    async def page_for(
        self, user_id: int, building: str | None, staff: bool, offset: int, limit: int
    ) -> NoticePage:
        where = (
            "n.status IN ('sending', 'done') AND ("
            " (n.audience = 'all' AND ?)"
            " OR (n.audience = 'buildings' AND ? IN (SELECT value FROM json_each(n.buildings)))"
            " OR (n.audience = 'staff' AND ?)"
            " OR EXISTS (SELECT 1 FROM outbox o WHERE o.notice_id = n.id AND o.user_id = ?))"
        )
        args = [int(building is not None), building, int(staff), user_id]
        total = await self.db.fetchval(f"SELECT COUNT(*) FROM notices n WHERE {where}", args)
        rows = await self.db.fetchall(
            f"SELECT n.* FROM notices n WHERE {where} ORDER BY n.id DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        return NoticePage([_notice(r) for r in rows], offset, int(total))
