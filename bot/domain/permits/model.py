"""Renovation permits (装修办理): the permit's life as a state machine.

draft → submitted → (more_info → submitted) → approved | rejected;
approved → in_progress → awaiting_inspection → passed | failed; failed → in_progress (rework);
submitted / more_info → cancelled (by the resident, before approval). An extension is
recorded on an approved or running permit without changing its state. Every other move is
refused with a bilingual catalog key, and every accepted move is an audit row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.errors import DomainError


class PermitStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    MORE_INFO = "more_info"
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    AWAITING_INSPECTION = "awaiting_inspection"
    PASSED = "passed"
    FAILED = "failed"
    CANCELLED = "cancelled"


S = PermitStatus
TRANSITIONS: dict[PermitStatus, frozenset[PermitStatus]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.MORE_INFO, S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.MORE_INFO: frozenset({S.SUBMITTED, S.CANCELLED}),
    S.APPROVED: frozenset({S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.AWAITING_INSPECTION}),
    S.AWAITING_INSPECTION: frozenset({S.PASSED, S.FAILED}),
    S.FAILED: frozenset({S.IN_PROGRESS}),
    S.REJECTED: frozenset(),
    S.PASSED: frozenset(),
    S.CANCELLED: frozenset(),
}
EXTENDABLE = frozenset({S.APPROVED, S.IN_PROGRESS})
PENDING_REVIEW = (S.SUBMITTED,)
OPEN = (S.SUBMITTED, S.MORE_INFO, S.APPROVED, S.IN_PROGRESS, S.AWAITING_INSPECTION, S.FAILED)
# Moves only staff make; the resident submits, answers and cancels.
STAFF_MOVES = frozenset(
    {S.MORE_INFO, S.APPROVED, S.REJECTED, S.IN_PROGRESS, S.AWAITING_INSPECTION, S.PASSED, S.FAILED}
)
RESIDENT_MOVES = frozenset({S.SUBMITTED, S.CANCELLED})
EXTEND = "extend"  # the audit row's `to` of an extension (the state itself does not change)

MAX_FILES = 10
MAX_FILE_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram
MAX_NOTE = 500


def check_transition(old: PermitStatus, new: PermitStatus) -> None:
    """Refuse a move the machine does not have (a replayed or stale button, a forged one)."""
    if new not in TRANSITIONS[old]:
        raise DomainError("permits.illegal", status=old.value, target=new.value)


@dataclass(frozen=True)
class PermitFile:
    kind: str  # "photo" | "document"
    file_id: str


@dataclass(frozen=True)
class Permit:
    id: int
    resident_id: int
    home_id: int
    home_label: str
    building: str
    unit: str
    works: str
    contractor: str
    foreman: str
    foreman_phone: str  # E.164; only staff ever see it, it is never logged
    starts_on: date
    ends_on: date
    deposit_note: str
    files: tuple[PermitFile, ...]
    status: PermitStatus
    note: str  # the latest reason, question or inspection note
    neighbours_notified: bool
    created_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


@dataclass(frozen=True)
class PermitEvent:
    permit_id: int
    at: datetime
    actor_id: int | None
    old: str
    new: str
    note: str
    files: tuple[PermitFile, ...] = ()


def clean_note(text: str, limit: int = MAX_NOTE) -> str:
    """One line of free text as stored: whitespace collapsed, bounded."""
    return " ".join((text or "").split())[:limit]


def new_end(permit: Permit, ends_on: date, today: date) -> date:
    """An extension moves the end later, never earlier and never into the past."""
    if permit.status not in EXTENDABLE:
        raise DomainError("permits.illegal", status=permit.status.value, target=EXTEND)
    if ends_on <= permit.ends_on or ends_on < today:
        raise DomainError("permits.extend_later", end=permit.ends_on.isoformat())
    return ends_on


class Purpose(StrEnum):
    """What a person's next typed message is for, after the button that asked for it."""

    REJECT = "reject"  # staff: the reason
    MORE = "more"  # staff: what else the resident must send
    ANSWER = "answer"  # the resident: the answer to that question
    PASS = "pass"  # staff: inspection notes (photos collect meanwhile)
    FAIL = "fail"
    EXTEND = "extend"  # staff: the new end date

    @property
    def staff(self) -> bool:
        return self is not Purpose.ANSWER


@dataclass(frozen=True)
class Pending:
    user_id: int
    permit_id: int
    purpose: Purpose
    files: tuple[PermitFile, ...] = ()
