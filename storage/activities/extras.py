"""The rest of `SqliteActivities`: what a resident sees, the once-only reminder and rating
marks, check-in, ratings, the managers' list, and the prompts people are typing into."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot.domain.activities.model import Attendee, Ratings, Seat, average
from storage.db import Database, from_db_time, to_db_time


class SqliteActivityExtras:
    db: Database

    async def visible(
        self, building: str | None, user_id: int, now: datetime, limit: int = 10
    ) -> list[tuple[int, str | None]]:
        """(activity id, this person's seat) of open activities not over yet whose audience
        includes `building` (an activity for every building includes everyone with a home)."""
        rows = await self.db.fetchall(
            "SELECT a.id, s.seat FROM activities a LEFT JOIN activity_signups s"
            " ON s.activity_id = a.id AND s.user_id = ?"
            " WHERE a.status = 'open' AND a.ends_at > ? AND (a.buildings = '[]'"
            "  OR ? IN (SELECT value FROM json_each(a.buildings)))"
            " ORDER BY a.starts_at, a.id LIMIT ?",
            (user_id, to_db_time(now), building, limit),
        )
        return [(row["id"], row["seat"]) for row in rows]

    async def due_reminders(self, now: datetime, before: timedelta) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT id FROM activities WHERE status = 'open' AND reminded_at IS NULL"
            " AND starts_at > ? AND starts_at <= ?",
            (to_db_time(now), to_db_time(now + before)),
        )
        return [row["id"] for row in rows]

    async def due_ratings(self, now: datetime, window: timedelta) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT id FROM activities WHERE status = 'open' AND rating_sent_at IS NULL"
            " AND ends_at <= ? AND ends_at > ?",
            (to_db_time(now), to_db_time(now - window)),
        )
        return [row["id"] for row in rows]

    async def mark(self, activity_id: int, column: str, now: datetime) -> bool:
        """Set `reminded_at` or `rating_sent_at` once: False if it was already set."""
        if column not in ("reminded_at", "rating_sent_at"):
            raise ValueError(column)
        cursor = await self.db.execute(
            f"UPDATE activities SET {column} = ? WHERE id = ? AND {column} IS NULL",
            (to_db_time(now), activity_id),
        )
        return cursor.rowcount == 1

    async def check_in(self, activity_id: int, user_id: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE activity_signups SET attended_at = ? WHERE activity_id = ? AND user_id = ?"
            " AND seat = 'going' AND attended_at IS NULL",
            (to_db_time(now), activity_id, user_id),
        )
        return cursor.rowcount == 1

    async def rate(self, activity_id: int, user_id: int, rating: int) -> bool:
        cursor = await self.db.execute(
            "UPDATE activity_signups SET rating = ? WHERE activity_id = ? AND user_id = ?"
            " AND seat = 'going' AND rating IS NULL",
            (rating, activity_id, user_id),
        )
        return cursor.rowcount == 1

    async def ratings(self, activity_id: int | None = None) -> Ratings:
        """The average rating of one activity, or of every activity (the survey dimension
        "community activities")."""
        rows = await self.db.fetchall(
            "SELECT rating FROM activity_signups WHERE rating IS NOT NULL"
            " AND (? IS NULL OR activity_id = ?)",
            (activity_id, activity_id),
        )
        return average([row["rating"] for row in rows])

    async def attendees(self, activity_id: int) -> list[Attendee]:
        rows = await self.db.fetchall(
            "SELECT s.*, u.first_name, h.building, h.unit, h.room FROM activity_signups s"
            " LEFT JOIN users u ON u.id = s.user_id LEFT JOIN homes h ON h.id = u.home_id"
            " WHERE s.activity_id = ? AND s.seat IN ('going', 'waiting')"
            " ORDER BY s.seat = 'waiting', s.position",
            (activity_id,),
        )
        return [
            Attendee(
                user_id=row["user_id"],
                name=row["first_name"] or "",
                home="-".join(p for p in (row["building"], row["unit"], row["room"]) if p),
                seat=Seat(row["seat"]),
                heads=row["heads"],
                position=row["position"],
                attended_at=from_db_time(row["attended_at"]),
                rating=row["rating"],
            )
            for row in rows
        ]

    # ---- prompts: what a person is typing into --------------------------------------------
    async def set_prompt(
        self, user_id: int, kind: str, data: dict[str, Any], now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO activity_prompts (user_id, kind, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (user_id, kind, json.dumps(data, ensure_ascii=False), to_db_time(now)),
        )

    async def prompt(self, user_id: int) -> tuple[str, dict[str, Any], datetime] | None:
        row = await self.db.fetchone(
            "SELECT kind, data, updated_at FROM activity_prompts WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        return row["kind"], json.loads(row["data"]), from_db_time(row["updated_at"])

    async def clear_prompt(self, user_id: int, kind: str | None = None) -> None:
        await self.db.execute(
            "DELETE FROM activity_prompts WHERE user_id = ? AND (? IS NULL OR kind = ?)",
            (user_id, kind, kind),
        )

    async def prompts(self) -> list[tuple[int, str, datetime]]:
        rows = await self.db.fetchall("SELECT user_id, kind, updated_at FROM activity_prompts")
        return [(row["user_id"], row["kind"], from_db_time(row["updated_at"])) for row in rows]

    async def queue_to_going(
        self, activity_id: int, key: str, extra: dict[str, Any], not_before: datetime, now: datetime
    ) -> int:
        """One outbox row per person holding a seat (the reminder, the rating question)."""
        cursor = await self.db.execute(
            "INSERT INTO outbox (user_id, key, params, extra, not_before, created_at, priority)"
            " SELECT user_id, ?, json_object('activity', ?), ?, ?, ?, 1 FROM activity_signups"
            " WHERE activity_id = ? AND seat = 'going' ORDER BY position",
            (
                key,
                activity_id,
                json.dumps(extra),
                to_db_time(not_before),
                to_db_time(now),
                activity_id,
            ),
        )
        return cursor.rowcount

    async def prompt_going(self, activity_id: int, kind: str, now: datetime) -> None:
        """Everyone holding a seat may now type an answer (a rating); a manager's
        half-filled creation form is never overwritten."""
        await self.db.execute(
            "INSERT INTO activity_prompts (user_id, kind, data, updated_at)"
            " SELECT user_id, ?, json_object('activity', ?), ? FROM activity_signups"
            " WHERE activity_id = ? AND seat = 'going' AND true"
            " ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, data = excluded.data,"
            " updated_at = excluded.updated_at WHERE activity_prompts.kind != 'create'",
            (kind, activity_id, to_db_time(now), activity_id),
        )
