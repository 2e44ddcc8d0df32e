"""Who a vote reaches and who may answer it, in SQL over users, homes and home_members.

The audience is the notices' rule for buildings (bot/domain/notices/audience.py, run as SQL
by storage/notices/audience.py); a per-home vote narrows it to owners (no member row is
the owner, as everywhere since issue 16)."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.domain.notices.audience import recipients
from bot.domain.notices.model import Audience
from bot.domain.people.lifecycle import MemberRole
from bot.domain.votes.model import Standing, Vote
from bot.domain.votes.results import Eligible
from storage.db import Database
from storage.notices.audience import recipients_where

OWNER = "COALESCE(m.role, 'owner') = 'owner'"


def _spec(vote: Vote, *, reachable_only: bool = True) -> tuple[str, list]:
    audience = Audience.BUILDINGS if vote.buildings else Audience.ALL
    spec = replace(recipients(audience, vote.buildings), reachable_only=reachable_only)
    return recipients_where(spec)


class VotePeople:
    db: Database

    async def standing(self, user_id: int) -> Standing | None:
        row = await self.db.fetchone(
            "SELECT u.id, u.role, u.home_id, h.building, h.area_m2, m.role AS member_role"
            " FROM users u LEFT JOIN homes h ON h.id = u.home_id"
            " LEFT JOIN home_members m ON m.user_id = u.id AND m.home_id = u.home_id"
            " WHERE u.id = ?",
            (user_id,),
        )
        if row is None:
            return None
        return Standing(
            user_id=row["id"],
            registered=row["role"] is not None,
            home_id=row["home_id"],
            building=row["building"],
            area_m2=row["area_m2"],
            member_role=MemberRole(row["member_role"] or "owner"),
        )

    async def recipients(self, vote: Vote) -> list[tuple[int, str | None, str | None]]:
        """Who gets the ballot: the audience, reachable, and in a per-home vote its owners."""
        where, args = _spec(vote)
        if vote.per_home:
            where += f" AND {OWNER}"
        rows = await self.db.fetchall(
            "SELECT u.id, u.language, u.tg_language FROM users u"
            " LEFT JOIN home_members m ON m.user_id = u.id AND m.home_id = u.home_id"
            f" WHERE {where} ORDER BY u.id",
            args,
        )
        return [(r["id"], r["language"], r["tg_language"]) for r in rows]

    async def eligible(self, vote: Vote) -> list[Eligible]:
        """The law's denominator: every home of the roster in the audience's buildings (per
        home), or every person registered to one (per person), reachable or not."""
        if vote.per_home:
            where, args = "1", []
            if vote.buildings:
                where = "building IN (SELECT value FROM json_each(?))"
                args = [json.dumps(list(vote.buildings), ensure_ascii=False)]
            rows = await self.db.fetchall(
                f"SELECT building, area_m2 FROM homes WHERE {where}", args
            )
            return [Eligible(r["building"], r["area_m2"]) for r in rows]
        where, args = _spec(vote, reachable_only=False)
        rows = await self.db.fetchall(
            f"SELECT h.building FROM users u JOIN homes h ON h.id = u.home_id WHERE {where}",
            args,
        )
        return [Eligible(r["building"]) for r in rows]

    async def managers(self) -> list[int]:
        rows = await self.db.fetchall("SELECT id FROM users WHERE role = 'manager' ORDER BY id")
        return [r["id"] for r in rows]

    async def buildings(self) -> list[str]:
        rows = await self.db.fetchall("SELECT DISTINCT building FROM homes ORDER BY building")
        return [r["building"] for r in rows]
