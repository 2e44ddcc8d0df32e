"""Checkpoints, routes, plans, rounds, their point visits and status events (0210)."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.domain.operations.model import Checkpoint, Plan, Round
from bot.domain.operations.rounds import Check, CheckType, RoundStatus, RoutePoint, Visit
from storage.db import Database, from_db_time, to_db_time


def _points(text: str) -> tuple[RoutePoint, ...]:
    return tuple(
        RoutePoint(
            p["checkpoint"],
            tuple(Check(c["q"], CheckType(c["type"])) for c in p["checks"]),
            p["photo"],
        )
        for p in json.loads(text)
    )


def points_json(points: tuple[RoutePoint, ...]) -> str:
    return json.dumps(
        [
            {
                "checkpoint": p.checkpoint_key,
                "photo": p.photo,
                "checks": [{"q": c.question, "type": c.type.value} for c in p.checks],
            }
            for p in points
        ],
        ensure_ascii=False,
    )


def _checkpoint(r: aiosqlite.Row) -> Checkpoint:
    return Checkpoint(
        r["id"],
        r["key"],
        r["name"],
        r["area"],
        r["equipment_code"],
        r["latitude"],
        r["longitude"],
        r["token"],
    )


def _round(r: aiosqlite.Row) -> Round:
    return Round(
        r["id"],
        r["plan_id"],
        r["assignee_id"],
        from_db_time(r["starts_at"]),
        from_db_time(r["due_at"]),
        RoundStatus(r["status"]),
        from_db_time(r["reminded_at"]),
        r["route_name"],
    )


def _visit(r: aiosqlite.Row) -> Visit:
    return Visit(
        r["round_id"],
        r["position"],
        r["checkpoint_id"],
        from_db_time(r["scanned_at"]),
        tuple(json.loads(r["answers"])),
        r["photo"],
        from_db_time(r["done_at"]),
        r["ticket_id"],
    )


_ROUND = (
    "SELECT r.*, rt.name AS route_name FROM rounds r JOIN round_plans p ON p.id = r.plan_id"
    " JOIN round_routes rt ON rt.id = p.route_id"
)


class SqliteRounds:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- definitions ----
    async def upsert_checkpoint(
        self,
        key: str,
        name: str,
        area: str,
        equipment: str,
        lat: float | None,
        lon: float | None,
        token: str,
    ) -> None:
        """A new checkpoint gets `token`; a known one keeps its token (printed QR codes stay valid)."""
        await self.db.execute(
            "INSERT INTO checkpoints (key, name, area, equipment_code, latitude, longitude, token)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET name = excluded.name,"
            " area = excluded.area, equipment_code = excluded.equipment_code,"
            " latitude = excluded.latitude, longitude = excluded.longitude",
            (key, name, area, equipment, lat, lon, token),
        )

    async def checkpoint(self, checkpoint_id: int) -> Checkpoint | None:
        row = await self.db.fetchone("SELECT * FROM checkpoints WHERE id = ?", (checkpoint_id,))
        return _checkpoint(row) if row else None

    async def checkpoint_by_key(self, key: str) -> Checkpoint | None:
        row = await self.db.fetchone("SELECT * FROM checkpoints WHERE key = ?", (key,))
        return _checkpoint(row) if row else None

    async def checkpoints(self) -> list[Checkpoint]:
        return [
            _checkpoint(r) for r in await self.db.fetchall("SELECT * FROM checkpoints ORDER BY id")
        ]

    async def upsert_route(self, key: str, name: str, points: tuple[RoutePoint, ...]) -> None:
        await self.db.execute(
            "INSERT INTO round_routes (key, name, points) VALUES (?, ?, ?) ON CONFLICT (key)"
            " DO UPDATE SET name = excluded.name, points = excluded.points",
            (key, name, points_json(points)),
        )

    async def upsert_plan(
        self, key: str, route: str, assignee: str, every: str, window: int
    ) -> None:
        await self.db.execute(
            "INSERT INTO round_plans (key, route_id, assignee, every, window_minutes)"
            " VALUES (?, (SELECT id FROM round_routes WHERE key = ?), ?, ?, ?) ON CONFLICT (key)"
            " DO UPDATE SET route_id = excluded.route_id, assignee = excluded.assignee,"
            " every = excluded.every, window_minutes = excluded.window_minutes, active = 1",
            (key, route, assignee, every, window),
        )

    async def plans(self) -> list[Plan]:
        rows = await self.db.fetchall(
            "SELECT p.*, r.name AS route_name, r.points FROM round_plans p"
            " JOIN round_routes r ON r.id = p.route_id WHERE p.active = 1 ORDER BY p.id"
        )
        return [
            Plan(
                r["id"],
                r["key"],
                r["route_id"],
                r["route_name"],
                _points(r["points"]),
                r["assignee"],
                r["every"],
                r["window_minutes"],
            )
            for r in rows
        ]

    async def plan(self, plan_id: int) -> Plan | None:
        return next((p for p in await self.plans() if p.id == plan_id), None)

    # ---- rounds ----
    async def latest_start(self, plan_id: int) -> datetime | None:
        value = await self.db.fetchval(
            "SELECT MAX(starts_at) FROM rounds WHERE plan_id = ?", (plan_id,)
        )
        return from_db_time(value)

    async def create_round(
        self,
        plan: Plan,
        assignee_id: int | None,
        starts: datetime,
        due: datetime,
        checkpoint_ids: list[int],
    ) -> int | None:
        """The round and its visits; None when this plan already has a round at `starts`."""
        cursor = await self.db.execute(
            "INSERT OR IGNORE INTO rounds (plan_id, assignee_id, starts_at, due_at)"
            " VALUES (?, ?, ?, ?)",
            (plan.id, assignee_id, to_db_time(starts), to_db_time(due)),
        )
        if cursor.rowcount != 1:
            return None
        round_id = cursor.lastrowid
        assert round_id is not None
        await self.db.executemany(
            "INSERT INTO round_visits (round_id, position, checkpoint_id, answers) VALUES (?, ?, ?, ?)",
            [
                (round_id, i, cp, json.dumps([None] * len(plan.points[i].checks)))
                for i, cp in enumerate(checkpoint_ids)
            ],
        )
        return round_id

    async def get_round(self, round_id: int) -> Round | None:
        row = await self.db.fetchone(f"{_ROUND} WHERE r.id = ?", (round_id,))
        return _round(row) if row else None

    async def open_rounds(self) -> list[Round]:
        rows = await self.db.fetchall(
            f"{_ROUND} WHERE r.status IN ('not_started', 'in_progress', 'overdue') ORDER BY r.id"
        )
        return [_round(r) for r in rows]

    async def rounds_since(self, since: datetime) -> list[Round]:
        rows = await self.db.fetchall(
            f"{_ROUND} WHERE r.starts_at >= ? ORDER BY r.id", (to_db_time(since),)
        )
        return [_round(r) for r in rows]

    async def set_status(
        self,
        round_id: int,
        old: RoundStatus,
        new: RoundStatus,
        actor_id: int | None,
        now: datetime,
        detail: str = "",
    ) -> bool:
        """Compare-and-set, with its audit event; False when the round moved meanwhile."""
        finished = to_db_time(now) if new in (RoundStatus.DONE, RoundStatus.MISSED) else None
        cursor = await self.db.execute(
            "UPDATE rounds SET status = ?, finished_at = COALESCE(?, finished_at)"
            " WHERE id = ? AND status = ?",
            (new.value, finished, round_id, old.value),
        )
        if cursor.rowcount != 1:
            return False
        await self.db.execute(
            "INSERT INTO round_events (round_id, at, actor_id, old_status, new_status, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (round_id, to_db_time(now), actor_id, old.value, new.value, detail[:200]),
        )
        return True

    async def events(self, round_id: int) -> list[tuple[str, str]]:
        rows = await self.db.fetchall(
            "SELECT old_status, new_status FROM round_events WHERE round_id = ? ORDER BY id",
            (round_id,),
        )
        return [(r["old_status"], r["new_status"]) for r in rows]

    async def mark_reminded(self, round_id: int, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE rounds SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL",
            (to_db_time(now), round_id),
        )
        return cursor.rowcount == 1

    # ---- visits ----
    async def visits(self, round_id: int) -> list[Visit]:
        rows = await self.db.fetchall(
            "SELECT * FROM round_visits WHERE round_id = ? ORDER BY position", (round_id,)
        )
        return [_visit(r) for r in rows]

    async def save_visit(self, visit: Visit) -> None:
        await self.db.execute(
            "UPDATE round_visits SET scanned_at = ?, answers = ?, photo = ?, done_at = ?, ticket_id = ?"
            " WHERE round_id = ? AND position = ?",
            (
                to_db_time(visit.scanned_at) if visit.scanned_at else None,
                json.dumps(list(visit.answers)),
                visit.photo,
                to_db_time(visit.done_at) if visit.done_at else None,
                visit.ticket_id,
                visit.round_id,
                visit.position,
            ),
        )

    async def findings(self, since: datetime) -> list[tuple[str, str, int | None]]:
        """(checkpoint name, equipment code, ticket id) of every abnormal visit since `since`."""
        rows = await self.db.fetchall(
            "SELECT c.name, c.equipment_code, v.ticket_id, v.answers FROM round_visits v"
            " JOIN rounds r ON r.id = v.round_id JOIN checkpoints c ON c.id = v.checkpoint_id"
            " WHERE r.starts_at >= ? AND v.done_at IS NOT NULL",
            (to_db_time(since),),
        )
        return [
            (r["name"], r["equipment_code"], r["ticket_id"])
            for r in rows
            if False in json.loads(r["answers"])
        ]
