"""The pass form: a resident (or staff for a home) fills it step by step; every answer is
saved at once, so a restart resumes it; submitting posts the review card to the staff group."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.passes.form import (
    is_skip,
    parse_items,
    parse_plate,
    parse_visitor,
    parse_window,
)
from bot.domain.passes.model import (
    STEPS,
    TOKEN_BYTES,
    GatePass,
    PassKind,
    PassState,
    Step,
    check_transition,
    next_step,
)
from bot.domain.people.model import Role, User, parse_home
from bot.services.awaiting import Awaiting
from bot.services.passes.ports import PassStore, StaffChat
from bot.services.ports import Clock, HomeRepository, OutboxRepository, Transactions, UserRepository

# A form untouched this long no longer claims typed text (a resident who walked away from
# /pass and later writes about a leaking pipe files a request); /pass still resumes it.
DRAFT_TTL = timedelta(hours=2)


def window_label(found: GatePass, tz: ZoneInfo) -> str:
    if found.starts_at is None or found.ends_at is None:
        return "-"
    start, end = found.starts_at.astimezone(tz), found.ends_at.astimezone(tz)
    return (
        f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
        if end.date() == start.date()
        else (f"{start:%Y-%m-%d %H:%M}–{end:%m-%d %H:%M}")
    )


def items_label(found: GatePass) -> str:
    return "\n".join(f"• {item.name} × {item.quantity}" for item in found.items)


class PassForm:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: PassStore,
        users: UserRepository,
        homes: HomeRepository,
        outbox: OutboxRepository,
        staff_chat: StaffChat,
        tz: ZoneInfo,
    ) -> None:
        self.tx, self.clock, self.store, self.users = tx, clock, store, users
        self.homes, self.outbox, self.staff_chat, self.tz = homes, outbox, staff_chat, tz
        self._awaiting = Awaiting(clock, DRAFT_TTL)

    async def load(self) -> None:
        """People in the middle of the form, from the database (at start-up)."""
        self._awaiting.reset(await self.store.drafts_awaiting())

    def awaits_input(self, user_id: int) -> bool:
        return user_id in self._awaiting

    # ---- starting ----
    async def start(self, actor: User, kind: PassKind, home_id: int | None = None) -> GatePass:
        """A new draft (or the one already open: the form resumes where it was)."""
        current = await self.store.draft_of(actor.id)
        if current is not None:
            self._awaiting.mark(actor.id)
            return current
        if home_id is not None:
            if not actor.is_staff:
                raise PermissionDenied()
            if await self.homes.get(home_id) is None:
                raise DomainError("passes.no_home")
        elif actor.home_id is None:
            raise DomainError("passes.residents_only")
        home = home_id if home_id is not None else actor.home_id
        now = self.clock.now()
        draft = GatePass(
            id=0,
            kind=kind,
            state=PassState.DRAFT,
            step=STEPS[kind][0],
            home_id=home,
            owner_id=actor.id,
            token=secrets.token_hex(TOKEN_BYTES),
            created_at=now,
        )
        async with self.tx.transaction():
            pass_id = await self.store.create(draft, actor.id, now)
        self._awaiting.mark(actor.id, now)
        return replace(draft, id=pass_id)

    async def find_home(self, actor: User, text: str) -> int:
        """The home named in `/pass_for 3-2-1102` (staff only)."""
        if not actor.is_staff:
            raise PermissionDenied()
        address = parse_home(text)
        home = (
            await self.homes.match(address.building, address.unit, address.room)
            if address
            else None
        )
        if home is None:
            raise DomainError("passes.no_home")
        return home.id

    async def home_label(self, home_id: int | None) -> str:
        home = await self.homes.get(home_id) if home_id is not None else None
        return home.label if home else "-"

    async def current(self, actor: User) -> GatePass | None:
        """The draft being filled in (shown again by /pass: it claims typed text again)."""
        draft = await self.store.draft_of(actor.id)
        if draft is not None:
            self._awaiting.mark(actor.id)
        return draft

    async def _draft(self, actor: User, pass_id: int | None = None) -> GatePass:
        draft = await self.store.draft_of(actor.id)
        if draft is None or (pass_id is not None and draft.id != pass_id):
            self._awaiting.drop(actor.id)
            raise DomainError("passes.no_draft")
        return draft

    async def _save(self, draft: GatePass) -> GatePass:
        now = self.clock.now()
        async with self.tx.transaction():
            if not await self.store.save_draft(draft, now):
                raise DomainError("passes.no_draft")
        self._awaiting.mark(draft.owner_id, now)
        return draft

    # ---- answering ----
    async def typed(self, actor: User, text: str) -> GatePass:
        """The answer to the draft's current step; bad input raises and changes nothing."""
        draft = await self._draft(actor)
        step, kind = draft.step, draft.kind
        if step is Step.ITEMS:
            draft = replace(draft, items=parse_items(text))
        elif step is Step.NAME:
            draft = replace(draft, visitor=parse_visitor(text))
        elif step is Step.PLATE:
            draft = replace(draft, plate=parse_plate(text))
        elif step is Step.WINDOW:
            start, end = parse_window(text, self.clock.now(), self.tz)
            draft = replace(draft, starts_at=start, ends_at=end)
        elif step is Step.PHOTO:
            if not is_skip(text):
                raise DomainError("passes.photo_or_skip")
        else:
            raise DomainError("passes.use_buttons")
        return await self._save(replace(draft, step=next_step(kind, step)))

    async def photo(self, actor: User, file_id: str) -> GatePass:
        draft = await self._draft(actor)
        if draft.step is not Step.PHOTO:
            raise DomainError("passes.photo_not_now")
        return await self._save(replace(draft, photo=file_id, step=Step.CONFIRM))

    async def skip(self, actor: User, pass_id: int) -> GatePass:
        """The "skip" button of the optional steps (plate, photo)."""
        draft = await self._draft(actor, pass_id)
        if draft.step not in (Step.PLATE, Step.PHOTO):
            raise DomainError("error.stale_button")
        return await self._save(replace(draft, step=next_step(draft.kind, draft.step)))

    # ---- finishing ----
    async def submit(self, actor: User, pass_id: int) -> GatePass:
        """The confirmed draft goes to staff review (the card in the staff group)."""
        draft = await self._draft(actor, pass_id)
        if draft.step is not Step.CONFIRM:
            raise DomainError("error.stale_button")
        now = self.clock.now()
        if draft.ends_at is None or draft.ends_at <= now:
            await self._save(replace(draft, step=Step.WINDOW))
            raise DomainError("passes.window_past")
        check_transition(draft.state, PassState.SUBMITTED)
        async with self.tx.transaction():
            if not await self.store.transition(
                draft.id, PassState.DRAFT, PassState.SUBMITTED, actor.id, now
            ):
                raise DomainError("passes.no_draft")
            await self._review_card(draft, actor, now)
        self._awaiting.drop(actor.id)
        return replace(draft, state=PassState.SUBMITTED)

    async def _review_card(self, draft: GatePass, actor: User, now: datetime) -> None:
        params = {
            "id": draft.id,
            "home": await self.home_label(draft.home_id),
            "name": actor.first_name,
            "items": items_label(draft),
            "visitor": draft.visitor,
            "plate": draft.plate or "-",
            "window": window_label(draft, self.tz),
        }
        extra: dict[str, object] = {"buttons": "pass_review", "pass": draft.id}
        if draft.photo:
            extra["photo"] = draft.photo
        key = f"passes.review_{draft.kind.value}"
        chat = await self.staff_chat()
        readers = (
            [chat]
            if chat is not None
            else [m.id for m in await self.users.with_roles((Role.MANAGER,))]
        )
        for reader in readers:
            await self.outbox.enqueue(reader, key, params, extra, now, now)

    async def cancel(self, actor: User) -> bool:
        """/cancel in the middle of the form: the draft is cancelled (audited)."""
        draft = await self.store.draft_of(actor.id)
        self._awaiting.drop(actor.id)
        if draft is None:
            return False
        async with self.tx.transaction():
            return await self.store.transition(
                draft.id, PassState.DRAFT, PassState.CANCELLED, actor.id, self.clock.now(), "form"
            )
