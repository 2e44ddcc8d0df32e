"""The notice side of the outbox: each released notice has one outbox row per recipient and
round; this counts them (progress, per-building statistics), records acknowledgements and
queues re-sends to those who have not confirmed."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.domain.notices.model import BuildingStats, Progress
from storage.db import Database, to_db_time


def _aggregate(row: aiosqlite.Row | None) -> aiosqlite.Row:
    """The one row an aggregate query without GROUP BY always yields."""
    if row is None:
        raise RuntimeError("an aggregate query returned no row")
    return row


FIRST_ROUND = "notice.message"
REMINDER = "notice.reminder"
EXTRA = json.dumps({"content": "notice"})
BULK = 1  # outbox priority: behind conversational messages


class SqliteNoticeDelivery:
    db: Database

    async def progress(self, notice_id: int) -> Progress:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS total, COALESCE(SUM(status = 'sent'), 0) AS sent,"
            " COALESCE(SUM(status = 'failed'), 0) AS failed,"
            " COALESCE(SUM(status = 'unreachable'), 0) AS unreachable,"
            " COALESCE(SUM(status = 'pending'), 0) AS pending"
            " FROM outbox WHERE notice_id = ? AND key = ?",
            (notice_id, FIRST_ROUND),
        )
        row = _aggregate(row)
        return Progress(
            row["total"], row["sent"], row["failed"], row["unreachable"], row["pending"]
        )

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
        row = _aggregate(row)
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
