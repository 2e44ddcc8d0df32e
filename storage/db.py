"""One long-lived writer connection with serialized transactions, plus read-only readers.

Reads outside a transaction go to separate read-only connections: in WAL mode each read
sees the last committed snapshot, never another task's uncommitted writes. Reads made by
the task that holds the write transaction go to the writer, so they see its own writes.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, overload

import aiosqlite

from bot.domain.errors import StorageUnavailable

log = logging.getLogger(__name__)

# The transactions the current task (and tasks it started inside them) is part of. Each
# transaction is a fresh marker, so a task that outlives its parent's transaction, or a
# transaction on another Database, never counts as "inside" this one.
_held: contextvars.ContextVar[tuple[object, ...]] = contextvars.ContextVar("db_tx", default=())
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA synchronous=NORMAL",
)
READERS = 2  # read-only connections; aiosqlite runs each in its own thread


@contextmanager
def _translated() -> Iterator[None]:
    """SQLite's "disk full" / "read-only" become one domain error the bot can explain."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error).lower()
        if "full" in text:
            raise StorageUnavailable("full", str(error)) from error
        if "readonly" in text or "read-only" in text or "disk i/o" in text:
            raise StorageUnavailable(
                "readonly" if "read" in text else "other", str(error)
            ) from error
        raise


def to_db_time(moment: datetime) -> str:
    """UTC, second precision, one fixed format so text comparison orders correctly."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime reached storage")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@overload
def from_db_time(text: str) -> datetime: ...
@overload
def from_db_time(text: None) -> None: ...
@overload
def from_db_time(text: str | None) -> datetime | None: ...
def from_db_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class Database:
    """Owns the connections; every write goes through `transaction()`."""

    def __init__(self, path: Path | str, readers: int = READERS) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._readers: list[aiosqlite.Connection] = []
        self._next_reader = 0
        # An in-memory database exists only inside its one connection: no separate readers.
        self._reader_count = 0 if str(path) == ":memory:" else readers
        self._lock = asyncio.Lock()
        self._active: object | None = None  # marker of the transaction holding the writer

    async def connect(self) -> None:
        if self._conn is not None:
            return
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # The writer first: it creates the file and switches it to WAL for everyone.
            self._conn = await _open(self.path)
            for _ in range(self._reader_count):
                reader = await _open(self.path)
                # A reader that tried to write would bypass the lock: make that impossible.
                await reader.execute("PRAGMA query_only=ON")
                self._readers.append(reader)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        connections = [*self._readers, self._conn]
        self._readers, self._conn = [], None
        for connection in connections:
            if connection is not None:
                await connection.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        """The writer connection (schema set-up, backup, tests); reads go through fetch*."""
        if self._conn is None:
            raise RuntimeError("database is not connected")
        return self._conn

    def in_transaction(self) -> bool:
        """Is the current task inside this database's write transaction?"""
        return self._active is not None and self._active in _held.get()

    def _reader(self) -> aiosqlite.Connection:
        """The writer inside our own transaction (own writes), else a committed snapshot."""
        if self.in_transaction() or not self._readers:
            return self.conn
        self._next_reader = (self._next_reader + 1) % len(self._readers)
        return self._readers[self._next_reader]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN IMMEDIATE … COMMIT, one writer at a time; re-entrant within a task."""
        if self.in_transaction():
            yield
            return
        async with self._lock:
            with _translated():
                await self.conn.execute("BEGIN IMMEDIATE")
            marker = object()
            token = _held.set((*_held.get(), marker))
            self._active = marker
            try:
                yield
                with _translated():
                    await self.conn.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back (e.g. on SQLITE_FULL); a failed COMMIT
                # leaves the transaction open. Either way: nothing half-written survives.
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
            finally:
                self._active = None
                _held.reset(token)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Cursor:
        """A write statement; must run inside `transaction()`."""
        if not self.in_transaction():
            raise RuntimeError("write outside a transaction")
        with _translated():
            return await self.conn.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if not self.in_transaction():
            raise RuntimeError("write outside a transaction")
        with _translated():
            await self.conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        async with self._reader().execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self._reader().execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchrows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Plain tuples instead of named rows: cheaper when a statement returns many."""
        async with self._reader().execute(sql, params) as cursor:
            cursor.row_factory = None
            rows: Any = await cursor.fetchall()
            return list(rows)

    async def fetchval(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def backup(self, target: Path | str) -> None:
        """Online, consistent copy through SQLite's backup API."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(target) as dest:
            await self.conn.backup(dest)
        log.info("backup written to %s", target)


async def _open(path: Path) -> aiosqlite.Connection:
    # isolation_level=None: no implicit transactions, we issue BEGIN ourselves (a reader's
    # SELECT is its own short read transaction, so it always sees the latest commit).
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn
