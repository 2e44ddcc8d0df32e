"""Activities and their seats (0220). Seat accounting is one conditional UPDATE inside the
caller's BEGIN IMMEDIATE transaction: a seat is taken only if it still fits, never by
reading a count in Python and writing it back; the table's CHECK refuses any overbooking."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import aiosqlite

from bot.domain.activities.model import Activity, Seat, Signup, Status
from bot.domain.notices.audience import Recipients
from storage.activities.extras import SqliteActivityExtras
from storage.db import Database, from_db_time, to_db_time
from storage.notices.audience import recipients_where

_COLUMNS = (
    "id, title, description, photo, place, starts_at, ends_at, capacity, seats_taken,"
    " deadline, family, buildings, status, token, author_id, created_at"
)
BULK = 1  # outbox priority of an invitation: behind conversational messages


def _activity(row: aiosqlite.Row) -> Activity:
    return Activity(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        photo=row["photo"],
        place=row["place"],
        starts_at=from_db_time(row["starts_at"]),
        ends_at=from_db_time(row["ends_at"]),
        capacity=row["capacity"],
        seats_taken=row["seats_taken"],
        deadline=from_db_time(row["deadline"]),
        family=bool(row["family"]),
        buildings=tuple(json.loads(row["buildings"])),
        status=Status(row["status"]),
        token=row["token"],
        author_id=row["author_id"],
        created_at=from_db_time(row["created_at"]),
    )


def _signup(row: aiosqlite.Row) -> Signup:
    return Signup(
        activity_id=row["activity_id"],
        user_id=row["user_id"],
        seat=Seat(row["seat"]),
        heads=row["heads"],
        position=row["position"],
        attended_at=from_db_time(row["attended_at"]),
        rating=row["rating"],
    )


class SqliteActivities(SqliteActivityExtras):
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, activity: Activity) -> Activity:
        a = activity
        cursor = await self.db.execute(
            "INSERT INTO activities (title, description, photo, place, starts_at, ends_at,"
            " capacity, deadline, family, buildings, token, author_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.title,
                a.description,
                a.photo,
                a.place,
                to_db_time(a.starts_at),
                to_db_time(a.ends_at),
                a.capacity,
                to_db_time(a.deadline),
                int(a.family),
                json.dumps(list(a.buildings), ensure_ascii=False),
                a.token,
                a.author_id,
                to_db_time(a.created_at),
            ),
        )
        created = await self.get(int(cursor.lastrowid or 0))
        assert created is not None
        return created

    async def get(self, activity_id: int) -> Activity | None:
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM activities WHERE id = ?", (activity_id,)
        )
        return _activity(row) if row else None

    async def upcoming(self, now: datetime, limit: int = 20) -> list[Activity]:
        """Open activities not yet over, soonest first (for managers: every building)."""
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM activities WHERE status = 'open' AND ends_at > ?"
            " ORDER BY starts_at, id LIMIT ?",
            (to_db_time(now), limit),
        )
        return [_activity(row) for row in rows]

    async def signup(self, activity_id: int, user_id: int) -> Signup | None:
        row = await self.db.fetchone(
            "SELECT * FROM activity_signups WHERE activity_id = ? AND user_id = ?",
            (activity_id, user_id),
        )
        return _signup(row) if row else None

    async def signups(self, activity_id: int, *seats: Seat) -> list[Signup]:
        rows = await self.db.fetchall(
            "SELECT * FROM activity_signups WHERE activity_id = ?"
            " AND seat IN (SELECT value FROM json_each(?)) ORDER BY position",
            (activity_id, json.dumps([s.value for s in seats])),
        )
        return [_signup(row) for row in rows]

    async def take_seat(
        self, activity_id: int, user_id: int, heads: int, now: datetime
    ) -> Seat | None:
        """`heads` seats if they still fit and nobody waits before them, else a place in the
        waiting line; None (and nothing written) if this person already holds either."""
        held = await self.db.fetchval(
            "SELECT seat FROM activity_signups WHERE activity_id = ? AND user_id = ?"
            " AND seat IN ('going', 'waiting')",
            (activity_id, user_id),
        )
        if held is not None:
            return None
        cursor = await self.db.execute(
            "UPDATE activities SET seats_taken = seats_taken + ?"
            " WHERE id = ? AND status = 'open' AND seats_taken + ? <= capacity"
            " AND NOT EXISTS (SELECT 1 FROM activity_signups"
            "  WHERE activity_id = ? AND seat = 'waiting')",
            (heads, activity_id, heads, activity_id),
        )
        seat = Seat.GOING if cursor.rowcount == 1 else Seat.WAITING
        await self.db.execute(
            "INSERT INTO activity_signups (activity_id, user_id, seat, heads, position,"
            " updated_at) VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1"
            " FROM activity_signups WHERE activity_id = ?), ?)"
            " ON CONFLICT (activity_id, user_id) DO UPDATE SET seat = excluded.seat,"
            " heads = excluded.heads, position = excluded.position,"
            " updated_at = excluded.updated_at, attended_at = NULL",
            (activity_id, user_id, seat.value, heads, activity_id, to_db_time(now)),
        )
        return seat

    async def leave(self, activity_id: int, user_id: int, now: datetime) -> Signup | None:
        """Give up a seat or a place in line; the signup as it was, or None if neither."""
        held = await self.signup(activity_id, user_id)
        if held is None or not held.seat.active:
            return None
        await self.db.execute(
            "UPDATE activity_signups SET seat = 'cancelled', updated_at = ?"
            " WHERE activity_id = ? AND user_id = ?",
            (to_db_time(now), activity_id, user_id),
        )
        if held.seat is Seat.GOING:
            await self.db.execute(
                "UPDATE activities SET seats_taken = seats_taken - ? WHERE id = ?",
                (held.heads, activity_id),
            )
        return held

    async def promote_next(self, activity_id: int, now: datetime) -> Signup | None:
        """The first in line gets their seats if they now fit (one conditional UPDATE);
        None if the line is empty or its head does not fit (the order is kept)."""
        row = await self.db.fetchone(
            "SELECT * FROM activity_signups WHERE activity_id = ? AND seat = 'waiting'"
            " ORDER BY position LIMIT 1",
            (activity_id,),
        )
        if row is None:
            return None
        first = _signup(row)
        cursor = await self.db.execute(
            "UPDATE activities SET seats_taken = seats_taken + ?"
            " WHERE id = ? AND status = 'open' AND seats_taken + ? <= capacity",
            (first.heads, activity_id, first.heads),
        )
        if cursor.rowcount != 1:
            return None
        await self.db.execute(
            "UPDATE activity_signups SET seat = 'going', updated_at = ?"
            " WHERE activity_id = ? AND user_id = ?",
            (to_db_time(now), activity_id, first.user_id),
        )
        return first

    async def decline(self, activity_id: int, user_id: int, now: datetime) -> bool:
        """ "Not this time" from someone with no seat and no place in line."""
        cursor = await self.db.execute(
            "INSERT INTO activity_signups (activity_id, user_id, seat, heads, position,"
            " updated_at) VALUES (?, ?, 'declined', 1, 0, ?)"
            " ON CONFLICT (activity_id, user_id) DO UPDATE SET seat = 'declined',"
            " updated_at = excluded.updated_at WHERE seat IN ('cancelled', 'declined')",
            (activity_id, user_id, to_db_time(now)),
        )
        return cursor.rowcount == 1

    async def cancel(self, activity_id: int) -> bool:
        cursor = await self.db.execute(
            "UPDATE activities SET status = 'cancelled' WHERE id = ? AND status = 'open'",
            (activity_id,),
        )
        return cursor.rowcount == 1

    async def invite(
        self,
        activity_id: int,
        who: Recipients,
        key: str,
        extra: dict[str, Any],
        not_before: datetime,
        now: datetime,
    ) -> int:
        """One outbox row per person in the audience (one INSERT … SELECT, paced by the
        outbox like a notice); the number queued."""
        where, args = recipients_where(who)
        cursor = await self.db.execute(
            "INSERT INTO outbox (user_id, key, params, extra, not_before, created_at, priority)"
            f" SELECT u.id, ?, json_object('activity', ?), ?, ?, ?, ? FROM users u WHERE {where}"
            " ORDER BY u.id",
            (key, activity_id, json.dumps(extra), to_db_time(not_before), to_db_time(now), BULK)
            + tuple(args),
        )
        return cursor.rowcount
