"""People, their roles and their homes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    RESIDENT = "resident"
    STAFF = "staff"
    MANAGER = "manager"


# A manager can do everything staff can; staff and managers may also live here.
_RANK = {None: 0, Role.RESIDENT: 1, Role.STAFF: 2, Role.MANAGER: 3}


class UserState(StrEnum):
    """Where a user is in onboarding; persisted so a restart loses nothing."""

    AWAITING_CONTACT = "awaiting_contact"
    AWAITING_HOME = "awaiting_home"
    AWAITING_APPROVAL = "awaiting_approval"
    # Resident conversation steps; `User.state_ref` names the ticket or kind they refer to.
    COMPOSING = "composing"  # picked Repair/Complaint/Inquiry from the menu; ref = kind index
    ADDING_DETAILS = "adding_details"
    REOPEN_REASON = "reopen_reason"
    RATING_COMMENT = "rating_comment"


@dataclass(frozen=True)
class Home:
    id: int
    building: str
    unit: str
    room: str

    @property
    def label(self) -> str:
        return format_home(self.building, self.unit, self.room)


@dataclass(frozen=True)
class User:
    id: int
    first_name: str
    username: str | None
    language: str | None
    tg_language: str | None
    role: Role | None
    home_id: int | None
    state: UserState | None
    unreachable: bool
    created_at: datetime
    state_ref: int | None = None

    def has_role(self, role: Role) -> bool:
        return _RANK[self.role] >= _RANK[role]

    @property
    def is_staff(self) -> bool:
        return self.has_role(Role.STAFF)

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER

    @property
    def is_registered(self) -> bool:
        return self.role is not None


@dataclass(frozen=True)
class RosterEntry:
    home_id: int
    name: str
    phone: str


@dataclass(frozen=True)
class HomeAddress:
    """A home as typed by a person, before it is matched to a stored Home."""

    building: str
    unit: str
    room: str

    @property
    def label(self) -> str:
        return format_home(self.building, self.unit, self.room)


def format_home(building: str, unit: str, room: str) -> str:
    return f"{building}-{unit}-{room}" if unit else f"{building}-{room}"


_HOME_ZH = re.compile(
    r"^(?P<b>[0-9a-z]{1,4})\s*(?:栋|幢|号楼|座|楼)\s*"
    r"(?:(?P<u>[0-9a-z]{1,3})\s*单元)?\s*(?P<r>[0-9a-z]{1,6})\s*(?:室|号|房)?$"
)
# Outside the Chinese form a building is digit-led or one letter ("A") and a room is
# digit-led, so ordinary words ("bob", "no idea") are never read as a home.
_B = r"(?P<b>\d[0-9a-z]{0,3}|[a-z])"
_R = r"(?P<r>\d[0-9a-z]{0,5})"
_HOME_EN = re.compile(
    r"^(?:building|bldg|block|b)\s*\.?\s*" + _B + r"[\s,]*"
    r"(?:(?:unit|u)\s*\.?\s*(?P<u>[0-9a-z]{1,3})[\s,]*)?"
    r"(?:(?:room|rm|flat|apt|#)\s*\.?\s*)?" + _R + "$"
)
_HOME_SEP = re.compile("^" + _B + r"\s*[-/ ,.]\s*(?:(?P<u>[0-9a-z]{1,3})\s*[-/ ,.]\s*)?" + _R + "$")


def parse_home(text: str) -> HomeAddress | None:
    """Parse "3栋2单元1102", "3-2-1102", "3/2/1102", "Building 3 Unit 2 Room 1102"."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not cleaned or len(cleaned) > 60:
        return None
    for pattern in (_HOME_ZH, _HOME_EN, _HOME_SEP):
        match = pattern.match(cleaned)
        if match:
            unit = (match.group("u") or "").upper()
            return HomeAddress(match.group("b").upper(), unit, match.group("r").upper())
    return None


def normalise_part(value: str) -> str:
    """Canonical building/unit/room text for storage and matching."""
    return unicodedata.normalize("NFKC", value or "").strip().upper()
