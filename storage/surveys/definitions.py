"""Survey definitions (versioned), campaigns and the managers' wizard state."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, cast

import aiosqlite

from bot.domain.surveys.campaigns import Campaign, CampaignStatus, parse_audience
from bot.domain.surveys.definitions import StoredSurvey
from bot.domain.surveys.parsing import survey_from_json
from storage.db import Database, from_db_time, to_db_time
from storage.surveys.responses import SurveyResponsesMixin

_CAMPAIGN = (
    "SELECT c.*, s.key AS survey_key, s.version AS survey_version FROM survey_campaigns c"
    " JOIN surveys s ON s.id = c.survey_id"
)


def _stored(row: aiosqlite.Row) -> StoredSurvey:
    return StoredSurvey(row["id"], row["version"], survey_from_json(row["definition"]))


def _campaign(row: aiosqlite.Row) -> Campaign:
    return Campaign(
        id=row["id"],
        survey_id=row["survey_id"],
        survey_key=row["survey_key"],
        version=row["survey_version"],
        audience=parse_audience(row["audience"]),
        starts_at=from_db_time(row["starts_at"]),
        deadline_at=from_db_time(row["deadline_at"]),
        every=row["every"],
        reminders=row["reminders"],
        remind_every=timedelta(seconds=row["remind_every"]),
        reminders_sent=row["reminders_sent"],
        anonymous=bool(row["anonymous"]),
        status=CampaignStatus(row["status"]),
        parent_id=row["parent_id"],
        created_by=row["created_by"],
        closed_at=from_db_time(row["closed_at"]) if row["closed_at"] else None,
    )


class SqliteSurveys(SurveyResponsesMixin):
    def __init__(self, db: Database) -> None:
        self.db = db
        self._parsed: dict[int, tuple[str, StoredSurvey]] = {}  # by row id: parsed once

    # ---- definitions -----------------------------------------------------------------------
    async def survey(self, survey_id: int) -> StoredSurvey | None:
        row = await self.db.fetchone(
            "SELECT id, version, definition FROM surveys WHERE id = ?", (survey_id,)
        )
        if row is None:
            return None
        cached = self._parsed.get(survey_id)
        if cached is None or cached[0] != row["definition"]:
            cached = self._parsed[survey_id] = (row["definition"], _stored(row))
        return cached[1]

    async def latest(self, key: str) -> StoredSurvey | None:
        survey_id = await self.db.fetchval(
            "SELECT id FROM surveys WHERE key = ? ORDER BY version DESC LIMIT 1", (key,)
        )
        return await self.survey(survey_id) if survey_id else None

    async def all_latest(self) -> list[StoredSurvey]:
        rows = await self.db.fetchall("SELECT MAX(id) FROM surveys GROUP BY key ORDER BY key")
        # Every id comes from the table just read: each one is found.
        return [cast(StoredSurvey, await self.survey(row[0])) for row in rows]

    async def add_survey(self, key: str, version: int, definition: str, now: datetime) -> int:
        stamp = to_db_time(now)
        cursor = await self.db.execute(
            "INSERT INTO surveys (key, version, definition, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (key, version, definition, stamp, stamp),
        )
        return cast(int, cursor.lastrowid)

    async def replace_survey(self, survey_id: int, definition: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE surveys SET definition = ?, updated_at = ? WHERE id = ?",
            (definition, to_db_time(now), survey_id),
        )
        self._parsed.pop(survey_id, None)

    async def has_answers(self, survey_id: int) -> bool:
        """Anyone started answering a campaign of this version (answers exist or will)."""
        return bool(
            await self.db.fetchval(
                "SELECT EXISTS (SELECT 1 FROM survey_responses r JOIN survey_campaigns c"
                " ON c.id = r.campaign_id WHERE c.survey_id = ?)",
                (survey_id,),
            )
        )

    # ---- campaigns -------------------------------------------------------------------------
    async def add_campaign(self, campaign: Campaign, now: datetime) -> Campaign:
        cursor = await self.db.execute(
            "INSERT INTO survey_campaigns (survey_id, audience, starts_at, deadline_at, every,"
            " reminders, remind_every, anonymous, parent_id, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                campaign.survey_id,
                campaign.audience.as_text(),
                to_db_time(campaign.starts_at),
                to_db_time(campaign.deadline_at),
                campaign.every,
                campaign.reminders,
                int(campaign.remind_every.total_seconds()),
                int(campaign.anonymous),
                campaign.parent_id,
                campaign.created_by,
                to_db_time(now),
            ),
        )
        return cast(Campaign, await self.campaign(cast(int, cursor.lastrowid)))  # just inserted

    async def campaign(self, campaign_id: int) -> Campaign | None:
        if not 0 < campaign_id < 2**62:
            return None
        row = await self.db.fetchone(_CAMPAIGN + " WHERE c.id = ?", (campaign_id,))
        return _campaign(row) if row else None

    async def campaigns(self, limit: int = 30) -> list[Campaign]:
        rows = await self.db.fetchall(_CAMPAIGN + " ORDER BY c.id DESC LIMIT ?", (limit,))
        return [_campaign(row) for row in rows]

    async def with_status(self, status: CampaignStatus) -> list[Campaign]:
        rows = await self.db.fetchall(
            _CAMPAIGN + " WHERE c.status = ? ORDER BY c.starts_at, c.id", (status.value,)
        )
        return [_campaign(row) for row in rows]

    async def child_of(self, campaign_id: int) -> Campaign | None:
        row = await self.db.fetchone(_CAMPAIGN + " WHERE c.parent_id = ?", (campaign_id,))
        return _campaign(row) if row else None

    async def previous(self, campaign: Campaign) -> Campaign | None:
        """The last round of the same survey (any version) that had CLOSED before this one
        started and reached at least one resident: a round running in parallel, or one
        whose invitations were all withdrawn, is no baseline."""
        row = await self.db.fetchone(
            _CAMPAIGN + " WHERE s.key = ? AND c.status = 'closed' AND c.id != ?"
            " AND c.closed_at <= ?"
            " AND EXISTS (SELECT 1 FROM survey_invitations i WHERE i.campaign_id = c.id)"
            " ORDER BY c.closed_at DESC, c.id DESC LIMIT 1",
            (campaign.survey_key, campaign.id, to_db_time(campaign.starts_at)),
        )
        return _campaign(row) if row else None

    async def withdraw(self, campaign_id: int) -> int:
        """Delete the campaign's invitations and reminders still waiting in the outbox (a
        row already on the wire lands; its settle finds nothing) and forget the invitations
        that never left: nobody was asked, so nobody counts as invited or for the cap."""
        match = (
            " FROM outbox WHERE status = 'pending' AND key IN ('survey.invite', 'survey.reminder')"
            " AND json_extract(extra, '$.campaign') = ?"
        )
        rows = await self.db.fetchall("SELECT user_id, key" + match, (campaign_id,))
        unsent = [r[0] for r in rows if r[1] == "survey.invite"]
        await self.db.execute("DELETE" + match, (campaign_id,))
        await self.db.executemany(
            "DELETE FROM survey_invitations WHERE campaign_id = ? AND user_id = ?"
            " AND status = 'invited'",
            [(campaign_id, user_id) for user_id in unsent],
        )
        return len(rows)

    async def move_status(
        self, campaign_id: int, expect: CampaignStatus, status: CampaignStatus, now: datetime
    ) -> bool:
        """Compare-and-set: a launch or close that raced another run (or ran twice) is a no-op."""
        column = {CampaignStatus.RUNNING: "launched_at"}.get(status, "closed_at")
        cursor = await self.db.execute(
            f"UPDATE survey_campaigns SET status = ?, {column} = ? WHERE id = ? AND status = ?",
            (status.value, to_db_time(now), campaign_id, expect.value),
        )
        return cursor.rowcount == 1

    async def set_reminders_sent(self, campaign_id: int, expect: int, sent: int) -> bool:
        cursor = await self.db.execute(
            "UPDATE survey_campaigns SET reminders_sent = ? WHERE id = ? AND reminders_sent = ?",
            (sent, campaign_id, expect),
        )
        return cursor.rowcount == 1

    async def set_deadline(self, campaign_id: int, deadline: datetime) -> None:
        await self.db.execute(
            "UPDATE survey_campaigns SET deadline_at = ? WHERE id = ?",
            (to_db_time(deadline), campaign_id),
        )

    # ---- the /survey wizard ------------------------------------------------------------------
    async def wizard(self, user_id: int) -> tuple[str, dict[str, Any]] | None:
        row = await self.db.fetchone(
            "SELECT step, data FROM survey_wizards WHERE user_id = ?", (user_id,)
        )
        return (row[0], json.loads(row[1])) if row else None

    async def put_wizard(
        self, user_id: int, step: str, data: dict[str, Any], now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO survey_wizards (user_id, step, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET step = excluded.step, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (user_id, step, json.dumps(data, ensure_ascii=False), to_db_time(now)),
        )

    async def clear_wizard(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM survey_wizards WHERE user_id = ?", (user_id,))
