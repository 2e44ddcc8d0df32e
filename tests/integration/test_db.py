"""storage.db.Database on a real SQLite file: pragmas, transactions, serialized writers, backup."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from storage.db import Database, from_db_time, to_db_time


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "nested" / "test.sqlite3")
    await database.connect()
    await database.conn.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
    await database.conn.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
    yield database
    await database.close()


async def test_connect_creates_the_folder_and_sets_pragmas(db, tmp_path):
    assert (tmp_path / "nested" / "test.sqlite3").exists()
    assert (await db.fetchval("PRAGMA journal_mode")).lower() == "wal"
    assert await db.fetchval("PRAGMA foreign_keys") == 1
    assert await db.fetchval("PRAGMA busy_timeout") >= 1000
    assert await db.fetchval("PRAGMA integrity_check") == "ok"


async def test_connect_twice_keeps_one_connection(db):
    conn = db.conn
    await db.connect()
    assert db.conn is conn


async def test_closed_database_refuses_use(tmp_path):
    database = Database(tmp_path / "x.sqlite3")
    with pytest.raises(RuntimeError):
        _ = database.conn
    await database.connect()
    await database.close()
    with pytest.raises(RuntimeError):
        await database.fetchval("SELECT 1")


async def test_foreign_keys_are_enforced(db):
    await db.conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    await db.conn.execute(
        "CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent(id))"
    )
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await db.execute("INSERT INTO child (p) VALUES (99)")
    assert await db.fetchval("SELECT COUNT(*) FROM child") == 0


async def test_write_outside_a_transaction_raises(db):
    with pytest.raises(RuntimeError, match="outside a transaction"):
        await db.execute("UPDATE counter SET value = 5 WHERE id = 1")
    with pytest.raises(RuntimeError, match="outside a transaction"):
        await db.executemany("UPDATE counter SET value = ? WHERE id = 1", [(5,)])
    assert await db.fetchval("SELECT value FROM counter") == 0


async def test_commit_on_success(db):
    async with db.transaction():
        await db.execute("UPDATE counter SET value = 7 WHERE id = 1")
        await db.executemany("INSERT INTO counter (id, value) VALUES (?, ?)", [(2, 1), (3, 1)])
    assert await db.fetchval("SELECT SUM(value) FROM counter") == 9
    assert not db.conn.in_transaction


async def test_exception_inside_a_transaction_rolls_back(db):
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with db.transaction():
            await db.execute("UPDATE counter SET value = 99 WHERE id = 1")
            await db.execute("INSERT INTO counter (id, value) VALUES (2, 2)")
            raise Boom
    assert await db.fetchval("SELECT value FROM counter WHERE id = 1") == 0
    assert await db.fetchval("SELECT COUNT(*) FROM counter") == 1
    assert not db.conn.in_transaction
    # and the database is usable afterwards
    async with db.transaction():
        await db.execute("UPDATE counter SET value = 1 WHERE id = 1")
    assert await db.fetchval("SELECT value FROM counter") == 1


async def test_a_failed_statement_rolls_back_earlier_ones(db):
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction():
            await db.execute("UPDATE counter SET value = 5 WHERE id = 1")
            await db.execute("INSERT INTO counter (id, value) VALUES (1, 1)")  # duplicate key
    assert await db.fetchval("SELECT value FROM counter") == 0


async def test_cancelled_task_rolls_back_and_releases_the_lock(db):
    entered = asyncio.Event()

    async def slow_writer():
        async with db.transaction():
            await db.execute("UPDATE counter SET value = 42 WHERE id = 1")
            entered.set()
            await asyncio.sleep(10)

    task = asyncio.create_task(slow_writer())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await db.fetchval("SELECT value FROM counter") == 0
    async with asyncio.timeout(2):
        async with db.transaction():
            await db.execute("UPDATE counter SET value = 1 WHERE id = 1")
    assert await db.fetchval("SELECT value FROM counter") == 1


async def test_concurrent_read_modify_write_is_serialized(db):
    async def increment():
        async with db.transaction():
            value = await db.fetchval("SELECT value FROM counter WHERE id = 1")
            await asyncio.sleep(0)  # give every other task the chance to interleave
            await db.execute("UPDATE counter SET value = ? WHERE id = 1", (value + 1,))

    await asyncio.gather(*(increment() for _ in range(50)))
    assert await db.fetchval("SELECT value FROM counter WHERE id = 1") == 50


async def test_one_failing_writer_does_not_disturb_the_others(db):
    async def increment(fail: bool):
        async with db.transaction():
            value = await db.fetchval("SELECT value FROM counter WHERE id = 1")
            await db.execute("UPDATE counter SET value = ? WHERE id = 1", (value + 1,))
            if fail:
                raise ValueError("boom")

    results = await asyncio.gather(
        *(increment(i % 5 == 0) for i in range(20)), return_exceptions=True
    )
    assert sum(isinstance(r, ValueError) for r in results) == 4
    assert await db.fetchval("SELECT value FROM counter WHERE id = 1") == 16


async def test_nested_transaction_in_the_same_task_is_reentrant(db):
    async with asyncio.timeout(2):  # a non-re-entrant lock would deadlock here
        async with db.transaction():
            await db.execute("UPDATE counter SET value = 1 WHERE id = 1")
            async with db.transaction():
                await db.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
            await db.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
    assert await db.fetchval("SELECT value FROM counter") == 3


async def test_error_in_a_nested_block_rolls_back_the_whole_transaction(db):
    with pytest.raises(KeyError):
        async with db.transaction():
            await db.execute("UPDATE counter SET value = 1 WHERE id = 1")
            async with db.transaction():
                await db.execute("UPDATE counter SET value = 2 WHERE id = 1")
                raise KeyError("inner")
    assert await db.fetchval("SELECT value FROM counter") == 0


async def test_backup_is_a_consistent_copy_and_the_source_stays_usable(db, tmp_path):
    async with db.transaction():
        await db.executemany(
            "INSERT INTO counter (id, value) VALUES (?, ?)", [(i, i * i) for i in range(2, 200)]
        )
    target = tmp_path / "backups" / "copy.sqlite3"

    await db.backup(target)

    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = copy.execute("SELECT id, value FROM counter ORDER BY id").fetchall()
    source = [tuple(r) for r in await db.fetchall("SELECT id, value FROM counter ORDER BY id")]
    assert rows == source and len(rows) == 199
    async with db.transaction():
        await db.execute("UPDATE counter SET value = -1 WHERE id = 1")
    assert await db.fetchval("SELECT value FROM counter WHERE id = 1") == -1
    with sqlite3.connect(target) as copy:  # the copy is independent
        assert copy.execute("SELECT value FROM counter WHERE id = 1").fetchone()[0] == 0


async def test_reads_see_committed_writes_after_reopen(db, tmp_path):
    async with db.transaction():
        await db.execute("UPDATE counter SET value = 11 WHERE id = 1")
    await db.close()
    again = Database(tmp_path / "nested" / "test.sqlite3")
    await again.connect()
    try:
        assert await again.fetchval("SELECT value FROM counter") == 11
        assert await again.fetchval("PRAGMA integrity_check") == "ok"
    finally:
        await again.close()


def test_db_time_is_utc_text_that_sorts():
    shanghai = timezone(timedelta(hours=8))
    moment = datetime(2025, 3, 1, 20, 30, 15, 999_999, tzinfo=shanghai)
    text = to_db_time(moment)
    assert text == "2025-03-01T12:30:15+00:00"
    assert from_db_time(text) == moment.replace(microsecond=0)
    assert from_db_time(text).tzinfo is not None
    assert from_db_time(None) is None
    earlier = to_db_time(datetime(2025, 3, 1, 12, 30, 14, tzinfo=UTC))
    assert earlier < text
    with pytest.raises(ValueError):
        to_db_time(datetime(2025, 3, 1, 12, 0))
