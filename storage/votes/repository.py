"""Votes, their ballots and the /vote_new wizard in SQLite (storage/migrations/0230_votes.sql).

A ballot's primary key is (vote, voter): changing a vote is an UPSERT, and a replayed update
writes the same row again, so a vote is never counted twice."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

import aiosqlite

from bot.domain.votes.model import Focus, Vote, VoteStatus
from bot.domain.votes.results import Ballot
from storage.db import Database, from_db_time, to_db_time
from storage.votes.people import VotePeople


def _vote(row: aiosqlite.Row) -> Vote:
    return Vote(
        id=row["id"],
        question=row["question"],
        options=tuple(json.loads(row["options"])),
        opens_at=from_db_time(row["opens_at"]),
        closes_at=from_db_time(row["closes_at"]),
        created_at=from_db_time(row["created_at"]),
        buildings=tuple(json.loads(row["buildings"])),
        per_home=bool(row["per_home"]),
        named=bool(row["named"]),
        interim=bool(row["interim"]),
        status=VoteStatus(row["status"]),
        created_by=row["created_by"],
        opened_at=from_db_time(row["opened_at"]),
        closed_at=from_db_time(row["closed_at"]),
        notice_id=row["notice_id"],
    )


class SqliteVotes(VotePeople):
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, vote: Vote) -> Vote:
        cursor = await self.db.execute(
            "INSERT INTO votes (question, options, audience, buildings, per_home, named, interim,"
            " status, opens_at, closes_at, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                vote.question,
                json.dumps(list(vote.options), ensure_ascii=False),
                "buildings" if vote.buildings else "all",
                json.dumps(list(vote.buildings), ensure_ascii=False),
                int(vote.per_home),
                int(vote.named),
                int(vote.interim),
                vote.status.value,
                to_db_time(vote.opens_at),
                to_db_time(vote.closes_at),
                vote.created_by,
                to_db_time(vote.created_at),
            ),
        )
        return cast(Vote, await self.get(int(cursor.lastrowid or 0)))  # just inserted

    async def get(self, vote_id: int) -> Vote | None:
        row = await self.db.fetchone("SELECT * FROM votes WHERE id = ?", (vote_id,))
        return _vote(row) if row else None

    async def recent(self, limit: int) -> list[Vote]:
        rows = await self.db.fetchall("SELECT * FROM votes ORDER BY id DESC LIMIT ?", (limit,))
        return [_vote(row) for row in rows]

    async def with_status(self, status: VoteStatus) -> list[Vote]:
        rows = await self.db.fetchall(
            "SELECT * FROM votes WHERE status = ? ORDER BY id", (status.value,)
        )
        return [_vote(row) for row in rows]

    async def move_status(
        self, vote_id: int, expect: VoteStatus, status: VoteStatus, now: datetime
    ) -> bool:
        stamp = {VoteStatus.OPEN: "opened_at", VoteStatus.CLOSED: "closed_at"}.get(status)
        extra = f", {stamp} = ?" if stamp else ""  # column names are ours, not input
        params: list[Any] = [status.value] + ([to_db_time(now)] if stamp else [])
        cursor = await self.db.execute(
            f"UPDATE votes SET status = ?{extra} WHERE id = ? AND status = ?",
            (*params, vote_id, expect.value),
        )
        return cursor.rowcount == 1

    async def set_notice(self, vote_id: int, notice_id: int) -> bool:
        cursor = await self.db.execute(
            "UPDATE votes SET notice_id = ? WHERE id = ? AND notice_id IS NULL",
            (notice_id, vote_id),
        )
        return cursor.rowcount == 1

    # ---- ballots ------------------------------------------------------------------------------
    async def cast(
        self,
        vote_id: int,
        voter: str,
        option: int,
        ballot: Ballot,
        user_id: int | None,
        now: datetime | None,
    ) -> None:
        await self.db.execute(
            "INSERT INTO vote_ballots (vote_id, voter, option, building, area_m2, user_id, cast_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (vote_id, voter) DO UPDATE SET"
            " option = excluded.option, building = excluded.building,"
            " area_m2 = excluded.area_m2, user_id = excluded.user_id, cast_at = excluded.cast_at",
            (
                vote_id,
                voter,
                option,
                ballot.building,
                ballot.area_m2,
                user_id,
                to_db_time(now) if now else None,
            ),
        )

    async def choice(self, vote_id: int, voter: str) -> int | None:
        return await self.db.fetchval(
            "SELECT option FROM vote_ballots WHERE vote_id = ? AND voter = ?", (vote_id, voter)
        )

    async def ballots(self, vote_id: int) -> list[Ballot]:
        rows = await self.db.fetchall(
            "SELECT option, building, area_m2 FROM vote_ballots WHERE vote_id = ?", (vote_id,)
        )
        return [Ballot(r["option"], r["building"], r["area_m2"]) for r in rows]

    async def named(self, vote_id: int) -> list[tuple[str, str, int]]:
        """Named votes only (user_id is NULL otherwise): (name, home, option)."""
        rows = await self.db.fetchall(
            "SELECT COALESCE(NULLIF(u.first_name, ''), '#' || b.user_id) AS name,"
            " COALESCE(h.building || '-' || CASE WHEN h.unit = '' THEN '' ELSE h.unit || '-' END"
            " || h.room, b.building) AS home, b.option"
            " FROM vote_ballots b LEFT JOIN users u ON u.id = b.user_id"
            " LEFT JOIN homes h ON b.voter = 'h:' || h.id OR (b.voter LIKE 'p:%' AND h.id = u.home_id)"
            " WHERE b.vote_id = ? AND b.user_id IS NOT NULL ORDER BY b.building, home",
            (vote_id,),
        )
        return [(r["name"], r["home"], r["option"]) for r in rows]

    # ---- the wizard and the ballot on screen --------------------------------------------------
    async def wizard(self, user_id: int) -> tuple[str, dict[str, Any], datetime] | None:
        row = await self.db.fetchone(
            "SELECT step, data, updated_at FROM vote_wizards WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        return row["step"], json.loads(row["data"]), from_db_time(row["updated_at"])

    async def put_wizard(
        self, user_id: int, step: str, data: dict[str, Any], now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO vote_wizards (user_id, step, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET step = excluded.step, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (user_id, step, json.dumps(data, ensure_ascii=False), to_db_time(now)),
        )

    async def clear_wizard(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM vote_wizards WHERE user_id = ?", (user_id,))

    async def focus(self, user_id: int) -> Focus | None:
        row = await self.db.fetchone(
            "SELECT vote_id, via, at FROM vote_focus WHERE user_id = ?", (user_id,)
        )
        return Focus(row["vote_id"], row["via"], from_db_time(row["at"])) if row else None

    async def set_focus(self, user_id: int, vote_id: int, via: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO vote_focus (user_id, vote_id, via, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET vote_id = excluded.vote_id,"
            " via = excluded.via, at = excluded.at",
            (user_id, vote_id, via, to_db_time(now)),
        )
