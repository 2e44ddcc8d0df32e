"""Who someone is: profile upkeep, language, roles, invites and the staff group."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from bot.domain.errors import DomainError, NotFound, PermissionDenied, found
from bot.domain.people.model import Home, Role, User, parse_home
from bot.domain.people.onboarding import Invite
from bot.domain.people.phones import mask_phone
from bot.services.people.core import PeopleCore
from bot.services.ports import (
    InviteRepository,
    KeyValue,
    Note,
)

LANGUAGES = ("zh", "en")
STAFF_CHAT_KEY = "staff_chat_id"


@dataclass(frozen=True)
class Profile:
    user: User
    home: Home | None


def require(user: User | None, role: Role) -> User:
    """Server-side role check used by every staff or manager action."""
    if user is None or not user.has_role(role):
        raise PermissionDenied()
    return user


@dataclass(kw_only=True, eq=False)
class PeopleService(PeopleCore):
    invites: InviteRepository
    kv: KeyValue
    manager_ids: frozenset[int]  # configured in settings: always managers
    configured_staff_chat: int | None  # until a group is bound in chat
    invite_ttl: timedelta

    async def touch(
        self, user_id: int, first_name: str, username: str | None, tg_language: str | None
    ) -> User:
        """Record who wrote; configured managers become managers on first contact."""
        user = await self.users.get(user_id)
        unchanged = user is not None and (user.first_name, user.username, user.tg_language) == (
            first_name,
            username,
            tg_language,
        )
        promote = user_id in self.manager_ids and (user is None or user.role is not Role.MANAGER)
        if user is not None and unchanged and not promote and not user.unreachable:
            return user
        now = self.clock.now()
        async with self.tx.transaction():
            user = await self.users.upsert_seen(user_id, first_name, username, tg_language, now)
            if promote:
                await self.users.set_role(user_id, Role.MANAGER, now)
                await self.events.record(
                    "role.configured", None, f"user:{user_id}", {"role": "manager"}, now
                )
                user = found(await self.users.get(user_id), "roles.unknown_user")
        return user

    async def profile(self, user_id: int) -> Profile:
        user = await self.users.get(user_id)
        if user is None:
            raise NotFound("error.not_registered")
        home = await self.homes.get(user.home_id) if user.home_id else None
        return Profile(user, home)

    async def find(self, user_id: int) -> User | None:
        """Whoever wrote to the bot under this id; None if they never did."""
        return await self.users.get(user_id)

    async def mark_unreachable(self, user_id: int) -> None:
        """Telegram refused to deliver to them (bot blocked, account gone): stop trying."""
        async with self.tx.transaction():
            await self.users.set_unreachable(user_id, True)

    async def private_chat_changed(self, user_id: int, *, blocked: bool) -> bool:
        """Telegram said they blocked (or unblocked / restarted) the bot in their private
        chat: notices and surveys skip (or again include) them. False for a stranger."""
        user = await self.users.get(user_id)
        if user is None or user.unreachable == blocked:
            return False
        async with self.tx.transaction():
            await self.users.set_unreachable(user_id, blocked)
        return True

    async def refresh_menus(self, user_id: int) -> None:
        """Redraw their command menu (after a change of language or role)."""
        await self.notifier.refresh_menus(user_id)

    async def tell_managers(self, note: Note) -> int:
        """Best effort, e.g. the error boundary's alerts; returns how many heard it."""
        return await self.notifier.to_managers(note)

    async def set_language(self, user_id: int, language: str) -> None:
        if language not in LANGUAGES:
            raise DomainError("profile.bad_language")
        async with self.tx.transaction():
            await self.users.set_language(user_id, language, self.clock.now())

    async def ensure_role(self, actor_id: int, role: Role) -> User:
        """Refuse before anything else, so a resident cannot even probe who exists."""
        return require(await self.users.get(actor_id), role)

    async def resolve(self, reference: str) -> User:
        """A user by numeric id or @username; they must have talked to the bot."""
        ref = reference.strip()
        user = None
        if re.fullmatch(r"-?[0-9]{1,19}", ref):
            user = await self.users.get(int(ref))
        elif ref.startswith("@") and 1 < len(ref) <= 33:
            user = await self.users.find_by_username(ref)
        if user is None:
            raise NotFound("roles.unknown_user", ref=ref[:40])
        return user

    async def grant(self, actor_id: int, target: User, role: Role) -> User:
        require(await self.users.get(actor_id), Role.MANAGER)
        if role not in (Role.STAFF, Role.MANAGER):
            raise DomainError("roles.bad_role")
        if target.id in self.manager_ids and role is not Role.MANAGER:
            raise DomainError("roles.configured_manager")
        now = self.clock.now()
        async with self.tx.transaction():
            await self.users.set_role(target.id, role, now)
            await self.events.record(
                "role.granted", actor_id, f"user:{target.id}", {"role": role.value}, now
            )
        await self.notifier.to_user(target.id, Note(f"roles.granted_you_{role.value}", menu="main"))
        await self.notifier.refresh_menus(target.id)
        return found(await self.users.get(target.id), "roles.unknown_user")

    async def revoke(self, actor_id: int, target: User) -> User:
        require(await self.users.get(actor_id), Role.MANAGER)
        if target.id == actor_id:
            raise DomainError("roles.not_yourself")
        if target.id in self.manager_ids:
            raise DomainError("roles.configured_manager")
        if not target.is_staff:
            raise DomainError("roles.nothing_to_revoke")
        now = self.clock.now()
        new_role = Role.RESIDENT if target.home_id else None
        async with self.tx.transaction():
            await self.users.set_role(target.id, new_role, now)
            await self.events.record(
                "role.revoked",
                actor_id,
                f"user:{target.id}",
                {"was": target.role.value if target.role else None},
                now,
            )
        await self.notifier.to_user(target.id, Note("roles.revoked_you", menu="main"))
        await self.notifier.refresh_menus(target.id)
        return found(await self.users.get(target.id), "roles.unknown_user")

    async def create_role_invite(self, actor_id: int, role: Role) -> Invite:
        require(await self.users.get(actor_id), Role.MANAGER)
        if role not in (Role.STAFF, Role.MANAGER):
            raise DomainError("roles.bad_role")
        return await self._invite(actor_id, role=role, home_id=None)

    async def create_home_invite(self, actor_id: int, home_text: str) -> tuple[Invite, Home]:
        require(await self.users.get(actor_id), Role.STAFF)
        address = parse_home(home_text)
        if address is None:
            raise DomainError("onboarding.bad_home")
        home = await self.homes.match(address.building, address.unit, address.room)
        if home is None:  # not in the roster (yet): the invite creates it
            async with self.tx.transaction():
                home = await self.homes.ensure(address.building, address.unit, address.room)
        return await self._invite(actor_id, role=None, home_id=home.id), home

    async def _invite(self, actor_id: int, *, role: Role | None, home_id: int | None) -> Invite:
        now = self.clock.now()
        invite = Invite(
            code=secrets.token_urlsafe(12),
            role=role,
            home_id=home_id,
            created_by=actor_id,
            created_at=now,
            expires_at=now + self.invite_ttl,
        )
        async with self.tx.transaction():
            await self.invites.create(invite)
            await self.events.record(
                "invite.created",
                actor_id,
                f"invite:{invite.code[:4]}",
                {"role": role and role.value, "home_id": home_id},
                now,
            )
        return invite

    @staticmethod
    def staff_roles() -> tuple[Role, ...]:
        return (Role.STAFF, Role.MANAGER)

    async def masked_phone(self, user_id: int) -> str:
        """The shared phone with all but the last four digits hidden, for staff cards."""
        phone = await self.users.phone_of(user_id)
        return mask_phone(phone) if phone else "—"

    async def staff_members(self) -> list[User]:
        return await self.users.with_roles(self.staff_roles())

    async def names(self, user_ids: set[int]) -> dict[int, str]:
        names = {}
        for user_id in user_ids:
            user = await self.users.get(user_id)
            if user is not None:
                names[user_id] = user.first_name
        return names

    async def managers(self) -> list[User]:
        return await self.users.with_roles((Role.MANAGER,))

    async def staff_chat_id(self) -> int | None:
        bound = await self.kv.get(STAFF_CHAT_KEY)
        return int(bound) if bound else self.configured_staff_chat

    async def bot_membership_changed(
        self, chat_id: int, title: str, by_user_id: int, *, was_in: bool, is_in: bool
    ) -> User | None:
        """The bot left or joined a group (Telegram's my_chat_member). Removed from the staff
        group: managers are alerted, since ticket alerts can no longer reach staff. Added to
        another group by a manager: returns that manager, who should be told there how to
        bind it (anyone else adding the bot gets silence)."""
        staff_chat = await self.staff_chat_id()
        if was_in and not is_in and chat_id == staff_chat:
            await self.notifier.to_managers(Note("staff.bot_removed", {"title": title}))
            return None
        if not was_in and is_in and chat_id != staff_chat:
            adder = await self.users.get(by_user_id)
            return adder if adder is not None and adder.is_manager else None
        return None

    async def staff_group_migrated(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Telegram upgraded the staff group to a supergroup, which has a new id: follow it.
        Only Telegram can report this (a service message no user can forge), so no role
        check; the open tickets' cards are posted again in the new group by the card job."""
        now = self.clock.now()
        async with self.tx.transaction():  # read inside: both service messages race here
            if await self.staff_chat_id() != old_chat_id or old_chat_id == new_chat_id:
                return False
            await self.kv.put(STAFF_CHAT_KEY, str(new_chat_id))
            await self.events.record(
                "staff_group.migrated", None, f"chat:{new_chat_id}", {"from": old_chat_id}, now
            )
        return True

    async def bind_staff_group(self, actor_id: int, chat_id: int) -> None:
        require(await self.users.get(actor_id), Role.MANAGER)
        now = self.clock.now()
        async with self.tx.transaction():
            await self.kv.put(STAFF_CHAT_KEY, str(chat_id))
            await self.events.record("staff_group.bound", actor_id, f"chat:{chat_id}", {}, now)
