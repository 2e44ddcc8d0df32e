"""The survey schedule: launch, remind and close campaigns as the database says.

Everything that is scheduled is read from the database by `tick()`, which the bot runs every
few seconds: a launch, reminder or close missed while the bot was down happens on the first
tick, once. `SurveySchedule` is the scheduled half of `Surveys` (which supplies the deps,
the store, the time zone, the invitation gap and the language rule)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.errors import found
from bot.domain.surveys.campaigns import Audience, Campaign, CampaignStatus
from bot.domain.surveys.definitions import StoredSurvey
from bot.domain.surveys.forecast import Forecast
from bot.i18n import Translator
from bot.services.surveys.ports import SurveyPorts, SurveyStore
from bot.services.surveys.recurrence import next_run

log = logging.getLogger(__name__)


class SurveySchedule:
    """The scheduled half of `Surveys`, which supplies what is declared here."""

    d: SurveyPorts
    store: SurveyStore
    tz: ZoneInfo
    gap: timedelta
    translator: Translator

    def lang_of(self, language: str | None, tg_language: str | None) -> str:
        raise NotImplementedError  # Surveys.lang_of

    def local(self, moment: datetime) -> str:
        raise NotImplementedError  # Surveys.local

    async def tick(self) -> dict[str, int]:
        """Launch due campaigns, send due reminders, close past deadlines; safe to run twice."""
        now = self.d.clock.now()
        done = {"launched": 0, "reminded": 0, "closed": 0}
        for campaign in await self.store.with_status(CampaignStatus.SCHEDULED):
            if campaign.starts_at <= now and await self._launch(campaign, now):
                done["launched"] += 1
        for campaign in await self.store.with_status(CampaignStatus.RUNNING):
            if now >= campaign.deadline_at:
                done["closed"] += await self._close(campaign, now, None)
            elif campaign.reminders_due(now) > campaign.reminders_sent:
                done["reminded"] += await self._remind(campaign, now)
        if any(done.values()) and self.d.wakeup is not None:
            self.d.wakeup.wake()
        return done

    def _not_before(self, now: datetime) -> datetime:
        quiet = self.d.quiet_hours
        return quiet.next_allowed(now) if quiet is not None else now

    def _params(self, stored: StoredSurvey, campaign: Campaign, lang: str) -> dict[str, Any]:
        survey = stored.survey
        low, high = survey.span(-1, {})
        return {
            "title": survey.title.get(lang),
            # The privacy line rides on the intro: rows queued before it existed still render.
            "intro": survey.intro.get(lang)
            + "\n"
            + self.translator.t(
                lang, "survey.invite_anonymous" if campaign.anonymous else "survey.invite_named"
            ),
            "count": str(low) if low == high else f"{low}–{high}",
            "deadline": self.local(campaign.deadline_at),
        }

    async def _chosen(
        self, audience: Audience, at: datetime, series_of: int | None
    ) -> tuple[list[tuple[int, str, str | None, str | None]], int]:
        """Who a launch at `at` invites, and how many the frequency cap skips."""
        people = await self.store.audience(audience, at)
        recent = await self.store.invited_since(at - self.gap, series_of) if self.gap else set()
        chosen = [p for p in people if p[0] not in recent]
        return chosen, len(people) - len(chosen)

    async def forecast(
        self, audience: Audience, at: datetime, series_of: int | None = None
    ) -> Forecast:
        """What launching to `audience` at `at` would do (nothing is written)."""
        chosen, skipped = await self._chosen(audience, at, series_of)
        allowed = self._not_before(at)
        return Forecast(
            audience=len(chosen) + skipped,
            recent=skipped,
            gap_days=self.gap.days,
            at=at,
            held_until=allowed if allowed > at else None,
        )

    async def _launch(self, campaign: Campaign, now: datetime) -> bool:
        stored = found(await self.store.survey(campaign.survey_id), "survey.stale")
        async with self.d.tx.transaction():
            if not await self.store.move_status(
                campaign.id, CampaignStatus.SCHEDULED, CampaignStatus.RUNNING, now
            ):
                return False  # another tick got there first
            if campaign.deadline_at <= now:  # missed entirely while the bot was down
                await self.store.move_status(
                    campaign.id, CampaignStatus.RUNNING, CampaignStatus.CLOSED, now
                )
            else:
                await self._invite(stored, campaign, now)
            if campaign.every:
                await self._spawn_next(campaign, now)
        log.info("survey campaign %s launched", campaign.id)
        return True

    async def _invite(self, stored: StoredSurvey, campaign: Campaign, now: datetime) -> None:
        chosen, skipped = await self._chosen(campaign.audience, now, campaign.id)
        await self.store.invite(campaign.id, [(p[0], p[1]) for p in chosen], now)
        not_before = self._not_before(now)
        extra = {"buttons": "survey_invite", "campaign": campaign.id, "kind": "invite"}
        params_by_lang: dict[str, dict[str, Any]] = {}
        for user_id, _building, language, tg_language in chosen:
            lang = self.lang_of(language, tg_language)
            params = params_by_lang.setdefault(lang, self._params(stored, campaign, lang))
            await self.d.outbox.enqueue(user_id, "survey.invite", params, extra, not_before, now)
        await self.d.events.record(
            "survey.launched",
            None,
            f"campaign:{campaign.id}",
            {"invited": len(chosen), "skipped_recent": skipped},
            now,
        )
        if campaign.created_by is not None:
            held = not_before > now
            key = "survey.launched_manager"
            if not chosen:
                key = "survey.launched_nobody"
            elif held:
                key = "survey.launched_manager_held"
            report = {
                "id": campaign.id,
                "invited": len(chosen),
                "skipped": skipped,
                "days": self.gap.days,
                "until": self.local(not_before),
            }
            await self.d.outbox.enqueue(campaign.created_by, key, report, {}, now, now)

    async def _spawn_next(self, campaign: Campaign, now: datetime) -> None:
        if campaign.every is None or await self.store.child_of(campaign.id) is not None:
            return  # (only a recurring campaign gets here)
        starts = next_run(campaign.every, max(campaign.starts_at, now), self.tz)
        following = replace(
            campaign,
            starts_at=starts,
            closed_at=None,
            deadline_at=starts + (campaign.deadline_at - campaign.starts_at),
            parent_id=campaign.id,
        )
        await self.store.add_campaign(following, now)

    async def _remind(self, campaign: Campaign, now: datetime) -> int:
        due = campaign.reminders_due(now)
        stored = found(await self.store.survey(campaign.survey_id), "survey.stale")
        async with self.d.tx.transaction():
            # Several reminders missed while the bot was down: send one, count them all.
            if not await self.store.set_reminders_sent(campaign.id, campaign.reminders_sent, due):
                return 0
            not_before = self._not_before(now)
            extra = {"buttons": "survey_invite", "campaign": campaign.id, "kind": "reminder"}
            for user_id in await self.store.non_respondents(campaign.id):
                user = await self.d.users.get(user_id)
                if user is None or user.unreachable:
                    continue
                lang = self.lang_of(user.language, user.tg_language)
                params = self._params(stored, campaign, lang)
                await self.d.outbox.enqueue(
                    user_id, "survey.reminder", params, extra, not_before, now
                )
        return 1

    async def _close(self, campaign: Campaign, now: datetime, actor_id: int | None) -> int:
        async with self.d.tx.transaction():
            if not await self.store.move_status(
                campaign.id, CampaignStatus.RUNNING, CampaignStatus.CLOSED, now
            ):
                return 0
            withdrawn = await self.store.withdraw(campaign.id)
            if campaign.anonymous:
                await self.store.drop_unfinished(campaign.id)
            outcomes = await self.store.invitation_outcomes(campaign.id)
            responded = sum(1 for _, submitted in outcomes if submitted)
            await self.d.events.record(
                "survey.closed",
                actor_id,
                f"campaign:{campaign.id}",
                {"invited": len(outcomes), "responded": responded, "withdrawn": withdrawn},
                now,
            )
            if campaign.created_by is not None:
                await self.d.outbox.enqueue(
                    campaign.created_by,
                    "survey.closed_manager",
                    {"id": campaign.id, "invited": len(outcomes), "responded": responded},
                    {},
                    now,
                    now,
                )
        return 1
