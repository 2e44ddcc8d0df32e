"""Numbered, forward-only migrations on real SQLite files."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest

import storage.migrate as migrate_module
from storage.db import Database
from storage.migrate import Migration, available_migrations, current_version, migrate

VERSIONS = [m.version for m in available_migrations()]
LATEST = VERSIONS[-1]


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "m.sqlite3")
    await database.connect()
    yield database
    await database.close()


async def tables(db: Database) -> set[str]:
    rows = await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


def test_migration_files_are_numbered_from_one():
    found = available_migrations()
    core = [m.version for m in found if m.version < 100]
    assert core == list(range(1, len(core) + 1))
    assert LATEST >= 2
    assert all(m.sql.strip() and m.name for m in found)


async def test_fresh_database_migrates_to_the_latest_version(db):
    applied = await migrate(db)

    assert applied == VERSIONS
    assert await current_version(db) == LATEST
    rows = await db.fetchall(
        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
    )
    assert [(r[0], r[1]) for r in rows] == [(m.version, m.name) for m in available_migrations()]
    assert all(r[2] for r in rows)
    assert {"users", "homes", "roster", "events", "kv", "registration_requests", "invites"} <= (
        await tables(db)
    )
    assert await db.fetchval("PRAGMA integrity_check") == "ok"
    assert await db.fetchall("PRAGMA foreign_key_check") == []
    assert not db.conn.in_transaction


async def test_migrate_twice_applies_nothing(db):
    await migrate(db)
    before = await db.fetchall("SELECT * FROM schema_migrations")

    assert await migrate(db) == []

    assert [tuple(r) for r in await db.fetchall("SELECT * FROM schema_migrations")] == [
        tuple(r) for r in before
    ]


async def test_an_older_schema_upgrades_in_place(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    await old.connect()
    assert await migrate(old, target=1) == [1]
    assert "invites" not in await tables(old)
    async with old.transaction():
        await old.execute(
            "INSERT INTO homes (id, building, unit, room) VALUES (1, '3', '2', '1102')"
        )
        await old.execute(
            "INSERT INTO roster (home_id, name, phone, updated_at)"
            " VALUES (1, '王芳', '+8613800000001', '2024-01-01T00:00:00+00:00')"
        )
        await old.execute(
            "INSERT INTO users (id, first_name, username, role, home_id, phone, state,"
            " created_at, updated_at) VALUES (42, 'Li', 'li', 'resident', 1, '+8613800000001',"
            " NULL, '2024-01-01T00:00:00+00:00', '2024-01-02T00:00:00+00:00')"
        )
    await old.close()

    new = Database(path)
    await new.connect()
    try:
        assert await migrate(new) == VERSIONS[1:]
        assert {"registration_requests", "invites"} <= await tables(new)
        user = await new.fetchone("SELECT * FROM users WHERE id = 42")
        assert (user["first_name"], user["username"], user["role"], user["home_id"]) == (
            "Li",
            "li",
            "resident",
            1,
        )
        assert user["phone"] == "+8613800000001"
        assert user["created_at"] == "2024-01-01T00:00:00+00:00"
        home = await new.fetchone("SELECT building, unit, room FROM homes WHERE id = 1")
        assert tuple(home) == ("3", "2", "1102")
        assert await new.fetchval("SELECT name FROM roster WHERE home_id = 1") == "王芳"
        # the new tables are usable against the old rows
        async with new.transaction():
            await new.execute(
                "INSERT INTO registration_requests (user_id, home_id, created_at)"
                " VALUES (42, 1, '2025-01-01T00:00:00+00:00')"
            )
        assert await new.fetchall("PRAGMA foreign_key_check") == []
        assert await new.fetchval("PRAGMA integrity_check") == "ok"
    finally:
        await new.close()


async def test_target_stops_early_and_later_runs_continue(db):
    assert await migrate(db, target=1) == [1]
    assert await current_version(db) == 1
    assert await migrate(db, target=1) == []
    assert await migrate(db) == VERSIONS[1:]


def with_extra(extra: Migration):
    real = available_migrations()
    return lambda: [*real, extra]


async def test_a_broken_migration_leaves_no_record_and_no_partial_table(db, monkeypatch):
    await migrate(db)
    broken = Migration(
        LATEST + 1,
        "broken",
        "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\n"
        "INSERT INTO half_done (id) VALUES (1);\n"
        "ALTER TABLE users ADD COLUMN half_done INTEGER;\n"
        "INSERT INTO no_such_table VALUES (1);\n",
    )
    monkeypatch.setattr(migrate_module, "available_migrations", with_extra(broken))

    with pytest.raises(sqlite3.OperationalError):
        await migrate(db)

    assert await current_version(db) == LATEST
    assert (
        await db.fetchval("SELECT COUNT(*) FROM schema_migrations WHERE version = ?", (LATEST + 1,))
        == 0
    )
    assert "half_done" not in await tables(db)
    columns = {row[1] for row in await db.fetchall("PRAGMA table_info(users)")}
    assert "half_done" not in columns
    assert not db.conn.in_transaction
    # the connection still works for ordinary transactions
    async with db.transaction():
        await db.execute("INSERT INTO kv (key, value) VALUES ('after', 'ok')")
    assert await db.fetchval("SELECT value FROM kv WHERE key = 'after'") == "ok"


async def test_a_broken_migration_can_be_fixed_and_rerun(db, monkeypatch):
    await migrate(db)
    monkeypatch.setattr(
        migrate_module,
        "available_migrations",
        with_extra(
            Migration(LATEST + 1, "extra", "CREATE TABLE extra (id INTEGER PRIMARY KEY); oops;")
        ),
    )
    with pytest.raises(sqlite3.OperationalError):
        await migrate(db)
    monkeypatch.setattr(
        migrate_module,
        "available_migrations",
        with_extra(Migration(LATEST + 1, "extra", "CREATE TABLE extra (id INTEGER PRIMARY KEY);")),
    )
    assert await migrate(db) == [LATEST + 1]
    assert "extra" in await tables(db)


async def test_earlier_migrations_of_the_same_run_stay_applied_when_a_later_one_fails(
    db, monkeypatch
):
    good = Migration(LATEST + 1, "good", "CREATE TABLE good (id INTEGER PRIMARY KEY);")
    bad = Migration(LATEST + 2, "bad", "CREATE TABLE bad (id INTEGER); SELECT * FROM nowhere;")
    real = available_migrations()
    monkeypatch.setattr(migrate_module, "available_migrations", lambda: [*real, good, bad])

    with pytest.raises(sqlite3.OperationalError):
        await migrate(db)

    assert await current_version(db) == LATEST + 1
    assert "good" in await tables(db) and "bad" not in await tables(db)


@pytest.mark.parametrize(
    "names",
    [
        ["0001_a.sql", "0003_c.sql"],  # a gap
        ["0002_b.sql"],  # not starting at 1
        ["0001_a.sql", "0001_b.sql"],  # a duplicate number
    ],
)
def test_gaps_in_numbering_are_refused(tmp_path, monkeypatch, names):
    folder = tmp_path / "migrations"
    folder.mkdir()
    for name in names:
        (folder / name).write_text("CREATE TABLE t (id INTEGER);", "utf-8")
    (folder / "README.txt").write_text("not a migration", "utf-8")
    monkeypatch.setattr(migrate_module, "resources", SimpleNamespace(files=lambda _pkg: tmp_path))

    with pytest.raises(RuntimeError, match="without gaps"):
        available_migrations()


async def test_migrate_refuses_a_gap_before_touching_the_database(tmp_path, monkeypatch, db):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_a.sql").write_text("CREATE TABLE a (id INTEGER);", "utf-8")
    (folder / "0003_c.sql").write_text("CREATE TABLE c (id INTEGER);", "utf-8")
    monkeypatch.setattr(migrate_module, "resources", SimpleNamespace(files=lambda _pkg: tmp_path))

    with pytest.raises(RuntimeError):
        await migrate(db)

    assert not ({"a", "c"} & await tables(db))


def test_well_named_files_are_found_in_order(tmp_path, monkeypatch):
    folder = tmp_path / "migrations"
    folder.mkdir()
    for name in ["0002_second.sql", "0001_first.sql", "notes.sql", "0003_Bad-Name.sql"]:
        (folder / name).write_text("SELECT 1;", "utf-8")
    monkeypatch.setattr(migrate_module, "resources", SimpleNamespace(files=lambda _pkg: tmp_path))

    assert [(m.version, m.name) for m in available_migrations()] == [(1, "first"), (2, "second")]
