"""Community activities (社区活动): what a manager announces and who takes a seat.

Seats are counted in heads: a sign-up for three people (when family members count) takes
three seats. Capacity is never exceeded; whoever does not fit waits in line, in order, and is
promoted when seats free up. Audience by building uses the notices' rule
(bot/domain/notices/audience.py): no buildings means every registered household."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.errors import DomainError

MAX_CAPACITY = 10_000
MAX_TITLE = 80
MAX_DESCRIPTION = 1000
MAX_PLACE = 100
TOKEN_CHARS = 20
REMIND_BEFORE = timedelta(days=1)
RATING_WINDOW = timedelta(days=7)  # a rating is accepted this long after the end
PAYLOAD = re.compile(r"^ac_([0-9]{1,19})_([0-9a-f]{20})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class Status(StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"


class Seat(StrEnum):
    GOING = "going"
    WAITING = "waiting"
    CANCELLED = "cancelled"
    DECLINED = "declined"  # "Not this time"

    @property
    def active(self) -> bool:
        return self in (Seat.GOING, Seat.WAITING)


@dataclass(frozen=True)
class Activity:
    id: int
    title: str
    description: str
    photo: str | None
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seats_taken: int
    deadline: datetime  # sign-ups close at this instant
    family: bool  # family members count: a sign-up may bring several heads
    buildings: tuple[str, ...]  # () = every building
    status: Status
    token: str
    author_id: int | None
    created_at: datetime

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    def open_for_signup(self, now: datetime) -> bool:
        return self.status is Status.OPEN and now < self.deadline and now < self.starts_at


@dataclass(frozen=True)
class Signup:
    activity_id: int
    user_id: int
    seat: Seat
    heads: int
    position: int  # order of arrival (the waiting line's order)
    attended_at: datetime | None = None
    rating: int | None = None


@dataclass(frozen=True)
class Attendee:
    """One line of the managers' list (CSV/XLSX)."""

    user_id: int
    name: str
    home: str
    seat: Seat
    heads: int
    position: int
    attended_at: datetime | None
    rating: int | None


@dataclass(frozen=True)
class Ratings:
    count: int
    average: float | None


def new_token() -> str:
    return secrets.token_hex(TOKEN_CHARS // 2)


def checkin_payload(activity_id: int, token: str) -> str:
    """The /start payload of an activity's door link (≤ 64 characters, Telegram's limit)."""
    return f"ac_{activity_id}_{token}"


def parse_checkin_payload(payload: str) -> tuple[int, str] | None:
    found = PAYLOAD.fullmatch(payload)
    if found is None:
        return None
    activity_id = int(found.group(1))
    return (activity_id, found.group(2)) if activity_id <= 2**63 - 1 else None


def token_matches(activity: Activity, token: str) -> bool:
    return secrets.compare_digest(activity.token.encode(), token.encode())


def clean_text(text: str, limit: int, key: str, *, required: bool = True) -> str:
    """Typed text without control or direction-override characters, within `limit`."""
    cleaned = _CONTROL.sub("", text or "").strip()
    if required and not cleaned:
        raise DomainError(key, limit=limit)
    if len(cleaned) > limit:
        raise DomainError(key, limit=limit)
    return cleaned


def max_heads(family: bool, family_limit: int) -> int:
    return max(1, family_limit) if family else 1


def check_heads(heads: int, family: bool, family_limit: int) -> int:
    limit = max_heads(family, family_limit)
    if not 1 <= heads <= limit:
        raise DomainError("activity.heads_range", max=limit)
    return heads


def average(ratings: list[int]) -> Ratings:
    if not ratings:
        return Ratings(0, None)
    return Ratings(len(ratings), round(sum(ratings) / len(ratings), 2))
