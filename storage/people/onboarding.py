"""Repositories for registration requests, invites, the audit log and key/values."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import aiosqlite

from bot.domain.people.model import Role
from bot.domain.people.onboarding import Invite, RegistrationRequest, RequestStatus
from storage.db import Database, from_db_time, to_db_time


def _request(row: aiosqlite.Row) -> RegistrationRequest:
    return RegistrationRequest(
        id=row["id"],
        user_id=row["user_id"],
        home_id=row["home_id"],
        status=RequestStatus(row["status"]),
        decided_by=row["decided_by"],
        decided_at=from_db_time(row["decided_at"]),
        staff_chat_id=row["staff_chat_id"],
        staff_message_id=row["staff_message_id"],
        created_at=from_db_time(row["created_at"]),
    )


def _invite(row: aiosqlite.Row) -> Invite:
    return Invite(
        code=row["code"],
        role=Role(row["role"]) if row["role"] else None,
        home_id=row["home_id"],
        created_by=row["created_by"],
        created_at=from_db_time(row["created_at"]),
        expires_at=from_db_time(row["expires_at"]),
        used_by=row["used_by"],
        used_at=from_db_time(row["used_at"]),
    )


class SqliteRegistrations:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, user_id: int, home_id: int, now: datetime) -> RegistrationRequest:
        cursor = await self.db.execute(
            "INSERT INTO registration_requests (user_id, home_id, created_at) VALUES (?, ?, ?)",
            (user_id, home_id, to_db_time(now)),
        )
        return await self.get(cursor.lastrowid)

    async def get(self, request_id: int) -> RegistrationRequest | None:
        row = await self.db.fetchone(
            "SELECT * FROM registration_requests WHERE id = ?", (request_id,)
        )
        return _request(row) if row else None

    async def pending_for(self, user_id: int) -> RegistrationRequest | None:
        row = await self.db.fetchone(
            "SELECT * FROM registration_requests WHERE user_id = ? AND status = 'pending'"
            " ORDER BY id DESC LIMIT 1",
            (user_id,),
        )
        return _request(row) if row else None

    async def decide(self, request_id: int, status: str, by: int, now: datetime) -> bool:
        """Decide a pending request; False if someone else decided it first."""
        cursor = await self.db.execute(
            "UPDATE registration_requests SET status = ?, decided_by = ?, decided_at = ?"
            " WHERE id = ? AND status = 'pending'",
            (status, by, to_db_time(now), request_id),
        )
        return cursor.rowcount == 1

    async def withdraw_pending(self, user_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE registration_requests SET status = 'withdrawn', decided_at = ?"
            " WHERE user_id = ? AND status = 'pending'",
            (to_db_time(now), user_id),
        )

    async def set_staff_message(self, request_id: int, chat_id: int, message_id: int) -> None:
        await self.db.execute(
            "UPDATE registration_requests SET staff_chat_id = ?, staff_message_id = ? WHERE id = ?",
            (chat_id, message_id, request_id),
        )


class SqliteInvites:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, invite: Invite) -> None:
        await self.db.execute(
            "INSERT INTO invites (code, role, home_id, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                invite.code,
                invite.role.value if invite.role else None,
                invite.home_id,
                invite.created_by,
                to_db_time(invite.created_at),
                to_db_time(invite.expires_at),
            ),
        )

    async def get(self, code: str) -> Invite | None:
        row = await self.db.fetchone("SELECT * FROM invites WHERE code = ?", (code,))
        return _invite(row) if row else None

    async def mark_used(self, code: str, user_id: int, now: datetime) -> bool:
        """Claim a single-use invite; False if it was already used."""
        cursor = await self.db.execute(
            "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL",
            (user_id, to_db_time(now), code),
        )
        return cursor.rowcount == 1


class SqliteEvents:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self,
        kind: str,
        actor_id: int | None,
        subject: str | None,
        data: dict[str, Any],
        now: datetime,
    ) -> None:
        await self.db.execute(
            "INSERT INTO events (at, actor_id, kind, subject, data) VALUES (?, ?, ?, ?, ?)",
            (to_db_time(now), actor_id, kind, subject, json.dumps(data, ensure_ascii=False)),
        )


class SqliteKeyValue:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, key: str) -> str | None:
        return await self.db.fetchval("SELECT value FROM kv WHERE key = ?", (key,))

    async def put(self, key: str, value: str) -> None:
        await self.db.execute(
            "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
