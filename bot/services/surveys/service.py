"""Satisfaction surveys: definitions, campaigns and their schedule (launch, remind, close).

`Surveys` is the feature's entry point (`services.surveys`); answering, results and the
managers' wizard live in sibling modules and hang off it; the schedule (`tick()`) is
`SurveySchedule` in schedule.py, definition files are read by definitions.py.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.config import Settings
from bot.domain.errors import DomainError, NotFound, found
from bot.domain.people.model import Role
from bot.domain.surveys.campaigns import (
    DEFAULT_REMIND_EVERY,
    MAX_REMINDERS,
    Audience,
    Campaign,
    CampaignStatus,
)
from bot.domain.surveys.definitions import DefinitionError, StoredSurvey
from bot.domain.surveys.files import parse_survey_file
from bot.domain.surveys.forecast import Forecast
from bot.i18n import Translator
from bot.services.people.directory import require
from bot.services.surveys.answering import SurveyAnswering
from bot.services.surveys.definitions import (
    BUILTIN,
    Imported,
    InvalidDefinition,
    builtin_text,
)
from bot.services.surveys.ports import SurveyPorts, SurveyStore
from bot.services.surveys.recurrence import normalise_every, shortest_period
from bot.services.surveys.reports import SurveyReports
from bot.services.surveys.schedule import SurveySchedule
from bot.services.surveys.wizard import SurveyWizard

# Handlers catch InvalidDefinition from here; definition files are read in definitions.py.
__all__ = ["Imported", "InvalidDefinition", "Surveys"]
JUST_NOW = timedelta(minutes=5)


class Surveys(SurveySchedule):
    def __init__(
        self, *, ports: SurveyPorts, store: SurveyStore, settings: Settings, translator: Translator
    ) -> None:

        self.d, self.settings, self.translator = ports, settings, translator
        self.store = store
        self.tz = settings.tz
        self.gap = timedelta(days=settings.survey_gap_days)
        self.answering = SurveyAnswering(self)
        self.reports = SurveyReports(self)
        self.wizard = SurveyWizard(self)

    # ---- who may ----------------------------------------------------------------------------
    async def require_manager(self, actor_id: int | None) -> None:
        """Chat entry points pass the actor; the local CLI (None) is trusted."""
        if actor_id is not None:
            require(await self.d.users.get(actor_id), Role.MANAGER)

    def lang_of(self, language: str | None, tg_language: str | None) -> str:
        return self.translator.language_for(language, tg_language)

    def local(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    # ---- definitions ------------------------------------------------------------------------
    async def import_text(self, actor_id: int | None, text: str | bytes) -> Imported:
        """Add or update a definition (a file's text or bytes); one that already has answers
        gets a new version. The file is read off the event loop: the bot keeps answering."""
        await self.require_manager(actor_id)
        try:
            survey = await asyncio.to_thread(parse_survey_file, text)
        except DefinitionError as error:
            raise InvalidDefinition(error) from None
        canonical = survey.canonical()
        now = self.d.clock.now()
        async with self.d.tx.transaction():
            latest = await self.store.latest(survey.key)
            if latest is None:
                survey_id, outcome = (
                    await self.store.add_survey(survey.key, 1, canonical, now),
                    "created",
                )
            elif latest.survey.canonical() == canonical:
                survey_id, outcome = latest.id, "unchanged"
            elif not await self.store.has_answers(latest.id):
                await self.store.replace_survey(latest.id, canonical, now)
                survey_id, outcome = latest.id, "updated"
            else:
                version = latest.version + 1
                survey_id = await self.store.add_survey(survey.key, version, canonical, now)
                outcome = "new_version"
            if outcome != "unchanged":
                await self.d.events.record(
                    "survey.imported", actor_id, f"survey:{survey.key}", {"outcome": outcome}, now
                )
        stored = found(await self.store.survey(survey_id), "survey.unknown_survey", survey="")
        return Imported(stored, outcome)

    async def ensure_builtin(self) -> None:
        if await self.store.latest(BUILTIN) is None:
            await self.import_text(None, builtin_text())

    async def definitions(self, actor_id: int | None) -> list[StoredSurvey]:
        await self.require_manager(actor_id)
        await self.ensure_builtin()
        return await self.store.all_latest()

    async def definition(self, key: str) -> StoredSurvey:
        if key == BUILTIN:
            await self.ensure_builtin()
        stored = await self.store.latest(key)
        if stored is None:
            raise NotFound("survey.unknown_survey", survey=key[:30])
        return stored

    # ---- campaigns --------------------------------------------------------------------------
    async def launch(
        self,
        actor_id: int | None,
        key: str,
        audience: Audience,
        starts_at: datetime,
        deadline_at: datetime,
        *,
        every: str | None = None,
        reminders: int = 0,
        remind_every: timedelta = DEFAULT_REMIND_EVERY,
        anonymous: bool = False,
    ) -> Campaign:
        """Schedule a campaign (starting now or later); the next tick sends the invitations."""
        await self.require_manager(actor_id)
        stored = await self.definition(key)
        if not 0 <= reminders <= MAX_REMINDERS:
            raise DomainError("survey.bad_reminders", max=MAX_REMINDERS)
        if remind_every < timedelta(hours=1):
            raise DomainError("survey.bad_reminders", max=MAX_REMINDERS)
        now = self.d.clock.now()
        forecast = await self.preview(audience, starts_at, deadline_at, every)
        refusal = forecast.refusal()
        if refusal is not None:
            raise DomainError(refusal[0], **refusal[1])
        draft = Campaign(
            id=0,
            survey_id=stored.id,
            survey_key=stored.key,
            version=stored.version,
            audience=audience,
            starts_at=max(starts_at, now),
            deadline_at=deadline_at,
            every=normalise_every(every),
            reminders=reminders,
            remind_every=remind_every,
            anonymous=anonymous,
            created_by=actor_id,
        )
        async with self.d.tx.transaction():
            campaign = await self.store.add_campaign(draft, now)
            await self.d.events.record(
                "survey.scheduled",
                actor_id,
                f"campaign:{campaign.id}",
                {"survey": key, "audience": audience.as_text(), "every": campaign.every},
                now,
            )
        return campaign

    async def preview(
        self,
        audience: Audience,
        starts_at: datetime,
        deadline_at: datetime,
        every: str | None = None,
    ) -> Forecast:
        """Check a launch and say what it will do; raises DomainError for one that makes no
        sense (a start in the past, an unknown building, a deadline before the start, a
        series whose rounds would overlap). The forecast says if it would reach nobody."""
        now = self.d.clock.now()
        if starts_at < now - JUST_NOW:  # a few minutes ago still means "now"
            raise DomainError("survey.start_in_past", at=self.local(starts_at))
        starts = max(starts_at, now)
        if deadline_at <= starts:
            raise DomainError("survey.deadline_before_start")
        if audience.buildings:
            known = set(await self.store.buildings())
            unknown = [b for b in audience.buildings if b not in known]
            if unknown:
                raise DomainError("survey.unknown_building", building=", ".join(unknown))
        expr = normalise_every(every)
        if expr is not None:
            period = shortest_period(expr, starts, self.tz)
            if period < deadline_at - starts:
                raise DomainError(
                    "survey.period_too_short",
                    period=_days(period),
                    window=_days(deadline_at - starts),
                )
        return await self.forecast(audience, starts)

    async def stop_series(self, actor_id: int | None, campaign_id: int) -> Campaign | None:
        """End a recurring campaign: its scheduled next round is cancelled (a running round
        keeps running until its deadline or a close). None when nothing was scheduled."""
        await self.require_manager(actor_id)
        campaign = await self.campaign(campaign_id)
        child = await self.store.child_of(campaign.id)
        while child is not None and child.status is not CampaignStatus.SCHEDULED:
            child = await self.store.child_of(child.id)
        if campaign.status is CampaignStatus.SCHEDULED:
            child = campaign
        if child is None:
            return None
        return await self.close(actor_id, child.id)

    async def campaigns(self, actor_id: int | None, limit: int = 30) -> list[Campaign]:
        await self.require_manager(actor_id)
        return await self.store.campaigns(limit)

    async def campaign(self, campaign_id: int) -> Campaign:
        campaign = await self.store.campaign(campaign_id)
        if campaign is None:
            raise NotFound("survey.unknown_campaign", id=campaign_id)
        return campaign

    async def close(self, actor_id: int | None, campaign_id: int) -> Campaign:
        """A running round closes now; a scheduled one is cancelled (ending its recurrence)."""
        await self.require_manager(actor_id)
        campaign = await self.campaign(campaign_id)
        now = self.d.clock.now()
        if campaign.status is CampaignStatus.SCHEDULED:
            async with self.d.tx.transaction():
                if await self.store.move_status(
                    campaign.id, CampaignStatus.SCHEDULED, CampaignStatus.CANCELLED, now
                ):
                    await self.d.events.record(
                        "survey.cancelled", actor_id, f"campaign:{campaign.id}", {}, now
                    )
        elif campaign.status is CampaignStatus.RUNNING:
            await self._close(campaign, now, actor_id)
        else:
            raise DomainError("survey.already_closed", id=campaign.id)
        return await self.campaign(campaign_id)


def _days(span: timedelta) -> str:
    days = span.total_seconds() / 86400
    return f"{days:.0f}" if days >= 1 else f"{days:.2f}"
