"""Where a resident's private message goes: one pure rule over a plain snapshot.

The router service gathers a `Situation` (who is writing, what waits for them, what the
message looks like) and `decide` returns the `Route`; the handler only dispatches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.conversation.replies import (
    is_thanks,
    looks_like_reply,
    opens_new_matter,
    reads_as_addition,
    says_fixed,
    words,
)
from bot.domain.tickets.small_talk import is_small_talk

# "A different category with good confidence". 0.55 since the model learns from four
# life-safety corpora: ordinary repairs read a little less sure (0.60 → 0.597 for "The corridor
# light on floor 3 is broken"); the labelled conversation set routes the same at 0.55.
NEW_CONFIDENCE = 0.55
REQUEST_CONFIDENCE = 0.5  # while a survey question waits: typed text this sure is a request
DRAFT_CONFIDENCE = 0.5  # an addition this sure of a different kind is not merged silently


class Where(StrEnum):
    POINTER = "pointer"  # not registered: how to start
    ONBOARDING = "onboarding"  # the home address step
    CONTACT_BUTTON = "contact_button"  # the phone step: use the button
    PENDING = "pending"  # registration awaits staff approval: the message is kept
    HELP = "help"  # registered without a home (staff, managers)
    STEP = "step"  # a resident step in progress (details, reopen reason, rating comment…)
    LINKED = "linked"  # Telegram's Reply to a message of a ticket
    SURVEY_ANSWER = "survey_answer"  # typed answer to the survey question on screen
    SURVEY_UNCLEAR = "survey_unclear"  # "please tap one of the options"
    THREAD = "thread"  # added to the ticket in an active conversation
    CONFIRM = "confirm"  # thanks after a resolution: the rating prompt
    CHOOSE_TICKET = "choose_ticket"  # several active conversations: which one?
    DRAFT_CHOICE = "draft_choice"  # a different kind of message while a draft is open
    INTAKE = "intake"  # a new request, or (same kind) an addition to the open draft


class Registration(StrEnum):
    NONE = "none"
    AWAITING_HOME = "awaiting_home"
    AWAITING_CONTACT = "awaiting_contact"
    PENDING = "pending"
    NO_HOME = "no_home"
    RESIDENT = "resident"


class SurveyWait(StrEnum):
    NONE = "none"
    TEXT = "text"  # a free-text question: whatever is typed answers it
    MATCHED = "matched"  # a choice question and the text names one of its options
    UNMATCHED = "unmatched"  # a choice question and the text names none


@dataclass(frozen=True)
class ActiveTicket:
    """A ticket staff wrote to the resident about within the conversation window."""

    id: int
    kind: str
    category: str
    resolved: bool = False  # resolved, awaiting the resident's confirmation


@dataclass(frozen=True)
class Message:
    text: str
    media: bool = False
    kind: str | None = None  # the classifier's reading, when there is text
    category: str | None = None
    confidence: float = 0.0


@dataclass(frozen=True)
class OpenDraft:
    id: int
    kind: str
    category: str


@dataclass(frozen=True)
class Situation:
    message: Message
    registration: Registration = Registration.RESIDENT
    text_is_home: bool = False  # the text parses as a home address (onboarding)
    in_step: bool = False
    linked_ticket: int | None = None
    survey: SurveyWait = SurveyWait.NONE
    conversations: tuple[ActiveTicket, ...] = ()
    draft: OpenDraft | None = None
    emergency: ActiveTicket | None = None  # reported a moment ago: words on it join it


@dataclass(frozen=True)
class Route:
    where: Where
    ticket_id: int | None = None
    candidates: tuple[int, ...] = ()
    survey_waiting: bool = False  # remind that a survey question waits
    draft_id: int | None = None
    new_request: bool = False  # clearly not about the fresh emergency: never joins it


def decide(s: Situation) -> Route:
    """The one rule: see README "Where your message goes"."""
    if s.registration is not Registration.RESIDENT:
        return Route(_registration(s))
    if s.in_step:
        return Route(Where.STEP)
    if s.linked_ticket is not None:
        return Route(Where.LINKED, ticket_id=s.linked_ticket)
    if s.survey in (SurveyWait.TEXT, SurveyWait.MATCHED):
        return Route(Where.SURVEY_ANSWER)
    if s.conversations and not clearly_new(s.message, s.conversations):
        return _conversation(s.message, s.conversations)
    waiting = s.survey is SurveyWait.UNMATCHED
    if waiting and not clearly_request(s.message):
        return Route(Where.SURVEY_UNCLEAR)
    new = s.emergency is not None and clearly_new(s.message, (s.emergency,))
    if s.draft is not None and differs_from_draft(s.message, s.draft):
        return Route(Where.DRAFT_CHOICE, survey_waiting=waiting, draft_id=s.draft.id)
    return Route(Where.INTAKE, survey_waiting=waiting, new_request=new)


def _registration(s: Situation) -> Where:
    r = s.registration
    if r is Registration.AWAITING_HOME or (r is Registration.AWAITING_CONTACT and s.text_is_home):
        return Where.ONBOARDING
    return {
        Registration.AWAITING_CONTACT: Where.CONTACT_BUTTON,
        Registration.PENDING: Where.PENDING,
        Registration.NO_HOME: Where.HELP,
    }.get(r, Where.POINTER)


def _conversation(message: Message, tickets: tuple[ActiveTicket, ...]) -> Route:
    if len(tickets) > 1:
        return Route(Where.CHOOSE_TICKET, candidates=tuple(t.id for t in tickets))
    (ticket,) = tickets
    if ticket.resolved and (says_fixed(message.text) or is_thanks(message.text)):
        return Route(Where.CONFIRM, ticket_id=ticket.id)
    return Route(Where.THREAD, ticket_id=ticket.id)


def clearly_new(message: Message, tickets: tuple[ActiveTicket, ...]) -> bool:
    """A new request, not an answer: it opens a new matter ("另外…", "Also…"), or the
    classifier is sure of a category none of the tickets has, and it does not read like a
    reply (acknowledgements, flat numbers, yes/no, times and status reports are replies)."""
    if looks_like_reply(message.text):
        return False
    if opens_new_matter(message.text):
        return True
    categories = {t.category for t in tickets}
    return message.confidence >= NEW_CONFIDENCE and message.category not in categories


def clearly_request(message: Message) -> bool:
    """While a survey question waits: only a real request leaves the survey."""
    if message.media:
        return True
    if looks_like_reply(message.text) or is_small_talk(message.text):
        return False
    return opens_new_matter(message.text) or (
        message.confidence >= REQUEST_CONFIDENCE and words(message.text) >= 4
    )


def differs_from_draft(message: Message, draft: OpenDraft) -> bool:
    """Never merged silently: another kind (or, with good confidence, another category),
    or a message that says it is another matter. Same-kind additions may join."""
    if not message.text or is_small_talk(message.text):
        return False
    if opens_new_matter(message.text):
        return True
    if message.kind is None:
        return False
    if message.kind != draft.kind:
        # Even an unsure reading of another kind is asked about, unless the words read as an
        # addition ("二楼也是", "and the bathroom too"): never merged silently.
        unsure_addition = looks_like_reply(message.text) or reads_as_addition(message.text)
        return message.confidence >= DRAFT_CONFIDENCE or not unsure_addition
    return message.confidence >= NEW_CONFIDENCE and message.category != draft.category
