"""Family members and tenants join under the owner; tenants' access ends with the lease
(a reminder a week before, then it lapses). Jobs read the database, so a run is safe twice."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from bot.domain.errors import DomainError
from bot.domain.people.lifecycle import (
    INVITABLE,
    LEASE_REMINDER,
    MEMBER_INVITE_PREFIX,
    DetachReason,
    MemberInvite,
    MemberRole,
)
from bot.domain.people.model import Home, Role, User
from bot.services.people.core import PeopleCore
from bot.services.people.lifecycle_ports import LifecycleStore
from bot.services.ports import (
    InviteRepository,
    Note,
)

MAX_LEASE = timedelta(days=3660)


@dataclass(kw_only=True, eq=False)
class MembershipService(PeopleCore):
    invites: InviteRepository
    lifecycle: LifecycleStore
    invite_ttl: timedelta
    tz: tzinfo

    async def invite(
        self, owner_id: int, role: MemberRole, lease_until: date | None = None
    ) -> tuple[MemberInvite, Home]:
        """An owner's single-use link for family or a tenant (a tenant's lease end date
        is when their access lapses, at midnight local time)."""
        member = await self.lifecycle.member(owner_id)
        if member is None or not member.role.may_invite or member.held:
            raise DomainError("membership.owners_only")
        if role not in INVITABLE:
            raise DomainError("membership.bad_role")
        now = self.clock.now()
        lease_end = None
        if lease_until is not None:
            lease_end = datetime.combine(lease_until, time(0), self.tz).astimezone(now.tzinfo)
            if lease_end <= now or lease_end - now > MAX_LEASE:
                raise DomainError("membership.bad_lease")
        invite = MemberInvite(
            code=MEMBER_INVITE_PREFIX + secrets.token_urlsafe(12),
            home_id=member.home_id,
            role=role,
            lease_end=lease_end if role is MemberRole.TENANT else None,
            created_by=owner_id,
            created_at=now,
            expires_at=now + self.invite_ttl,
        )
        async with self.tx.transaction():
            await self.lifecycle.create_member_invite(invite)
            await self.events.record(
                "invite.created",
                owner_id,
                f"invite:{invite.code[:6]}",
                {"member_role": role.value, "home_id": member.home_id},
                now,
            )
        return invite, await self._home(member.home_id)

    async def redeem(self, user: User, code: str) -> tuple[MemberRole, Home]:
        """The invited person opens the link: bound to the owner's home in that role, as long
        as the link is fresh and unused and its author is still an owner there."""
        invite = await self.lifecycle.member_invite(code) if len(code) <= 64 else None
        now = self.clock.now()
        if invite is None or not invite.usable(now) or invite.created_by == user.id:
            raise DomainError("invite.invalid")
        author = await self.lifecycle.member(invite.created_by)
        if author is None or author.home_id != invite.home_id or not author.role.may_invite:
            raise DomainError("invite.invalid")
        home = await self._home(invite.home_id)
        async with self.tx.transaction():
            if not await self.invites.mark_used(code, user.id, now):
                raise DomainError("invite.invalid")
            await self.users.set_home(user.id, home.id, now)
            if user.role is None:
                await self.users.set_role(user.id, Role.RESIDENT, now)
            await self.users.set_state(user.id, None, now)
            await self.lifecycle.set_member(
                user.id,
                home.id,
                invite.role,
                now,
                lease_end=invite.lease_end,
                invited_by=invite.created_by,
            )
            await self.events.record(
                "membership.joined",
                invite.created_by,
                f"user:{user.id}",
                {"home": home.label, "role": invite.role.value},
                now,
            )
        await self.notifier.refresh_menus(user.id)
        await self.notifier.to_user(
            invite.created_by,
            Note(
                f"membership.joined_{invite.role.value}",
                {"name": user.first_name, "home": home.label},
            ),
        )
        return invite.role, home

    async def lease_tick(self) -> tuple[int, int]:
        """Remind tenants (and the owner) a week before the lease ends, exactly once;
        detach tenants whose lease has ended. Returns (reminded, lapsed)."""
        now = self.clock.now()
        reminded = 0
        for member in await self.lifecycle.leases_to_remind(now + LEASE_REMINDER):
            if member.lease_lapsed(now):
                continue
            async with self.tx.transaction():
                first = await self.lifecycle.mark_reminded(member.user_id, now)
            if first:
                assert member.lease_end is not None  # the query selects leases only
                day = member.lease_end.astimezone(self.tz).date().isoformat()
                await self.notifier.to_user(
                    member.user_id, Note("membership.lease_soon", {"day": day})
                )
                reminded += 1
        lapsed = await self.lifecycle.leases_lapsed(now)
        for member in lapsed:
            home = await self._home(member.home_id)
            async with self.tx.transaction():
                await self.lifecycle.detach(member.user_id, now)
                await self.events.record(
                    "membership.detached",
                    None,
                    f"user:{member.user_id}",
                    {
                        "home": home.label,
                        "role": member.role.value,
                        "reason": DetachReason.LEASE_ENDED.value,
                    },
                    now,
                )
            await self.notifier.to_user(
                member.user_id, Note("membership.lease_ended", {"home": home.label}, menu="main")
            )
            await self.notifier.refresh_menus(member.user_id)
        return reminded, len(lapsed)

    async def _home(self, home_id: int) -> Home:
        home = await self.homes.get(home_id)
        if home is None:
            raise DomainError("lifecycle.no_home")
        return home
