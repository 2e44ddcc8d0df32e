"""The office's side of gate passes: staff review, the guard at the gate (open a scanned
payload, mark the pass used once), the owner's own list, and the managers' guard list.

Guards are a duty, not a role: a manager puts anyone on it (`gate_guards`), and it lets
them verify passes and nothing else. Staff and managers may verify too."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.passes.model import (
    GatePass,
    PassState,
    check_transition,
    effective_state,
    parse_payload,
    token_matches,
    usable,
)
from bot.domain.people.model import Role, User
from bot.services.passes.form import items_label, window_label
from bot.services.passes.ports import PassStore
from bot.services.people.directory import require
from bot.services.ports import Clock, HomeRepository, OutboxRepository, Transactions, UserRepository

REASONS = ("incomplete", "time", "desk", "other")  # a reviewer's reasons for "reject"


@dataclass(frozen=True)
class PassView:
    """A pass as one person may see it now."""

    found: GatePass
    state: PassState  # effective: an approved pass past its window is expired
    home: str
    owner: str
    items: str
    window: str
    verifier: bool  # a guard (or staff): may mark it used
    used_by: str = ""
    used_at: str = ""

    @property
    def can_mark(self) -> bool:
        return self.verifier and self.state is PassState.APPROVED


class PassDesk:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: PassStore,
        users: UserRepository,
        homes: HomeRepository,
        outbox: OutboxRepository,
        tz: ZoneInfo,
    ) -> None:
        self.tx, self.clock, self.store, self.users = tx, clock, store, users
        self.homes, self.outbox, self.tz = homes, outbox, tz

    async def is_verifier(self, actor: User | None) -> bool:
        return actor is not None and (actor.is_staff or await self.store.is_guard(actor.id))

    async def _name(self, user_id: int | None) -> str:
        user = await self.users.get(user_id) if user_id is not None else None
        return user.first_name if user else str(user_id or "-")

    async def view(self, found: GatePass, verifier: bool) -> PassView:
        home = await self.homes.get(found.home_id) if found.home_id is not None else None
        used_at = found.used_at.astimezone(self.tz).strftime("%H:%M") if found.used_at else ""
        return PassView(
            found,
            effective_state(found, self.clock.now()),
            home.label if home else "-",
            await self._name(found.owner_id),
            items_label(found),
            window_label(found, self.tz),
            verifier,
            await self._name(found.used_by) if found.used_by else "",
            used_at,
        )

    async def _record_expiry(self, found: GatePass, now: datetime) -> GatePass:
        """The clock's transition, recorded the first time somebody meets it."""
        if (
            effective_state(found, now) is PassState.EXPIRED
            and found.state is not PassState.EXPIRED
        ):
            async with self.tx.transaction():
                await self.store.transition(found.id, found.state, PassState.EXPIRED, None, now)
            return replace(found, state=PassState.EXPIRED)
        return found

    # ---- the gate ----
    async def open(self, actor: User | None, payload: str) -> PassView:
        """A scanned QR payload: guards and staff see the pass (and may mark it used), its
        owner sees it read-only, anybody else is refused. A forged payload: not found."""
        parsed = parse_payload(payload)
        found = await self.store.get(parsed[0]) if parsed else None
        if found is None or parsed is None or not token_matches(found.token, parsed[1]):
            raise DomainError("passes.not_found")
        if found.state is PassState.DRAFT:
            raise DomainError("passes.not_found")
        verifier = await self.is_verifier(actor)
        if not verifier and (actor is None or actor.id != found.owner_id):
            raise PermissionDenied("passes.not_yours")
        found = await self._record_expiry(found, self.clock.now())
        return await self.view(found, verifier)

    async def own(self, actor: User, pass_id: int) -> PassView:
        """The owner's own pass (from /passes): never anybody else's."""
        found = await self.store.get(pass_id)
        if found is None or found.owner_id != actor.id or found.state is PassState.DRAFT:
            raise DomainError("passes.not_found")
        return await self.view(found, False)

    async def mark_used(self, actor: User | None, pass_id: int, token: str) -> PassView:
        """放行: one atomic conditional UPDATE; the loser of a race, a replay, an expired or
        not-yet-valid pass get a clear refusal naming what happened."""
        if actor is None or not await self.is_verifier(actor):
            raise PermissionDenied()
        found = await self.store.get(pass_id)
        if found is None or not token_matches(found.token, token):
            raise DomainError("passes.not_found")
        now = self.clock.now()
        async with self.tx.transaction():
            done = usable(found, now) and await self.store.mark_used(pass_id, actor.id, now)
        if done:
            return await self.view(
                replace(found, state=PassState.USED, used_by=actor.id, used_at=now), True
            )
        return await self._refusal(found, now)

    async def _refusal(self, found: GatePass, now: datetime) -> PassView:
        found = await self._record_expiry(await self.store.get(found.id) or found, now)
        view = await self.view(found, True)
        if found.state is PassState.USED:
            raise DomainError("passes.already_used", who=view.used_by, at=view.used_at)
        if view.state is PassState.EXPIRED:
            raise DomainError("passes.expired", window=view.window)
        if found.state is PassState.APPROVED:
            raise DomainError("passes.not_yet", window=view.window)
        raise DomainError(f"passes.refused_{found.state.value}")

    # ---- staff review ----
    async def review(
        self, actor: User | None, pass_id: int, approve: bool, reason: int = 0
    ) -> PassView:
        actor = require(actor, Role.STAFF)
        found = await self.store.get(pass_id)
        if found is None or found.state is PassState.DRAFT:
            raise DomainError("passes.not_found")
        now = self.clock.now()
        if found.state is not PassState.SUBMITTED:
            raise DomainError("passes.already_reviewed", id=pass_id)
        new = PassState.APPROVED if approve else PassState.REJECTED
        if effective_state(found, now) is PassState.EXPIRED:
            await self._record_expiry(found, now)
            raise DomainError("passes.window_past")
        check_transition(found.state, new)
        code = "" if approve else REASONS[reason if 0 <= reason < len(REASONS) else -1]
        async with self.tx.transaction():
            if not await self.store.transition(pass_id, found.state, new, actor.id, now, code):
                raise DomainError("passes.already_reviewed", id=pass_id)
            await self._tell_owner(found, approve, code, now)
        return await self.view(replace(found, state=new, decided_by=actor.id, reason=code), True)

    async def _tell_owner(self, found: GatePass, approve: bool, code: str, now: datetime) -> None:
        params = {"id": found.id, "window": window_label(found, self.tz)}
        if approve:
            extra = {"content": "gate_pass", "pass": found.id}
            await self.outbox.enqueue(found.owner_id, "passes.approved", params, extra, now, now)
        else:
            key = f"passes.rejected.{code}"
            await self.outbox.enqueue(found.owner_id, key, params, {}, now, now)

    # ---- the owner ----
    async def mine(self, actor: User) -> list[PassView]:
        return [await self.view(p, False) for p in await self.store.of_owner(actor.id)]

    async def cancel(self, actor: User, pass_id: int) -> PassView:
        """The owner withdraws a pass before it is used."""
        found = await self.store.get(pass_id)
        if found is None or found.owner_id != actor.id:
            raise DomainError("passes.not_found")
        now = self.clock.now()
        found = await self._record_expiry(found, now)
        if found.state not in (PassState.SUBMITTED, PassState.APPROVED):
            raise DomainError(f"passes.refused_{found.state.value}")
        async with self.tx.transaction():
            if not await self.store.transition(
                pass_id, found.state, PassState.CANCELLED, actor.id, now, "owner"
            ):
                raise DomainError("error.stale_button")
        return await self.view(replace(found, state=PassState.CANCELLED), False)

    # ---- managers: who is on gate duty ----
    async def _person(self, who: str) -> tuple[int, str]:
        who = who.strip()
        if who.isdigit() and len(who) <= 15:
            return int(who), await self._name(int(who))
        user = await self.users.find_by_username(who.lstrip("@")) if who else None
        if user is None:
            raise DomainError("passes.guard_unknown")
        return user.id, user.first_name

    async def add_guard(self, actor: User | None, who: str) -> tuple[str, bool]:
        """(name, newly added): `who` is a Telegram id or @username."""
        manager = require(actor, Role.MANAGER)
        user_id, name = await self._person(who)
        now = self.clock.now()
        async with self.tx.transaction():
            added = await self.store.add_guard(user_id, manager.id, now)
            if added:  # the guard learns what they may do now (in their own language)
                await self.outbox.enqueue(user_id, "passes.guard_welcome", {}, {}, now, now)
            return name, added

    async def remove_guard(self, actor: User | None, who: str) -> tuple[str, bool]:
        require(actor, Role.MANAGER)
        user_id, name = await self._person(who)
        now = self.clock.now()
        async with self.tx.transaction():
            removed = await self.store.remove_guard(user_id)
            if removed:
                await self.outbox.enqueue(user_id, "passes.guard_farewell", {}, {}, now, now)
            return name, removed

    async def guards(self, actor: User | None) -> list[tuple[int, str]]:
        require(actor, Role.MANAGER)
        return [(g, await self._name(g)) for g in await self.store.guards()]
