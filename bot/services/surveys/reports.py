"""Survey results for managers, as plain objects: a campaign's numbers (`Report`) and its
submitted responses (`ResponseExport`). Rendering them is bot/presentation/surveys' job.

Exports of an anonymous campaign carry no resident, home or time: only the answers.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain.errors import found
from bot.domain.surveys.campaigns import Campaign, CampaignStatus
from bot.domain.surveys.report import Report, Respondent, ResponseExport, ResponseRow
from bot.domain.surveys.results import compute

if TYPE_CHECKING:
    from bot.services.surveys.service import Surveys


class SurveyReports:
    def __init__(self, feature: Surveys) -> None:
        self.f = feature
        self.store = feature.store

    async def report(self, actor_id: int | None, campaign_id: int) -> Report:
        """The numbers of a campaign, compared with the previous round of the same survey."""
        await self.f.require_manager(actor_id)
        campaign = await self.f.campaign(campaign_id)
        return await self._report(campaign, with_previous=True)

    async def latest_closed(self) -> Report | None:
        """The newest closed campaign's report, for the service report's mirror (issue 13);
        the caller has checked the manager role."""
        closed = await self.store.with_status(CampaignStatus.CLOSED)
        return await self._report(closed[-1], with_previous=True) if closed else None

    async def responses(self, actor_id: int | None, campaign_id: int) -> ResponseExport:
        """The report plus one row per submitted response (anonymous: answers only)."""
        report = await self.report(actor_id, campaign_id)
        raw = await self.store.raw_responses(campaign_id)
        rows = []
        for number, (_rid, user_id, _building, submitted_at, answers) in enumerate(raw, 1):
            respondent = None
            if not report.campaign.anonymous:
                respondent = await self._respondent(user_id, submitted_at)
            rows.append(ResponseRow(number, answers, respondent))
        return ResponseExport(report, tuple(rows))

    async def _report(self, campaign: Campaign, with_previous: bool) -> Report:
        stored = found(await self.store.survey(campaign.survey_id), "survey.stale")
        survey = stored.survey
        previous = await self.store.previous(campaign) if with_previous else None
        before = (await self._report(previous, False)).results if previous else None
        results = compute(
            survey,
            await self.store.submitted_answers(campaign.id),
            await self.store.invitation_outcomes(campaign.id),
            before,
        )
        return Report(campaign, survey, results, previous)

    async def _respondent(self, user_id: int | None, submitted_at: datetime) -> Respondent:
        user = await self.f.d.users.get(user_id) if user_id else None
        home = await self.f.d.homes.get(user.home_id) if user and user.home_id else None
        return Respondent(
            user_id,
            user.first_name if user else "",
            home.label if home else "",
            submitted_at,
        )
