"""Ticket, draft and outbox storage on real SQLite (and the fakes held to the same contract),
then the whole ticket services stack on a SQLite file."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import build_services
from bot.config import load_settings
from bot.domain.messaging.outbox import Delivery
from bot.domain.people.model import Role, UserState
from bot.domain.tickets.model import Action, Category, Draft, Kind, Status, Ticket, TicketEvent
from storage.db import Database
from storage.migrate import migrate
from storage.people.directory import SqliteHomes, SqliteUsers
from storage.runtime.outbox import SqliteOutbox
from storage.tickets.repository import SqliteDrafts, SqliteTickets
from tests.support.fakes import (
    FakeClock,
    FakeDrafts,
    FakeHomes,
    FakeOutbox,
    FakeTickets,
    FakeUsers,
    NoTransactions,
    RecordingBoard,
    RecordingNotifier,
    RecordingWakeup,
)

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
RES, RES2, STAFF, STAFF2, MANAGER = 11, 12, 21, 22, 31


@dataclass
class Store:
    tx: Any
    users: Any
    homes: Any
    tickets: Any
    drafts: Any
    outbox: Any
    home: Any = None
    other: Any = None


@pytest.fixture(params=["fake", "sqlite"])
async def store(request, tmp_path):
    if request.param == "fake":
        tx = NoTransactions()
        homes = FakeHomes(tx)
        repo = Store(
            tx, FakeUsers(tx), homes, FakeTickets(tx, homes), FakeDrafts(tx), FakeOutbox(tx)
        )
        db = None
    else:
        db = Database(tmp_path / "tickets.sqlite3")
        await db.connect()
        await migrate(db)
        repo = Store(
            db,
            SqliteUsers(db),
            SqliteHomes(db),
            SqliteTickets(db),
            SqliteDrafts(db),
            SqliteOutbox(db),
        )
    async with repo.tx.transaction():
        for user_id in (RES, RES2, STAFF):
            await repo.users.upsert_seen(user_id, f"u{user_id}", None, "zh", T0)
        repo.home = await repo.homes.ensure("3", "2", "1102")
        repo.other = await repo.homes.ensure("5", "1", "0601")
    yield repo
    if db is not None:
        await db.close()


def ticket(resident=RES, home_id=1, at=T0, **changes) -> Ticket:
    fields = dict(
        id=0,
        resident_id=resident,
        home_id=home_id,
        kind=Kind.REPAIR,
        category=Category.ELEVATOR,
        urgent=False,
        description="3栋电梯坏了 <b>&",
        status=Status.NEW,
        owner_id=None,
        created_at=at,
        respond_by=at + timedelta(minutes=30),
        resolve_by=at + timedelta(hours=24),
    )
    fields.update(changes)
    return Ticket(**fields)


async def create(store, source_key=None, **changes) -> Ticket:
    async with store.tx.transaction():
        return await store.tickets.create(ticket(home_id=store.home.id, **changes), source_key)


# ---- tickets ---------------------------------------------------------------------------------


async def test_a_ticket_round_trips(store):
    made = await create(
        store, "101:7", urgent=True, latitude=31.23, longitude=121.47, kind=Kind.COMPLAINT
    )
    assert made.id > 0
    assert await store.tickets.get(made.id) == made
    assert await store.tickets.by_source("101:7") == made
    assert await store.tickets.by_source("nope") is None
    assert await store.tickets.get(made.id + 1) is None


async def test_a_source_key_files_one_ticket_only(store):
    await create(store, "101:7")
    with pytest.raises(Exception, match="UNIQUE"):
        await create(store, "101:7")
    assert len(await store.tickets.search()) == 1


async def test_writes_need_a_transaction(store):
    with pytest.raises(RuntimeError):
        await store.tickets.create(ticket(), None)
    with pytest.raises(RuntimeError):
        await store.drafts.create(draft(), None, T0)
    with pytest.raises(RuntimeError):
        await store.outbox.enqueue(RES, "k", {}, {}, T0, T0)


async def test_update_and_card_hash(store):
    made = await create(store)
    async with store.tx.transaction():
        await store.tickets.update(
            made.id,
            status=Status.TAKEN,
            owner_id=STAFF,
            responded_at=T0 + timedelta(minutes=3),
            card_hash="abc",
            staff_chat_id=-100,
            staff_message_id=5,
            staff_thread_id=9,
        )
        await store.tickets.update(made.id + 50, status=Status.TAKEN)  # no such row: nothing
    got = await store.tickets.get(made.id)
    assert (got.status, got.owner_id, got.responded_at) == (
        Status.TAKEN,
        STAFF,
        T0 + timedelta(minutes=3),
    )
    assert await store.tickets.card_hash(made.id) == "abc"
    assert (await store.tickets.by_thread(-100, 9)).id == made.id
    assert await store.tickets.by_thread(-100, 10) is None
    with pytest.raises(ValueError):
        async with store.tx.transaction():
            await store.tickets.update(made.id, resident_id=RES2)


async def test_events_photos_and_links(store):
    made = await create(store)
    async with store.tx.transaction():
        await store.tickets.add_event(TicketEvent(made.id, T0, RES, Action.CREATE, "电梯"))
        await store.tickets.add_event(TicketEvent(made.id, T0, None, Action.ESCALATE))
        await store.tickets.add_photo(made.id, "ph-b", RES, T0)
        await store.tickets.add_photo(made.id, "ph-a", RES, T0)
        await store.tickets.link(RES, 40, made.id, "resident")
        await store.tickets.link(RES, 40, made.id, "relay")  # same message again: updated
    assert await store.tickets.events(made.id) == [
        TicketEvent(made.id, T0, RES, Action.CREATE, "电梯"),
        TicketEvent(made.id, T0, None, Action.ESCALATE, None),
    ]
    assert await store.tickets.photos(made.id) == ["ph-b", "ph-a"]
    assert await store.tickets.linked(RES, 40) == (made.id, "relay")
    assert await store.tickets.linked(RES, 41) is None
    assert await store.tickets.linked(RES2, 40) is None


async def test_record_breach_is_idempotent(store):
    made = await create(store)
    async with store.tx.transaction():
        assert await store.tickets.record_breach(made.id, "response", T0)
        assert not await store.tickets.record_breach(made.id, "response", T0 + timedelta(hours=1))
        assert await store.tickets.record_breach(made.id, "resolution", T0)
    assert (await store.tickets.get(made.id)).breaches == {"response", "resolution"}
    assert (await store.tickets.search())[0].breaches == {"response", "resolution"}


async def test_search_filters_and_order(store):
    a = await create(store)
    b = await create(store, resident=RES2, category=Category.PLUMBING)
    async with store.tx.transaction():
        c = await store.tickets.create(ticket(home_id=store.other.id, resident=RES2), None)
        await store.tickets.update(a.id, status=Status.TAKEN, owner_id=STAFF, responded_at=T0)
        await store.tickets.update(b.id, status=Status.CLOSED)

    async def ids(**filters):
        return [t.id for t in await store.tickets.search(**filters)]

    assert await ids() == [c.id, b.id, a.id]
    assert await ids(limit=2) == [c.id, b.id]
    assert await ids(resident_id=RES2) == [c.id, b.id]
    assert await ids(owner_id=STAFF) == [a.id]
    assert await ids(statuses=(Status.NEW, Status.TAKEN)) == [c.id, a.id]
    assert await ids(building="5") == [c.id]
    assert await ids(building="3") == [b.id, a.id]
    assert await ids(category="plumbing") == [b.id]
    assert await ids(due_before=T0 + timedelta(minutes=30)) == []  # strictly after
    assert await ids(due_before=T0 + timedelta(minutes=31)) == [c.id, b.id]  # a was answered
    assert await ids(due_before=T0 + timedelta(hours=25)) == [c.id, b.id, a.id]


async def test_resolved_before_count_since_and_without_card(store):
    a = await create(store)
    b = await create(store, at=T0 + timedelta(hours=1))
    cancelled = await create(store)
    async with store.tx.transaction():
        await store.tickets.update(a.id, status=Status.RESOLVED, resolved_at=T0)
        await store.tickets.update(b.id, staff_chat_id=-1, staff_message_id=3)
        await store.tickets.update(cancelled.id, status=Status.CANCELLED)
    assert await store.tickets.resolved_before(T0) == []
    assert [t.id for t in await store.tickets.resolved_before(T0 + timedelta(seconds=1))] == [a.id]
    assert await store.tickets.count_since(RES, T0) == 3
    assert await store.tickets.count_since(RES, T0 + timedelta(hours=1)) == 1
    assert await store.tickets.count_since(RES2, T0) == 0
    assert [t.id for t in await store.tickets.without_card()] == [a.id]
    assert [t.id for t in await store.tickets.without_card(chat_id=-1)] == [a.id]
    assert [t.id for t in await store.tickets.without_card(chat_id=-2)] == [a.id, b.id]  # moved


# ---- drafts ----------------------------------------------------------------------------------


def draft(resident=RES, text="电梯坏了", **changes) -> Draft:
    fields = dict(
        id=0,
        resident_id=resident,
        text=text,
        kind=Kind.REPAIR,
        category=Category.ELEVATOR,
        urgent=False,
        confidence=0.75,
    )
    fields.update(changes)
    return Draft(**fields)


async def test_drafts_round_trip_and_latest(store):
    async with store.tx.transaction():
        first = await store.drafts.create(draft(photos=("a", "b"), latitude=1.5), "1:1", T0)
        second = await store.drafts.create(draft(text="又坏了"), "1:2", T0)
        theirs = await store.drafts.create(draft(resident=RES2), None, T0)
    assert await store.drafts.get(first.id) == first
    assert (await store.drafts.get(first.id)).photos == ("a", "b")
    assert await store.drafts.by_source("1:2") == second
    assert await store.drafts.latest_for(RES) == second
    assert await store.drafts.latest_for(RES2) == theirs
    assert await store.drafts.latest_for(STAFF) is None
    changed = replace(second, text="合并", kind=Kind.COMPLAINT, urgent=True, photos=("p",))
    async with store.tx.transaction():
        await store.drafts.save(changed)
        await store.drafts.delete(first.id)
    assert await store.drafts.get(second.id) == changed
    assert await store.drafts.get(first.id) is None
    assert await store.drafts.by_source("1:1") is None


async def test_draft_ids_are_never_reused(store):
    """An old draft card's button must never act on a newer draft."""
    async with store.tx.transaction():
        await store.drafts.create(draft(), None, T0)
        newest = await store.drafts.create(draft(), None, T0)
        await store.drafts.delete(newest.id)
        again = await store.drafts.create(draft(), None, T0)
    assert again.id > newest.id
    assert await store.drafts.get(newest.id) is None


# ---- outbox ----------------------------------------------------------------------------------


async def test_outbox_due_in_order_and_not_before(store):
    async with store.tx.transaction():
        first = await store.outbox.enqueue(
            RES, "ticket.taken_resident", {"id": 1, "name": "李师傅"}, {"ticket": 1}, T0, T0
        )
        later = await store.outbox.enqueue(
            RES, "ticket.staff_says", {"id": 1}, {}, T0 + timedelta(hours=8), T0
        )
        second = await store.outbox.enqueue(MANAGER, "escalation.response", {"id": 1}, {}, T0, T0)
    due = await store.outbox.due(T0)
    assert [i.id for i in due] == [first, second]
    assert due[0].params == {"id": 1, "name": "李师傅"} and due[0].extra == {"ticket": 1}
    assert (due[0].status, due[0].attempts, due[0].not_before) == (Delivery.PENDING, 0, T0)
    assert [i.id for i in await store.outbox.due(T0, limit=1)] == [first]
    assert [i.id for i in await store.outbox.due(T0 + timedelta(hours=8))] == [
        first,
        later,
        second,
    ]


async def test_outbox_mark_and_retry_later(store):
    async with store.tx.transaction():
        a = await store.outbox.enqueue(RES, "a", {}, {}, T0, T0)
        b = await store.outbox.enqueue(RES, "b", {}, {}, T0, T0)
        c = await store.outbox.enqueue(RES, "c", {}, {}, T0, T0)
        await store.outbox.mark(a, Delivery.SENT, T0)
        await store.outbox.retry_later(b, timedelta(seconds=20), T0, "x" * 500)
        await store.outbox.mark(c, Delivery.UNREACHABLE, T0, "blocked")
    assert await store.outbox.due(T0 + timedelta(seconds=19)) == []
    (retry,) = await store.outbox.due(T0 + timedelta(seconds=20))
    assert (retry.id, retry.attempts, retry.not_before) == (b, 1, T0 + timedelta(seconds=20))
    assert await store.outbox.next_due_at() == T0 + timedelta(seconds=20)


# ---- the services stack on SQLite ------------------------------------------------------------


@dataclass
class Stack:
    services: Any
    db: Database
    clock: FakeClock
    board: RecordingBoard

    async def user(self, user_id):
        return await self.services.deps.users.get(user_id)

    async def outbox_keys(self, user_id):
        rows = await self.db.fetchall(
            "SELECT key FROM outbox WHERE user_id = ? ORDER BY id", (user_id,)
        )
        return [r[0] for r in rows]

    async def actions(self, ticket_id):
        return [e.action for e in await self.services.deps.tickets.events(ticket_id)]


@pytest.fixture
async def stack(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "svc.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    clock = FakeClock(datetime(2025, 3, 3, 2, 0, tzinfo=UTC))  # 10:00 in Shanghai
    board = RecordingBoard()
    services = build_services(
        settings, db, RecordingNotifier(), clock, board=board, wakeup=RecordingWakeup()
    )
    deps = services.deps
    async with db.transaction():
        home = await deps.homes.ensure("3", "2", "1102")
        for user_id, role in ((RES, Role.RESIDENT), (STAFF, Role.STAFF), (STAFF2, Role.STAFF)):
            await deps.users.upsert_seen(user_id, f"u{user_id}", None, "zh", clock.now())
            await deps.users.set_role(user_id, role, clock.now())
        await deps.users.set_home(RES, home.id, clock.now())
    await services.people.touch(MANAGER, "Boss", None, "zh")
    yield Stack(services, db, clock, board)
    await db.close()


async def file(stack, text="3栋2单元电梯坏了，按钮没反应", key="11:1"):
    resident = await stack.user(RES)
    intake = await stack.services.intake.receive(resident, text, source_key=key, photos=("ph",))
    return await stack.services.intake.submit(resident, intake.draft.id)


async def test_the_whole_loop_on_sqlite(stack):
    s, resident = stack.services, await stack.user(RES)
    ticket = await file(stack)
    assert (ticket.kind, ticket.category) == (Kind.REPAIR, Category.ELEVATOR)
    assert await s.deps.drafts.latest_for(RES) is None
    assert await s.deps.tickets.photos(ticket.id) == ["ph"]
    assert (await s.tickets.take(ticket.id, STAFF)).changed
    assert not (await s.tickets.take(ticket.id, STAFF2)).changed
    await s.tickets.staff_message(ticket.id, STAFF, "下午三点到")
    await s.tickets.resident_message(resident, ticket.id, "好的")
    await s.tickets.resolve(ticket.id, STAFF, "已修好")
    await s.tickets.ask_reopen(resident, ticket.id)
    await s.tickets.reopen(await stack.user(RES), ticket.id, "还是不行")
    await s.tickets.resolve(ticket.id, STAFF, "换了主板")
    await s.tickets.confirm(await stack.user(RES), ticket.id, 5)
    await s.tickets.comment(await stack.user(RES), ticket.id, "谢谢")
    final = await s.deps.tickets.get(ticket.id)
    assert (final.status, final.rating, final.rating_comment) == (Status.CLOSED, 5, "谢谢")
    assert await stack.actions(ticket.id) == [
        Action.CREATE,
        Action.TAKE,
        Action.PROGRESS,
        Action.RESIDENT_REPLY,
        Action.RESOLVE,
        Action.REOPEN,
        Action.RESOLVE,
        Action.CONFIRM,
    ]
    assert await stack.outbox_keys(RES) == [
        "ticket.taken_resident",
        "ticket.staff_says",
        "ticket.resolved_resident",
        "ticket.resolved_resident",
    ]
    assert await stack.outbox_keys(STAFF) == ["ticket.reopened_owner", "ticket.rated_owner"]
    assert stack.board.thread_keys() == ["ticket.resident_says"]
    assert (await stack.user(RES)).state is None
    assert await stack.db.fetchval("PRAGMA foreign_key_check") is None


async def test_deadlines_on_sqlite_fire_once_even_when_two_checks_race(stack):
    ticket = await file(stack)
    stack.clock.advance(minutes=31)
    fired = await asyncio.gather(*(stack.services.deadlines.check() for _ in range(3)))
    assert sum(fired) == 1
    assert await stack.outbox_keys(MANAGER) == ["escalation.response"]
    assert stack.board.thread_keys() == ["escalation.realert"]
    assert (await stack.services.deps.tickets.get(ticket.id)).breaches == {"response"}


async def test_auto_close_on_sqlite(stack):
    ticket = await file(stack)
    await stack.services.tickets.resolve(ticket.id, STAFF, "好了")
    stack.clock.advance(days=3, seconds=1)
    assert await stack.services.deadlines.auto_close() == 1
    assert await stack.services.deadlines.auto_close() == 0
    assert (await stack.services.deps.tickets.get(ticket.id)).status is Status.CLOSED
    assert (await stack.outbox_keys(RES))[-1] == "ticket.auto_closed"


async def test_two_resolves_at_once_resolve_once(stack):
    ticket = await file(stack)
    await stack.services.tickets.take(ticket.id, STAFF)
    changes = await asyncio.gather(
        stack.services.tickets.resolve(ticket.id, STAFF, "好了"),
        stack.services.tickets.resolve(ticket.id, STAFF, "好了"),
        return_exceptions=True,
    )
    assert (await stack.actions(ticket.id)).count(Action.RESOLVE) == 1, changes
    assert (await stack.outbox_keys(RES)).count("ticket.resolved_resident") == 1


async def test_a_confirmation_racing_the_auto_close_closes_once(stack):
    ticket = await file(stack)
    await stack.services.tickets.resolve(ticket.id, STAFF, "好了")
    stack.clock.advance(days=3, seconds=1)
    results = await asyncio.gather(
        stack.services.deadlines.auto_close(),
        stack.services.tickets.confirm(await stack.user(RES), ticket.id, 5),
        return_exceptions=True,
    )
    actions = await stack.actions(ticket.id)
    assert actions.count(Action.AUTO_CLOSE) + actions.count(Action.CONFIRM) == 1, results


async def test_a_reopen_racing_the_auto_close_does_not_reopen_a_closed_ticket(stack):
    ticket = await file(stack)
    await stack.services.tickets.resolve(ticket.id, STAFF, "好了")
    await stack.services.tickets.ask_reopen(await stack.user(RES), ticket.id)
    stack.clock.advance(days=3, seconds=1)
    await asyncio.gather(
        stack.services.deadlines.auto_close(),
        stack.services.tickets.reopen(await stack.user(RES), ticket.id, "没修好"),
        return_exceptions=True,
    )
    final = await stack.services.deps.tickets.get(ticket.id)
    actions = await stack.actions(ticket.id)
    assert actions.count(Action.AUTO_CLOSE) + actions.count(Action.REOPEN) == 1
    assert (final.status is Status.CLOSED) == (Action.AUTO_CLOSE in actions)
    assert (await stack.user(RES)).state is not UserState.REOPEN_REASON


async def test_a_quiet_hours_notice_is_stored_for_the_morning(stack):
    ticket = await file(stack)
    stack.clock.set(datetime(2025, 3, 3, 14, 30, tzinfo=UTC))  # 22:30 in Shanghai
    await stack.services.tickets.take(ticket.id, STAFF)
    (item,) = [i for i in await stack.services.deps.outbox.due(datetime.max.replace(tzinfo=UTC))]
    assert item.not_before == datetime(2025, 3, 4, 0, 0, tzinfo=UTC)
    assert await stack.services.deps.outbox.due(stack.clock.now()) == []
