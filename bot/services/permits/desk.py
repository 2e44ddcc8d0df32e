"""Renovation permits after submission: staff review (approve, reject with a reason, ask for
more), progress (started, ready for inspection), the inspection (passed / failed with notes
and photos), extensions, the resident's cancel and the noisy-work notice to neighbours.

Every move goes through the domain's transition check and a compare-and-set on the stored
status, writes its audit row and the outbox rows (resident, staff group) in one transaction:
a replayed, stale or forged press is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.messaging.outbox import BULK
from bot.domain.people.model import Role, User
from bot.domain.permits.form import parse_date
from bot.domain.permits.model import (
    EXTEND,
    OPEN,
    RESIDENT_MOVES,
    STAFF_MOVES,
    Permit,
    PermitEvent,
    PermitFile,
    PermitStatus,
    check_transition,
    new_end,
)
from bot.services.people.directory import require
from bot.services.permits.ports import PermitStore
from bot.services.ports import Clock, KeyValue, OutboxRepository, OutboxWakeup, Transactions

S = PermitStatus
NEIGHBOURS_KEY = "permits.neighbours"  # "off": managers turned the noisy-work notice off
# What the resident is told after each staff move (none: nothing to tell).
TOLD = {
    S.MORE_INFO: "permits.told_more",
    S.APPROVED: "permits.told_approved",
    S.REJECTED: "permits.told_rejected",
    S.IN_PROGRESS: "permits.told_started",
    S.AWAITING_INSPECTION: "permits.told_ready",
    S.PASSED: "permits.told_passed",
    S.FAILED: "permits.told_failed",
}


@dataclass(frozen=True)
class Move:
    """A move as the caller asks for it; the desk checks who may make it."""

    permit_id: int
    new: PermitStatus
    note: str = ""
    files: tuple[PermitFile, ...] = ()


class PermitDesk:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: PermitStore,
        outbox: OutboxRepository,
        wakeup: OutboxWakeup,
        kv: KeyValue,
        staff_chat: Callable[[], Awaitable[int | None]],
        tz: ZoneInfo,
    ) -> None:
        self.tx, self.clock, self.store, self.outbox = tx, clock, store, outbox
        self.wakeup, self.kv, self.staff_chat, self.tz = wakeup, kv, staff_chat, tz

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    # ---- reading --------------------------------------------------------------------------
    async def view(self, actor: User | None, permit_id: int) -> Permit:
        """A permit for its resident or for staff; anyone else: not found (no probing)."""
        permit = await self.store.get(permit_id)
        if actor is None or not actor.is_registered:
            raise PermissionDenied("error.not_registered")
        if permit is None or not (actor.is_staff or permit.resident_id == actor.id):
            raise NotFound("permits.not_found", id=permit_id)
        return permit

    async def listing(self, actor: User | None) -> list[Permit]:
        """Residents: their own permits; staff: those waiting for review, then the running."""
        if actor is None or not actor.is_registered:
            raise PermissionDenied("error.not_registered")
        if actor.is_staff:
            return await self.store.with_status(OPEN, limit=30)
        return await self.store.mine(actor.id)

    async def history(self, actor: User | None, permit_id: int) -> list[PermitEvent]:
        await self.view(require(actor, Role.STAFF), permit_id)
        return await self.store.events(permit_id)

    async def card_permit(self, permit_id: int) -> Permit | None:
        """The permit as the staff card shows it when the outbox sends the card."""
        return await self.store.get(permit_id)

    # ---- moving ---------------------------------------------------------------------------
    async def move(self, actor: User | None, move: Move) -> Permit:
        """One transition, by whoever may make it, audited, the people concerned told."""
        permit = await self.view(actor, move.permit_id)
        assert actor is not None
        if move.new in STAFF_MOVES:
            require(actor, Role.STAFF)
        elif move.new not in RESIDENT_MOVES or permit.resident_id != actor.id:
            raise PermissionDenied()
        check_transition(permit.status, move.new)
        now = self.clock.now()
        async with self.tx.transaction():
            if not await self.store.move(permit.id, permit.status, move.new, move.note, now):
                raise DomainError("permits.changed")  # two presses at once: the other won
            event = PermitEvent(
                permit.id, now, actor.id, permit.status, move.new, move.note, move.files
            )
            await self.store.add_event(event)
            if move.files:
                await self.store.add_files(permit.id, move.files)
            await self._announce(permit, move)
        self.wakeup.wake()
        return await self.view(actor, permit.id)

    async def _announce(self, permit: Permit, move: Move) -> None:
        now = self.clock.now()
        params = {"id": permit.id, "note": move.note, "home": permit.home_label}
        key = TOLD.get(move.new)
        if key is not None:
            extra = {"buttons": "permit_resident"} if move.new in (S.MORE_INFO, S.APPROVED) else {}
            await self.outbox.enqueue(permit.resident_id, key, params, extra, now, now)
        await self.post_card(permit.id)

    async def post_card(self, permit_id: int) -> None:
        """The permit's card (as it is when sent) in the staff group, through the outbox."""
        chat = await self.staff_chat()
        if chat is not None:
            now = self.clock.now()
            params = {"id": permit_id}
            await self.outbox.enqueue(chat, "permits.card", params, {"content": "permit"}, now, now)

    async def extend(self, actor: User | None, permit_id: int, text: str) -> Permit:
        """Staff record a later end date; the resident is told, the card re-posted."""
        staff = require(actor, Role.STAFF)
        permit = await self.view(staff, permit_id)
        day = parse_date(text)
        if day is None:
            raise DomainError("permits.bad_date")
        ends_on = new_end(permit, day, self.today())
        now = self.clock.now()
        async with self.tx.transaction():
            await self.store.set_end(permit.id, ends_on, now)
            note = f"{permit.ends_on.isoformat()} → {ends_on.isoformat()}"
            event = PermitEvent(permit.id, now, staff.id, permit.status, EXTEND, note)
            await self.store.add_event(event)
            params = {"id": permit.id, "end": ends_on.isoformat()}
            await self.outbox.enqueue(
                permit.resident_id, "permits.told_extended", params, {}, now, now
            )
            await self.post_card(permit.id)
        self.wakeup.wake()
        return await self.view(staff, permit.id)

    # ---- neighbours -----------------------------------------------------------------------
    async def neighbours_enabled(self) -> bool:
        return (await self.kv.get(NEIGHBOURS_KEY)) != "off"

    async def set_neighbours(self, actor: User | None, enabled: bool) -> bool:
        """Managers turn the noisy-work notice on or off for the estate."""
        require(actor, Role.MANAGER)
        async with self.tx.transaction():
            await self.kv.put(NEIGHBOURS_KEY, "on" if enabled else "off")
        return enabled

    async def notify_neighbours(self, actor: User | None, permit_id: int) -> int:
        """The other homes of the same building and unit hear of the works' dates, once."""
        permit = await self.view(actor, permit_id)
        if not await self.neighbours_enabled():
            raise DomainError("permits.neighbours_off")
        if permit.status not in (S.APPROVED, S.IN_PROGRESS):
            raise DomainError("permits.neighbours_when")
        now = self.clock.now()
        async with self.tx.transaction():
            if not await self.store.mark_notified(permit.id, now):
                raise DomainError("permits.neighbours_done")
            recipients = await self.store.neighbours(permit)
            params = {
                "home": permit.home_label,
                "start": permit.starts_on.isoformat(),
                "end": permit.ends_on.isoformat(),
            }
            for user_id in recipients:
                await self.outbox.enqueue(
                    user_id, "permits.neighbour_notice", params, {}, now, now, priority=BULK
                )
            note = f"neighbours: {len(recipients)}"
            assert actor is not None
            await self.store.add_event(
                PermitEvent(permit.id, now, actor.id, permit.status, "notify", note)
            )
        self.wakeup.wake()
        return len(recipients)
