"""TicketRepository: FakeTickets and SqliteTickets answer every call alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.tickets.model import (
    OPEN_STATUSES,
    Action,
    Category,
    Kind,
    Status,
    Ticket,
    TicketEvent,
)
from tests.contracts.conftest import RES, RES2, STAFF, STRANGER, T0, Boom

SHANGHAI = ZoneInfo("Asia/Shanghai")


def ticket(resident=RES, home_id=None, at=T0, **changes) -> Ticket:
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


async def create(world, source_key=None, **changes) -> Ticket:
    changes.setdefault("home_id", world.home.id)
    async with world.tx.transaction():
        return await world.tickets.create(ticket(**changes), source_key)


async def ids(world, **filters) -> list[int]:
    return [t.id for t in await world.tickets.search(**filters)]


# ---- create, get, by_source ------------------------------------------------------------------


async def test_create_gives_new_increasing_ids_and_get_reads_it_back(world):
    a = await create(world, kind=Kind.COMPLAINT, urgent=True, latitude=31.23, longitude=121.47)
    b = await create(world, resident=RES2, home_id=None, category=Category.NOISE)
    assert 0 < a.id < b.id
    assert await world.tickets.get(a.id) == a
    assert await world.tickets.get(b.id) == b
    assert (await world.tickets.get(b.id)).home_id is None
    assert await world.tickets.get(b.id + 1) is None
    assert await world.tickets.get(0) is None


async def test_create_stores_a_new_ticket_not_the_fields_only_later_steps_set(world):
    """create() echoes what it was given, but only the columns a new ticket has are stored."""
    given = ticket(
        home_id=world.home.id,
        owner_id=STAFF,
        responded_at=T0,
        resolved_at=T0,
        closed_at=T0,
        rating=5,
        rating_comment="好",
        staff_chat_id=-100,
        staff_message_id=7,
        staff_thread_id=9,
        breaches=frozenset({"response"}),
    )
    async with world.tx.transaction():
        made = await world.tickets.create(given, "1:1")
    assert made.owner_id == STAFF and made.breaches == {"response"}  # the echo
    stored = await world.tickets.get(made.id)
    assert stored.status is Status.NEW and stored.description == given.description
    assert (stored.owner_id, stored.responded_at, stored.resolved_at, stored.closed_at) == (
        None,
        None,
        None,
        None,
    )
    assert (stored.rating, stored.rating_comment) == (None, None)
    assert (stored.staff_chat_id, stored.staff_message_id, stored.staff_thread_id) == (
        None,
        None,
        None,
    )
    assert stored.breaches == frozenset()
    assert await world.tickets.by_thread(-100, 9) is None
    assert await world.tickets.card_hash(made.id) is None


async def test_times_are_stored_in_utc_to_the_second(world):
    moment = datetime(2025, 3, 3, 10, 0, 5, 999_999, tzinfo=SHANGHAI)
    made = await create(world, at=moment)
    stored = await world.tickets.get(made.id)
    assert stored.created_at == datetime(2025, 3, 3, 2, 0, 5, tzinfo=UTC)
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.respond_by == datetime(2025, 3, 3, 2, 30, 5, tzinfo=UTC)
    with pytest.raises(ValueError, match="naive"):
        await create(world, at=datetime(2025, 3, 3, 2, 0))


async def test_a_source_key_files_one_ticket_and_finds_it_again(world):
    made = await create(world, "101:7")
    assert await world.tickets.by_source("101:7") == made
    assert await world.tickets.by_source("101:8") is None
    with pytest.raises(Exception, match="UNIQUE"):
        await create(world, "101:7")
    await create(world)  # no source key: as many as you like
    await create(world)
    assert len(await world.tickets.search()) == 3


async def test_a_resident_and_a_home_must_exist(world):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await create(world, resident=999)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await create(world, home_id=999)
    assert await world.tickets.search() == []


# ---- transactions ----------------------------------------------------------------------------


async def test_writes_need_a_transaction(world):
    made = await create(world)
    with pytest.raises(RuntimeError):
        await world.tickets.create(ticket(), None)
    with pytest.raises(RuntimeError):
        await world.tickets.update(made.id, status=Status.TAKEN)
    with pytest.raises(RuntimeError):
        await world.tickets.add_event(TicketEvent(made.id, T0, None, Action.CREATE))
    with pytest.raises(RuntimeError):
        await world.tickets.add_photo(made.id, "ph", RES, T0)
    with pytest.raises(RuntimeError):
        await world.tickets.link(RES, 1, made.id, "resident")
    with pytest.raises(RuntimeError):
        await world.tickets.record_breach(made.id, "response", T0)
    assert await world.tickets.get(made.id) == made
    assert await world.tickets.events(made.id) == []


async def test_a_failed_transaction_leaves_nothing_behind(world):
    kept = await create(world)
    with pytest.raises(Boom):
        async with world.tx.transaction():
            gone = await world.tickets.create(ticket(home_id=world.home.id), "9:9")
            await world.tickets.update(kept.id, status=Status.TAKEN, owner_id=STAFF, card_hash="h")
            await world.tickets.add_event(TicketEvent(kept.id, T0, STAFF, Action.TAKE))
            await world.tickets.add_photo(kept.id, "ph", RES, T0)
            await world.tickets.link(RES, 5, kept.id, "resident")
            await world.tickets.record_breach(kept.id, "response", T0)
            raise Boom
    assert await world.tickets.get(gone.id) is None
    assert await world.tickets.by_source("9:9") is None
    assert await world.tickets.get(kept.id) == kept
    assert await world.tickets.card_hash(kept.id) is None
    assert await world.tickets.events(kept.id) == []
    assert await world.tickets.photos(kept.id) == []
    assert await world.tickets.linked(RES, 5) is None
    async with world.tx.transaction():
        assert await world.tickets.record_breach(kept.id, "response", T0)  # not recorded before
    assert await ids(world) == [kept.id]


async def test_a_failed_statement_inside_a_transaction_that_goes_on_keeps_the_rest(world):
    """A caught error (a duplicate source key) undoes that statement only, not the transaction."""
    await create(world, "1:1")
    async with world.tx.transaction():
        with pytest.raises(Exception, match="UNIQUE"):
            await world.tickets.create(ticket(home_id=world.home.id), "1:1")
        other = await world.tickets.create(ticket(home_id=world.home.id), "1:2")
    assert await world.tickets.by_source("1:2") == other
    assert len(await world.tickets.search()) == 2


# ---- update and card_hash --------------------------------------------------------------------


async def test_update_changes_the_named_columns_only(world):
    made = await create(world, "1:1")
    answered = T0 + timedelta(minutes=3)
    async with world.tx.transaction():
        await world.tickets.update(
            made.id,
            status=Status.TAKEN,
            owner_id=STAFF,
            responded_at=answered,
            staff_chat_id=-100,
            staff_message_id=5,
            staff_thread_id=9,
        )
    got = await world.tickets.get(made.id)
    assert got == replace(
        made,
        status=Status.TAKEN,
        owner_id=STAFF,
        responded_at=answered,
        staff_chat_id=-100,
        staff_message_id=5,
        staff_thread_id=9,
    )
    assert await world.tickets.by_source("1:1") == got


async def test_update_takes_plain_values_for_enums_and_clears_with_none(world):
    made = await create(world)
    async with world.tx.transaction():
        await world.tickets.update(
            made.id, status="in_progress", kind="complaint", category="plumbing", urgent=1
        )
    got = await world.tickets.get(made.id)
    assert (got.status, got.kind, got.category, got.urgent) == (
        Status.IN_PROGRESS,
        Kind.COMPLAINT,
        Category.PLUMBING,
        True,
    )
    assert isinstance(got.status, Status) and got.urgent is True
    async with world.tx.transaction():
        await world.tickets.update(made.id, owner_id=STAFF, latitude=1.5)
        await world.tickets.update(made.id, owner_id=None, latitude=None)
    got = await world.tickets.get(made.id)
    assert (got.owner_id, got.latitude) == (None, None)
    assert await ids(world, category="plumbing") == [made.id]
    assert await ids(world, statuses=(Status.IN_PROGRESS,)) == [made.id]


async def test_update_refuses_unknown_columns_bad_ratings_and_naive_times(world):
    made = await create(world)
    with pytest.raises(ValueError, match="not updatable"):
        async with world.tx.transaction():
            await world.tickets.update(made.id, resident_id=RES2)
    with pytest.raises(ValueError, match="not updatable"):
        async with world.tx.transaction():
            await world.tickets.update(made.id, id=99)
    with pytest.raises(Exception, match="CHECK"):
        async with world.tx.transaction():
            await world.tickets.update(made.id, rating=6)
    with pytest.raises(ValueError, match="naive"):
        async with world.tx.transaction():
            await world.tickets.update(made.id, resolved_at=datetime(2025, 3, 3))
    async with world.tx.transaction():
        await world.tickets.update(made.id, rating=1, rating_comment="差")
        await world.tickets.update(made.id, rating=None)
    got = await world.tickets.get(made.id)
    assert (got.rating, got.rating_comment, got.resident_id) == (None, "差", RES)


async def test_update_of_an_owner_who_does_not_exist_fails(world):
    made = await create(world)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        async with world.tx.transaction():
            await world.tickets.update(made.id, owner_id=999)
    assert (await world.tickets.get(made.id)).owner_id is None


async def test_update_of_a_missing_ticket_does_nothing(world):
    made = await create(world)
    async with world.tx.transaction():
        await world.tickets.update(made.id + 50, status=Status.TAKEN, card_hash="x")
    assert await world.tickets.get(made.id + 50) is None
    assert await world.tickets.card_hash(made.id + 50) is None
    assert await world.tickets.get(made.id) == made


async def test_card_hash_is_kept_apart_from_the_ticket(world):
    made = await create(world)
    assert await world.tickets.card_hash(made.id) is None
    async with world.tx.transaction():
        await world.tickets.update(made.id, card_hash="abc")
    assert await world.tickets.card_hash(made.id) == "abc"
    assert await world.tickets.get(made.id) == made
    async with world.tx.transaction():
        await world.tickets.update(made.id, card_hash="def", status=Status.TAKEN)
    assert await world.tickets.card_hash(made.id) == "def"
    assert (await world.tickets.get(made.id)).status is Status.TAKEN
    assert await world.tickets.card_hash(424242) is None


# ---- events, photos, links -------------------------------------------------------------------


async def test_events_are_kept_per_ticket_in_order(world):
    a, b = await create(world), await create(world)
    async with world.tx.transaction():
        await world.tickets.add_event(TicketEvent(a.id, T0, RES, Action.CREATE, "电梯"))
        await world.tickets.add_event(TicketEvent(b.id, T0, RES, Action.CREATE))
        await world.tickets.add_event(TicketEvent(a.id, T0, None, Action.ESCALATE, "response"))
        await world.tickets.add_event(
            TicketEvent(a.id, T0 - timedelta(hours=1), STAFF, Action.TAKE)  # older, added last
        )
    assert await world.tickets.events(a.id) == [
        TicketEvent(a.id, T0, RES, Action.CREATE, "电梯"),
        TicketEvent(a.id, T0, None, Action.ESCALATE, "response"),
        TicketEvent(a.id, T0 - timedelta(hours=1), STAFF, Action.TAKE, None),
    ]
    assert await world.tickets.events(b.id) == [TicketEvent(b.id, T0, RES, Action.CREATE)]
    assert await world.tickets.events(424242) == []


async def test_event_times_are_stored_to_the_second(world):
    made = await create(world)
    async with world.tx.transaction():
        await world.tickets.add_event(
            TicketEvent(made.id, T0 + timedelta(microseconds=700), None, Action.CREATE)
        )
    assert (await world.tickets.events(made.id))[0].at == T0


async def test_events_photos_and_links_need_an_existing_ticket(world):
    for write in (
        lambda: world.tickets.add_event(TicketEvent(424242, T0, None, Action.CREATE)),
        lambda: world.tickets.add_photo(424242, "ph", RES, T0),
        lambda: world.tickets.link(RES, 1, 424242, "resident"),
        lambda: world.tickets.record_breach(424242, "response", T0),
    ):
        with pytest.raises(Exception, match="FOREIGN KEY"):
            async with world.tx.transaction():
                await write()
    assert await world.tickets.events(424242) == []
    assert await world.tickets.photos(424242) == []
    assert await world.tickets.linked(RES, 1) is None


async def test_photos_in_the_order_added_duplicates_kept(world):
    a, b = await create(world), await create(world)
    async with world.tx.transaction():
        await world.tickets.add_photo(a.id, "ph-b", RES, T0)
        await world.tickets.add_photo(b.id, "ph-x", RES2, T0)
        await world.tickets.add_photo(a.id, "ph-a", STAFF, T0)
        await world.tickets.add_photo(a.id, "ph-b", RES, T0)
    assert await world.tickets.photos(a.id) == ["ph-b", "ph-a", "ph-b"]
    assert await world.tickets.photos(b.id) == ["ph-x"]
    assert await world.tickets.photos(424242) == []


async def test_a_message_links_to_one_ticket_and_relinking_moves_it(world):
    a, b = await create(world), await create(world)
    async with world.tx.transaction():
        await world.tickets.link(RES, 40, a.id, "resident")
        await world.tickets.link(-100, 40, a.id, "card")
        await world.tickets.link(RES, 40, b.id, "relay")  # same message again: replaced
    assert await world.tickets.linked(RES, 40) == (b.id, "relay")
    assert await world.tickets.linked(-100, 40) == (a.id, "card")
    assert await world.tickets.linked(RES, 41) is None
    assert await world.tickets.linked(RES2, 40) is None


async def test_by_thread_finds_the_ticket_of_a_staff_thread(world):
    a, b = await create(world), await create(world)
    assert await world.tickets.by_thread(-100, 9) is None
    async with world.tx.transaction():
        await world.tickets.update(a.id, staff_chat_id=-100, staff_message_id=1, staff_thread_id=9)
        await world.tickets.update(b.id, staff_chat_id=-200, staff_message_id=1, staff_thread_id=9)
        await world.tickets.record_breach(a.id, "response", T0)
    found = await world.tickets.by_thread(-100, 9)
    assert found == await world.tickets.get(a.id) and found.breaches == {"response"}
    assert (await world.tickets.by_thread(-200, 9)).id == b.id
    assert await world.tickets.by_thread(-100, 10) is None


# ---- breaches --------------------------------------------------------------------------------


async def test_a_breach_is_recorded_once_and_shows_on_every_read(world):
    made = await create(world, "1:1")
    async with world.tx.transaction():
        assert await world.tickets.record_breach(made.id, "response", T0)
        assert not await world.tickets.record_breach(made.id, "response", T0 + timedelta(hours=1))
        assert await world.tickets.record_breach(made.id, "resolution", T0)
    both = frozenset({"response", "resolution"})
    assert (await world.tickets.get(made.id)).breaches == both
    assert (await world.tickets.by_source("1:1")).breaches == both
    assert (await world.tickets.search())[0].breaches == both
    other = await create(world)
    assert (await world.tickets.get(other.id)).breaches == frozenset()


# ---- search ----------------------------------------------------------------------------------


async def test_search_filters_and_newest_first(world):
    a = await create(world)
    b = await create(world, resident=RES2, category=Category.PLUMBING)
    c = await create(world, resident=RES2, home_id=world.other.id)
    homeless = await create(world, home_id=None, category=Category.PLUMBING)
    async with world.tx.transaction():
        await world.tickets.update(a.id, status=Status.TAKEN, owner_id=STAFF, responded_at=T0)
        await world.tickets.update(b.id, status=Status.CLOSED)
    assert await ids(world) == [homeless.id, c.id, b.id, a.id]
    assert await ids(world, limit=2) == [homeless.id, c.id]
    assert await ids(world, limit=0) == []
    assert await ids(world, resident_id=RES2) == [c.id, b.id]
    assert await ids(world, resident_id=STRANGER) == []
    assert await ids(world, owner_id=STAFF) == [a.id]
    assert await ids(world, statuses=(Status.NEW, Status.TAKEN)) == [homeless.id, c.id, a.id]
    assert await ids(world, statuses=()) == [homeless.id, c.id, b.id, a.id]
    assert await ids(world, building="5") == [c.id]
    assert await ids(world, building="3") == [b.id, a.id]
    assert await ids(world, building="") == [homeless.id, c.id, b.id, a.id]  # "" = no filter
    assert await ids(world, building="9") == []
    assert await ids(world, category="plumbing") == [homeless.id, b.id]
    assert await ids(world, resident_id=RES2, statuses=OPEN_STATUSES) == [c.id]
    assert await ids(world, building="3", category="plumbing") == [b.id]


async def test_overdue_is_strictly_past_a_deadline_still_owed(world):
    """What the deadline check asks: open tickets whose response or resolution is late."""
    a = await create(world)  # respond by T0+30m, resolve by T0+24h
    answered = await create(world)
    late_answer = await create(world, at=T0 - timedelta(hours=30))
    resolved = await create(world, at=T0 - timedelta(hours=30))
    async with world.tx.transaction():
        await world.tickets.update(answered.id, responded_at=T0, status=Status.TAKEN)
        await world.tickets.update(late_answer.id, responded_at=T0, status=Status.IN_PROGRESS)
        await world.tickets.update(resolved.id, status=Status.RESOLVED, resolved_at=T0)

    async def overdue(now):
        return await ids(world, statuses=OPEN_STATUSES, due_before=now, limit=500)

    assert await overdue(T0) == [late_answer.id]
    assert await overdue(T0 + timedelta(minutes=30)) == [late_answer.id]  # equal is not late
    assert await overdue(T0 + timedelta(minutes=30, seconds=1)) == [late_answer.id, a.id]
    assert await overdue(T0 + timedelta(hours=24, seconds=1)) == [
        late_answer.id,
        answered.id,
        a.id,
    ]
    assert await ids(world, due_before=T0) == [resolved.id, late_answer.id]  # no status filter


async def test_search_compares_times_to_the_second(world):
    made = await create(world)  # respond by T0+30m
    due = T0 + timedelta(minutes=30, microseconds=500)
    assert await ids(world, due_before=due) == []
    assert await ids(world, due_before=due + timedelta(seconds=1)) == [made.id]


# ---- resolved_before, count_since, without_card ----------------------------------------------


async def test_resolved_before_finds_resolved_tickets_waiting_too_long(world):
    a = await create(world)
    b = await create(world)
    closed = await create(world)
    reopened = await create(world)
    async with world.tx.transaction():
        await world.tickets.update(
            a.id, status=Status.RESOLVED, resolved_at=T0, resolve_by=T0 + timedelta(hours=30)
        )
        await world.tickets.update(
            b.id, status=Status.RESOLVED, resolved_at=T0 - timedelta(hours=1)
        )
        await world.tickets.update(closed.id, status=Status.CLOSED, resolved_at=T0)
        await world.tickets.update(reopened.id, status=Status.REOPENED, resolved_at=T0)
    assert await world.tickets.resolved_before(T0 - timedelta(hours=1)) == []
    # The order is not part of the contract (SQLite has no ORDER BY there): compare as sets.
    found = await world.tickets.resolved_before(T0 + timedelta(seconds=1))
    assert {t.id for t in found} == {a.id, b.id} and len(found) == 2
    assert {t.id: t for t in found}[a.id] == await world.tickets.get(a.id)


async def test_count_since_counts_a_residents_tickets_from_a_moment_on(world):
    await create(world)
    await create(world, at=T0 + timedelta(minutes=59))
    await create(world, at=T0 + timedelta(hours=1))
    cancelled = await create(world, at=T0 + timedelta(hours=2))
    await create(world, resident=RES2, at=T0 + timedelta(hours=2))
    async with world.tx.transaction():
        await world.tickets.update(cancelled.id, status=Status.CANCELLED)
    assert await world.tickets.count_since(RES, T0) == 4
    assert await world.tickets.count_since(RES, T0 + timedelta(hours=1)) == 2  # inclusive
    assert await world.tickets.count_since(RES, T0 + timedelta(hours=3)) == 0
    assert await world.tickets.count_since(RES2, T0) == 1
    assert await world.tickets.count_since(STRANGER, T0) == 0


async def test_without_card_lists_active_tickets_without_a_card_in_this_group(world):
    made = {s: await create(world) for s in Status}
    carded = await create(world)
    async with world.tx.transaction():
        for status, t in made.items():
            await world.tickets.update(t.id, status=status)
        await world.tickets.update(carded.id, staff_chat_id=-1, staff_message_id=3)
        await world.tickets.update(made[Status.TAKEN].id, staff_chat_id=-2, staff_message_id=4)
    active = [made[s].id for s in Status if s not in (Status.CLOSED, Status.CANCELLED)]
    no_card = [i for i in active if i != made[Status.TAKEN].id]
    assert [t.id for t in await world.tickets.without_card()] == no_card
    assert [t.id for t in await world.tickets.without_card(limit=2)] == no_card[:2]
    assert [t.id for t in await world.tickets.without_card(chat_id=-1)] == sorted(active)
    assert [t.id for t in await world.tickets.without_card(chat_id=-2)] == sorted(
        [*no_card, carded.id]
    )
    assert [t.id for t in await world.tickets.without_card(chat_id=-9)] == sorted(
        [*active, carded.id]
    )


async def test_a_negative_limit_means_no_limit(world):
    """LIMIT -1 in SQLite: everything (services pass positive limits; the fakes agree anyway)."""
    made = [await create(world) for _ in range(3)]
    assert await ids(world, limit=-1) == [t.id for t in reversed(made)]
    assert [t.id for t in await world.tickets.without_card(limit=-1)] == [t.id for t in made]
