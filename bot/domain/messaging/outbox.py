"""Durable outgoing messages: written with the change that caused them, sent by a dispatcher."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Delivery(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class OutboxItem:
    id: int
    user_id: int
    key: str
    params: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    not_before: datetime | None = None
    status: Delivery = Delivery.PENDING
    attempts: int = 0
    # Notices (issue 4): which notice a row delivers, parts already delivered (a long text is
    # several messages), queue priority (0 conversational, 1 bulk), and the reader's language
    # when the repository joined it in (None: the dispatcher looks the user up).
    notice_id: int | None = None
    message_ids: tuple[int, ...] = ()
    priority: int = 0
    reader: tuple[str | None, str | None] | None = None


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt came to; the dispatcher writes many of these per commit.

    PENDING means "not final": `retry_at` set = try again then; unset = parts delivered so far."""

    item_id: int
    status: Delivery
    message_ids: tuple[int, ...] = ()
    error: str | None = None
    retry_at: datetime | None = None
    count_attempt: bool = True


BULK = 1  # priority of broadcasts and invitations: conversational messages (0) go first

MAX_ATTEMPTS = 5


def backoff_seconds(attempts: int) -> int:
    """Retry delay after a transient failure: 5 s, 20 s, 80 s, … capped at 10 minutes."""
    return min(600, 5 * 4 ** max(0, attempts - 1))
