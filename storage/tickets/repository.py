"""The tickets repository: tickets, their events, photos, relay links and SLA breaches
(drafts: storage/tickets/drafts.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, cast, overload

import aiosqlite

from bot.domain.tickets.model import Action, Category, Kind, Status, Ticket, TicketEvent
from storage.db import Database, from_db_time, to_db_time
from storage.tickets.drafts import SqliteDrafts

__all__ = ["UPDATABLE_COLUMNS", "SqliteDrafts", "SqliteTickets"]


def _ticket(row: aiosqlite.Row, breaches: frozenset[str] = frozenset()) -> Ticket:
    return Ticket(
        id=row["id"],
        resident_id=row["resident_id"],
        home_id=row["home_id"],
        kind=Kind(row["kind"]),
        category=Category(row["category"]),
        urgent=bool(row["urgent"]),
        description=row["description"],
        status=Status(row["status"]),
        owner_id=row["owner_id"],
        created_at=from_db_time(row["created_at"]),
        respond_by=from_db_time(row["respond_by"]),
        resolve_by=from_db_time(row["resolve_by"]),
        responded_at=from_db_time(row["responded_at"]),
        resolved_at=from_db_time(row["resolved_at"]),
        closed_at=from_db_time(row["closed_at"]),
        rating=row["rating"],
        rating_comment=row["rating_comment"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        staff_chat_id=row["staff_chat_id"],
        staff_message_id=row["staff_message_id"],
        staff_thread_id=row["staff_thread_id"],
        breaches=breaches,
        hazard=row["hazard"],
    )


UPDATABLE_COLUMNS = frozenset(
    {
        "status",
        "owner_id",
        "responded_at",
        "resolved_at",
        "closed_at",
        "rating",
        "rating_comment",
        "staff_chat_id",
        "staff_message_id",
        "staff_thread_id",
        "card_hash",
        "kind",
        "category",
        "urgent",
        "latitude",
        "longitude",
        "description",
        "respond_by",
        "resolve_by",
    }
)


class SqliteTickets:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, ticket: Ticket, source_key: str | None) -> Ticket:
        cursor = await self.db.execute(
            "INSERT INTO tickets (resident_id, home_id, kind, category, urgent, description, status,"
            " created_at, respond_by, resolve_by, latitude, longitude, source_key, hazard)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ticket.resident_id,
                ticket.home_id,
                ticket.kind.value,
                ticket.category.value,
                int(ticket.urgent),
                ticket.description,
                ticket.status.value,
                to_db_time(ticket.created_at),
                to_db_time(ticket.respond_by),
                to_db_time(ticket.resolve_by),
                ticket.latitude,
                ticket.longitude,
                source_key,
                ticket.hazard,
            ),
        )
        return replace(ticket, id=cast(int, cursor.lastrowid))

    async def card_hash(self, ticket_id: int) -> str | None:
        return await self.db.fetchval("SELECT card_hash FROM tickets WHERE id = ?", (ticket_id,))

    async def by_source(self, source_key: str) -> Ticket | None:
        row = await self.db.fetchone("SELECT * FROM tickets WHERE source_key = ?", (source_key,))
        return await self._with_breaches(row)

    async def get(self, ticket_id: int) -> Ticket | None:
        row = await self.db.fetchone("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return await self._with_breaches(row)

    @overload
    async def _with_breaches(self, row: aiosqlite.Row) -> Ticket: ...
    @overload
    async def _with_breaches(self, row: aiosqlite.Row | None) -> Ticket | None: ...
    async def _with_breaches(self, row: aiosqlite.Row | None) -> Ticket | None:
        if row is None:
            return None
        rows = await self.db.fetchall(
            "SELECT breach FROM ticket_breaches WHERE ticket_id = ?", (row["id"],)
        )
        return _ticket(row, frozenset(r["breach"] for r in rows))

    async def update(self, ticket_id: int, **fields: object) -> None:
        unknown = set(fields) - UPDATABLE_COLUMNS
        if unknown:
            raise ValueError(f"not updatable: {unknown}")
        values = [
            to_db_time(v) if isinstance(v, datetime) else getattr(v, "value", v)
            for v in fields.values()
        ]
        assignments = ", ".join(f"{name} = ?" for name in fields)
        await self.db.execute(
            f"UPDATE tickets SET {assignments} WHERE id = ?", (*values, ticket_id)
        )

    async def add_event(self, event: TicketEvent) -> None:
        await self.db.execute(
            "INSERT INTO ticket_events (ticket_id, at, actor_id, action, note) VALUES (?, ?, ?, ?, ?)",
            (event.ticket_id, to_db_time(event.at), event.actor_id, event.action.value, event.note),
        )

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        rows = await self.db.fetchall(
            "SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id", (ticket_id,)
        )
        return [
            TicketEvent(
                r["ticket_id"], from_db_time(r["at"]), r["actor_id"], Action(r["action"]), r["note"]
            )
            for r in rows
        ]

    async def add_photo(self, ticket_id: int, file_id: str, by: int, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO ticket_photos (ticket_id, file_id, added_by, at) VALUES (?, ?, ?, ?)",
            (ticket_id, file_id, by, to_db_time(now)),
        )

    async def photos(self, ticket_id: int) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT file_id FROM ticket_photos WHERE ticket_id = ? ORDER BY id", (ticket_id,)
        )
        return [r["file_id"] for r in rows]

    async def link(self, chat_id: int, message_id: int, ticket_id: int, purpose: str) -> None:
        await self.db.execute(
            "INSERT INTO ticket_links (chat_id, message_id, ticket_id, purpose) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET ticket_id = excluded.ticket_id, purpose = excluded.purpose",
            (chat_id, message_id, ticket_id, purpose),
        )

    async def linked(self, chat_id: int, message_id: int) -> tuple[int, str] | None:
        row = await self.db.fetchone(
            "SELECT ticket_id, purpose FROM ticket_links WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        return (row["ticket_id"], row["purpose"]) if row else None

    async def by_thread(self, chat_id: int, thread_id: int) -> Ticket | None:
        row = await self.db.fetchone(
            "SELECT * FROM tickets WHERE staff_chat_id = ? AND staff_thread_id = ?",
            (chat_id, thread_id),
        )
        return await self._with_breaches(row)

    async def record_breach(self, ticket_id: int, breach: str, now: datetime) -> bool:
        cursor = await self.db.execute(
            "INSERT INTO ticket_breaches (ticket_id, breach, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (ticket_id, breach, to_db_time(now)),
        )
        return cursor.rowcount == 1

    async def search(
        self,
        *,
        resident_id: int | None = None,
        owner_id: int | None = None,
        statuses: tuple[Status, ...] = (),
        building: str | None = None,
        category: str | None = None,
        due_before: datetime | None = None,
        limit: int = 20,
    ) -> list[Ticket]:
        where: list[str] = []
        params: list[Any] = []
        if resident_id is not None:
            where.append("t.resident_id = ?")
            params.append(resident_id)
        if owner_id is not None:
            where.append("t.owner_id = ?")
            params.append(owner_id)
        if statuses:
            where.append(f"t.status IN ({','.join('?' for _ in statuses)})")
            params.extend(s.value for s in statuses)
        if building:
            where.append("h.building = ?")
            params.append(building)
        if category:
            where.append("t.category = ?")
            params.append(category)
        if due_before is not None:
            where.append("(t.resolve_by < ? OR (t.responded_at IS NULL AND t.respond_by < ?))")
            params.extend([to_db_time(due_before)] * 2)
        sql = "SELECT t.* FROM tickets t LEFT JOIN homes h ON h.id = t.home_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = await self.db.fetchall(sql + " ORDER BY t.id DESC LIMIT ?", (*params, limit))
        return [await self._with_breaches(r) for r in rows]

    async def resolved_before(self, moment: datetime) -> list[Ticket]:
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE status = 'resolved' AND resolved_at < ?",
            (to_db_time(moment),),
        )
        return [await self._with_breaches(r) for r in rows]

    async def count_since(self, resident_id: int, since: datetime) -> int:
        return int(
            await self.db.fetchval(
                "SELECT COUNT(*) FROM tickets WHERE resident_id = ? AND created_at >= ?",
                (resident_id, to_db_time(since)),
            )
        )

    async def without_card(self, limit: int = 50, chat_id: int | None = None) -> list[Ticket]:
        """Active tickets whose staff card was never posted (or, given the staff group's
        `chat_id`, was posted in another group: the group moved), oldest first, a batch at a
        time (an estate that ran for months without a staff group must not load them all)."""
        moved = "" if chat_id is None else " OR staff_chat_id IS NOT ?"
        rows = await self.db.fetchall(
            f"SELECT * FROM tickets WHERE (staff_message_id IS NULL{moved})"
            " AND status IN ('new', 'taken', 'in_progress', 'reopened', 'resolved')"
            " ORDER BY id LIMIT ?",
            (limit,) if chat_id is None else (chat_id, limit),
        )
        return [await self._with_breaches(r) for r in rows]
