"""One long-lived aiosqlite connection with serialized write transactions."""

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

# True inside the task that holds the write transaction; writes elsewhere are a bug.
_in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar("in_tx", default=False)


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
    """Owns the connection; every write goes through `transaction()`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self) -> None:
        if self._conn is not None:
            return
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions, we issue BEGIN ourselves.
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=5000",
            "PRAGMA synchronous=NORMAL",
        ):
            await self._conn.execute(pragma)

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not connected")
        return self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN IMMEDIATE … COMMIT, one writer at a time; re-entrant within a task."""
        if _in_transaction.get():
            yield
            return
        async with self._lock:
            with _translated():
                await self.conn.execute("BEGIN IMMEDIATE")
            token = _in_transaction.set(True)
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
                _in_transaction.reset(token)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Cursor:
        """A write statement; must run inside `transaction()`."""
        if not _in_transaction.get():
            raise RuntimeError("write outside a transaction")
        with _translated():
            return await self.conn.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if not _in_transaction.get():
            raise RuntimeError("write outside a transaction")
        with _translated():
            await self.conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        async with self.conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self.conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

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
