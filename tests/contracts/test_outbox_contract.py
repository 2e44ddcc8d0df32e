"""OutboxRepository: FakeOutbox and SqliteOutbox answer every call alike."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.messaging.outbox import BULK, Delivery, OutboxItem, Outcome
from bot.domain.notices.audience import recipients as audience_spec
from bot.domain.notices.model import Audience, Notice
from tests.contracts.conftest import MANAGER, RES, RES2, STAFF, T0, Boom

UNKNOWN = 777  # a chat the bot writes to without a users row (a staff group, say)


async def enqueue(world, user_id=RES, key="k", not_before=T0, priority=None, **kwargs) -> int:
    params = kwargs.pop("params", {})
    extra = kwargs.pop("extra", {})
    more = {} if priority is None else {"priority": priority}
    async with world.tx.transaction():
        return await world.outbox.enqueue(user_id, key, params, extra, not_before, T0, **more)


async def due_ids(world, now=T0, limit=50) -> list[int]:
    return [i.id for i in await world.outbox.due(now, limit)]


async def settle(world, *outcomes: Outcome, now=T0) -> None:
    async with world.tx.transaction():
        await world.outbox.settle(list(outcomes), now)


async def item(world, item_id: int) -> OutboxItem | None:
    return next(
        (i for i in await world.outbox.due(T0 + timedelta(days=365), 1000) if i.id == item_id), None
    )


async def test_enqueue_gives_increasing_ids_and_due_reads_the_row_back(world):
    first = await enqueue(
        world,
        RES,
        "ticket.taken_resident",
        params={"id": 1, "name": "李师傅 <b>", "tags": ("a", "b"), 3: None},
        extra={"ticket": 1, "menu": "main"},
    )
    second = await enqueue(world, RES2, "x")
    assert 0 < first < second
    got, other = await world.outbox.due(T0)
    assert got == OutboxItem(
        first,
        RES,
        "ticket.taken_resident",
        {"id": 1, "name": "李师傅 <b>", "tags": ["a", "b"], "3": None},  # through JSON
        {"ticket": 1, "menu": "main"},
        T0,
        Delivery.PENDING,
        0,
        notice_id=None,
        message_ids=(),
        priority=0,
        reader=(None, "zh"),
    )
    assert other.id == second and other.user_id == RES2


async def test_the_readers_language_comes_along_when_the_user_is_known(world):
    async with world.tx.transaction():
        await world.users.set_language(RES, "en", T0)
    known = await enqueue(world, RES)
    unknown = await enqueue(world, UNKNOWN)
    readers = {i.id: i.reader for i in await world.outbox.due(T0)}
    assert readers == {known: ("en", "zh"), unknown: None}


async def test_params_must_be_json(world):
    with pytest.raises(TypeError):
        await enqueue(world, params={"when": T0})
    assert await due_ids(world) == []


async def test_due_waits_for_not_before_to_the_second(world):
    now_one = await enqueue(world, not_before=T0)
    later = await enqueue(world, not_before=T0 + timedelta(hours=8))
    blurred = await enqueue(world, not_before=T0 + timedelta(seconds=1, microseconds=900_000))
    assert await due_ids(world, T0 - timedelta(seconds=1)) == []
    assert await due_ids(world, T0) == [now_one]  # not_before itself is due
    assert await due_ids(world, T0 + timedelta(seconds=1)) == [now_one, blurred]
    assert await due_ids(world, T0 + timedelta(hours=8)) == [now_one, later, blurred]
    (stored,) = [i for i in await world.outbox.due(T0 + timedelta(hours=9)) if i.id == blurred]
    assert stored.not_before == T0 + timedelta(seconds=1)


async def test_due_puts_conversational_rows_before_bulk_then_oldest_first(world):
    bulk_old = await enqueue(world, RES, "survey.invite", priority=BULK)
    chat_a = await enqueue(world, RES2, "ticket.taken")
    bulk_new = await enqueue(world, STAFF, "survey.invite", priority=BULK)
    chat_b = await enqueue(world, MANAGER, "escalation.response", priority=0)
    assert await due_ids(world) == [chat_a, chat_b, bulk_old, bulk_new]
    assert await due_ids(world, limit=3) == [chat_a, chat_b, bulk_old]
    assert await due_ids(world, limit=0) == []
    assert [i.priority for i in await world.outbox.due(T0)] == [0, 0, BULK, BULK]


async def test_naive_times_are_refused(world):
    with pytest.raises(ValueError, match="naive"):
        await enqueue(world, not_before=datetime(2025, 3, 3))
    with pytest.raises(ValueError, match="naive"):
        async with world.tx.transaction():
            await world.outbox.enqueue(RES, "k", {}, {}, T0, datetime(2025, 3, 3))
    assert await due_ids(world, T0 + timedelta(days=30)) == []


# ---- mark and retry_later --------------------------------------------------------------------


@pytest.mark.parametrize("status", [Delivery.SENT, Delivery.FAILED, Delivery.UNREACHABLE])
async def test_mark_final_takes_a_row_off_the_queue(world, status):
    a, b = await enqueue(world), await enqueue(world)
    async with world.tx.transaction():
        await world.outbox.mark(a, status, T0, None if status is Delivery.SENT else "boom")
        await world.outbox.mark(424242, status, T0)  # missing: nothing
    assert await due_ids(world) == [b]
    assert await world.outbox.next_due_at() == T0


async def test_mark_pending_counts_an_attempt_and_keeps_the_row_due(world):
    a = await enqueue(world)
    async with world.tx.transaction():
        await world.outbox.mark(a, Delivery.PENDING, T0, "again")
        await world.outbox.mark(a, Delivery.PENDING, T0)
    (got,) = await world.outbox.due(T0)
    assert (got.id, got.status, got.attempts) == (a, Delivery.PENDING, 2)


async def test_retry_later_counts_an_attempt_and_moves_not_before(world):
    a, b = await enqueue(world), await enqueue(world)
    async with world.tx.transaction():
        await world.outbox.retry_later(a, timedelta(seconds=20), T0, "x" * 500)
        await world.outbox.retry_later(424242, timedelta(seconds=20), T0, "x")
    assert await due_ids(world, T0 + timedelta(seconds=19)) == [b]
    got = await item(world, a)
    assert (got.attempts, got.not_before, got.status) == (
        1,
        T0 + timedelta(seconds=20),
        Delivery.PENDING,
    )
    async with world.tx.transaction():
        await world.outbox.retry_later(
            a, timedelta(seconds=80, microseconds=5), T0 + timedelta(seconds=20), "y"
        )
    got = await item(world, a)
    assert (got.attempts, got.not_before) == (2, T0 + timedelta(seconds=100))


async def test_release_held_makes_the_held_conversational_rows_of_one_reader_due(world):
    """Issue 10 B: a message going out now first releases what was held for that reader."""
    morning = T0 + timedelta(hours=9)
    held = await enqueue(world, not_before=morning)
    bulk = await enqueue(world, not_before=morning, priority=BULK)
    other = await enqueue(world, user_id=RES2, not_before=morning)
    later = await enqueue(world, not_before=morning)
    async with world.tx.transaction():
        assert await world.outbox.release_held(RES, T0, up_to=held) == 1
    assert await due_ids(world) == [held]
    async with world.tx.transaction():
        assert await world.outbox.release_held(RES, T0) == 1
    assert await due_ids(world) == [held, later]
    assert (await item(world, bulk)).not_before == morning
    assert (await item(world, other)).not_before == morning


async def test_next_due_at_is_the_earliest_pending_not_before(world):
    assert await world.outbox.next_due_at() is None
    a = await enqueue(world, not_before=T0 + timedelta(minutes=5))
    await enqueue(world, not_before=T0 + timedelta(minutes=9))
    assert await world.outbox.next_due_at() == T0 + timedelta(minutes=5)
    async with world.tx.transaction():
        await world.outbox.mark(a, Delivery.SENT, T0)
    assert await world.outbox.next_due_at() == T0 + timedelta(minutes=9)


# ---- settle ----------------------------------------------------------------------------------


async def test_settle_writes_every_kind_of_outcome(world):
    sent, gone, failed, retry, free_retry, partial, untouched = [
        await enqueue(world, user_id) for user_id in (RES, RES2, STAFF, MANAGER, RES, RES2, STAFF)
    ]
    later = T0 + timedelta(seconds=20)
    await settle(
        world,
        Outcome(sent, Delivery.SENT, (7, 8)),
        Outcome(gone, Delivery.UNREACHABLE, (), "Forbidden: bot was blocked"),
        Outcome(failed, Delivery.FAILED, (5,), "Bad Request"),
        Outcome(retry, Delivery.PENDING, (9,), "500", later, True),
        Outcome(free_retry, Delivery.PENDING, (), "timeout", later, False),
        Outcome(partial, Delivery.PENDING, (10, 11)),
        Outcome(424242, Delivery.SENT, (1,)),  # missing: nothing
    )
    assert await due_ids(world) == [partial, untouched]
    rows = {i.id: i for i in await world.outbox.due(later)}
    assert set(rows) == {retry, free_retry, partial, untouched}
    assert (rows[retry].attempts, rows[retry].not_before, rows[retry].message_ids) == (
        1,
        later,
        (9,),
    )
    assert (rows[free_retry].attempts, rows[free_retry].not_before) == (0, later)
    assert (rows[partial].attempts, rows[partial].message_ids) == (0, (10, 11))
    assert (rows[untouched].attempts, rows[untouched].message_ids) == (0, ())


async def test_settle_replaces_the_delivered_parts(world):
    a = await enqueue(world)
    await settle(world, Outcome(a, Delivery.PENDING, (1,)))
    await settle(world, Outcome(a, Delivery.PENDING, (1, 2)))
    assert (await item(world, a)).message_ids == (1, 2)
    await settle(world, Outcome(a, Delivery.PENDING, ()))
    assert (await item(world, a)).message_ids == ()


async def test_settle_of_nothing_is_fine_and_something_needs_a_transaction(world):
    a = await enqueue(world)
    async with world.tx.transaction():
        await world.outbox.settle([], T0)
    with pytest.raises(RuntimeError):
        await world.outbox.settle([Outcome(a, Delivery.SENT, (1,))], T0)
    assert await due_ids(world) == [a]


async def test_a_pending_outcome_does_not_revive_a_settled_row(world):
    a = await enqueue(world)
    await settle(world, Outcome(a, Delivery.SENT, (1,)))
    await settle(world, Outcome(a, Delivery.PENDING, (1,), "late", T0, True))
    await settle(world, Outcome(a, Delivery.PENDING, (1, 2)))
    assert await item(world, a) is None
    assert await world.outbox.next_due_at() is None


# ---- transactions ----------------------------------------------------------------------------


async def test_writes_need_a_transaction(world):
    a = await enqueue(world)
    with pytest.raises(RuntimeError):
        await world.outbox.enqueue(RES, "k", {}, {}, T0, T0)
    with pytest.raises(RuntimeError):
        await world.outbox.mark(a, Delivery.SENT, T0)
    with pytest.raises(RuntimeError):
        await world.outbox.retry_later(a, timedelta(seconds=5), T0, "x")
    assert await due_ids(world) == [a]
    assert (await item(world, a)).attempts == 0


async def test_a_failed_transaction_leaves_nothing_behind(world):
    kept = await enqueue(world)
    with pytest.raises(Boom):
        async with world.tx.transaction():
            await world.outbox.enqueue(RES, "gone", {}, {}, T0, T0)
            await world.outbox.mark(kept, Delivery.SENT, T0)
            raise Boom
    assert await due_ids(world) == [kept]
    with pytest.raises(Boom):
        async with world.tx.transaction():
            await world.outbox.retry_later(kept, timedelta(hours=1), T0, "x")
            await world.outbox.settle([Outcome(kept, Delivery.PENDING, (4,))], T0)
            raise Boom
    got = await item(world, kept)
    assert (got.attempts, got.not_before, got.message_ids, got.key) == (0, T0, (), "k")


async def test_an_id_is_unique_among_the_rows_that_exist(world):
    """The outbox has no AUTOINCREMENT: after the newest rows are deleted (a notice stopped),
    the next row takes the highest id left plus one, like SQLite's rowid."""
    async with world.tx.transaction():
        notice = await world.notices.create(Notice(0, None, "通知", Audience.ALL, T0, T0))
    kept = await enqueue(world)
    async with world.tx.transaction():
        assert await world.notices.release(notice.id, audience_spec(Audience.ALL), T0) == 2
        assert await world.notices.stop(notice.id, T0) == 2
    again = await enqueue(world)
    assert again == kept + 1


async def test_a_negative_limit_means_no_limit(world):
    made = [await enqueue(world) for _ in range(3)]
    assert await due_ids(world, limit=-1) == made
