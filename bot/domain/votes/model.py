"""Resident consultations and votes (业主征询): the question, who may answer, and how a typed
answer is read. One ballot per home (owners only) or one per person; a voter may change
their ballot until the close; the last one counts."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.errors import DomainError
from bot.domain.people.lifecycle import MemberRole

MAX_QUESTION = 500
MAX_OPTION = 100
MIN_OPTIONS, MAX_OPTIONS = 2, 10
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class VoteStatus(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Vote:
    id: int
    question: str
    options: tuple[str, ...]
    opens_at: datetime
    closes_at: datetime
    created_at: datetime
    buildings: tuple[str, ...] = ()  # empty: every building
    per_home: bool = True
    named: bool = False
    interim: bool = False
    status: VoteStatus = VoteStatus.SCHEDULED
    created_by: int | None = None
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    notice_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status is VoteStatus.OPEN

    def option_text(self, index: int) -> str:
        if not 0 <= index < len(self.options):
            raise DomainError("vote.bad_option")
        return self.options[index]


FOCUS_WINDOW = timedelta(minutes=30)


@dataclass(frozen=True)
class Focus:
    """The ballot on a resident's screen: it just arrived ('sent'), or they opened or
    answered it ('opened'). Typed answers go to it within FOCUS_WINDOW, so a "2" typed
    days later (to staff, say) is never read as a vote."""

    vote_id: int
    via: str
    at: datetime

    def fresh(self, now: datetime) -> bool:
        return timedelta(0) <= now - self.at <= FOCUS_WINDOW  # not before it arrives


@dataclass(frozen=True)
class Standing:
    """What the eligibility rule looks at in a person."""

    user_id: int
    registered: bool
    home_id: int | None
    building: str | None
    area_m2: float | None = None
    member_role: MemberRole = MemberRole.OWNER  # no member row: the owner (issue 16)


def refusal(vote: Vote, person: Standing) -> str | None:
    """Why `person` may not answer `vote` (a catalog key), or None when they may. A
    per-home vote is answered by the home's owners only (the property law counts owners);
    a per-person vote by everyone registered to a home in the audience."""
    if not person.registered or person.home_id is None or person.building is None:
        return "vote.not_eligible"
    if vote.buildings and person.building not in vote.buildings:
        return "vote.not_eligible"
    if vote.per_home and not person.member_role.may_vote:
        return "vote.owners_only"
    return None


def voter_key(vote: Vote, person: Standing) -> str:
    """The ballot's uniqueness key: the home in a per-home vote, else the person."""
    return f"h:{person.home_id}" if vote.per_home else f"p:{person.user_id}"


def _clean(text: str) -> str:
    """Whitespace tidied; the manager's own characters (full-width ？) are kept."""
    return " ".join((text or "").split())


def _folded(text: str) -> str:
    """For matching only: full-width digits and letters as ASCII, case ignored."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def validate_question(text: str) -> str:
    question = _clean(text)
    if not question:
        raise DomainError("vote.question_empty")
    if len(question) > MAX_QUESTION:
        raise DomainError("vote.question_too_long", limit=MAX_QUESTION)
    return question


def parse_options(text: str) -> tuple[str, ...]:
    """One option per line, 2–10 of them, each at most MAX_OPTION characters, no repeats."""
    options = tuple(line for line in (_clean(raw) for raw in (text or "").splitlines()) if line)
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise DomainError("vote.options_count", low=MIN_OPTIONS, high=MAX_OPTIONS)
    if any(len(option) > MAX_OPTION for option in options):
        raise DomainError("vote.option_too_long", limit=MAX_OPTION)
    if len({_folded(o) for o in options}) != len(options):
        raise DomainError("vote.options_repeat")
    return options


def parse_buildings(text: str) -> tuple[str, ...]:
    """ "3, 5" or "3栋 5栋" → ("3", "5")."""
    cleaned = unicodedata.normalize("NFKC", text or "").upper().replace("、", ",")
    for suffix in ("号楼", "栋", "幢", "座"):
        cleaned = cleaned.replace(suffix, " ")
    names = tuple(dict.fromkeys(p for p in cleaned.replace(",", " ").split() if p))
    if not names or any(len(n) > 8 for n in names):
        raise DomainError("vote.bad_buildings")
    return names


def match_typed(text: str, options: tuple[str, ...]) -> int | None:
    """A typed answer: the option's number ("2", "２", "2.", "第2项") or its exact text; else
    None. Only ASCII and full-width digits count as a number ("²" and "١" do not)."""
    number = " ".join((text or "").translate(_FULL_WIDTH_DIGITS).split()).rstrip(".)。）")
    if number.startswith("第"):
        number = number[1:].rstrip("项个")
    if number.isascii() and number.isdigit() and len(number) <= 2:
        index = int(number) - 1
        return index if 0 <= index < len(options) else None
    cleaned = _folded(text)
    for index, option in enumerate(options):
        if _folded(option) == cleaned:
            return index
    return None
