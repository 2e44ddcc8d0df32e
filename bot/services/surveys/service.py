"""Satisfaction surveys: definitions, campaigns and their schedule (launch, remind, close).

`Surveys` is the feature's entry point (`services.surveys`); answering, results and the
managers' wizard live in the sibling `surveys_*` modules and hang off it. Everything that is
scheduled is read from the database by `tick()`, which the bot runs every few seconds: a
launch, reminder or close missed while the bot was down happens on the first tick, once.
"""

from __future__ import annotations

import asyncio
import html
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from bot.config import Settings
from bot.domain.errors import DomainError, NotFound
from bot.domain.people.model import Role
from bot.domain.survey_files import parse_survey_file, read_survey_file
from bot.domain.surveys.campaigns import (
    DEFAULT_REMIND_EVERY,
    MAX_REMINDERS,
    Audience,
    Campaign,
    CampaignStatus,
    next_run,
    normalise_every,
)
from bot.domain.surveys.definitions import DefinitionError, DefinitionErrors, StoredSurvey
from bot.i18n import Translator
from bot.services.deps import Deps
from bot.services.people.directory import require
from bot.services.surveys.ports import SurveyStore

log = logging.getLogger(__name__)
BUILTIN = "satisfaction"


class InvalidDefinition(DomainError):
    """A definition file that was refused: `errors` lists every problem found (which line and
    column, which question, which field); `error` is the first."""

    def __init__(self, error: DefinitionError) -> None:
        super().__init__("survey.invalid")
        self.error = error
        self.errors: tuple[DefinitionError, ...] = getattr(error, "errors", (error,))


@dataclass(frozen=True)
class Imported:
    stored: StoredSurvey
    outcome: str  # created | updated | new_version | unchanged


def builtin_text() -> str:
    return (resources.files("bot") / "surveys" / "default.yaml").read_text("utf-8")


def load_definition(text: str | bytes) -> Any:
    """The data of a YAML (or JSON) file, read within `survey_files`' limits, unchecked."""
    try:
        value, problems = read_survey_file(text)
    except DefinitionErrors as errors:
        raise InvalidDefinition(errors) from None
    if problems:
        raise InvalidDefinition(DefinitionErrors(problems))
    return value


class Surveys:
    def __init__(self, deps: Deps, settings: Settings, translator: Translator) -> None:
        from bot.presentation.surveys.reports import SurveyReports
        from bot.services.surveys.answering import SurveyAnswering
        from bot.services.surveys.wizard import SurveyWizard

        self.d, self.settings, self.translator = deps, settings, translator
        self.store: SurveyStore = deps.surveys
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
        return Imported(await self.store.survey(survey_id), outcome)

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
        if deadline_at <= max(starts_at, now):
            raise DomainError("survey.deadline_before_start")
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

    # ---- the schedule -----------------------------------------------------------------------
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
        return {
            "title": survey.title.get(lang),
            "intro": survey.intro.get(lang),
            "count": len(survey.questions),
            "deadline": self.local(campaign.deadline_at),
        }

    async def _launch(self, campaign: Campaign, now: datetime) -> bool:
        stored = await self.store.survey(campaign.survey_id)
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
        people = await self.store.audience(campaign.audience, now)
        recent = await self.store.invited_since(now - self.gap) if self.gap else set()
        chosen = [p for p in people if p[0] not in recent]
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
            {"invited": len(chosen), "skipped_recent": len(people) - len(chosen)},
            now,
        )
        if campaign.created_by is not None:
            await self.d.outbox.enqueue(
                campaign.created_by,
                "survey.launched_manager",
                {"id": campaign.id, "invited": len(chosen), "skipped": len(people) - len(chosen)},
                {},
                now,
                now,
            )

    async def _spawn_next(self, campaign: Campaign, now: datetime) -> None:
        if await self.store.child_of(campaign.id) is not None:
            return
        starts = next_run(campaign.every, max(campaign.starts_at, now), self.tz)
        following = replace(
            campaign,
            starts_at=starts,
            deadline_at=starts + (campaign.deadline_at - campaign.starts_at),
            parent_id=campaign.id,
        )
        await self.store.add_campaign(following, now)

    async def _remind(self, campaign: Campaign, now: datetime) -> int:
        due = campaign.reminders_due(now)
        stored = await self.store.survey(campaign.survey_id)
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
            if campaign.anonymous:
                await self.store.drop_unfinished(campaign.id)
            outcomes = await self.store.invitation_outcomes(campaign.id)
            responded = sum(1 for _, submitted in outcomes if submitted)
            await self.d.events.record(
                "survey.closed",
                actor_id,
                f"campaign:{campaign.id}",
                {"invited": len(outcomes), "responded": responded},
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


def explain(translator: Translator, error: DefinitionError, lang: str | None) -> str:
    """Where (line and column, question, field) and what is wrong, as plain text in `lang`."""
    t = translator.t
    params = {k: str(v) for k, v in error.params.items()}
    text = t(lang, f"survey.def_{error.code}", **params)
    if error.field != "(file)":
        if error.question:
            where = t(
                lang,
                "survey.def_where_question",
                n=error.question,
                id=error.qid or "?",
                field=error.field,
            )
        else:
            where = t(lang, "survey.def_where", field=error.field)
        text = f"{where}: {text}"
    if error.at:
        text = t(lang, "survey.def_at", line=error.at[0], column=error.at[1]) + text
    return html.unescape(text)
