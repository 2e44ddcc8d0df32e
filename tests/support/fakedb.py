"""What the in-memory fakes share with SQLite: the fakes bound to one NoTransactions are the
tables of one database, and behave like storage.db.Database says a database behaves.

- A write outside `transaction()` fails (`Database.execute` refuses it).
- Transactions are serialized: one writer at a time (BEGIN IMMEDIATE under an asyncio.Lock);
  a nested `transaction()` in the same task joins the outer one.
- An exception leaving the outermost transaction undoes every write made in it, ids included
  (ROLLBACK); a fake checks its constraints before it changes anything, so a failed write that
  is caught inside a transaction leaves the rest of the transaction alone (SQLite undoes just
  the failed statement).
- A fake finds the other tables of its database with `_table(kind)` to enforce the foreign
  keys the schema declares (a row that points at nothing is refused).
- Times are stored as storage.db stores them: UTC to the second; a naive datetime is refused.

Each fake keeps its rows in plain containers (dict, list, set) of immutable values and
replaces a row rather than changing it, so a shallow copy is a complete snapshot.
"""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeVar

from storage.db import from_db_time, to_db_time

T = TypeVar("T")


def db_time(moment: datetime) -> datetime:
    """The datetime as SQLite gives it back: UTC, whole seconds; ValueError if naive."""
    return from_db_time(to_db_time(moment))


def db_time_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else db_time(moment)


def sql_slice(rows: list[T], limit: int, offset: int = 0) -> list[T]:
    """LIMIT/OFFSET as SQLite reads them: a negative limit means none, a negative offset 0."""
    start = max(offset, 0)
    return rows[start:] if limit < 0 else rows[start : start + limit]


class IntegrityError(sqlite3.IntegrityError):
    """What sqlite3 raises for a broken key or CHECK constraint (and it is one)."""


class Ids:
    """Row ids, 1, 2, 3, …; part of a fake's state, so a rolled-back insert frees its id."""

    def __init__(self, last: int = 0) -> None:
        self.last = last

    def __iter__(self) -> Ids:
        return self

    def __next__(self) -> int:
        self.last += 1
        return self.last

    def __copy__(self) -> Ids:
        return Ids(self.last)


def _copied(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, set):
        return set(value)
    if isinstance(value, Ids):
        return Ids(value.last)
    return value


class NoTransactions:
    """Transactions over the fakes: serialized, rolled back on an exception, counted.

    `entries` counts every `async with`, `outermost` only the non-nested ones; the fakes ask
    `active` so a write outside a transaction fails like it does on SQLite."""

    def __init__(self) -> None:
        self.entries = 0
        self.outermost = 0
        self._depth: contextvars.ContextVar[int] = contextvars.ContextVar(
            f"fake_tx_{id(self)}", default=0
        )
        self._lock = asyncio.Lock()
        self._tables: weakref.WeakSet[Any] = weakref.WeakSet()
        self._saved: dict[int, tuple[Any, dict[str, Any]]] | None = None

    @property
    def active(self) -> bool:
        return self._depth.get() > 0

    def enlist(self, fake: Any) -> None:
        self._tables.add(fake)

    def table(self, kind: type[T]) -> T | None:
        """The one live fake of this kind bound here (None if there is none, or several)."""
        found = [fake for fake in self._tables if isinstance(fake, kind)]
        return found[0] if len(found) == 1 else None

    def before_write(self, fake: Any) -> None:
        """Remember a fake's state the first time the current transaction changes it."""
        if self._saved is not None and id(fake) not in self._saved:
            self._saved[id(fake)] = (fake, fake._snapshot())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        self.entries += 1
        depth = self._depth.get()
        if depth > 0:
            token = self._depth.set(depth + 1)
            try:
                yield
            finally:
                self._depth.reset(token)
            return
        async with self._lock:
            self.outermost += 1
            self._saved = {}
            token = self._depth.set(1)
            try:
                yield
            except BaseException:
                for fake, state in self._saved.values():
                    fake._restore(state)
                raise
            finally:
                self._saved = None
                self._depth.reset(token)


class _Writes:
    """Base for fakes: one table (or a few) of the database that `tx` stands for."""

    def __init__(self, tx: Any = None) -> None:
        self.tx = tx
        self.writes = 0
        if hasattr(tx, "enlist"):
            tx.enlist(self)

    def _write(self) -> None:
        """Call before changing anything: refuses a write outside a transaction."""
        if self.tx is not None and hasattr(self.tx, "active") and not self.tx.active:
            raise RuntimeError("write outside a transaction")
        if hasattr(self.tx, "before_write"):
            self.tx.before_write(self)
        self.writes += 1

    def _table(self, kind: type[T]) -> T | None:
        return self.tx.table(kind) if hasattr(self.tx, "table") else None

    def _refer(self, kind: type, key: Any) -> None:
        """A foreign key: `key` must be a row of the `kind` table (when it is bound here)."""
        table = self._table(kind)
        if key is not None and table is not None and key not in table.rows:
            raise IntegrityError("FOREIGN KEY constraint failed")

    def _snapshot(self) -> dict[str, Any]:
        return {
            name: _copied(value)
            for name, value in vars(self).items()
            if name not in ("tx", "writes") and not isinstance(value, _Writes)
        }

    def _restore(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            current = getattr(self, name)
            if isinstance(current, dict):  # in place: a test may hold the container
                current.clear()
                current.update(value)
            elif isinstance(current, list):
                current[:] = value
            elif isinstance(current, set):
                current.clear()
                current.update(value)
            else:
                setattr(self, name, value)
