"""SQLite's write failures surface as one domain error, and leave the database intact."""

from __future__ import annotations

import pytest

from bot.domain.errors import StorageUnavailable
from storage.db import Database


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "small.sqlite3")
    await database.connect()
    async with database.transaction():
        await database.execute("CREATE TABLE blobs (data BLOB)")
    yield database
    await database.close()


async def test_disk_full_is_reported_as_full_and_rolled_back(db):
    pages = (await db.fetchone("PRAGMA page_count"))[0]
    await db.conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    with pytest.raises(StorageUnavailable) as caught:
        for _ in range(50):
            async with db.transaction():
                await db.execute("INSERT INTO blobs VALUES (?)", (b"x" * 4000,))
    assert caught.value.reason == "full"
    assert (await db.fetchone("PRAGMA integrity_check"))[0] == "ok"
    async with db.transaction():  # the connection is still usable for what fits
        await db.execute("DELETE FROM blobs")


async def test_read_only_is_reported_as_readonly(db):
    await db.conn.execute("PRAGMA query_only = 1")
    with pytest.raises(StorageUnavailable) as caught:
        async with db.transaction():
            await db.execute("INSERT INTO blobs VALUES (x'00')")
    assert caught.value.reason == "readonly"
    await db.conn.execute("PRAGMA query_only = 0")
    async with db.transaction():
        await db.execute("INSERT INTO blobs VALUES (x'00')")
    assert await db.fetchval("SELECT COUNT(*) FROM blobs") == 1
