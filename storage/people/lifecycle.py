"""Home members, roster reconciliation and detaching people (issue 16)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.people.lifecycle import HomeNow, Member, MemberInvite, MemberRole
from storage.db import Database, from_db_time, to_db_time

_MEMBERS = (
    "SELECT u.id AS user_id, u.home_id, u.first_name, u.phone,"
    " COALESCE(m.role, 'owner') AS role, m.lease_end, COALESCE(m.held, 0) AS held"
    " FROM users u LEFT JOIN home_members m ON m.user_id = u.id AND m.home_id = u.home_id"
    " WHERE u.home_id IS NOT NULL"
)


def _member(row: aiosqlite.Row) -> Member:
    return Member(
        user_id=row["user_id"],
        home_id=row["home_id"],
        role=MemberRole(row["role"]),
        name=row["first_name"],
        phone=row["phone"],
        lease_end=from_db_time(row["lease_end"]),
        held=bool(row["held"]),
    )


class SqliteLifecycle:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def home_now(self, building: str, unit: str, room: str) -> HomeNow:
        home_id = await self.db.fetchval(
            "SELECT id FROM homes WHERE building = ? AND unit = ? AND room = ?",
            (building, unit, room),
        )
        if home_id is None:
            return HomeNow(False, frozenset(), ())
        rows = await self.db.fetchall("SELECT phone FROM roster WHERE home_id = ?", (home_id,))
        return HomeNow(True, frozenset(r[0] for r in rows), tuple(await self.members(home_id)))

    async def members(self, home_id: int) -> list[Member]:
        rows = await self.db.fetchall(_MEMBERS + " AND u.home_id = ? ORDER BY u.id", (home_id,))
        return [_member(row) for row in rows]

    async def member(self, user_id: int) -> Member | None:
        row = await self.db.fetchone(_MEMBERS + " AND u.id = ?", (user_id,))
        return _member(row) if row else None

    async def set_member(
        self,
        user_id: int,
        home_id: int,
        role: MemberRole,
        now: datetime,
        *,
        lease_end: datetime | None = None,
        invited_by: int | None = None,
    ) -> None:
        await self.db.execute(
            "INSERT INTO home_members (user_id, home_id, role, lease_end, invited_by, since)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " home_id = excluded.home_id, role = excluded.role, lease_end = excluded.lease_end,"
            " invited_by = excluded.invited_by, since = excluded.since, held = 0,"
            " reminded_at = NULL",
            (
                user_id,
                home_id,
                role.value,
                to_db_time(lease_end) if lease_end else None,
                invited_by,
                to_db_time(now),
            ),
        )

    async def set_held(self, user_id: int, home_id: int, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO home_members (user_id, home_id, held, since) VALUES (?, ?, 1, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET held = 1",
            (user_id, home_id, to_db_time(now)),
        )

    async def remove_roster_phones(self, home_id: int, phones: tuple[str, ...]) -> None:
        await self.db.executemany(
            "DELETE FROM roster WHERE home_id = ? AND phone = ?", [(home_id, p) for p in phones]
        )

    async def detach(self, user_id: int, now: datetime) -> None:
        """Unbind: no home, no resident role (staff keep theirs), no onboarding step."""
        stamp = to_db_time(now)
        await self.db.execute(
            "UPDATE users SET home_id = NULL, state = NULL, state_ref = NULL,"
            " role = CASE WHEN role = 'resident' THEN NULL ELSE role END,"
            " detached_at = ?, updated_at = ? WHERE id = ?",
            (stamp, stamp, user_id),
        )
        await self.db.execute("DELETE FROM home_members WHERE user_id = ?", (user_id,))

    async def leases_to_remind(self, before: datetime) -> list[Member]:
        rows = await self.db.fetchall(
            _MEMBERS + " AND m.lease_end IS NOT NULL AND m.lease_end <= ?"
            " AND m.reminded_at IS NULL ORDER BY u.id",
            (to_db_time(before),),
        )
        return [_member(row) for row in rows]

    async def mark_reminded(self, user_id: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE home_members SET reminded_at = ? WHERE user_id = ? AND reminded_at IS NULL",
            (to_db_time(now), user_id),
        )
        return cursor.rowcount == 1

    async def leases_lapsed(self, now: datetime) -> list[Member]:
        rows = await self.db.fetchall(
            _MEMBERS + " AND m.lease_end IS NOT NULL AND m.lease_end <= ? ORDER BY u.id",
            (to_db_time(now),),
        )
        return [_member(row) for row in rows]

    async def detached_with_phone(self, before: datetime) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT id FROM users WHERE home_id IS NULL AND phone IS NOT NULL"
            " AND detached_at IS NOT NULL AND detached_at <= ? ORDER BY id",
            (to_db_time(before),),
        )
        return [row[0] for row in rows]

    async def homes_without_members(self) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT h.building, h.unit, h.room FROM homes h"
            " WHERE EXISTS (SELECT 1 FROM roster r WHERE r.home_id = h.id)"
            " AND NOT EXISTS (SELECT 1 FROM users u WHERE u.home_id = h.id)"
            " ORDER BY h.building, h.unit, h.room"
        )
        return [_label(row) for row in rows]

    async def homes_over_roster(self) -> list[str]:
        """Homes with more bound owners than the roster names, or someone held for review."""
        rows = await self.db.fetchall(
            "SELECT h.building, h.unit, h.room FROM homes h"
            " JOIN users u ON u.home_id = h.id"
            " LEFT JOIN home_members m ON m.user_id = u.id"
            " GROUP BY h.id HAVING SUM(COALESCE(m.role, 'owner') = 'owner')"
            " > (SELECT COUNT(*) FROM roster r WHERE r.home_id = h.id)"
            " OR SUM(COALESCE(m.held, 0)) > 0"
            " ORDER BY h.building, h.unit, h.room"
        )
        return [_label(row) for row in rows]

    async def idle_since(self, before: datetime) -> list[tuple[int, str]]:
        """Bound people with no profile change and no ticket since `before`."""
        rows = await self.db.fetchall(
            "SELECT u.id, u.first_name FROM users u WHERE u.home_id IS NOT NULL"
            " AND u.updated_at < ? AND NOT EXISTS (SELECT 1 FROM tickets t"
            " WHERE t.resident_id = u.id AND t.created_at >= ?) ORDER BY u.id",
            (to_db_time(before), to_db_time(before)),
        )
        return [(row[0], row[1]) for row in rows]

    async def create_member_invite(self, invite: MemberInvite) -> None:
        await self.db.execute(
            "INSERT INTO invites (code, home_id, member_role, lease_end, created_by,"
            " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                invite.code,
                invite.home_id,
                invite.role.value,
                to_db_time(invite.lease_end) if invite.lease_end else None,
                invite.created_by,
                to_db_time(invite.created_at),
                to_db_time(invite.expires_at),
            ),
        )

    async def member_invite(self, code: str) -> MemberInvite | None:
        row = await self.db.fetchone(
            "SELECT * FROM invites WHERE code = ? AND member_role IS NOT NULL", (code,)
        )
        if row is None:
            return None
        return MemberInvite(
            code=row["code"],
            home_id=row["home_id"],
            role=MemberRole(row["member_role"]),
            lease_end=from_db_time(row["lease_end"]),
            created_by=row["created_by"],
            created_at=from_db_time(row["created_at"]),
            expires_at=from_db_time(row["expires_at"]),
            used_by=row["used_by"],
        )

    async def roster_lines(self) -> list[tuple[str, str, str, str, str]]:
        rows = await self.db.fetchall(
            "SELECT h.building, h.unit, h.room, r.name, r.phone FROM roster r"
            " JOIN homes h ON h.id = r.home_id ORDER BY h.building, h.unit, h.room, r.phone"
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def _label(row: aiosqlite.Row) -> str:
    building, unit, room = row[0], row[1], row[2]
    return f"{building}-{unit}-{room}" if unit else f"{building}-{room}"
