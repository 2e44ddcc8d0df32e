"""Who a notice is for (知情权: notices reach every resident promptly), named in one place.

`recipients(audience, buildings)` turns a notice's audience into `Recipients`, a spec of
plain values: the roles it reaches, whether a home is needed, which buildings, and whether
people who blocked the bot are left out (they are, until they write again). `includes` is
the rule itself; storage runs the same spec as one query, and tests hold the two together.

Reading back is the same rule without reachability: a resident may open a notice that
reached them, or one whose audience includes them now (`may_read`, `ReaderScope`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain.notices.model import Audience, Notice
from bot.domain.people.model import Role, User

ANY_ROLE = frozenset(Role)  # every registered person: residents, staff and managers
STAFF_ROLES = frozenset({Role.STAFF, Role.MANAGER})


@dataclass(frozen=True)
class Member:
    """What the audience rules look at in a person."""

    role: Role | None
    building: str | None  # their home's building; None without a home
    unreachable: bool = False

    @classmethod
    def of(cls, user: User, building: str | None) -> Member:
        return cls(user.role, building, user.unreachable)


@dataclass(frozen=True)
class Recipients:
    """People with one of `roles`, with a home if `with_home`, living in one of `buildings`
    (None: anywhere), and reachable if `reachable_only`."""

    roles: frozenset[Role]
    with_home: bool = False
    buildings: tuple[str, ...] | None = None
    reachable_only: bool = True

    def includes(self, member: Member) -> bool:
        if member.role not in self.roles:
            return False
        if self.reachable_only and member.unreachable:
            return False
        if (self.with_home or self.buildings is not None) and member.building is None:
            return False
        return self.buildings is None or member.building in self.buildings

    @property
    def anyone_registered(self) -> bool:
        return self.roles == ANY_ROLE


def recipients(audience: Audience, buildings: tuple[str, ...] = ()) -> Recipients:
    """All: every registered household member; buildings: those living in them; staff:
    staff and managers, wherever they live. Unreachable people are left out."""
    if audience is Audience.ALL:
        return Recipients(ANY_ROLE, with_home=True)
    if audience is Audience.BUILDINGS:
        return Recipients(ANY_ROLE, with_home=True, buildings=tuple(buildings))
    return Recipients(STAFF_ROLES)


def may_read(notice: Notice, member: Member, recipient: bool) -> bool:
    """A released notice is readable by whoever it reached, and by anyone in its audience
    now (reachability aside: opening the list is writing again)."""
    rule = replace(recipients(notice.audience, notice.buildings), reachable_only=False)
    return recipient or rule.includes(member)


@dataclass(frozen=True)
class ReaderScope:
    """Which released notices a reader may list, as plain values storage can run: those
    sent to `user_id`, those whose audience is one of `audiences`, and building notices
    naming `building` (None: none)."""

    user_id: int
    audiences: frozenset[Audience]
    building: str | None


def reader_scope(user_id: int, member: Member) -> ReaderScope:
    """The audiences `member` belongs to, derived from the same rule as `recipients`."""
    whole = frozenset(
        a
        for a in (Audience.ALL, Audience.STAFF)
        if replace(recipients(a), reachable_only=False).includes(member)
    )
    own = (member.building,) if member.building is not None else ()
    in_building = replace(recipients(Audience.BUILDINGS, own), reachable_only=False)
    return ReaderScope(user_id, whole, member.building if in_building.includes(member) else None)
