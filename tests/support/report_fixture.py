"""A hand-computed estate for the report tests: nine tickets around November 2026.

Times are UTC; the estate is Asia/Shanghai (UTC+8), so November is
2026-10-31T16:00Z .. 2026-11-30T16:00Z. The expected figures are worked out by hand in
tests/integration/test_reports.py next to each assertion.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storage.db import Database

MANAGER, S1, S2, R1, R2 = 900001, 801, 802, 901, 902
NOW = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
HOME_A, HOME_B = 1, 2

# id, resident, home, kind, category, urgent, status, created, respond_by, resolve_by,
# responded, resolved, closed, rating, owner
TICKETS = [
    (1, R1, HOME_A, "repair", "plumbing", 0, "resolved", "2026-10-31T15:59:00",
     "2026-10-31T16:29:00", "2026-11-01T15:59:00", "2026-10-31T16:20:00",
     "2026-11-02T02:00:00", None, None, S1),
    (2, R1, HOME_A, "repair", "plumbing", 0, "closed", "2026-10-31T16:00:00",
     "2026-10-31T16:30:00", "2026-11-02T16:00:00", "2026-10-31T16:10:00",
     "2026-11-01T18:00:00", "2026-11-03T00:00:00", 5, S1),
    (3, R1, HOME_A, "repair", "plumbing", 1, "closed", "2026-11-10T02:00:00",
     "2026-11-10T02:15:00", "2026-11-10T06:00:00", "2026-11-10T02:30:00",
     "2026-11-10T04:00:00", "2026-11-11T00:00:00", 2, S1),
    (4, R2, HOME_B, "complaint", "service", 0, "reopened", "2026-11-20T01:00:00",
     "2026-11-20T03:00:00", "2026-11-23T01:00:00", "2026-11-20T03:00:00", None, None, None, S2),
    (5, R2, HOME_B, "inquiry", "fees", 0, "new", "2026-11-29T10:00:00",
     "2026-11-29T12:00:00", "2026-11-30T10:00:00", None, None, None, None, None),
    (6, R1, HOME_A, "repair", "plumbing", 0, "new", "2026-11-30T15:59:59",
     "2026-11-30T16:29:59", "2026-12-01T15:59:59", None, None, None, None, None),
    (7, R1, HOME_A, "repair", "cleaning", 0, "new", "2026-11-30T16:00:00",
     "2026-11-30T16:30:00", "2026-12-01T16:00:00", None, None, None, None, None),
    (8, R2, HOME_B, "complaint", "noise", 0, "cancelled", "2026-11-05T00:00:00",
     "2026-11-05T02:00:00", "2026-11-08T00:00:00", None, None, "2026-11-05T01:00:00", None, None),
    (9, R2, HOME_B, "repair", "elevator", 0, "reopened", "2026-10-20T00:00:00",
     "2026-10-20T00:30:00", "2026-10-21T00:00:00", "2026-10-20T00:20:00", None, None, None, S2),
]  # fmt: skip

# ticket, at, actor, action
EVENTS = [
    (1, "2026-10-31T15:59:00", R1, "created"), (1, "2026-10-31T16:20:00", S1, "taken"),
    (1, "2026-11-02T02:00:00", S1, "resolved"),
    (2, "2026-10-31T16:00:00", R1, "created"), (2, "2026-10-31T16:10:00", S1, "taken"),
    (2, "2026-11-01T18:00:00", S1, "resolved"), (2, "2026-11-03T00:00:00", R1, "confirmed"),
    (3, "2026-11-10T02:00:00", R1, "created"), (3, "2026-11-10T02:30:00", S2, "taken"),
    (3, "2026-11-10T03:00:00", S2, "handed_over"), (3, "2026-11-10T04:00:00", S1, "resolved"),
    (3, "2026-11-11T00:00:00", R1, "confirmed"),
    (4, "2026-11-20T01:00:00", R2, "created"), (4, "2026-11-20T03:00:00", S2, "taken"),
    (4, "2026-11-25T01:00:00", S2, "resolved"), (4, "2026-12-01T02:00:00", R2, "reopened"),
    (5, "2026-11-29T10:00:00", R2, "created"),
    (6, "2026-11-30T15:59:59", R1, "created"),
    (7, "2026-11-30T16:00:00", R1, "created"),
    (8, "2026-11-05T00:00:00", R2, "created"), (8, "2026-11-05T01:00:00", R2, "cancelled"),
    (9, "2026-10-20T00:00:00", R2, "created"), (9, "2026-10-20T00:20:00", S2, "taken"),
    (9, "2026-10-21T00:00:00", S2, "resolved"), (9, "2026-11-03T00:00:00", R2, "reopened"),
]  # fmt: skip


def _utc(text: str | None) -> str | None:
    return f"{text}+00:00" if text else None


async def seed(db: Database) -> None:
    """Homes, people, the nine tickets, their events and one breach."""
    at = "2026-10-01T00:00:00+00:00"
    async with db.transaction():
        await db.executemany(
            "INSERT INTO homes (id, building, unit, room) VALUES (?, ?, ?, ?)",
            [(HOME_A, "1", "1", "101"), (HOME_B, "2", "1", "201")],
        )
        people = [
            (MANAGER, "Boss", "manager", None), (S1, "王师傅", "staff", None),
            (S2, "李师傅", "staff", None), (R1, "张三", "resident", HOME_A),
            (R2, "Bob", "resident", HOME_B),
        ]  # fmt: skip
        await db.executemany(
            "INSERT INTO users (id, first_name, role, home_id, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(*p, at, at) for p in people],
        )
        await db.executemany(
            "INSERT INTO tickets (id, resident_id, home_id, kind, category, urgent, status,"
            " created_at, respond_by, resolve_by, responded_at, resolved_at, closed_at, rating,"
            " owner_id, description) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (*t[:7], *(_utc(x) for x in t[7:13]), t[13], t[14], f"ticket {t[0]}")
                for t in TICKETS
            ],
        )
        await db.executemany(
            "INSERT INTO ticket_events (ticket_id, at, actor_id, action) VALUES (?, ?, ?, ?)",
            [(e[0], _utc(e[1]), e[2], e[3]) for e in EVENTS],
        )
        await db.execute(
            "INSERT INTO ticket_breaches (ticket_id, breach, at) VALUES (3, 'response', ?)",
            ("2026-11-10T02:15:00+00:00",),
        )
