"""Reads never see another task's uncommitted writes; the writing task sees its own (issue 11)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import Database
from storage.migrate import migrate
from storage.runtime.inbox import SqliteLedger

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


class Rollback(Exception):
    pass


def _wal_exists(path: Path) -> bool:
    return Path(f"{path}-wal").exists()


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "isolation.sqlite3")
    await database.connect()
    async with database.transaction():
        await database.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
    yield database
    await database.close()


async def test_another_task_never_reads_an_uncommitted_insert_that_is_rolled_back(db):
    inserted, observed, rolled_back = asyncio.Event(), asyncio.Event(), asyncio.Event()
    seen: list[int] = []

    async def writer():
        with pytest.raises(Rollback):
            async with db.transaction():
                await db.execute("INSERT INTO items (id, name) VALUES (1, 'draft')")
                inserted.set()
                await observed.wait()  # hold the transaction open while the reader looks
                raise Rollback
        rolled_back.set()

    async def reader():
        await inserted.wait()
        seen.append(await db.fetchval("SELECT COUNT(*) FROM items"))
        seen.append(len(await db.fetchall("SELECT * FROM items WHERE id = 1")))
        observed.set()
        await rolled_back.wait()
        seen.append(await db.fetchval("SELECT COUNT(*) FROM items"))

    async with asyncio.timeout(10):  # a safety net against a deadlock, not a timing check
        await asyncio.gather(writer(), reader())
    assert seen == [0, 0, 0]


async def test_the_writing_task_reads_its_own_writes_and_others_see_them_after_commit(db):
    inserted, observed = asyncio.Event(), asyncio.Event()
    own: list[object] = []
    other: list[object] = []

    async def writer():
        async with db.transaction():
            await db.execute("INSERT INTO items (id, name) VALUES (1, 'mine')")
            own.append(await db.fetchval("SELECT name FROM items WHERE id = 1"))
            async with db.transaction():  # a nested block is the same transaction
                own.append(await db.fetchval("SELECT COUNT(*) FROM items"))
            inserted.set()
            await observed.wait()

    async def reader():
        await inserted.wait()
        other.append(await db.fetchval("SELECT name FROM items WHERE id = 1"))
        observed.set()

    async with asyncio.timeout(10):
        await asyncio.gather(writer(), reader())
    assert own == ["mine", 1]
    assert other == [None]
    assert await db.fetchval("SELECT name FROM items WHERE id = 1") == "mine"


async def test_a_replay_check_does_not_see_a_key_claimed_by_a_transaction_that_rolls_back(
    tmp_path,
):
    database = Database(tmp_path / "ledger.sqlite3")
    await database.connect()
    await migrate(database)
    ledger = SqliteLedger(database)
    claimed, checked = asyncio.Event(), asyncio.Event()
    answers: list[bool] = []

    async def effect_that_fails():
        with pytest.raises(Rollback):
            async with database.transaction():
                assert await ledger.claim("sv:cbq:42", NOW)
                assert await ledger.seen("sv:cbq:42")  # its own claim, inside its transaction
                claimed.set()
                await checked.wait()
                raise Rollback

    async def replay_check():
        await claimed.wait()
        answers.append(await ledger.seen("sv:cbq:42"))
        checked.set()

    try:
        async with asyncio.timeout(10):
            await asyncio.gather(effect_that_fails(), replay_check())
        answers.append(await ledger.seen("sv:cbq:42"))
        assert answers == [False, False]
    finally:
        await database.close()


async def test_being_inside_a_transaction_is_decided_per_task(db):
    holding, done = asyncio.Event(), asyncio.Event()
    outside: list[object] = []

    async def writer():
        async with db.transaction():
            assert db.in_transaction()
            holding.set()
            await done.wait()

    async def bystander():
        await holding.wait()
        outside.append(db.in_transaction())
        with pytest.raises(RuntimeError, match="outside a transaction"):
            await db.execute("INSERT INTO items (name) VALUES ('sneaky')")
        outside.append(await db.fetchval("PRAGMA query_only"))  # a read-only reader answered
        done.set()

    async with asyncio.timeout(10):
        await asyncio.gather(writer(), bystander())
    assert outside == [False, 1]
    assert not db.in_transaction()
    assert await db.fetchval("SELECT COUNT(*) FROM items") == 0


async def test_a_task_started_inside_a_transaction_is_outside_it_once_it_ends(db):
    finished, go_on = asyncio.Event(), asyncio.Event()
    later: list[bool] = []

    async def child():
        await finished.wait()
        later.append(db.in_transaction())
        with pytest.raises(RuntimeError, match="outside a transaction"):
            await db.execute("INSERT INTO items (name) VALUES ('late')")
        go_on.set()

    async with db.transaction():
        task = asyncio.create_task(child())  # inherits the context: that must not leak the lock
    finished.set()
    async with asyncio.timeout(10):
        await go_on.wait()
        await task
    assert later == [False]


async def test_a_transaction_on_one_database_is_not_a_transaction_on_another(db, tmp_path):
    other = Database(tmp_path / "other.sqlite3")
    await other.connect()
    try:
        async with db.transaction():
            assert db.in_transaction() and not other.in_transaction()
            with pytest.raises(RuntimeError, match="outside a transaction"):
                await other.execute("CREATE TABLE t (x)")
    finally:
        await other.close()


async def test_every_connection_has_the_pragmas_and_readers_cannot_write(db):
    for _ in range(4):  # round-robin over the readers
        assert (await db.fetchval("PRAGMA journal_mode")).lower() == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.fetchval("PRAGMA busy_timeout") == 5000
        assert await db.fetchval("PRAGMA query_only") == 1
    async with db.transaction():  # the writer answers inside a transaction
        assert await db.fetchval("PRAGMA query_only") == 0
        assert await db.fetchval("PRAGMA foreign_keys") == 1


async def test_a_read_does_not_wait_for_a_long_write_transaction(db):
    holding, read_done = asyncio.Event(), asyncio.Event()

    async def writer():
        async with db.transaction():
            await db.execute("INSERT INTO items (name) VALUES ('slow')")
            holding.set()
            await read_done.wait()  # would deadlock if reads queued behind the write lock

    async def reader():
        await holding.wait()
        assert await db.fetchval("SELECT COUNT(*) FROM items") == 0
        read_done.set()

    async with asyncio.timeout(10):
        await asyncio.gather(writer(), reader())
    assert await db.fetchval("SELECT COUNT(*) FROM items") == 1


async def test_close_closes_every_connection(tmp_path):
    path = tmp_path / "closing.sqlite3"
    database = Database(path)
    await database.connect()
    async with database.transaction():
        await database.execute("CREATE TABLE t (x)")
        await database.execute("INSERT INTO t VALUES (1)")
    assert await database.fetchval("SELECT x FROM t") == 1
    assert _wal_exists(path)
    await database.close()
    # SQLite checkpoints and removes the WAL file only when the last connection closes.
    assert not _wal_exists(path)
    with pytest.raises(RuntimeError):
        await database.fetchval("SELECT 1")
    await database.close()  # twice is harmless


async def test_an_in_memory_database_reads_through_its_only_connection():
    database = Database(":memory:")
    await database.connect()
    try:
        async with database.transaction():
            await database.execute("CREATE TABLE t (x)")
            await database.execute("INSERT INTO t VALUES (7)")
        assert await database.fetchval("SELECT x FROM t") == 7
    finally:
        await database.close()
