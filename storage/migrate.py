"""Numbered, forward-only SQL migrations, each applied atomically with its record."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from storage.db import Database, to_db_time

log = logging.getLogger(__name__)
RESERVED_FROM = 100
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    # 1..N without gaps below 100; from 0100 up each feature branch owns a distinct number
    # (so parallel branches never clash), and those may leave gaps, never duplicates.
    core = [v for v in versions if v < RESERVED_FROM]
    if core != list(range(1, len(core) + 1)) or len(set(versions)) != len(versions):
        raise RuntimeError(f"migration numbers must be 1..N without gaps, got {versions}")
    return found


async def current_version(db: Database) -> int:
    await db.conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return int(await db.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))


async def migrate(db: Database, target: int | None = None) -> list[int]:
    """Apply pending migrations up to `target` (default: all); return applied versions."""
    applied = []
    await current_version(db)  # creates the bookkeeping table
    rows = await db.fetchall("SELECT version FROM schema_migrations")
    done = {row[0] for row in rows}
    for migration in available_migrations():
        if migration.version in done or (target is not None and migration.version > target):
            continue
        stamp = to_db_time(datetime.now(UTC))
        # executescript would commit an open transaction, so the script carries its own
        # BEGIN/COMMIT and the bookkeeping row: the schema change and its record land together.
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n;\n"
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES "
            f"({migration.version}, '{migration.name}', '{stamp}');\n"
            "COMMIT;"
        )
        try:
            await db.conn.executescript(script)
        except Exception:
            if db.conn.in_transaction:
                await db.conn.execute("ROLLBACK")
            raise
        log.info("applied migration %04d_%s", migration.version, migration.name)
        applied.append(migration.version)
    return applied
