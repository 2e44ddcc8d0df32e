"""The equipment ledger: import/export, an item's card with its history, maintenance records,
tickets linked to items, and the daily warranty / maintenance alerts (each exactly once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError, NotFound
from bot.domain.operations.equipment import (
    CODE,
    TRANSITIONS,
    Item,
    ItemState,
    RowError,
    due_alerts,
    parse_row,
)
from bot.domain.people.model import Role, User
from bot.domain.tickets.model import Kind
from bot.services.operations.ledger_files import read_ledger, write_ledger
from bot.services.operations.ports import EquipmentStore, RoundStore
from bot.services.people.directory import require
from bot.services.ports import Clock, EventLog, OutboxRepository, Transactions, UserRepository
from bot.services.tickets.intake import IntakeService

MAX_NOTE = 500
EVER = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    errors: tuple[RowError, ...]


@dataclass(frozen=True)
class ItemCard:
    item: Item
    maintenance: list[tuple[datetime, str]]
    tickets: list[tuple[int, str, str]]  # (id, status, description)
    findings: list[tuple[str, str, int | None]]  # abnormal inspection findings at its points


def _allowed(state: ItemState) -> frozenset[ItemState]:
    return TRANSITIONS[state] | {state}


class EquipmentService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: EquipmentStore,
        rounds: RoundStore,
        users: UserRepository,
        events: EventLog,
        outbox: OutboxRepository,
        tz: ZoneInfo,
    ) -> None:
        self.tx, self.clock, self.store, self.rounds = tx, clock, store, rounds
        self.users, self.events, self.outbox, self.tz = users, events, outbox, tz

    async def import_file(self, actor_id: int | None, data: bytes, filename: str) -> ImportReport:
        """Every row validated first (a state change must be a legal transition: a scrapped
        item stays scrapped); nothing is written unless the whole file is valid. Each state
        change is recorded as an event."""
        items: list[tuple[Item, Item | None]] = []
        errors: list[RowError] = []
        seen: set[str] = set()
        for line, cells in read_ledger(data, filename):
            item, problems = parse_row(line, cells)
            if item is not None and item.code in seen:
                problems = [RowError(line, "code", "equipment.err_duplicate")]
            old = await self.store.get(item.code) if item is not None and not problems else None
            if item is not None and old is not None and item.state not in _allowed(old.state):
                problems = [RowError(line, "state", "equipment.err_transition")]
            errors += problems
            if item is not None and not problems:
                seen.add(item.code)
                items.append((item, old))
        if errors:
            return ImportReport(0, 0, tuple(errors))
        added = 0
        now = self.clock.now()
        async with self.tx.transaction():
            for item, old in items:
                added += await self.store.upsert(item)
                if old is not None and old.state is not item.state:
                    change = {"from": old.state.value, "to": item.state.value}
                    await self.events.record("equipment.state", actor_id, item.code, change, now)
            await self.events.record(
                "equipment.imported", actor_id, None, {"rows": len(items), "added": added}, now
            )
        return ImportReport(added, len(items) - added, ())

    async def count(self) -> int:
        return len(await self.store.all())

    async def export_file(self, filename: str) -> bytes:
        return write_ledger(await self.store.all(), filename)

    async def item(self, code: str) -> Item:
        if not CODE.match(code or ""):
            raise NotFound("equipment.not_found", code=(code or "")[:32])
        item = await self.store.get(code)
        if item is None:
            raise NotFound("equipment.not_found", code=code[:32])
        return item

    async def card(self, actor: User | None, code: str) -> ItemCard:
        require(actor, Role.STAFF)
        item = await self.item(code)
        findings = [f for f in await self.rounds.findings(EVER) if f[1] == item.code]
        return ItemCard(
            item,
            await self.store.maintenance(item.id),
            await self.store.tickets(item.id),
            findings[-20:],
        )

    async def add_maintenance(self, actor: User | None, code: str, note: str) -> Item:
        staff = require(actor, Role.STAFF)
        note = " ".join((note or "").split())[:MAX_NOTE]
        if not note:
            raise DomainError("equipment.note_empty")
        item = await self.item(code)
        now = self.clock.now()
        async with self.tx.transaction():
            await self.store.add_maintenance(item.id, staff.id, note, now)
            await self.events.record("equipment.maintained", staff.id, item.code, {}, now)
        return await self.item(code)

    async def link_ticket(self, actor_id: int | None, ticket_id: int, code: str) -> Item:
        """Link a ticket to an item (the caller checked who may do it for this ticket)."""
        item = await self.item(code)
        async with self.tx.transaction():
            await self.store.link_ticket(ticket_id, item.id)
            await self.events.record(
                "equipment.ticket_linked",
                actor_id,
                item.code,
                {"ticket": ticket_id},
                self.clock.now(),
            )
        return item

    async def open_draft(self, actor: User, code: str, text: str, intake: IntakeService) -> int:
        """A resident scanned an item's QR code: a repair draft about it, linked to it (the
        ticket filed from the draft is the item's)."""
        item = await self.item(code)
        source = f"eq:{actor.id}:{item.code}:{self.clock.now().timestamp():.0f}"
        opened = await intake.receive(
            actor, text, source_key=source, preset=Kind.REPAIR, our_words=True
        )
        if opened.draft is None:
            raise DomainError("ticket.register_first")
        async with self.tx.transaction():
            await self.store.link_draft(opened.draft.id, item.id)
        return opened.draft.id

    async def choices(self, actor: User | None, limit: int = 24) -> list[Item]:
        """Items a staff member may pick for a ticket (in use or stopped, by code)."""
        require(actor, Role.STAFF)
        return [i for i in await self.store.all() if i.state is not ItemState.SCRAPPED][:limit]

    async def code_of(self, item_id: int) -> str:
        item = await self.store.by_id(item_id)
        if item is None:
            raise NotFound("equipment.not_found", code=str(item_id)[:12])
        return item.code

    async def item_of_ticket(self, ticket_id: int) -> str | None:
        return await self.store.item_of_ticket(ticket_id)

    async def _responsible(self, who: str) -> int | None:
        if who.isdigit():
            return int(who)
        if who.startswith("@"):
            user = await self.users.find_by_username(who[1:])
            return user.id if user else None
        return None

    async def send_alerts(self, today: date | None = None) -> int:
        """The daily job: every due alert queued once (its key claimed in the same transaction);
        safe to run twice, and a day missed while down is caught up on the next run."""
        now = self.clock.now()
        today = today or now.astimezone(self.tz).date()
        sent = 0
        for item in await self.store.all():
            for alert in due_alerts(item, today):
                to = await self._responsible(item.responsible)
                async with self.tx.transaction():
                    if not await self.store.claim_alert(alert.key, now):
                        continue
                    if to is None:
                        continue  # nobody to tell: claimed anyway, so it is not retried daily
                    params = {
                        "code": item.code,
                        "name": item.name,
                        "due": alert.due.isoformat(),
                        "days": (alert.due - today).days,
                    }
                    await self.outbox.enqueue(
                        to, f"equipment.alert_{alert.kind}", params, {}, now, now
                    )
                    sent += 1
        return sent
