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


MAX_ATTEMPTS = 5


def backoff_seconds(attempts: int) -> int:
    """Retry delay after a transient failure: 5 s, 20 s, 80 s, … capped at 10 minutes."""
    return min(600, 5 * 4 ** max(0, attempts - 1))
