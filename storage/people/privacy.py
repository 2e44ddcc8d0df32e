"""A person's data: the copy they may ask for, erasure requests and the erasure itself."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.db import Database, to_db_time
from storage.permits.personal_data import erase_permits, permits_copy

ERASED = "[已删除]"
# Erased people keep their tickets (for statistics) under a tombstone id far outside
# Telegram's user ids, so the Telegram id itself is gone from every table.
TOMBSTONE_BASE = -9_000_000_000_000


class SqlitePrivacy:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def data_copy(self, user_id: int) -> dict[str, Any]:
        user = await self.db.fetchone(
            "SELECT u.id, u.first_name, u.username, u.phone, u.language, u.role,"
            " u.created_at, h.building, h.unit, h.room FROM users u"
            " LEFT JOIN homes h ON h.id = u.home_id WHERE u.id = ?",
            (user_id,),
        )
        tickets = await self.db.fetchall(
            "SELECT t.id, t.kind, t.category, t.status, t.description, t.created_at,"
            " t.closed_at, t.rating, t.rating_comment, h.building, h.unit, h.room"
            " FROM tickets t LEFT JOIN homes h ON h.id = t.home_id"
            " WHERE t.resident_id = ? ORDER BY t.id",
            (user_id,),
        )
        copy: dict[str, Any] = {"profile": dict(user) if user else None, "tickets": []}
        for ticket in tickets:
            entry = dict(ticket)
            notes = await self.db.fetchall(
                "SELECT at, action, note FROM ticket_events WHERE ticket_id = ? AND actor_id = ?"
                " AND note IS NOT NULL ORDER BY id",
                (ticket["id"], user_id),
            )
            entry["messages"] = [dict(n) for n in notes]
            copy["tickets"].append(entry)
        answers = await self.db.fetchall(
            "SELECT c.id AS campaign, a.question_id, a.value FROM survey_responses r"
            " JOIN survey_campaigns c ON c.id = r.campaign_id"
            " JOIN survey_answers a ON a.response_id = r.id"
            " WHERE r.user_id = ? ORDER BY r.id, a.question_id",
            (user_id,),
        )
        copy["survey_answers"] = [
            {"campaign": a[0], "question": a[1], "value": json.loads(a[2])} for a in answers
        ]
        copy.update(await self._feature_copies(user_id))
        return copy

    async def _feature_copies(self, user_id: int) -> dict[str, Any]:
        """Their permits, gate passes, activity sign-ups and ballots (issues 14, 15)."""
        found: dict[str, Any] = {}
        found["renovation_permits"] = await permits_copy(self.db, user_id)  # issue 15
        passes = await self.db.fetchall(  # gate passes (issue 15)
            "SELECT id, kind, state, items, visitor, plate, starts_at, ends_at, created_at"
            " FROM gate_passes WHERE owner_id = ? ORDER BY id",
            (user_id,),
        )
        found["gate_passes"] = [{**dict(p), "items": json.loads(p["items"])} for p in passes]
        signups = await self.db.fetchall(  # community activities (issue 14)
            "SELECT a.id AS activity, a.title, a.starts_at, s.seat, s.heads, s.attended_at,"
            " s.rating FROM activity_signups s JOIN activities a ON a.id = s.activity_id"
            " WHERE s.user_id = ? ORDER BY a.id",
            (user_id,),
        )
        found["activities"] = [dict(r) for r in signups]
        ballots = await self.db.fetchall(  # their own ballots, named or per person (issue 14)
            "SELECT v.id AS vote, v.question, b.option, b.cast_at FROM vote_ballots b"
            " JOIN votes v ON v.id = b.vote_id WHERE b.user_id = ? OR b.voter = ? ORDER BY v.id",
            (user_id, f"p:{user_id}"),
        )
        found["votes"] = [dict(r) for r in ballots]
        return found

    async def request(self, user_id: int, now: datetime, due: datetime) -> int:
        existing = await self.db.fetchval(
            "SELECT id FROM erasure_requests WHERE user_id = ? AND done_at IS NULL", (user_id,)
        )
        if existing:
            return int(existing)
        cursor = await self.db.execute(
            "INSERT INTO erasure_requests (user_id, requested_at, due_at) VALUES (?, ?, ?)",
            (user_id, to_db_time(now), to_db_time(due)),
        )
        return int(cursor.lastrowid or 0)

    async def pending(self) -> list[tuple[int, int, str, str]]:
        rows = await self.db.fetchall(
            "SELECT id, user_id, requested_at, due_at FROM erasure_requests"
            " WHERE done_at IS NULL ORDER BY due_at, id"
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    async def due(self, now: datetime) -> list[tuple[int, int]]:
        rows = await self.db.fetchall(
            "SELECT id, user_id FROM erasure_requests WHERE done_at IS NULL AND due_at <= ?"
            " ORDER BY id",
            (to_db_time(now),),
        )
        return [(r[0], r[1]) for r in rows]

    async def clear_phone(self, user_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE users SET phone = NULL, updated_at = ? WHERE id = ?", (to_db_time(now), user_id)
        )

    async def erase(self, request_id: int, user_id: int, now: datetime) -> int | None:
        """Erase one person; returns their tombstone id (None if already gone)."""
        row = await self.db.fetchone(
            "SELECT first_name, username, phone FROM users WHERE id = ?", (user_id,)
        )
        if row is None:
            await self._done(request_id, now)
            return None
        secrets = [s for s in (row["first_name"], row["username"], row["phone"]) if s]
        tomb = TOMBSTONE_BASE - request_id
        stamp = to_db_time(now)
        await self.db.execute(
            "INSERT INTO users (id, first_name, created_at, updated_at, erased_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (tomb, ERASED, stamp, stamp, stamp),
        )
        await self._redact_text(user_id)
        await erase_permits(self.db, user_id, tomb)  # renovation permits (issue 15)
        await self._move(user_id, tomb)
        await self._scrub_runtime(user_id, secrets)
        await self.db.execute("DELETE FROM users WHERE id = ?", (user_id,))
        await self._done(request_id, now)
        return tomb

    async def _redact_text(self, user_id: int) -> None:
        await self.db.execute(
            "UPDATE tickets SET description = ?, rating_comment = CASE WHEN rating_comment"
            " IS NULL THEN NULL ELSE ? END, latitude = NULL, longitude = NULL"
            " WHERE resident_id = ?",
            (ERASED, ERASED, user_id),
        )
        await self.db.execute(
            "UPDATE ticket_events SET note = ? WHERE actor_id = ? AND note IS NOT NULL",
            (ERASED, user_id),
        )
        await self.db.execute(
            "DELETE FROM ticket_photos WHERE ticket_id IN"
            " (SELECT id FROM tickets WHERE resident_id = ?)",
            (user_id,),
        )
        await self.db.execute(
            "UPDATE survey_answers SET value = ? WHERE response_id IN (SELECT id FROM"
            " survey_responses WHERE user_id = ?) AND value LIKE '\"%'",
            (json.dumps(ERASED, ensure_ascii=False), user_id),
        )
        # Gate passes (issue 15): what they typed goes; the pass and its audit trail stay.
        await self.db.execute(
            "UPDATE gate_passes SET items = '[]', plate = '', photo = NULL,"
            " visitor = CASE WHEN visitor = '' THEN '' ELSE ? END WHERE owner_id = ?",
            (ERASED, user_id),
        )

    async def _move(self, user_id: int, tomb: int) -> None:
        for table, column in (
            ("tickets", "resident_id"),
            ("tickets", "owner_id"),  # an erased staff member's tickets keep their history
            ("notices", "author_id"),
            ("survey_campaigns", "created_by"),
            ("ticket_events", "actor_id"),
            ("registration_requests", "user_id"),
            ("survey_responses", "user_id"),
            ("events", "actor_id"),
            ("votes", "created_by"),
            ("vote_ballots", "user_id"),  # named votes: the ballot still counts, nameless
            ("gate_passes", "owner_id"),
            ("gate_passes", "decided_by"),
            ("gate_passes", "used_by"),
            ("gate_pass_events", "actor_id"),
            ("activity_signups", "user_id"),  # seats and ratings still count, nameless
            ("activities", "author_id"),
        ):
            await self.db.execute(
                f"UPDATE {table} SET {column} = ? WHERE {column} = ?",  # names are ours
                (tomb, user_id),
            )
        await self.db.execute(
            "UPDATE events SET subject = ? WHERE subject = ?", (f"user:{tomb}", f"user:{user_id}")
        )
        await self.db.execute(
            "UPDATE erasure_requests SET user_id = ? WHERE user_id = ?", (tomb, user_id)
        )
        await self.db.execute(  # a per-person ballot's key (votes, issue 14)
            "UPDATE vote_ballots SET voter = ? WHERE voter = ?", (f"p:{tomb}", f"p:{user_id}")
        )
        for table, column in (
            ("home_members", "user_id"),
            ("drafts", "resident_id"),
            ("survey_invitations", "user_id"),
            ("survey_wizards", "user_id"),
            ("notice_drafts", "author_id"),
            ("vote_wizards", "user_id"),
            ("vote_focus", "user_id"),
            ("gate_guards", "user_id"),
            ("activity_prompts", "user_id"),
        ):
            await self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (user_id,))

    async def _scrub_runtime(self, user_id: int, secrets: list[str]) -> None:
        """Handled updates and sent messages that carried their name, phone or id."""
        await self.db.execute("DELETE FROM outbox WHERE user_id = ?", (user_id,))
        await self.db.execute("DELETE FROM ticket_links WHERE chat_id = ?", (user_id,))
        # Idempotency keys name the chat ("msg:<chat>:<message>"); their updates are handled.
        await self.db.execute("DELETE FROM effects WHERE key LIKE ?", (f"%:{user_id}:%",))
        ids = [f'"id": {user_id},', f'"id": {user_id}}}', f'"id":{user_id},', f'"id":{user_id}}}']
        for secret in [*secrets, *ids]:
            like = "%" + secret.replace("%", "").replace("_", "") + "%"
            # Stored updates (even the one being handled now) keep only their id: a replay
            # after a crash then finds an empty update, which every handler ignores.
            await self.db.execute(
                "UPDATE inbox SET payload = json_object('update_id', update_id)"
                " WHERE payload LIKE ?",
                (like,),
            )
            await self.db.execute(
                "DELETE FROM outbox WHERE status != 'pending' AND (params LIKE ? OR extra LIKE ?)",
                (like, like),
            )
        for secret in secrets:  # the office's roster and audit data must not keep them either
            await self.db.execute("DELETE FROM roster WHERE phone = ?", (secret,))
            await self.db.execute(
                "UPDATE events SET data = replace(data, ?, ?) WHERE data LIKE ?",
                (secret, ERASED, "%" + secret + "%"),
            )

    async def _done(self, request_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE erasure_requests SET done_at = ? WHERE id = ?", (to_db_time(now), request_id)
        )
