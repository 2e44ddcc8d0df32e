"""Inspection rounds (巡逻巡检): a round's state machine, checkpoint deep links, the check-in
radius, and what a point visit needs before it counts as done.

A checkpoint's QR code is `https://t.me/<bot>?start=cp_<id>_<token>`; the token is random
and stored, so a payload cannot be guessed from the id, and a payload for another round's
point (or a replay after the point was checked) changes nothing: check-in is decided by
the round's own state (bot/services/operations/rounds.py), never by the payload alone.
"""

from __future__ import annotations

import hmac
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.errors import DomainError

TOKEN_CHARS = 16
MAX_PAYLOAD = 64  # Telegram's limit for a /start parameter
LATE_GRACE = timedelta(
    hours=12
)  # an overdue round still open this long after its due time is missed
_CHECKPOINT = re.compile(r"^cp_([0-9]{1,9})_([A-Za-z0-9_-]{16})$")
_EQUIPMENT = re.compile(r"^eq_([A-Za-z0-9][A-Za-z0-9_-]{0,31})$")
EARTH_RADIUS_M = 6_371_000.0


class RoundStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"
    MISSED = "missed"


TRANSITIONS: dict[RoundStatus, frozenset[RoundStatus]] = {
    RoundStatus.NOT_STARTED: frozenset({RoundStatus.IN_PROGRESS, RoundStatus.OVERDUE}),
    RoundStatus.IN_PROGRESS: frozenset({RoundStatus.DONE, RoundStatus.OVERDUE}),
    RoundStatus.OVERDUE: frozenset({RoundStatus.DONE, RoundStatus.MISSED}),
    RoundStatus.DONE: frozenset(),
    RoundStatus.MISSED: frozenset(),
}
OPEN = (RoundStatus.NOT_STARTED, RoundStatus.IN_PROGRESS, RoundStatus.OVERDUE)


def check_transition(old: RoundStatus, new: RoundStatus) -> None:
    """Refuse an illegal transition (a done round never reopens, a missed one never counts)."""
    if new not in TRANSITIONS[old]:
        raise DomainError("rounds.bad_transition", old=old.value, new=new.value)


def clock_status(status: RoundStatus, due_at: datetime, now: datetime) -> RoundStatus | None:
    """The transition the clock makes (overdue at the due time, missed after the grace)."""
    if status in (RoundStatus.NOT_STARTED, RoundStatus.IN_PROGRESS) and now >= due_at:
        return RoundStatus.OVERDUE
    if status is RoundStatus.OVERDUE and now >= due_at + LATE_GRACE:
        return RoundStatus.MISSED
    return None


def checkpoint_payload(checkpoint_id: int, token: str) -> str:
    payload = f"cp_{checkpoint_id}_{token}"
    assert len(payload) <= MAX_PAYLOAD
    return payload


def parse_checkpoint_payload(text: str) -> tuple[int, str] | None:
    """(id, token) of a well-formed checkpoint payload, else None (never raises)."""
    match = _CHECKPOINT.match(text or "")
    return (int(match.group(1)), match.group(2)) if match else None


def parse_equipment_payload(text: str) -> str | None:
    match = _EQUIPMENT.match(text or "")
    return match.group(1).upper() if match else None


def token_matches(stored: str, given: str) -> bool:
    return hmac.compare_digest(stored.encode(), given.encode())


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def within(radius_m: float, here: tuple[float, float], point: tuple[float, float]) -> bool:
    return distance_m(here, point) <= radius_m


class CheckType(StrEnum):
    YES_NO = "yes_no"  # "yes" is the normal answer
    OK_ABNORMAL = "ok_abnormal"


@dataclass(frozen=True)
class Check:
    question: str
    type: CheckType = CheckType.OK_ABNORMAL


@dataclass(frozen=True)
class RoutePoint:
    checkpoint_key: str
    checks: tuple[Check, ...]
    photo: bool = False


@dataclass(frozen=True)
class Visit:
    """One point of one round: scanned (checked in), answered, photographed, done."""

    round_id: int
    position: int  # 0-based, in route order
    checkpoint_id: int
    scanned_at: datetime | None = None
    answers: tuple[bool | None, ...] = ()  # True = normal, False = abnormal, None = not yet
    photo: str | None = None
    done_at: datetime | None = None
    ticket_id: int | None = None

    @property
    def abnormal(self) -> bool:
        return any(answer is False for answer in self.answers)

    def next_question(self) -> int | None:
        for index, answer in enumerate(self.answers):
            if answer is None:
                return index
        return None

    def complete(self, photo_required: bool) -> bool:
        return self.next_question() is None and (self.photo is not None or not photo_required)


def answered(visit: Visit, index: int, ok: bool) -> Visit:
    """The visit with answer `index` given; only on a scanned, open point, in order."""
    if visit.scanned_at is None:
        raise DomainError("rounds.not_scanned")
    if visit.done_at is not None:
        raise DomainError("rounds.point_done")
    if index != visit.next_question():
        raise DomainError("rounds.stale")
    answers = list(visit.answers)
    answers[index] = ok
    return Visit(
        visit.round_id,
        visit.position,
        visit.checkpoint_id,
        visit.scanned_at,
        tuple(answers),
        visit.photo,
        visit.done_at,
        visit.ticket_id,
    )


def completion_rate(done: int, total: int) -> float:
    return round(100.0 * done / total, 1) if total else 0.0
