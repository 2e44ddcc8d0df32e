"""Who lives in a home and as what, and what a roster re-import will change (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class MemberRole(StrEnum):
    """A person's standing in one home; each brings its own rights."""

    OWNER = "owner"
    FAMILY = "family"
    TENANT = "tenant"

    @property
    def may_report(self) -> bool:
        return True  # everyone living there reports repairs and gets notices

    @property
    def may_vote(self) -> bool:
        """Owner consultations (业主表决) are for owners only."""
        return self is MemberRole.OWNER

    @property
    def sees_fees(self) -> bool:
        """Fee matters (物业费, 公示) concern the owner who pays them."""
        return self is MemberRole.OWNER

    @property
    def may_invite(self) -> bool:
        return self is MemberRole.OWNER


INVITABLE = (MemberRole.FAMILY, MemberRole.TENANT)
LEASE_REMINDER = timedelta(days=7)


class DetachReason(StrEnum):
    ROSTER = "roster_owner_changed"
    MOVED_OUT = "moved_out"
    VACATED = "home_vacated"
    REMOVED = "removed_by_staff"
    LEASE_ENDED = "lease_ended"
    ERASED = "erased"


@dataclass(frozen=True)
class Member:
    """A person currently bound to a home (users.home_id), with their role there."""

    user_id: int
    home_id: int
    role: MemberRole
    name: str
    phone: str | None
    lease_end: datetime | None = None
    held: bool = False

    def lease_lapsed(self, now: datetime) -> bool:
        return self.lease_end is not None and now >= self.lease_end

    def lease_reminder_due(self, now: datetime) -> bool:
        return self.lease_end is not None and self.lease_end - LEASE_REMINDER <= now


MEMBER_INVITE_PREFIX = "m_"  # /start payloads of owners' invites; the rest is random


@dataclass(frozen=True)
class MemberInvite:
    """A single-use link an owner hands to family or a tenant (the lease ends access)."""

    code: str
    home_id: int
    role: MemberRole
    lease_end: datetime | None
    created_by: int
    created_at: datetime
    expires_at: datetime
    used_by: int | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_by is None and now < self.expires_at


@dataclass(frozen=True)
class RosterRow:
    building: str
    unit: str
    room: str
    name: str
    phone: str  # E.164
    area_m2: float | None = None  # the roster's optional floor-area column (votes, issue 14)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.building, self.unit, self.room)


@dataclass(frozen=True)
class HomeNow:
    """One home in the file as the database holds it now."""

    exists: bool
    roster_phones: frozenset[str]
    members: tuple[Member, ...]


@dataclass(frozen=True)
class HomeChange:
    label: str
    key: tuple[str, str, str]
    new_home: bool
    added_phones: tuple[str, ...]
    removed_phones: tuple[str, ...]
    mismatched: tuple[Member, ...]  # bound, but the roster no longer names their phone

    @property
    def owner_changed(self) -> bool:
        return bool(self.removed_phones) and not self.new_home


@dataclass
class RosterPlan:
    """What applying a roster file will do, shown before anything changes."""

    rows: list[RosterRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    changes: list[HomeChange] = field(default_factory=list)
    unchanged: int = 0
    added: int = 0  # roster lines, once applied
    updated: int = 0

    @property
    def new_homes(self) -> list[HomeChange]:
        return [c for c in self.changes if c.new_home]

    @property
    def new_owners(self) -> list[HomeChange]:
        return [c for c in self.changes if c.added_phones and not c.new_home]

    @property
    def owner_changes(self) -> list[HomeChange]:
        return [c for c in self.changes if c.owner_changed]

    @property
    def to_detach(self) -> list[Member]:
        return [m for c in self.owner_changes for m in c.mismatched]


def plan_home(label: str, rows: list[RosterRow], now_state: HomeNow) -> HomeChange | None:
    """The change one home's rows bring; None when the roster says what it said already.
    When an owner's phone leaves the roster every bound person whose phone the new roster
    does not name is detached: the old owner, their family and their tenants."""
    phones = frozenset(r.phone for r in rows)
    added = tuple(sorted(phones - now_state.roster_phones))
    removed = tuple(sorted(now_state.roster_phones - phones))
    mismatched = tuple(m for m in now_state.members if m.phone not in phones) if removed else ()
    if now_state.exists and not added and not removed:
        return None
    return HomeChange(label, rows[0].key, not now_state.exists, added, removed, mismatched)
