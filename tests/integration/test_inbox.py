"""The durable inbox and the idempotency ledger on a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from handlers.runtime.inbox import DurableUpdates
from storage.db import Database
from storage.migrate import migrate
from storage.runtime.inbox import SqliteInbox, SqliteLedger
from tests.support.fakes import FakeClock

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "inbox.sqlite3")
    await database.connect()
    await migrate(database)
    yield database
    await database.close()


async def test_store_is_idempotent_and_advances_the_offset(db):
    inbox = SqliteInbox(db)
    assert await inbox.next_offset() is None
    assert await inbox.store([(10, '{"update_id": 10}'), (11, '{"update_id": 11}')], NOW) == [
        10,
        11,
    ]
    assert await inbox.store([(11, '{"update_id": 11}'), (12, '{"update_id": 12}')], NOW) == [12]
    assert await inbox.next_offset() == 13
    await inbox.store([(5, '{"update_id": 5}')], NOW)  # an old id never moves the offset back
    assert await inbox.next_offset() == 13
    assert [uid for uid, _ in await inbox.pending()] == [5, 10, 11, 12]


async def test_done_updates_leave_pending_and_prune_keeps_the_offset(db):
    inbox = SqliteInbox(db)
    await inbox.store([(1, "{}"), (2, "{}"), (3, "{}")], NOW)
    await inbox.mark_done([1, 3], NOW)
    assert [uid for uid, _ in await inbox.pending()] == [2]
    await inbox.prune(datetime(2030, 1, 1, tzinfo=UTC))
    assert await db.fetchval("SELECT COUNT(*) FROM inbox") == 1
    assert await inbox.next_offset() == 4


async def test_ledger_claims_a_key_once_and_rolls_back_with_its_transaction(db):
    ledger = SqliteLedger(db)
    async with db.transaction():
        assert await ledger.claim("msg:1:2", NOW)
        assert not await ledger.claim("msg:1:2", NOW)
    with pytest.raises(RuntimeError):
        async with db.transaction():
            assert await ledger.claim("msg:1:3", NOW)
            raise RuntimeError("the effect failed")
    async with db.transaction():
        assert await ledger.claim("msg:1:3", NOW)  # the failed attempt left no claim behind
    assert await ledger.seen("msg:1:3") and not await ledger.seen("msg:1:4")


async def test_settled_means_every_fetched_update_was_handled(db):
    """What e2e tests wait on instead of guessing from a quiet period."""
    app = SimpleNamespace(update_queue=asyncio.Queue(), bot=None)
    updates = DurableUpdates(app, SqliteInbox(db), FakeClock(NOW))

    def raw(update_id: int) -> dict:
        chat = {"id": 1, "type": "private"}
        return {
            "update_id": update_id,
            "message": {"message_id": update_id, "date": 0, "chat": chat},
        }

    assert updates.settled(0) and not updates.settled(7)
    updates._fetched([7, 8])
    await updates.accept([raw(7), raw(8)])
    queued = [app.update_queue.get_nowait() for _ in range(2)]
    assert not updates.settled(8)
    await updates.processed(queued[0])
    assert not updates.settled(8)
    await updates.processed(queued[1])
    assert updates.settled(8) and not updates.settled(9)
    updates._fetched([8])  # redelivered after a lost confirmation: stored once, handled once
    await updates.accept([raw(8)])
    assert app.update_queue.empty() and updates.settled(8)
    assert await SqliteInbox(db).pending() == []
