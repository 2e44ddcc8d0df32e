"""Residents' lifecycle: the roster re-import that detaches old owners, moving out, staff
editing who lives where (issue 16). The roster is the source of truth for owners."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from bot.domain.errors import DomainError, NotFound
from bot.domain.people.lifecycle import (
    DetachReason,
    HomeChange,
    Member,
    MemberRole,
    RosterPlan,
    RosterRow,
    plan_home,
)
from bot.domain.people.model import Home, Role, format_home, parse_home
from bot.services.people.core import PeopleCore
from bot.services.people.directory import require
from bot.services.people.lifecycle_ports import LifecycleStore
from bot.services.people.roster import parse_roster
from bot.services.ports import (
    KeyValue,
    Note,
)

UPLOAD_KEY = "roster_upload:"


@dataclass(frozen=True)
class HomeView:
    home: Home
    members: list[Member]


@dataclass(kw_only=True, eq=False)
class LifecycleService(PeopleCore):
    lifecycle: LifecycleStore
    kv: KeyValue

    # ---- a roster sent in chat: preview, then Apply / Apply and hold / Cancel -------------

    async def stage_upload(self, actor_id: int, text: str) -> tuple[str, RosterPlan]:
        """Keep the manager's file until they choose; the token names this very file, so a
        button under an older preview cannot apply a newer upload (or the other way)."""
        require(await self.users.get(actor_id), Role.MANAGER)
        plan = await self.plan_import(text)
        token = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        async with self.tx.transaction():
            await self.kv.put(f"{UPLOAD_KEY}{actor_id}", json.dumps([token, text]))
        return token, plan

    async def apply_upload(self, actor_id: int, token: str, *, hold: bool) -> RosterPlan:
        text = await self._staged(actor_id, token)
        plan = await self.apply_import(actor_id, text, hold=hold)
        async with self.tx.transaction():
            await self.kv.put(f"{UPLOAD_KEY}{actor_id}", "[]")
        return plan

    async def cancel_upload(self, actor_id: int, token: str) -> None:
        await self._staged(actor_id, token)
        async with self.tx.transaction():
            await self.kv.put(f"{UPLOAD_KEY}{actor_id}", "[]")

    async def _staged(self, actor_id: int, token: str) -> str:
        require(await self.users.get(actor_id), Role.MANAGER)
        stored = json.loads(await self.kv.get(f"{UPLOAD_KEY}{actor_id}") or "[]")
        if len(stored) != 2 or stored[0] != token:
            raise DomainError("error.stale_button")
        return str(stored[1])

    # ---- the roster ------------------------------------------------------------------------

    async def plan_import(self, text: str) -> RosterPlan:
        """What applying `text` would change; nothing is written."""
        rows, errors = parse_roster(text)
        plan = RosterPlan(rows=rows, errors=errors)
        by_home: dict[tuple[str, str, str], list[RosterRow]] = defaultdict(list)
        for row in rows:
            by_home[row.key].append(row)
        for key, home_rows in by_home.items():
            change = plan_home(format_home(*key), home_rows, await self.lifecycle.home_now(*key))
            if change is None:
                plan.unchanged += 1
            else:
                plan.changes.append(change)
        return plan

    async def apply_import(self, actor_id: int | None, text: str, *, hold: bool) -> RosterPlan:
        """Apply the roster (re-planned now, so a stale preview cannot apply old facts):
        upsert every line, drop the phones a home's new lines no longer name, and detach the
        people those owners brought, or hold them for staff review."""
        if actor_id is not None:  # None: the command line, run by whoever holds the server
            require(await self.users.get(actor_id), Role.MANAGER)
        plan = await self.plan_import(text)
        now = self.clock.now()
        detached: list[tuple[Member, str]] = []
        async with self.tx.transaction():
            for row in plan.rows:
                home = await self.homes.ensure(row.building, row.unit, row.room)
                if row.area_m2 is not None:
                    await self.homes.set_area(home.id, row.area_m2)
                if await self.homes.upsert_roster(home.id, row.name, row.phone, now):
                    plan.added += 1
                else:
                    plan.updated += 1
            for change in plan.owner_changes:
                home = await self.homes.ensure(*change.key)
                await self.lifecycle.remove_roster_phones(home.id, change.removed_phones)
                for member in change.mismatched:
                    if hold:
                        await self.lifecycle.set_held(member.user_id, home.id, now)
                        await self._log("membership.held", actor_id, member, change.label)
                    else:
                        await self._detach(member, DetachReason.ROSTER, actor_id, change.label)
                        detached.append((member, change.label))
            await self.events.record(
                "roster.imported",
                actor_id,
                "roster",
                {"homes": len(plan.changes) + plan.unchanged, "changed": len(plan.changes)},
                now,
            )
        for member, label in detached:
            await self._tell_detached(member.user_id, "lifecycle.detached_roster", label)
        return plan

    # ---- leaving ---------------------------------------------------------------------------

    async def move_out(self, user_id: int) -> Home:
        """The resident says they moved out: unbind, keep the history, tell the others."""
        member = await self.lifecycle.member(user_id)
        if member is None:
            raise DomainError("lifecycle.no_home")
        home = await self._home(member.home_id)
        async with self.tx.transaction():
            await self._detach(member, DetachReason.MOVED_OUT, user_id, home.label)
        await self.notifier.refresh_menus(user_id)
        await self._tell_remaining(home, "lifecycle.member_left", member.name)
        return home

    async def vacate(self, actor_id: int, home_text: str) -> tuple[Home, int]:
        """Staff mark a home vacated: everyone bound there is detached."""
        view = await self.home_view(actor_id, home_text)
        async with self.tx.transaction():
            for member in view.members:
                await self._detach(member, DetachReason.VACATED, actor_id, view.home.label)
        for member in view.members:
            await self._tell_detached(member.user_id, "lifecycle.detached_vacated", view.home.label)
        return view.home, len(view.members)

    async def _member_for_staff(self, actor_id: int, user_id: int) -> tuple[Member, Home]:
        """Staff act on a member: the role check, then the member and their home."""
        require(await self.users.get(actor_id), Role.STAFF)
        member = await self.lifecycle.member(user_id)
        if member is None:
            raise NotFound("lifecycle.not_member")
        return member, await self._home(member.home_id)

    async def remove_member(self, actor_id: int, user_id: int) -> Home:
        member, home = await self._member_for_staff(actor_id, user_id)
        async with self.tx.transaction():
            await self._detach(member, DetachReason.REMOVED, actor_id, home.label)
        await self._tell_detached(user_id, "lifecycle.detached_staff", home.label)
        await self._tell_remaining(home, "lifecycle.member_left", member.name)
        return home

    async def set_role(self, actor_id: int, user_id: int, role: MemberRole) -> Home:
        member, home = await self._member_for_staff(actor_id, user_id)
        async with self.tx.transaction():
            await self.lifecycle.set_member(user_id, member.home_id, role, self.clock.now())
            await self._log("membership.role", actor_id, member, home.label, role=role.value)
        return home

    # ---- seeing who lives where --------------------------------------------------------------

    async def home_view(self, actor_id: int, home_text: str) -> HomeView:
        require(await self.users.get(actor_id), Role.STAFF)
        address = parse_home(home_text)
        if address is None:
            raise DomainError("onboarding.bad_home")
        home = await self.homes.match(address.building, address.unit, address.room)
        if home is None:
            raise NotFound("lifecycle.unknown_home", home=address.label)
        async with self.tx.transaction():  # staff looking at who lives where: audited
            await self.events.record(
                "privacy.home_viewed", actor_id, f"home:{home.id}", {}, self.clock.now()
            )
        return HomeView(home, await self.lifecycle.members(home.id))

    async def my_membership(self, user_id: int) -> Member | None:
        return await self.lifecycle.member(user_id)

    # ---- helpers ---------------------------------------------------------------------------

    async def _detach(
        self, member: Member, reason: DetachReason, actor_id: int | None, label: str
    ) -> None:
        await self.lifecycle.detach(member.user_id, self.clock.now())
        await self._log("membership.detached", actor_id, member, label, reason=reason.value)

    async def _log(
        self, kind: str, actor_id: int | None, member: Member, label: str, **data: str
    ) -> None:
        await self.events.record(
            kind,
            actor_id,
            f"user:{member.user_id}",
            {"home": label, "role": member.role.value, **data},
            self.clock.now(),
        )

    async def _tell_detached(self, user_id: int, key: str, label: str) -> None:
        await self.notifier.to_user(user_id, Note(key, {"home": label}, menu="main"))
        await self.notifier.refresh_menus(user_id)

    async def _tell_remaining(self, home: Home, key: str, name: str) -> None:
        for other in await self.lifecycle.members(home.id):
            await self.notifier.to_user(
                other.user_id, Note(key, {"home": home.label, "name": name})
            )

    async def _home(self, home_id: int) -> Home:
        home = await self.homes.get(home_id)
        if home is None:
            raise NotFound("lifecycle.no_home")
        return home


def summary(plan: RosterPlan) -> dict[str, int]:
    """Counts for the plan's headline (the details are listed line by line)."""
    return {
        "new_homes": len(plan.new_homes),
        "new_owners": len(plan.new_owners),
        "owner_changes": len(plan.owner_changes),
        "detach": len(plan.to_detach),
        "unchanged": plan.unchanged,
        "errors": len(plan.errors),
    }


__all__ = ["HomeChange", "HomeView", "LifecycleService", "summary"]
