"""Digest schedules and the ledger of digests sent (one row per kind and period)."""

from __future__ import annotations

from datetime import datetime, time

from bot.domain.reports.digests import DigestKind, Schedule, default
from storage.db import Database, from_db_time, to_db_time


class SqliteDigests:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def ensure_defaults(self, now: datetime) -> None:
        """Rows for kinds never set, counting from now (a new install sends nothing old)."""
        for kind in DigestKind:
            s = default(kind, now)
            await self.db.execute(
                "INSERT OR IGNORE INTO digest_schedules (kind, enabled, weekday, day, at, since)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (kind.value, 1, s.weekday, s.day, s.at.strftime("%H:%M"), to_db_time(now)),
            )

    async def schedules(self) -> list[Schedule]:
        rows = await self.db.fetchall(
            "SELECT kind, enabled, weekday, day, at, since FROM digest_schedules ORDER BY kind"
        )
        return [
            Schedule(
                DigestKind(r[0]), bool(r[1]), time.fromisoformat(r[4]), from_db_time(r[5]),
                r[2], r[3],
            )
            for r in rows
        ]  # fmt: skip

    async def save(self, s: Schedule, actor_id: int | None) -> None:
        await self.db.execute(
            "INSERT INTO digest_schedules (kind, enabled, weekday, day, at, since, updated_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET"
            " enabled = excluded.enabled, weekday = excluded.weekday, day = excluded.day,"
            " at = excluded.at, since = excluded.since, updated_by = excluded.updated_by",
            (s.kind.value, int(s.enabled), s.weekday, s.day, s.at.strftime("%H:%M"),
             to_db_time(s.since), actor_id),
        )  # fmt: skip

    async def claim(self, kind: DigestKind, period: str, now: datetime) -> bool:
        """Record that this digest is being sent; False if it already was."""
        cursor = await self.db.execute(
            "INSERT OR IGNORE INTO digest_runs (kind, period, sent_at) VALUES (?, ?, ?)",
            (kind.value, period, to_db_time(now)),
        )
        return cursor.rowcount == 1

    async def sent(self) -> list[tuple[str, str]]:
        rows = await self.db.fetchall("SELECT kind, period FROM digest_runs ORDER BY rowid")
        return [(r[0], r[1]) for r in rows]
