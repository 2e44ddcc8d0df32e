"""Notices (公告): audiences, the guided draft, schedules, and splitting text under Telegram's limits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError

MAX_BODY = 20_000  # characters; longer text is refused rather than sent as a dozen messages
TEXT_LIMIT = 4096  # Telegram's message limit, in UTF-16 code units after entity parsing
CAPTION_LIMIT = 1024
MAX_AHEAD = timedelta(days=366)


class Audience(StrEnum):
    ALL = "all"  # every registered household member
    BUILDINGS = "buildings"
    STAFF = "staff"


class NoticeStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class DraftStep(StrEnum):
    """Where a manager is in /notice; the text, buildings and time steps accept typed input."""

    TEXT = "text"
    AUDIENCE = "audience"
    BUILDINGS = "buildings"
    ACK = "ack"
    PREVIEW = "preview"
    TIME = "time"

    @property
    def wants_input(self) -> bool:
        return self in (DraftStep.TEXT, DraftStep.BUILDINGS, DraftStep.TIME)


class MediaKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True)
class NoticeDraft:
    author_id: int
    step: DraftStep
    updated_at: datetime
    body: str = ""
    media_kind: MediaKind | None = None
    media_file_id: str | None = None
    audience: Audience | None = None
    buildings: tuple[str, ...] = ()
    require_ack: bool = False


@dataclass(frozen=True)
class Notice:
    id: int
    author_id: int | None
    body: str
    audience: Audience
    scheduled_at: datetime
    created_at: datetime
    status: NoticeStatus = NoticeStatus.SCHEDULED
    buildings: tuple[str, ...] = ()
    require_ack: bool = False
    media_kind: MediaKind | None = None
    media_file_id: str | None = None
    released_at: datetime | None = None
    finished_at: datetime | None = None
    total: int = 0
    progress_chat_id: int | None = None
    progress_message_id: int | None = None
    progress_shown: str | None = None
    progress_at: datetime | None = None
    reminded_at: datetime | None = None


@dataclass(frozen=True)
class Progress:
    """Delivery of a notice's first round, counted per outbox row."""

    total: int = 0
    sent: int = 0
    failed: int = 0
    unreachable: int = 0
    pending: int = 0

    @property
    def finished(self) -> bool:
        return self.pending == 0

    def shown(self) -> str:
        return f"{self.sent}/{self.total}/{self.failed}/{self.unreachable}"


@dataclass(frozen=True)
class BuildingStats:
    """Per building (or "" for people without a home): who got it and who confirmed."""

    building: str
    recipients: int = 0
    delivered: int = 0
    acknowledged: int = 0
    unreachable: int = 0
    failed: int = 0
    pending: int = 0

    @property
    def not_acknowledged(self) -> int:
        return self.delivered - self.acknowledged


@dataclass(frozen=True)
class NoticePage:
    notices: list[Notice] = field(default_factory=list)
    offset: int = 0
    total: int = 0


def validate_body(text: str) -> str:
    body = (text or "").strip()
    if not body:
        raise DomainError("notice.empty")
    if len(body) > MAX_BODY:
        raise DomainError("notice.too_long", limit=MAX_BODY)
    return body


def parse_audience(text: str) -> tuple[Audience, tuple[str, ...]]:
    """The command line's --audience: all | staff | building:3,5."""
    raw = (text or "all").strip()
    lowered = raw.lower()
    if lowered in ("all", Audience.STAFF.value):
        return Audience(lowered), ()
    head, sep, tail = raw.partition(":")
    if sep and head.lower() in ("building", "buildings"):
        names = tuple(dict.fromkeys(p.strip().upper() for p in tail.split(",") if p.strip()))
        if names:
            return Audience.BUILDINGS, names
    raise DomainError("notice.bad_audience", value=raw[:40])


_STAMP = re.compile(
    r"^(?:(?:(?P<y>\d{4})[-/.年])?(?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?\s*)?"
    r"(?P<H>\d{1,2})[:：点时](?P<M>\d{2})?分?$"
)


JUST_PASSED = timedelta(hours=1)


def just_passed(text: str, now: datetime, tz: ZoneInfo) -> str | None:
    """A bare time ("5:00") that passed today within the last hour: "HH:MM" (the manager
    most likely meant today, so ask rather than silently take tomorrow); else None."""
    cleaned = " ".join((text or "").strip().replace("T", " ").split())
    match = _STAMP.match(cleaned)
    if match is None or match["m"]:
        return None
    try:
        at = time(int(match["H"]), int(match["M"] or 0))
    except ValueError:
        return None
    local_now = now.astimezone(tz)
    moment = datetime.combine(local_now.date(), at, tz)
    return at.strftime("%H:%M") if timedelta(0) <= local_now - moment < JUST_PASSED else None


def parse_local_time(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """ "2026-12-01 09:00", "12-01 9:00", "9:00" (today, else tomorrow), "12月1日 9点" → UTC.

    The time must lie in the future and within a year."""
    cleaned = " ".join((text or "").strip().replace("T", " ").split())
    match = _STAMP.match(cleaned)
    if match is None:
        raise DomainError("notice.bad_time")
    local_now = now.astimezone(tz)
    hour, minute = int(match["H"]), int(match["M"] or 0)
    try:
        at = time(hour, minute)
        if match["m"]:
            year = int(match["y"]) if match["y"] else local_now.year
            day = date(year, int(match["m"]), int(match["d"]))
            moment = datetime.combine(day, at, tz)
            if not match["y"] and moment <= local_now:
                moment = datetime.combine(date(year + 1, day.month, day.day), at, tz)
        else:
            moment = datetime.combine(local_now.date(), at, tz)
            if moment <= local_now:
                moment += timedelta(days=1)
    except ValueError:
        raise DomainError("notice.bad_time") from None
    if moment <= local_now:
        raise DomainError("notice.time_past")
    if moment - local_now > MAX_AHEAD:
        raise DomainError("notice.time_far")
    return moment.astimezone(now.tzinfo)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP take two UTF-16 units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _prefix_within(text: str, budget: int) -> int:
    """How many characters of `text` fit in `budget` UTF-16 units."""
    used = 0
    for index, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > budget:
            return index
    return len(text)


_BREAKS = ("\n\n", "\n", "。", "！", "？", "；", ". ", "! ", "? ", "; ", "，", ", ", " ")


def _cut(window: str) -> int:
    """Best place to end a chunk inside `window`: paragraph, line, sentence, word, or anywhere."""
    floor = len(window) // 2
    for mark in _BREAKS:
        at = window.rfind(mark)
        if at >= floor:
            return at + len(mark)
    return len(window)


def split_text(text: str, first: int, rest: int | None = None) -> list[str]:
    """Split plain text into chunks: the first fits `first` UTF-16 units, the others `rest`.

    Breaks at paragraphs, lines, sentences or words where possible; whitespace at a break is
    dropped, nothing else is lost."""
    rest = first if rest is None else rest
    if first < 1 or rest < 1:
        raise ValueError("budgets must be positive")
    chunks: list[str] = []
    remaining = text.strip()
    while remaining:
        budget = first if not chunks else rest
        if utf16_len(remaining) <= budget:
            chunks.append(remaining)
            break
        window = remaining[: _prefix_within(remaining, budget)]
        cut = _cut(window) or 1
        chunk = remaining[:cut].rstrip()
        if not chunk:  # a window of whitespace only: skip it
            remaining = remaining[cut:].lstrip()
            continue
        chunks.append(chunk)
        remaining = remaining[cut:].lstrip()
    return chunks
