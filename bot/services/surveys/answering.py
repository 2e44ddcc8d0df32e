"""A resident answering a survey: one question at a time, every answer saved as it is given.

Every action names the campaign and the question it was shown for; an action for any other
question (a stale button, a forged callback) changes nothing. The response's `position` is
the question on screen, so after a restart the resident continues exactly where they stopped.

Each action may carry a `source` key (its Telegram update), claimed in the transaction that
saves it. An update replayed after a crash between that commit and the reply finds its key
taken: nothing is applied again, and the caller gets the question now on screen to show, so
the resident is never left waiting for a question that was lost with the process.
"""

from __future__ import annotations

from typing import Any

from bot.domain.errors import DomainError, found
from bot.domain.people.model import User
from bot.domain.surveys.campaigns import (
    Campaign,
    InvitationStatus,
    Response,
)
from bot.domain.surveys.definitions import AnswerError, QType, Survey
from bot.domain.surveys.steps import Answered, Step
from bot.domain.surveys.typed import typed_answer
from bot.services.surveys.answering_access import ResponseAccess

__all__ = ["Answered", "Step", "SurveyAnswering"]  # handlers take the step types from here
STARTABLE = (InvitationStatus.INVITED, InvitationStatus.DECLINED)


class SurveyAnswering(ResponseAccess):
    """Starting, declining, answering, going back and submitting."""

    # ---- the invitation -------------------------------------------------------------------
    async def invitation_view(self, user: User, campaign_id: int) -> tuple[Campaign, Survey]:
        """What an invitation shows; only to someone who was invited (else it looks stale)."""
        campaign = await self.store.campaign(campaign_id) if campaign_id > 0 else None
        if campaign is None:
            raise DomainError("survey.stale")
        await self._invitation(user, campaign_id)
        stored = found(await self.store.survey(campaign.survey_id), "survey.stale")
        return campaign, stored.survey

    async def start(self, user: User, campaign_id: int) -> Step:
        """Start (or resume, from any invitation or reminder) at the question on screen."""
        campaign, survey = await self._open(campaign_id)
        invitation = await self._invitation(user, campaign_id)
        response = (
            await self.store.response(invitation.response_id) if invitation.response_id else None
        )
        if response is not None and not response.submitted:
            if invitation.status is not InvitationStatus.STARTED:  # "No thanks", then changed mind
                async with self.d.tx.transaction():
                    await self.store.set_invitation(
                        campaign.id, user.id, InvitationStatus.STARTED, response.id, STARTABLE
                    )
            return self._step(campaign, survey, response.position, response.answers)
        now = self.d.clock.now()
        first = survey.next_index(-1, {})
        async with self.d.tx.transaction():
            named = not campaign.anonymous
            response_id = await self.store.create_response(
                campaign.id,
                user.id if named else None,
                invitation.building if named else None,
                now if named else None,
            )
            await self.store.set_position(response_id, first)
            if not await self.store.set_invitation(
                campaign.id, user.id, InvitationStatus.STARTED, response_id, STARTABLE
            ):
                raise DomainError("survey.stale")  # rolled back: a parallel Start won
        return self._step(campaign, survey, first, {})

    async def decline(self, user: User, campaign_id: int) -> Campaign:
        """No thanks: no reminders; Start on a later message still works if they change mind."""
        campaign = await self.store.campaign(campaign_id) if campaign_id > 0 else None
        if campaign is None:
            raise DomainError("survey.stale")
        invitation = await self._invitation(user, campaign_id)
        async with self.d.tx.transaction():  # no reminders; answers so far are kept
            await self.store.set_invitation(
                campaign_id,
                user.id,
                InvitationStatus.DECLINED,
                invitation.response_id,
                (InvitationStatus.INVITED, InvitationStatus.STARTED),
            )
        return campaign

    # ---- answering ------------------------------------------------------------------------
    async def _record(
        self,
        loaded: tuple[Campaign, Survey, Response],
        index: int,
        value: Any,
        *,
        skip: bool = False,
        source: str | None,
    ) -> Answered:
        campaign, survey, response = loaded
        if index != response.position or index >= len(survey.questions):
            raise DomainError("survey.stale")
        question = survey.questions[index]
        answers = dict(response.answers)
        if skip:
            if question.required:
                raise DomainError("survey.stale")
            answers.pop(question.id, None)
        else:
            try:
                answers[question.id] = question.check(value)
            except AnswerError:
                raise DomainError("survey.stale") from None
        kept = survey.kept_answers(answers)
        following = survey.next_index(index, kept)
        position = survey.progress(index, kept)
        async with self.d.tx.transaction():
            await self._claim(source)
            if not await self.store.set_position(response.id, following, expect=index):
                raise DomainError("survey.stale")  # another update moved on first
            if skip:
                await self.store.delete_answer(response.id, question.id)
            else:
                await self.store.save_answer(response.id, question.id, answers[question.id])
        step = self._step(campaign, survey, following, answers)
        return Answered(question, None if skip else answers[question.id], position, step)

    async def answer(
        self, user: User, campaign_id: int, index: int, choice: int, *, source: str | None = None
    ) -> Answered | Step:
        """A button: a score, an option's index, or yes (1) / no (0)."""
        if await self._replayed(source):
            return await self.current(user, campaign_id)
        loaded = await self._response(user, campaign_id)
        survey = loaded[1]
        question = survey.questions[index] if 0 <= index < len(survey.questions) else None
        if question is None:
            raise DomainError("survey.stale")
        if question.type is QType.SINGLE:
            value: Any = (
                question.options[choice].id if 0 <= choice < len(question.options) else None
            )
        elif question.type is QType.YESNO:
            value = {1: True, 0: False}.get(choice)
        elif question.type in (QType.RATING, QType.NPS):
            value = choice
        else:
            value = None  # multi and text questions are not answered by a single button
        return await self._record(loaded, index, value, source=source)

    async def text(
        self, user: User, text: str, *, source: str | None = None
    ) -> Answered | Step | None:
        """Typed text answers the question on screen: a free-text question takes it as it is,
        a choice question takes a score, an option's label or a yes/no word (like a press).
        None: nothing waits, or the text names no option (the caller decides what it is)."""
        step = await self.waiting(user)
        if step is None or step.question is None:
            return None
        if await self._replayed(source):
            return await self.current(user, step.campaign.id)
        question = step.question
        value: Any = text if question.type is QType.TEXT else typed_answer(question, text)
        if value is None:
            return None
        loaded = await self._response(user, step.campaign.id)
        return await self._record(loaded, step.index, value, source=source)

    async def skip(
        self, user: User, campaign_id: int, index: int, *, source: str | None = None
    ) -> Answered | Step:
        if await self._replayed(source):
            return await self.current(user, campaign_id)
        loaded = await self._response(user, campaign_id)
        return await self._record(loaded, index, None, skip=True, source=source)

    async def toggle(
        self, user: User, campaign_id: int, index: int, option: int, *, source: str | None = None
    ) -> Step:
        """Multiple choice: each toggle is saved at once; Done moves on."""
        if await self._replayed(source):
            return await self.current(user, campaign_id)  # a replay must not toggle it back
        campaign, survey, response = await self._response(user, campaign_id)
        if index != response.position or index >= len(survey.questions):
            raise DomainError("survey.stale")
        question = survey.questions[index]
        if question.type is not QType.MULTI or not 0 <= option < len(question.options):
            raise DomainError("survey.stale")
        chosen = set(response.answers.get(question.id) or [])
        chosen ^= {question.options[option].id}
        answers = dict(response.answers)
        async with self.d.tx.transaction():
            await self._claim(source)
            if chosen:
                answers[question.id] = question.check(sorted(chosen))
                await self.store.save_answer(response.id, question.id, answers[question.id])
            else:
                answers.pop(question.id, None)
                await self.store.delete_answer(response.id, question.id)
        return self._step(campaign, survey, index, answers)

    async def done(
        self, user: User, campaign_id: int, index: int, *, source: str | None = None
    ) -> Answered | Step:
        if await self._replayed(source):
            return await self.current(user, campaign_id)
        loaded = await self._response(user, campaign_id)
        _, survey, response = loaded
        question = survey.questions[index] if 0 <= index < len(survey.questions) else None
        if question is None or question.type is not QType.MULTI:
            raise DomainError("survey.stale")
        chosen = response.answers.get(question.id)
        if not chosen:
            if question.required:
                raise DomainError("survey.choose_one")
            return await self._record(loaded, index, None, skip=True, source=source)
        return await self._record(loaded, index, chosen, source=source)

    async def back(
        self, user: User, campaign_id: int, index: int, *, source: str | None = None
    ) -> Step:
        """To the previous shown question, its answer kept until it is changed."""
        if await self._replayed(source):
            return await self.current(user, campaign_id)
        campaign, survey, response = await self._response(user, campaign_id)
        if index != response.position:
            raise DomainError("survey.stale")
        previous = survey.previous_index(index, survey.kept_answers(response.answers))
        if previous is None:
            raise DomainError("survey.stale")
        async with self.d.tx.transaction():
            await self._claim(source)
            if not await self.store.set_position(response.id, previous, expect=index):
                raise DomainError("survey.stale")
        return self._step(campaign, survey, previous, response.answers)

    async def submit(self, user: User, campaign_id: int, *, source: str | None = None) -> Campaign:
        """Lock the response: one per resident per campaign, never changed afterwards."""
        if await self._replayed(source):  # submitted just before a crash: thank them again
            campaign = await self.store.campaign(campaign_id)
            if campaign is not None:
                return campaign
        campaign, survey, response = await self._response(user, campaign_id)
        if response.position < len(survey.questions):
            raise DomainError("survey.stale")
        kept = survey.kept_answers(response.answers)
        if survey.missing_required(kept):
            raise DomainError("survey.stale")
        now = self.d.clock.now()
        async with self.d.tx.transaction():
            await self._claim(source)
            if not await self.store.submit_response(
                response.id, None if campaign.anonymous else now, kept
            ):
                raise DomainError("survey.already_submitted")
            await self.store.set_invitation(
                campaign.id,
                user.id,
                InvitationStatus.SUBMITTED,
                None if campaign.anonymous else response.id,
                (InvitationStatus.STARTED,),
            )
        return campaign
