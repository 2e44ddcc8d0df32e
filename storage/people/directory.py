"""Repositories for users, homes and the owner roster."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import aiosqlite

from bot.domain.people.model import Home, Role, User, UserState
from storage.db import Database, from_db_time, to_db_time


def _user(row: aiosqlite.Row) -> User:
    return User(
        id=row["id"],
        first_name=row["first_name"],
        username=row["username"],
        language=row["language"],
        tg_language=row["tg_language"],
        role=Role(row["role"]) if row["role"] else None,
        home_id=row["home_id"],
        state=UserState(row["state"]) if row["state"] else None,
        unreachable=bool(row["unreachable"]),
        created_at=from_db_time(row["created_at"]),
        state_ref=row["state_ref"],
    )


def _home(row: aiosqlite.Row) -> Home:
    return Home(id=row["id"], building=row["building"], unit=row["unit"], room=row["room"])


class SqliteUsers:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
        return _user(row) if row else None

    async def upsert_seen(
        self,
        user_id: int,
        first_name: str,
        username: str | None,
        tg_language: str | None,
        now: datetime,
    ) -> User:
        stamp = to_db_time(now)
        await self.db.execute(
            "INSERT INTO users (id, first_name, username, tg_language, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " first_name = excluded.first_name, username = excluded.username,"
            " tg_language = excluded.tg_language, unreachable = 0, updated_at = excluded.updated_at",
            (user_id, first_name, username, tg_language, stamp, stamp),
        )
        return cast(User, await self.get(user_id))  # just upserted

    async def find_by_username(self, username: str) -> User | None:
        row = await self.db.fetchone(
            "SELECT * FROM users WHERE username = ? COLLATE NOCASE", (username.lstrip("@"),)
        )
        return _user(row) if row else None

    async def _set(self, user_id: int, column: str, value: object, now: datetime) -> None:
        await self.db.execute(
            f"UPDATE users SET {column} = ?, updated_at = ? WHERE id = ?",  # column is ours, not input
            (value, to_db_time(now), user_id),
        )

    async def set_role(self, user_id: int, role: Role | None, now: datetime) -> None:
        await self._set(user_id, "role", role.value if role else None, now)

    async def set_home(self, user_id: int, home_id: int | None, now: datetime) -> None:
        await self._set(user_id, "home_id", home_id, now)

    async def set_phone(self, user_id: int, phone: str | None, now: datetime) -> None:
        await self._set(user_id, "phone", phone, now)

    async def phone_of(self, user_id: int) -> str | None:
        return await self.db.fetchval("SELECT phone FROM users WHERE id = ?", (user_id,))

    async def set_state(
        self, user_id: int, state: UserState | None, now: datetime, ref: int | None = None
    ) -> None:
        await self.db.execute(
            "UPDATE users SET state = ?, state_ref = ?, updated_at = ? WHERE id = ?",
            (state.value if state else None, ref, to_db_time(now), user_id),
        )

    async def set_language(self, user_id: int, language: str | None, now: datetime) -> None:
        await self._set(user_id, "language", language, now)

    async def set_unreachable(self, user_id: int, unreachable: bool) -> None:
        await self.db.execute(
            "UPDATE users SET unreachable = ? WHERE id = ?", (int(unreachable), user_id)
        )

    async def with_roles(self, roles: tuple[Role, ...]) -> list[User]:
        marks = ",".join("?" for _ in roles)
        rows = await self.db.fetchall(
            f"SELECT * FROM users WHERE role IN ({marks}) ORDER BY id", [r.value for r in roles]
        )
        return [_user(row) for row in rows]


class SqliteHomes:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, home_id: int) -> Home | None:
        row = await self.db.fetchone("SELECT * FROM homes WHERE id = ?", (home_id,))
        return _home(row) if row else None

    async def find(self, building: str, unit: str, room: str) -> Home | None:
        row = await self.db.fetchone(
            "SELECT * FROM homes WHERE building = ? AND unit = ? AND room = ?",
            (building, unit, room),
        )
        return _home(row) if row else None

    async def match(self, building: str, unit: str, room: str) -> Home | None:
        """A home as a person typed it: exact, else the one home that matches when leading
        zeros are ignored (residents type "5-1-601" for the roster's 5-1-0601)."""
        exact = await self.find(building, unit, room)
        if exact is not None:
            return exact
        rows = await self.db.fetchall(
            "SELECT * FROM homes WHERE ltrim(building, '0') = ltrim(?, '0')"
            " AND ltrim(unit, '0') = ltrim(?, '0') AND ltrim(room, '0') = ltrim(?, '0') LIMIT 2",
            (building, unit, room),
        )
        return _home(rows[0]) if len(rows) == 1 else None

    async def ensure(self, building: str, unit: str, room: str) -> Home:
        await self.db.execute(
            "INSERT INTO homes (building, unit, room) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (building, unit, room),
        )
        return cast(Home, await self.find(building, unit, room))  # exists now

    async def count(self) -> int:
        return int(await self.db.fetchval("SELECT COUNT(*) FROM homes"))

    async def homes_for_phone(self, phone: str) -> list[Home]:
        rows = await self.db.fetchall(
            "SELECT h.* FROM homes h JOIN roster r ON r.home_id = h.id WHERE r.phone = ?"
            " ORDER BY h.building, h.unit, h.room",
            (phone,),
        )
        return [_home(row) for row in rows]

    async def set_area(self, home_id: int, area_m2: float) -> None:
        """The floor area from the roster's optional area column (per-home votes)."""
        await self.db.execute("UPDATE homes SET area_m2 = ? WHERE id = ?", (area_m2, home_id))

    async def upsert_roster(self, home_id: int, name: str, phone: str, now: datetime) -> bool:
        """Insert or update one roster line; True when it was new."""
        existing = await self.db.fetchval(
            "SELECT id FROM roster WHERE home_id = ? AND phone = ?", (home_id, phone)
        )
        if existing:
            await self.db.execute(
                "UPDATE roster SET name = ?, updated_at = ? WHERE id = ?",
                (name, to_db_time(now), existing),
            )
            return False
        await self.db.execute(
            "INSERT INTO roster (home_id, name, phone, updated_at) VALUES (?, ?, ?, ?)",
            (home_id, name, phone, to_db_time(now)),
        )
        return True
