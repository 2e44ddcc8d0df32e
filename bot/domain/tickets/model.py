"""Tickets: kinds, categories, the lifecycle state machine and its audit events."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.errors import DomainError


class Kind(StrEnum):
    REPAIR = "repair"
    COMPLAINT = "complaint"
    INQUIRY = "inquiry"


class Category(StrEnum):
    SECURITY = "security"
    FIRE_SAFETY = "fire_safety"
    CLEANING = "cleaning"
    GREENING = "greening"
    PLUMBING = "plumbing"
    ELECTRICAL = "electrical"
    ELEVATOR = "elevator"
    FACILITIES = "facilities"
    PARKING = "parking"
    NOISE = "noise"
    RENOVATION = "renovation"
    FEES = "fees"
    SERVICE = "service"
    PETS = "pets"
    OTHER = "other"


class Status(StrEnum):
    NEW = "new"
    TAKEN = "taken"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    REOPENED = "reopened"


OPEN_STATUSES = (Status.NEW, Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED)
ACTIVE_STATUSES = (*OPEN_STATUSES, Status.RESOLVED)


class Action(StrEnum):
    """Every transition (and non-transition event) recorded in the audit log."""

    CREATE = "created"
    TAKE = "taken"
    HAND_OVER = "handed_over"
    PROGRESS = "progress"
    STAFF_REPLY = "staff_reply"
    RESIDENT_REPLY = "resident_reply"
    RESOLVE = "resolved"
    CONFIRM = "confirmed"
    REOPEN = "reopened"
    CANCEL = "cancelled"
    AUTO_CLOSE = "auto_closed"
    ESCALATE = "escalated"
    RECLASSIFY = "reclassified"
    PHONE_VIEWED = "phone_viewed"  # staff looked up the resident's phone (urgent tickets)
    RETURN = "returned"  # a manager put an owner's ticket back in the pool (owner revoked)


# Which state each action leads to, from which states. None target = state unchanged.
TRANSITIONS: dict[Action, tuple[tuple[Status, ...], Status | None]] = {
    Action.TAKE: ((Status.NEW,), Status.TAKEN),
    Action.HAND_OVER: ((Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED), None),
    Action.PROGRESS: ((Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED), Status.IN_PROGRESS),
    Action.STAFF_REPLY: (ACTIVE_STATUSES, None),
    Action.RESIDENT_REPLY: (ACTIVE_STATUSES, None),
    Action.RESOLVE: ((Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED), Status.RESOLVED),
    Action.CONFIRM: ((Status.RESOLVED,), Status.CLOSED),
    Action.REOPEN: ((Status.RESOLVED,), Status.REOPENED),
    Action.CANCEL: ((Status.NEW,), Status.CANCELLED),
    Action.AUTO_CLOSE: ((Status.RESOLVED,), Status.CLOSED),
    Action.RECLASSIFY: (OPEN_STATUSES, None),
    Action.RETURN: ((Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED), Status.NEW),
}


def next_status(current: Status, action: Action) -> Status:
    """The state after `action`, or DomainError if the domain forbids it."""
    allowed, target = TRANSITIONS[action]
    if current not in allowed:
        raise DomainError("ticket.illegal", status=current.value, action=action.value)
    return target or current


@dataclass(frozen=True)
class Ticket:
    id: int
    resident_id: int
    home_id: int | None
    kind: Kind
    category: Category
    urgent: bool
    description: str
    status: Status
    owner_id: int | None
    created_at: datetime
    respond_by: datetime
    resolve_by: datetime
    responded_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    staff_chat_id: int | None = None
    staff_message_id: int | None = None
    staff_thread_id: int | None = None
    breaches: frozenset[str] = frozenset()
    hazard: str | None = None  # the danger the safety net named (bot.classifier.HAZARDS)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue(self, now: datetime) -> bool:
        if self.status in (Status.CLOSED, Status.CANCELLED, Status.RESOLVED):
            return False
        return now > self.resolve_by or (self.responded_at is None and now > self.respond_by)


@dataclass(frozen=True)
class TicketEvent:
    ticket_id: int
    at: datetime
    actor_id: int | None
    action: Action
    note: str | None = None


@dataclass(frozen=True)
class Draft:
    """What a resident sent, before they confirm how it is filed."""

    id: int
    resident_id: int
    text: str
    kind: Kind
    category: Category
    urgent: bool
    confidence: float
    photos: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    source_message_id: int | None = None
    created_at: datetime | None = None

    @property
    def version(self) -> int:
        """Changes whenever what the card shows changes (labels, text, photos): a button on
        an older card carries an older version and is refused with the current card."""
        shown = f"{self.kind}|{self.category}|{self.urgent}|{self.text}|{len(self.photos)}"
        return zlib.crc32(shown.encode()) % 1_000_000


# Kept whole: one Telegram message is at most 4,096 UTF-16 units, and a draft joined from
# several messages may be longer. Cards trim it for display; /ticket N shows it all.
MAX_DESCRIPTION = 16000
MAX_NOTE = 1000
