"""Reaching a resident's survey response: the campaign open, the invitation theirs, the
response in progress, the question on screen; and the update ledger that makes a replayed
action change nothing."""

from __future__ import annotations

from typing import Any

from bot.domain.errors import DomainError, found
from bot.domain.people.model import User
from bot.domain.surveys.campaigns import (
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationStatus,
    Response,
)
from bot.domain.surveys.definitions import Survey
from bot.domain.surveys.steps import Step
from bot.services.surveys.ports import SurveyFeature


class ResponseAccess:
    """The resident's open response, found and checked, and the replay ledger."""

    def __init__(self, feature: SurveyFeature) -> None:
        self.f = feature
        self.d = feature.d
        self.store = feature.store

    async def _open(self, campaign_id: int) -> tuple[Campaign, Survey]:
        campaign = await self.store.campaign(campaign_id) if campaign_id > 0 else None
        if campaign is None:
            raise DomainError("survey.stale")
        if not campaign.is_open(self.d.clock.now()):
            ended = campaign.closed_at or campaign.deadline_at  # closed early: the true time
            if campaign.status is CampaignStatus.RUNNING:
                ended = campaign.deadline_at
            raise DomainError(
                "survey.closed", deadline=self.f.local(min(ended, campaign.deadline_at))
            )
        stored = found(await self.store.survey(campaign.survey_id), "survey.stale")
        return campaign, stored.survey

    async def _invitation(self, user: User, campaign_id: int) -> Invitation:
        invitation = await self.store.invitation(campaign_id, user.id)
        if invitation is None:
            raise DomainError("survey.not_invited")
        if invitation.status is InvitationStatus.SUBMITTED:
            raise DomainError("survey.already_submitted")
        return invitation

    async def _response(self, user: User, campaign_id: int) -> tuple[Campaign, Survey, Response]:
        campaign, survey = await self._open(campaign_id)
        invitation = await self._invitation(user, campaign_id)
        response = (
            await self.store.response(invitation.response_id)
            if invitation.status is InvitationStatus.STARTED and invitation.response_id
            else None
        )
        if response is None or response.submitted:
            raise DomainError("survey.stale")
        return campaign, survey, response

    def _step(
        self, campaign: Campaign, survey: Survey, index: int, answers: dict[str, Any]
    ) -> Step:
        return Step(campaign, survey, index, survey.kept_answers(answers))

    async def _replayed(self, source: str | None) -> bool:
        """This update's effect was committed before (a replay after a crash)."""
        ledger = self.d.ledger
        return source is not None and ledger is not None and await ledger.seen(source)

    async def _claim(self, source: str | None) -> None:
        """Inside the effect's transaction: the key is taken once, or the effect rolls back."""
        ledger = self.d.ledger
        claimed = source is None or ledger is None or await ledger.claim(source, self.d.clock.now())
        if not claimed:
            raise DomainError("survey.stale")

    async def current(self, user: User, campaign_id: int) -> Step:
        """The question on screen (or the submit screen) of the resident's open response."""
        campaign, survey, response = await self._response(user, campaign_id)
        return self._step(campaign, survey, response.position, response.answers)

    async def waiting(self, user: User) -> Step | None:
        """The question on screen of the resident's open response, if one waits."""
        invitation = await self.store.active_invitation(user.id)
        if invitation is None or invitation.response_id is None:
            return None
        response = await self.store.response(invitation.response_id)
        campaign = await self.store.campaign(invitation.campaign_id)
        if response is None or response.submitted or campaign is None:
            return None
        if not campaign.is_open(self.d.clock.now()):
            return None
        survey = found(await self.store.survey(campaign.survey_id), "survey.stale").survey
        if response.position >= len(survey.questions):
            return None
        return self._step(campaign, survey, response.position, response.answers)
