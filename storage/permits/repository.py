"""Renovation permits: rows, audited transitions, the resumable forms and waiting inputs."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime

import aiosqlite

from bot.domain.permits.form import Form, Step
from bot.domain.permits.model import Pending, Permit, PermitEvent, PermitFile, PermitStatus, Purpose
from storage.db import Database, from_db_time, to_db_time

_SELECT = "SELECT p.*, h.building, h.unit, h.room FROM permits p JOIN homes h ON h.id = p.home_id"


def _files(text: str) -> tuple[PermitFile, ...]:
    return tuple(PermitFile(kind, file_id) for kind, file_id in json.loads(text or "[]"))


def _dump(files: tuple[PermitFile, ...]) -> str:
    return json.dumps([[f.kind, f.file_id] for f in files])


def _permit(row: aiosqlite.Row) -> Permit:
    unit = row["unit"]
    label = "-".join(p for p in (row["building"], unit, row["room"]) if p)
    return Permit(
        id=row["id"],
        resident_id=row["resident_id"],
        home_id=row["home_id"],
        home_label=label,
        building=row["building"],
        unit=unit,
        works=row["works"],
        contractor=row["contractor"],
        foreman=row["foreman"],
        foreman_phone=row["foreman_phone"],
        starts_on=date.fromisoformat(row["starts_on"]),
        ends_on=date.fromisoformat(row["ends_on"]),
        deposit_note=row["deposit_note"],
        files=_files(row["files"]),
        status=PermitStatus(row["status"]),
        note=row["note"],
        neighbours_notified=row["neighbours_notified_at"] is not None,
        created_at=from_db_time(row["created_at"]),
    )


def _form(row: aiosqlite.Row) -> Form:
    raw = json.loads(row["data"])
    day = {k: date.fromisoformat(raw[k]) if raw.get(k) else None for k in ("starts_on", "ends_on")}
    return Form(
        row["user_id"],
        Step(row["step"]),
        from_db_time(row["updated_at"]),
        home_id=raw.get("home_id"),
        works=raw.get("works", ""),
        contractor=raw.get("contractor", ""),
        foreman=raw.get("foreman", ""),
        phone=raw.get("phone", ""),
        files=_files(json.dumps(raw.get("files", []))),
        deposit_note=raw.get("deposit_note", ""),
        **day,
    )


class SqlitePermits:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, form: Form, now: datetime) -> int:
        at = to_db_time(now)
        cursor = await self.db.execute(
            "INSERT INTO permits (resident_id, home_id, works, contractor, foreman,"
            " foreman_phone, starts_on, ends_on, deposit_note, files, status, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                form.user_id,
                form.home_id,
                form.works,
                form.contractor,
                form.foreman,
                form.phone,
                form.starts_on.isoformat() if form.starts_on else "",
                form.ends_on.isoformat() if form.ends_on else "",
                form.deposit_note,
                _dump(form.files),
                PermitStatus.DRAFT.value,
                at,
                at,
            ),
        )
        return int(cursor.lastrowid or 0)

    async def get(self, permit_id: int) -> Permit | None:
        row = await self.db.fetchone(f"{_SELECT} WHERE p.id = ?", (permit_id,))
        return _permit(row) if row else None

    async def mine(self, resident_id: int, limit: int = 20) -> list[Permit]:
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE p.resident_id = ? ORDER BY p.id DESC LIMIT ?", (resident_id, limit)
        )
        return [_permit(r) for r in rows]

    async def with_status(
        self, statuses: tuple[PermitStatus, ...], limit: int = 20
    ) -> list[Permit]:
        marks = ",".join("?" * len(statuses))
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE p.status IN ({marks}) ORDER BY p.id LIMIT ?",
            (*[s.value for s in statuses], limit),
        )
        return [_permit(r) for r in rows]

    async def move(
        self, permit_id: int, old: PermitStatus, new: PermitStatus, note: str, now: datetime
    ) -> bool:
        """Compare-and-set: two presses at once move a permit once."""
        cursor = await self.db.execute(
            "UPDATE permits SET status = ?, note = ?, updated_at = ? WHERE id = ? AND status = ?",
            (new.value, note, to_db_time(now), permit_id, old.value),
        )
        return cursor.rowcount == 1

    async def set_end(self, permit_id: int, ends_on: date, now: datetime) -> None:
        await self.db.execute(
            "UPDATE permits SET ends_on = ?, updated_at = ? WHERE id = ?",
            (ends_on.isoformat(), to_db_time(now), permit_id),
        )

    async def add_files(self, permit_id: int, files: tuple[PermitFile, ...]) -> None:
        permit = await self.get(permit_id)
        if permit is not None:
            await self.db.execute(
                "UPDATE permits SET files = ? WHERE id = ?",
                (_dump((*permit.files, *files)), permit_id),
            )

    async def add_event(self, event: PermitEvent) -> None:
        await self.db.execute(
            "INSERT INTO permit_events (permit_id, at, actor_id, from_status, to_status, note,"
            " files) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                event.permit_id,
                to_db_time(event.at),
                event.actor_id,
                event.old,
                event.new,
                event.note,
                _dump(event.files),
            ),
        )

    async def events(self, permit_id: int) -> list[PermitEvent]:
        rows = await self.db.fetchall(
            "SELECT * FROM permit_events WHERE permit_id = ? ORDER BY id", (permit_id,)
        )
        return [
            PermitEvent(
                r["permit_id"],
                from_db_time(r["at"]),
                r["actor_id"],
                r["from_status"],
                r["to_status"],
                r["note"],
                _files(r["files"]),
            )
            for r in rows
        ]

    async def mark_notified(self, permit_id: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE permits SET neighbours_notified_at = ? WHERE id = ?"
            " AND neighbours_notified_at IS NULL",
            (to_db_time(now), permit_id),
        )
        return cursor.rowcount == 1

    async def neighbours(self, permit: Permit) -> list[int]:
        """Registered people of the other homes in the same building and unit."""
        rows = await self.db.fetchall(
            "SELECT u.id FROM users u JOIN homes h ON h.id = u.home_id WHERE h.building = ?"
            " AND h.unit = ? AND h.id != ? AND u.role IS NOT NULL AND u.unreachable = 0"
            " ORDER BY u.id",
            (permit.building, permit.unit, permit.home_id),
        )
        return [r["id"] for r in rows]

    # ---- the resumable form and waiting inputs ----------------------------------------------
    async def form(self, user_id: int) -> Form | None:
        row = await self.db.fetchone("SELECT * FROM permit_forms WHERE user_id = ?", (user_id,))
        return _form(row) if row else None

    async def save_form(self, form: Form) -> None:
        data = asdict(form)
        for name in ("user_id", "step", "updated_at"):
            data.pop(name)
        for name in ("starts_on", "ends_on"):
            data[name] = data[name].isoformat() if data[name] else None
        data["files"] = [[f.kind, f.file_id] for f in form.files]
        await self.db.execute(
            "INSERT INTO permit_forms (user_id, step, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET step = excluded.step, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (form.user_id, form.step.value, json.dumps(data), to_db_time(form.updated_at)),
        )

    async def delete_form(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM permit_forms WHERE user_id = ?", (user_id,))

    async def waiting(self) -> tuple[list[int], list[int]]:
        """Who has a form open, and who a button waits for (the services' start-up cache)."""
        forms = await self.db.fetchall("SELECT user_id FROM permit_forms")
        inputs = await self.db.fetchall("SELECT user_id FROM permit_inputs")
        return [r["user_id"] for r in forms], [r["user_id"] for r in inputs]

    async def pending(self, user_id: int) -> Pending | None:
        row = await self.db.fetchone("SELECT * FROM permit_inputs WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        return Pending(
            row["user_id"], row["permit_id"], Purpose(row["purpose"]), _files(row["files"])
        )

    async def save_pending(self, pending: Pending, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO permit_inputs (user_id, permit_id, purpose, files, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " permit_id = excluded.permit_id, purpose = excluded.purpose, files = excluded.files",
            (
                pending.user_id,
                pending.permit_id,
                pending.purpose.value,
                _dump(pending.files),
                to_db_time(now),
            ),
        )

    async def delete_pending(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM permit_inputs WHERE user_id = ?", (user_id,))
