"""Gate passes, their transitions and the guards (0250)."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.domain.passes.model import GatePass, PassItem, PassKind, PassState, Step
from storage.db import Database, from_db_time, to_db_time

# The columns a draft's form may change; everything else moves only through `transition`.
_DRAFT_FIELDS = ("step", "items", "visitor", "plate", "starts_at", "ends_at", "photo")


def _time(value: datetime | None) -> str | None:
    return to_db_time(value) if value is not None else None


def _pass(r: aiosqlite.Row) -> GatePass:
    return GatePass(
        id=r["id"],
        kind=PassKind(r["kind"]),
        state=PassState(r["state"]),
        step=Step(r["step"]),
        home_id=r["home_id"],
        owner_id=r["owner_id"],
        token=r["token"],
        created_at=from_db_time(r["created_at"]),
        items=tuple(PassItem(name, quantity) for name, quantity in json.loads(r["items"])),
        visitor=r["visitor"],
        plate=r["plate"],
        starts_at=from_db_time(r["starts_at"]),
        ends_at=from_db_time(r["ends_at"]),
        photo=r["photo"],
        decided_by=r["decided_by"],
        reason=r["reason"],
        used_by=r["used_by"],
        used_at=from_db_time(r["used_at"]),
        updated_at=from_db_time(r["updated_at"]),
    )


def _draft_values(found: GatePass) -> tuple[object, ...]:
    items = json.dumps([[i.name, i.quantity] for i in found.items], ensure_ascii=False)
    return (
        found.step.value,
        items,
        found.visitor,
        found.plate,
        _time(found.starts_at),
        _time(found.ends_at),
        found.photo,
    )


class SqlitePasses:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, draft: GatePass, actor_id: int, now: datetime) -> int:
        """A new draft and its creation event."""
        cursor = await self.db.execute(
            "INSERT INTO gate_passes (kind, state, step, home_id, owner_id, token, created_at,"
            " updated_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?)",
            (
                draft.kind.value,
                draft.step.value,
                draft.home_id,
                draft.owner_id,
                draft.token,
                to_db_time(now),
                to_db_time(now),
            ),
        )
        pass_id = cursor.lastrowid
        assert pass_id is not None
        await self._event(pass_id, now, actor_id, None, PassState.DRAFT, draft.kind.value)
        return pass_id

    async def save_draft(self, draft: GatePass, now: datetime) -> bool:
        """The form's answers so far; False when the pass is no longer a draft."""
        sets = ", ".join(f"{name} = ?" for name in _DRAFT_FIELDS)
        cursor = await self.db.execute(
            f"UPDATE gate_passes SET {sets}, updated_at = ? WHERE id = ? AND state = 'draft'",
            (*_draft_values(draft), to_db_time(now), draft.id),
        )
        return cursor.rowcount == 1

    async def get(self, pass_id: int) -> GatePass | None:
        row = await self.db.fetchone("SELECT * FROM gate_passes WHERE id = ?", (pass_id,))
        return _pass(row) if row else None

    async def draft_of(self, user_id: int) -> GatePass | None:
        row = await self.db.fetchone(
            "SELECT * FROM gate_passes WHERE owner_id = ? AND state = 'draft'"
            " ORDER BY id DESC LIMIT 1",
            (user_id,),
        )
        return _pass(row) if row else None

    async def drafts_awaiting(self) -> list[tuple[int, datetime]]:
        rows = await self.db.fetchall(
            "SELECT owner_id, MAX(updated_at) AS at FROM gate_passes WHERE state = 'draft'"
            " GROUP BY owner_id"
        )
        return [(r["owner_id"], from_db_time(r["at"])) for r in rows]

    async def of_owner(self, user_id: int, limit: int = 10) -> list[GatePass]:
        rows = await self.db.fetchall(
            "SELECT * FROM gate_passes WHERE owner_id = ? AND state != 'draft'"
            " ORDER BY id DESC LIMIT ?",
            (user_id, limit),
        )
        return [_pass(r) for r in rows]

    async def transition(
        self,
        pass_id: int,
        old: PassState,
        new: PassState,
        actor_id: int | None,
        now: datetime,
        detail: str = "",
    ) -> bool:
        """Compare-and-set of the state, with its audit event; False when it moved meanwhile."""
        decided = new in (PassState.APPROVED, PassState.REJECTED)
        cursor = await self.db.execute(
            "UPDATE gate_passes SET state = ?, updated_at = ?,"
            " decided_by = CASE WHEN ? THEN ? ELSE decided_by END,"
            " reason = CASE WHEN ? THEN ? ELSE reason END WHERE id = ? AND state = ?",
            (new.value, to_db_time(now), decided, actor_id, decided, detail[:200])
            + (pass_id, old.value),
        )
        if cursor.rowcount != 1:
            return False
        await self._event(pass_id, now, actor_id, old, new, detail)
        return True

    async def mark_used(self, pass_id: int, guard_id: int, now: datetime) -> bool:
        """One conditional UPDATE: approved and inside its window, else nothing changes (two
        guards pressing at once: exactly one of them gets True)."""
        at = to_db_time(now)
        cursor = await self.db.execute(
            "UPDATE gate_passes SET state = 'used', used_by = ?, used_at = ?, updated_at = ?"
            " WHERE id = ? AND state = 'approved' AND starts_at <= ? AND ends_at > ?",
            (guard_id, at, at, pass_id, at, at),
        )
        if cursor.rowcount != 1:
            return False
        await self._event(pass_id, now, guard_id, PassState.APPROVED, PassState.USED, "gate")
        return True

    async def _event(
        self,
        pass_id: int,
        now: datetime,
        actor_id: int | None,
        old: PassState | None,
        new: PassState,
        detail: str,
    ) -> None:
        await self.db.execute(
            "INSERT INTO gate_pass_events (pass_id, at, actor_id, old_state, new_state, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (pass_id, to_db_time(now), actor_id, old.value if old else None, new.value, detail),
        )

    async def events(self, pass_id: int) -> list[tuple[str | None, str, int | None]]:
        rows = await self.db.fetchall(
            "SELECT old_state, new_state, actor_id FROM gate_pass_events WHERE pass_id = ?"
            " ORDER BY id",
            (pass_id,),
        )
        return [(r["old_state"], r["new_state"], r["actor_id"]) for r in rows]

    # ---- guards ----
    async def add_guard(self, user_id: int, by_id: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "INSERT OR IGNORE INTO gate_guards (user_id, added_by, added_at) VALUES (?, ?, ?)",
            (user_id, by_id, to_db_time(now)),
        )
        return cursor.rowcount == 1

    async def remove_guard(self, user_id: int) -> bool:
        cursor = await self.db.execute("DELETE FROM gate_guards WHERE user_id = ?", (user_id,))
        return cursor.rowcount == 1

    async def is_guard(self, user_id: int) -> bool:
        found = await self.db.fetchval("SELECT 1 FROM gate_guards WHERE user_id = ?", (user_id,))
        return found is not None

    async def guards(self) -> list[int]:
        rows = await self.db.fetchall("SELECT user_id FROM gate_guards ORDER BY added_at")
        return [r["user_id"] for r in rows]
