"""The equipment ledger, its maintenance records, linked tickets and sent alerts (0210)."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.domain.operations.equipment import Importance, Item, ItemState
from storage.db import Database, from_db_time, to_db_time

_COLUMNS = (
    "code, name, category, location, brand, model, installed_on, warranty_until, importance,"
    " state, responsible, maintenance_days, last_maintained"
)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _item(row: aiosqlite.Row) -> Item:
    return Item(
        code=row["code"],
        name=row["name"],
        category=row["category"],
        location=row["location"],
        brand=row["brand"],
        model=row["model"],
        installed_on=_day(row["installed_on"]),
        warranty_until=_day(row["warranty_until"]),
        importance=Importance(row["importance"]),
        state=ItemState(row["state"]),
        responsible=row["responsible"],
        maintenance_days=row["maintenance_days"],
        last_maintained=_day(row["last_maintained"]),
        id=row["id"],
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class SqliteEquipment:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, code: str) -> Item | None:
        row = await self.db.fetchone(
            f"SELECT id, {_COLUMNS} FROM equipment WHERE code = ?", (code.upper(),)
        )
        return _item(row) if row else None

    async def by_id(self, item_id: int) -> Item | None:
        row = await self.db.fetchone(
            f"SELECT id, {_COLUMNS} FROM equipment WHERE id = ?", (item_id,)
        )
        return _item(row) if row else None

    async def all(self) -> list[Item]:
        rows = await self.db.fetchall(f"SELECT id, {_COLUMNS} FROM equipment ORDER BY code")
        return [_item(r) for r in rows]

    async def upsert(self, item: Item) -> bool:
        """Insert or update by code (keeps the maintenance date); True when it was new."""
        known = await self.db.fetchval("SELECT id FROM equipment WHERE code = ?", (item.code,))
        values = (
            item.name,
            item.category,
            item.location,
            item.brand,
            item.model,
            _iso(item.installed_on),
            _iso(item.warranty_until),
            item.importance.value,
            item.state.value,
            item.responsible,
            item.maintenance_days,
        )
        if known is None:
            await self.db.execute(
                "INSERT INTO equipment (code, name, category, location, brand, model,"
                " installed_on, warranty_until, importance, state, responsible, maintenance_days)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (item.code, *values),
            )
            return True
        await self.db.execute(
            "UPDATE equipment SET name = ?, category = ?, location = ?, brand = ?, model = ?,"
            " installed_on = ?, warranty_until = ?, importance = ?, state = ?, responsible = ?,"
            " maintenance_days = ? WHERE id = ?",
            (*values, known),
        )
        return False

    async def set_state(self, item_id: int, state: ItemState) -> None:
        await self.db.execute("UPDATE equipment SET state = ? WHERE id = ?", (state.value, item_id))

    async def add_maintenance(
        self, item_id: int, by_id: int | None, note: str, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO equipment_maintenance (equipment_id, by_id, note, at) VALUES (?, ?, ?, ?)",
            (item_id, by_id, note, to_db_time(now)),
        )
        await self.db.execute(
            "UPDATE equipment SET last_maintained = ? WHERE id = ?",
            (now.date().isoformat(), item_id),
        )

    async def maintenance(self, item_id: int, limit: int = 20) -> list[tuple[datetime, str]]:
        rows = await self.db.fetchall(
            "SELECT at, note FROM equipment_maintenance WHERE equipment_id = ?"
            " ORDER BY id DESC LIMIT ?",
            (item_id, limit),
        )
        return [(from_db_time(r["at"]), r["note"]) for r in rows]

    async def link_ticket(self, ticket_id: int, item_id: int) -> None:
        await self.db.execute(
            "INSERT INTO equipment_tickets (ticket_id, equipment_id) VALUES (?, ?)"
            " ON CONFLICT (ticket_id) DO UPDATE SET equipment_id = excluded.equipment_id",
            (ticket_id, item_id),
        )

    async def link_draft(self, draft_id: int, item_id: int) -> None:
        await self.db.execute(
            "INSERT OR REPLACE INTO equipment_drafts (draft_id, equipment_id) VALUES (?, ?)",
            (draft_id, item_id),
        )

    async def tickets(self, item_id: int, limit: int = 20) -> list[tuple[int, str, str]]:
        """(ticket id, status, description) of the item's linked tickets, newest first."""
        rows = await self.db.fetchall(
            "SELECT t.id, t.status, t.description FROM tickets t WHERE t.id IN ("
            " SELECT ticket_id FROM equipment_tickets WHERE equipment_id = ?"
            " UNION SELECT t2.id FROM equipment_drafts d JOIN tickets t2"
            " ON t2.source_key = 'draft:' || d.draft_id WHERE d.equipment_id = ?)"
            " ORDER BY t.id DESC LIMIT ?",
            (item_id, item_id, limit),
        )
        return [(r["id"], r["status"], r["description"]) for r in rows]

    async def item_of_ticket(self, ticket_id: int) -> str | None:
        direct = await self.db.fetchval(
            "SELECT q.code FROM equipment_tickets e JOIN equipment q ON q.id = e.equipment_id"
            " WHERE e.ticket_id = ?",
            (ticket_id,),
        )
        if direct is not None:
            return str(direct)
        found = await self.db.fetchval(
            "SELECT q.code FROM tickets t JOIN equipment_drafts d"
            " ON t.source_key = 'draft:' || d.draft_id JOIN equipment q ON q.id = d.equipment_id"
            " WHERE t.id = ?",
            (ticket_id,),
        )
        return None if found is None else str(found)

    async def claim_alert(self, key: str, now: datetime) -> bool:
        """True the first time `key` is claimed (in the transaction that queues the alert)."""
        cursor = await self.db.execute(
            "INSERT OR IGNORE INTO equipment_alerts (key, sent_at) VALUES (?, ?)",
            (key, to_db_time(now)),
        )
        return cursor.rowcount == 1
