"""Gathers where a resident stands (steps, survey, active ticket conversations, open draft)
into a `Situation` and asks the domain rule where their message goes.

It also holds a message while the resident chooses (which ticket, or add to the draft or
a separate request): the choice buttons name only the held message's key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.classifier import Classification
from bot.domain.conversation.routing import (
    ActiveTicket,
    Message,
    OpenDraft,
    Registration,
    Route,
    Situation,
    SurveyWait,
    decide,
)
from bot.domain.people.model import User, UserState
from bot.domain.surveys.definitions import QType
from bot.domain.surveys.steps import Step
from bot.domain.surveys.typed import typed_answer
from bot.domain.tickets.model import ACTIVE_STATUSES, Action, Status
from bot.services.ports import (
    Clock,
    DraftRepository,
    KeyValue,
    TicketRepository,
    Transactions,
    UserRepository,
)
from bot.services.surveys.answering import SurveyAnswering
from bot.services.tickets.emergency import EmergencyService

MERGE_WINDOW = timedelta(minutes=10)  # the intake service's: an older draft is left alone
STAFF_WROTE = (Action.STAFF_REPLY, Action.PROGRESS, Action.RESOLVE, Action.TAKE)
STEPS = (
    UserState.COMPOSING,
    UserState.ADDING_DETAILS,
    UserState.REOPEN_REASON,
    UserState.RATING_COMMENT,
)
REGISTRATION = {
    UserState.AWAITING_HOME: Registration.AWAITING_HOME,
    UserState.AWAITING_CONTACT: Registration.AWAITING_CONTACT,
    UserState.AWAITING_APPROVAL: Registration.PENDING,
}


@dataclass(frozen=True)
class Incoming:
    """What the handler knows about the message (plain values)."""

    text: str
    source_key: str
    photos: tuple[str, ...] = ()
    location: tuple[float, float] | None = None
    linked_ticket: int | None = None  # Telegram's Reply to a message of this ticket
    text_is_home: bool = False


@dataclass(frozen=True)
class Routed:
    route: Route
    survey: Step | None  # the survey question on screen, if one waits


class ConversationRouter:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        tickets: TicketRepository,
        users: UserRepository,
        drafts: DraftRepository,
        kv: KeyValue,
        classify: Callable[[str], Classification],
        surveys: SurveyAnswering | None,
        emergency: EmergencyService | None = None,
        conversation: timedelta = timedelta(hours=4),
    ) -> None:
        self.tx, self.users = tx, users
        self.clock, self.tickets, self.drafts, self.kv = clock, tickets, drafts, kv
        self.classify, self.surveys, self.conversation = classify, surveys, conversation
        self.emergency = emergency

    async def route(self, user: User | None, incoming: Incoming) -> Routed:
        situation, step = await self.situation(user, incoming)
        return Routed(decide(situation), step)

    async def situation(
        self, user: User | None, incoming: Incoming
    ) -> tuple[Situation, Step | None]:
        message = self._message(incoming)
        registration = _registration(user)
        if user is None or registration is not Registration.RESIDENT:
            return Situation(message, registration, incoming.text_is_home), None
        if user.state in STEPS:
            return Situation(message, in_step=True), None
        step = await self.surveys.waiting(user) if self.surveys and incoming.text else None
        return (
            Situation(
                message,
                linked_ticket=incoming.linked_ticket,
                survey=_survey_wait(step, incoming.text),
                conversations=await self.active(user),
                draft=await self._draft(user),
                emergency=await self._emergency(user),
            ),
            step,
        )

    def _message(self, incoming: Incoming) -> Message:
        media = bool(incoming.photos or incoming.location)
        text = (incoming.text or "").strip()
        if not text:
            return Message("", media)
        result = self.classify(text)
        return Message(text, media, result.kind, result.category, result.confidence)

    async def active(self, user: User) -> tuple[ActiveTicket, ...]:
        """The resident's tickets staff wrote to them about within the conversation window."""
        since = self.clock.now() - self.conversation
        found = []
        for ticket in await self.tickets.search(
            resident_id=user.id, statuses=ACTIVE_STATUSES, limit=10
        ):
            events = await self.tickets.events(ticket.id)
            if any(e.action in STAFF_WROTE and e.at >= since for e in events):
                found.append(
                    ActiveTicket(
                        ticket.id,
                        ticket.kind.value,
                        ticket.category.value,
                        ticket.status is Status.RESOLVED,
                    )
                )
        return tuple(found)

    async def _emergency(self, user: User) -> ActiveTicket | None:
        recent = await self.emergency.recent(user) if self.emergency is not None else None
        if recent is None:
            return None
        return ActiveTicket(recent.id, recent.kind.value, recent.category.value)

    async def _draft(self, user: User) -> OpenDraft | None:
        draft = await self.drafts.latest_for(user.id)
        now = self.clock.now()
        if draft is None or draft.created_at is None or now - draft.created_at > MERGE_WINDOW:
            return None
        return OpenDraft(draft.id, draft.kind.value, draft.category.value)

    # ---- a message held while the resident chooses ----------------------------------------
    async def hold(self, user: User, incoming: Incoming) -> None:
        held = {"text": incoming.text, "source": incoming.source_key, "photos": incoming.photos}
        async with self.tx.transaction():
            await self.kv.put(_held_key(user.id), json.dumps(held, ensure_ascii=False))

    async def held(self, user: User, source_key: str | None = None) -> Incoming | None:
        """The held message (only the one named, when `source_key` is given)."""
        raw = await self.kv.get(_held_key(user.id))
        if not raw:
            return None
        data = json.loads(raw)
        if source_key is not None and data.get("source") != source_key:
            return None
        return Incoming(data["text"], data["source"], tuple(data.get("photos") or ()))

    async def after_registration(
        self, user_id: int, approved: bool
    ) -> tuple[User | None, Incoming | None]:
        """The message kept while a registration waited: offered once approved, dropped
        once rejected (the rejection says so)."""
        user = await self.users.get(user_id)
        if user is None:
            return None, None
        held = await self.held(user)
        if held is not None and not approved:
            await self.release(user)
        return user, held

    async def release(self, user: User) -> None:
        async with self.tx.transaction():
            await self.kv.put(_held_key(user.id), "")


def _held_key(user_id: int) -> str:
    return f"conversation:held:{user_id}"


def _registration(user: User | None) -> Registration:
    if user is not None and user.is_registered and user.home_id:
        return Registration.RESIDENT
    if user is not None and user.state in REGISTRATION:
        return REGISTRATION[user.state]
    return Registration.NONE if user is None or not user.is_registered else Registration.NO_HOME


def _survey_wait(step: Step | None, text: str) -> SurveyWait:
    question = step.question if step is not None else None
    if question is None or question.type is QType.MULTI:
        return SurveyWait.NONE
    if question.type is QType.TEXT:
        return SurveyWait.TEXT
    return SurveyWait.MATCHED if typed_answer(question, text) is not None else SurveyWait.UNMATCHED
