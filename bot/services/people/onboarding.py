"""Binding a Telegram user to a home: roster phone, staff approval or invite link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.errors import DomainError, found
from bot.domain.people.lifecycle import MEMBER_INVITE_PREFIX
from bot.domain.people.model import Home, Role, User, UserState, parse_home
from bot.domain.people.onboarding import RegistrationRequest, RequestStatus
from bot.domain.people.phones import normalise_phone
from bot.services.people.core import PeopleCore
from bot.services.people.directory import require
from bot.services.ports import (
    InviteRepository,
    Note,
    RegistrationRepository,
)


class ContactResult(StrEnum):
    BOUND = "bound"  # one roster home matched: done
    CHOOSE = "choose"  # several homes share this phone: ask which
    ASK_HOME = "ask_home"  # no match: the resident types the home for approval


@dataclass(frozen=True)
class ContactOutcome:
    result: ContactResult
    homes: tuple[Home, ...] = ()


@dataclass(frozen=True)
class Decision:
    request: RegistrationRequest
    home: Home
    changed: bool  # False when the request had already been decided (stale button)


@dataclass(kw_only=True, eq=False)
class OnboardingService(PeopleCore):
    registrations: RegistrationRepository
    invites: InviteRepository

    async def begin(self, user: User) -> UserState | None:
        """/start without a code: ask for the phone unless already registered or waiting."""
        if user.is_registered and user.home_id or user.is_staff:
            return None
        if user.state is UserState.AWAITING_APPROVAL and await self.registrations.pending_for(
            user.id
        ):
            return UserState.AWAITING_APPROVAL
        await self._set_state(user.id, UserState.AWAITING_CONTACT)
        return UserState.AWAITING_CONTACT

    async def share_contact(
        self, user: User, contact_user_id: int | None, phone: str
    ) -> ContactOutcome:
        if contact_user_id != user.id:
            raise DomainError("onboarding.not_own_contact")
        e164 = normalise_phone(phone)
        if e164 is None:
            raise DomainError("onboarding.bad_phone")
        homes = await self.homes.homes_for_phone(e164)
        now = self.clock.now()
        async with self.tx.transaction():
            await self.users.set_phone(user.id, e164, now)
            if len(homes) == 1:
                await self._bind(user, homes[0], "roster", now)
            else:
                state = UserState.AWAITING_CONTACT if homes else UserState.AWAITING_HOME
                await self.users.set_state(user.id, state, now)
        if len(homes) == 1:
            return ContactOutcome(ContactResult.BOUND, (homes[0],))
        return ContactOutcome(
            ContactResult.CHOOSE if homes else ContactResult.ASK_HOME, tuple(homes)
        )

    async def choose_home(self, user: User, home_id: int) -> Home:
        """Pick one of several roster homes that match the user's verified phone."""
        stored = await self.users.get(user.id)
        phone = await self._phone(user.id) if stored else None
        homes = await self.homes.homes_for_phone(phone) if phone else []
        home = next((h for h in homes if h.id == home_id), None)
        if home is None:
            raise DomainError("onboarding.choice_expired")
        async with self.tx.transaction():
            await self._bind(
                found(stored, "onboarding.choice_expired"), home, "roster", self.clock.now()
            )
        return home

    async def enter_home_manually(self, user: User) -> None:
        if user.home_id and user.is_registered:
            raise DomainError("onboarding.already_registered")
        await self._set_state(user.id, UserState.AWAITING_HOME)

    async def change_home(self, user: User) -> None:
        """A registered resident moving: verify again (phone, approval or invite)."""
        await self._set_state(user.id, UserState.AWAITING_CONTACT)

    async def submit_home(self, user: User, text: str) -> tuple[RegistrationRequest, Home]:
        address = parse_home(text)
        if address is None:
            raise DomainError("onboarding.bad_home")
        home = await self.homes.match(address.building, address.unit, address.room)
        if home is None and await self.homes.count() > 0:
            raise DomainError("onboarding.unknown_home", home=address.label)
        if await self.registrations.pending_for(user.id):
            raise DomainError("onboarding.already_pending")
        now = self.clock.now()
        async with self.tx.transaction():
            if home is None:  # no roster imported yet: staff decide alone
                home = await self.homes.ensure(address.building, address.unit, address.room)
            request = await self.registrations.create(user.id, home.id, now)
            await self.users.set_state(user.id, UserState.AWAITING_APPROVAL, now)
            await self.events.record(
                "registration.requested",
                user.id,
                f"registration:{request.id}",
                {"home": home.label},
                now,
            )
        return request, home

    async def attach_staff_message(self, request_id: int, chat_id: int, message_id: int) -> None:
        async with self.tx.transaction():
            await self.registrations.set_staff_message(request_id, chat_id, message_id)

    async def decide(self, actor_id: int, request_id: int, approve: bool) -> Decision:
        require(await self.users.get(actor_id), Role.STAFF)
        request = await self.registrations.get(request_id)
        if request is None:
            raise DomainError("error.stale_button")
        home = found(await self.homes.get(request.home_id), "error.stale_button")
        if request.status is not RequestStatus.PENDING:
            return Decision(request, home, changed=False)
        now = self.clock.now()
        status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        async with self.tx.transaction():
            if not await self.registrations.decide(request.id, status.value, actor_id, now):
                # Someone else decided between our read and our write: theirs stands.
                return Decision(
                    found(await self.registrations.get(request.id), "error.stale_button"),
                    home,
                    changed=False,
                )
            applicant = found(await self.users.get(request.user_id), "error.stale_button")
            if approve:
                await self._bind(applicant, home, "approval", now, actor_id)
            else:
                await self.users.set_state(applicant.id, UserState.AWAITING_HOME, now)
                await self.events.record(
                    "registration.rejected",
                    actor_id,
                    f"user:{applicant.id}",
                    {"home": home.label},
                    now,
                )
        key = "onboarding.approved" if approve else "onboarding.rejected"
        await self.notifier.to_user(
            request.user_id, Note(key, {"home": home.label}, menu="main" if approve else None)
        )
        if approve:
            await self.notifier.refresh_menus(request.user_id)
        return Decision(
            found(await self.registrations.get(request.id), "error.stale_button"),
            home,
            changed=True,
        )

    async def redeem(self, user: User, code: str) -> tuple[str, Home | None]:
        """An invite deep link: a role (staff/manager) or a home. Returns what was granted."""
        owners = code.startswith(MEMBER_INVITE_PREFIX)  # an owner's link: MembershipService
        invite = await self.invites.get(code) if 8 <= len(code) <= 64 and not owners else None
        now = self.clock.now()
        if invite is None or not invite.usable(now):
            raise DomainError("invite.invalid")
        async with self.tx.transaction():
            if not await self.invites.mark_used(code, user.id, now):
                raise DomainError("invite.invalid")  # claimed by someone else a moment ago
            if invite.role is not None:
                if not user.has_role(invite.role):
                    await self.users.set_role(user.id, invite.role, now)
                await self.users.set_state(user.id, None, now)
                await self.events.record(
                    "role.invited",
                    invite.created_by,
                    f"user:{user.id}",
                    {"role": invite.role.value},
                    now,
                )
                home = None
            else:
                home_id = found(invite.home_id, "invite.invalid")  # (a role or a home)
                home = found(await self.homes.get(home_id), "invite.invalid")
                await self._bind(user, home, "invite", now, invite.created_by)
        await self.notifier.refresh_menus(user.id)
        now_user = found(await self.users.get(user.id), "invite.invalid")
        return found(now_user.role, "invite.invalid").value, home  # (bound: a role at least)

    async def _bind(
        self, user: User, home: Home, how: str, now: datetime, actor_id: int | None = None
    ) -> None:
        await self.users.set_home(user.id, home.id, now)
        await self.registrations.withdraw_pending(user.id, now)  # bound another way: close it
        if user.role is None:
            await self.users.set_role(user.id, Role.RESIDENT, now)
        await self.users.set_state(user.id, None, now)
        await self.events.record(
            "registration.bound",
            actor_id or user.id,
            f"user:{user.id}",
            {"home": home.label, "how": how},
            now,
        )

    async def _set_state(self, user_id: int, state: UserState | None) -> None:
        async with self.tx.transaction():
            await self.users.set_state(user_id, state, self.clock.now())

    async def _phone(self, user_id: int) -> str | None:
        return await self.users.phone_of(user_id)
