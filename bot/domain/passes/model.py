"""Gate passes (放行条 / 访客通行证): the state machine, the stored pass, its QR payload.

draft → submitted → approved | rejected; approved → used (once) | expired; draft, submitted
and approved → cancelled by the owner. `expired` is computed from the time window (no job):
`effective_state` says what a pass is now, and the services record the transition when
somebody first meets it. The QR payload is `gp_<id>_<token>`; the token is 16 random hex
digits stored with the pass, so a payload cannot be guessed from the id, and a forged or
replayed one changes nothing: marking a pass used is decided by its stored state.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.errors import DomainError

TOKEN_BYTES = 8  # 16 hex digits
MAX_PAYLOAD = 64  # Telegram's limit for a /start parameter
_PAYLOAD = re.compile(r"^gp_([0-9]{1,9})_([0-9a-f]{16})$")


class PassKind(StrEnum):
    ITEMS = "items"  # 物品放行
    VISITOR = "visitor"  # 访客


class PassState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    USED = "used"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Step(StrEnum):
    """Where a draft's form is; persisted after every answer, so a restart resumes it."""

    ITEMS = "items"
    NAME = "name"
    PLATE = "plate"
    WINDOW = "window"
    PHOTO = "photo"
    CONFIRM = "confirm"


STEPS: dict[PassKind, tuple[Step, ...]] = {
    PassKind.ITEMS: (Step.ITEMS, Step.PLATE, Step.WINDOW, Step.PHOTO, Step.CONFIRM),
    PassKind.VISITOR: (Step.NAME, Step.PLATE, Step.WINDOW, Step.CONFIRM),
}

TRANSITIONS: dict[PassState, frozenset[PassState]] = {
    PassState.DRAFT: frozenset({PassState.SUBMITTED, PassState.CANCELLED}),
    PassState.SUBMITTED: frozenset(
        {PassState.APPROVED, PassState.REJECTED, PassState.CANCELLED, PassState.EXPIRED}
    ),
    PassState.APPROVED: frozenset({PassState.USED, PassState.EXPIRED, PassState.CANCELLED}),
    PassState.REJECTED: frozenset(),
    PassState.USED: frozenset(),
    PassState.EXPIRED: frozenset(),
    PassState.CANCELLED: frozenset(),
}
OPEN = (PassState.DRAFT, PassState.SUBMITTED, PassState.APPROVED)


def check_transition(old: PassState, new: PassState) -> None:
    """Refuse an illegal transition (a used pass is never used again, nor reopened)."""
    if new not in TRANSITIONS[old]:
        raise DomainError("passes.bad_transition", old=old.value, new=new.value)


@dataclass(frozen=True)
class PassItem:
    name: str
    quantity: int


@dataclass(frozen=True)
class GatePass:
    id: int
    kind: PassKind
    state: PassState
    step: Step
    home_id: int | None
    owner_id: int  # who asked for it and receives it (a resident, or staff on their behalf)
    token: str
    created_at: datetime
    items: tuple[PassItem, ...] = ()
    visitor: str = ""
    plate: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    photo: str | None = None
    decided_by: int | None = None
    reason: str = ""
    used_by: int | None = None
    used_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def payload(self) -> str:
        return pass_payload(self.id, self.token)


def next_step(kind: PassKind, step: Step) -> Step:
    steps = STEPS[kind]
    return steps[min(steps.index(step) + 1, len(steps) - 1)]


def effective_state(found: GatePass, now: datetime) -> PassState:
    """The state as of `now`: an approved (or still unreviewed) pass whose window has ended
    is expired, whether or not anybody recorded it yet."""
    open_states = (PassState.APPROVED, PassState.SUBMITTED)
    if found.state in open_states and found.ends_at is not None and now >= found.ends_at:
        return PassState.EXPIRED
    return found.state


def usable(found: GatePass, now: datetime) -> bool:
    """A guard may let it through now: approved, and inside its window."""
    return (
        found.state is PassState.APPROVED
        and found.starts_at is not None
        and found.ends_at is not None
        and found.starts_at <= now < found.ends_at
    )


def pass_payload(pass_id: int, token: str) -> str:
    payload = f"gp_{pass_id}_{token}"
    assert len(payload) <= MAX_PAYLOAD
    return payload


def parse_payload(text: str) -> tuple[int, str] | None:
    """(id, token) of a well-formed pass payload, else None (never raises)."""
    match = _PAYLOAD.match((text or "").strip())
    return (int(match.group(1)), match.group(2)) if match else None


def token_matches(stored: str, given: str) -> bool:
    return hmac.compare_digest(stored.encode(), given.encode())
