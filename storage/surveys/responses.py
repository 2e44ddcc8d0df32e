"""Survey audiences, invitations, responses and answers (mixed into `SqliteSurveys`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from bot.domain.surveys.campaigns import (
    Audience,
    AudienceKind,
    Invitation,
    InvitationStatus,
    Response,
)
from storage.db import Database, from_db_time, to_db_time


def _invitation(row) -> Invitation:
    return Invitation(
        row["campaign_id"],
        row["user_id"],
        InvitationStatus(row["status"]),
        row["response_id"],
        row["building"],
    )


class SurveyResponsesMixin:
    db: Database

    # ---- audience --------------------------------------------------------------------------
    async def audience(
        self, audience: Audience, now: datetime
    ) -> list[tuple[int, str, str | None, str | None]]:
        """(user id, building, language, Telegram language) of every reachable registered
        resident in the audience."""
        sql = (
            "SELECT u.id, h.building, u.language, u.tg_language FROM users u"
            " JOIN homes h ON h.id = u.home_id"
            " WHERE u.role IS NOT NULL AND u.unreachable = 0"
        )
        params: list[Any] = []
        if audience.kind is AudienceKind.BUILDINGS:
            sql += f" AND h.building IN ({','.join('?' for _ in audience.buildings)})"
            params.extend(audience.buildings)
        elif audience.kind is AudienceKind.CLOSED_TICKET:
            sql += (
                " AND u.id IN (SELECT resident_id FROM tickets WHERE status = 'closed'"
                " AND closed_at >= ?)"
            )
            params.append(to_db_time(now - timedelta(days=audience.days)))
        rows = await self.db.fetchall(sql + " ORDER BY u.id", params)
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    async def invited_since(self, since: datetime, series_of: int | None = None) -> set[int]:
        """Residents invited since `since`, except by rounds of the series `series_of`
        belongs to (the rounds of one recurring campaign never hold each other back)."""
        if series_of is None:
            rows = await self.db.fetchall(
                "SELECT DISTINCT user_id FROM survey_invitations WHERE invited_at >= ?",
                (to_db_time(since),),
            )
            return {row[0] for row in rows}
        rows = await self.db.fetchall(
            "WITH RECURSIVE up(id, parent) AS ("
            " SELECT id, parent_id FROM survey_campaigns WHERE id = ?"
            " UNION ALL SELECT c.id, c.parent_id FROM survey_campaigns c JOIN up ON c.id = up.parent"
            "), down(id) AS ("
            " SELECT id FROM up WHERE parent IS NULL"
            " UNION ALL SELECT c.id FROM survey_campaigns c JOIN down ON c.parent_id = down.id"
            ") SELECT DISTINCT user_id FROM survey_invitations WHERE invited_at >= ?"
            " AND campaign_id NOT IN (SELECT id FROM down)",
            (series_of, to_db_time(since)),
        )
        return {row[0] for row in rows}

    async def buildings(self) -> list[str]:
        rows = await self.db.fetchall("SELECT DISTINCT building FROM homes")
        return sorted((r[0] for r in rows), key=lambda b: (not b.isdigit(), b.zfill(8)))

    # ---- invitations -----------------------------------------------------------------------
    async def invite(
        self, campaign_id: int, people: Iterable[tuple[int, str]], now: datetime
    ) -> None:
        stamp = to_db_time(now)
        await self.db.executemany(
            "INSERT OR IGNORE INTO survey_invitations (campaign_id, user_id, building, invited_at)"
            " VALUES (?, ?, ?, ?)",
            [(campaign_id, user_id, building, stamp) for user_id, building in people],
        )

    async def invitation(self, campaign_id: int, user_id: int) -> Invitation | None:
        row = await self.db.fetchone(
            "SELECT * FROM survey_invitations WHERE campaign_id = ? AND user_id = ?",
            (campaign_id, user_id),
        )
        return _invitation(row) if row else None

    async def set_invitation(
        self,
        campaign_id: int,
        user_id: int,
        status: InvitationStatus,
        response_id: int | None,
        expect: tuple[InvitationStatus, ...],
    ) -> bool:
        """Compare-and-set, so two presses of Start (or a replayed update) act once."""
        marks = ",".join("?" for _ in expect)
        cursor = await self.db.execute(
            "UPDATE survey_invitations SET status = ?, response_id = ?"
            f" WHERE campaign_id = ? AND user_id = ? AND status IN ({marks})",
            (status.value, response_id, campaign_id, user_id, *[s.value for s in expect]),
        )
        return cursor.rowcount == 1

    async def active_invitation(self, user_id: int) -> Invitation | None:
        """The survey this resident is in the middle of (latest running campaign)."""
        row = await self.db.fetchone(
            "SELECT i.* FROM survey_invitations i JOIN survey_campaigns c ON c.id = i.campaign_id"
            " WHERE i.user_id = ? AND i.status = 'started' AND c.status = 'running'"
            " ORDER BY i.campaign_id DESC LIMIT 1",
            (user_id,),
        )
        return _invitation(row) if row else None

    async def non_respondents(self, campaign_id: int) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT user_id FROM survey_invitations WHERE campaign_id = ?"
            " AND status IN ('invited', 'started') ORDER BY user_id",
            (campaign_id,),
        )
        return [row[0] for row in rows]

    async def invitation_outcomes(self, campaign_id: int) -> list[tuple[str | None, bool]]:
        rows = await self.db.fetchall(
            "SELECT building, status = 'submitted' FROM survey_invitations WHERE campaign_id = ?",
            (campaign_id,),
        )
        return [(row[0], bool(row[1])) for row in rows]

    # ---- responses and answers --------------------------------------------------------------
    async def create_response(
        self, campaign_id: int, user_id: int | None, building: str | None, now: datetime | None
    ) -> int:
        cursor = await self.db.execute(
            "INSERT INTO survey_responses (campaign_id, user_id, building, started_at)"
            " VALUES (?, ?, ?, ?)",
            (campaign_id, user_id, building, to_db_time(now) if now else None),
        )
        return cast(int, cursor.lastrowid)

    async def response(self, response_id: int) -> Response | None:
        row = await self.db.fetchone("SELECT * FROM survey_responses WHERE id = ?", (response_id,))
        if row is None:
            return None
        answers = await self.db.fetchall(
            "SELECT question_id, value FROM survey_answers WHERE response_id = ?", (response_id,)
        )
        return Response(
            row["id"],
            row["campaign_id"],
            row["position"],
            row["status"] == "submitted",
            {a[0]: json.loads(a[1]) for a in answers},
        )

    async def save_answer(self, response_id: int, question_id: str, value: Any) -> None:
        await self.db.execute(
            "INSERT INTO survey_answers (response_id, question_id, value) VALUES (?, ?, ?)"
            " ON CONFLICT (response_id, question_id) DO UPDATE SET value = excluded.value",
            (response_id, question_id, json.dumps(value, ensure_ascii=False)),
        )

    async def delete_answer(self, response_id: int, question_id: str) -> None:
        await self.db.execute(
            "DELETE FROM survey_answers WHERE response_id = ? AND question_id = ?",
            (response_id, question_id),
        )

    async def set_position(
        self, response_id: int, position: int, expect: int | None = None
    ) -> bool:
        """Move the response to another question; with `expect`, only from that question."""
        cursor = await self.db.execute(
            "UPDATE survey_responses SET position = ? WHERE id = ? AND status = 'in_progress'"
            " AND (? IS NULL OR position = ?)",
            (position, response_id, expect, expect),
        )
        return cursor.rowcount == 1

    async def submit_response(
        self, response_id: int, now: datetime | None, keep: dict[str, Any]
    ) -> bool:
        """Lock the response; answers to questions no longer shown are dropped."""
        cursor = await self.db.execute(
            "UPDATE survey_responses SET status = 'submitted', submitted_at = ?"
            " WHERE id = ? AND status = 'in_progress'",
            (to_db_time(now) if now else None, response_id),
        )
        if cursor.rowcount != 1:
            return False
        marks = ",".join("?" for _ in keep) or "''"
        await self.db.execute(
            f"DELETE FROM survey_answers WHERE response_id = ? AND question_id NOT IN ({marks})",
            (response_id, *keep),
        )
        return True

    async def submitted_answers(self, campaign_id: int) -> list[dict[str, Any]]:
        return [answers for *_, answers in await self.raw_responses(campaign_id)]

    async def raw_responses(self, campaign_id: int) -> list[tuple]:
        """(response id, user id, building, submitted at, answers) of submitted responses."""
        rows = await self.db.fetchall(
            "SELECT r.id, r.user_id, r.building, r.submitted_at, a.question_id, a.value"
            " FROM survey_responses r LEFT JOIN survey_answers a ON a.response_id = r.id"
            " WHERE r.campaign_id = ? AND r.status = 'submitted' ORDER BY r.id",
            (campaign_id,),
        )
        out: dict[int, tuple] = {}
        for row in rows:
            entry = out.setdefault(row[0], (row[0], row[1], row[2], from_db_time(row[3]), {}))
            if row[4] is not None:
                entry[4][row[4]] = json.loads(row[5])
        return list(out.values())

    async def drop_unfinished(self, campaign_id: int) -> None:
        """Anonymous campaigns at close: unfinished answers go, and so does every link."""
        await self.db.execute(
            "DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM survey_responses"
            " WHERE campaign_id = ? AND status = 'in_progress')",
            (campaign_id,),
        )
        await self.db.execute(
            "DELETE FROM survey_responses WHERE campaign_id = ? AND status = 'in_progress'",
            (campaign_id,),
        )
        await self.db.execute(
            "UPDATE survey_invitations SET response_id = NULL WHERE campaign_id = ?",
            (campaign_id,),
        )
