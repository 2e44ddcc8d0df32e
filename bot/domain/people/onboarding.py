"""Registration requests and invite links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.people.model import Role


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class RegistrationRequest:
    id: int
    user_id: int
    home_id: int
    status: RequestStatus
    decided_by: int | None
    decided_at: datetime | None
    staff_chat_id: int | None
    staff_message_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class Invite:
    code: str
    role: Role | None  # a staff/manager invite …
    home_id: int | None  # … or a per-home resident invite
    created_by: int
    created_at: datetime
    expires_at: datetime
    used_by: int | None = None
    used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_by is None and now < self.expires_at
