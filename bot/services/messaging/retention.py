"""Keeps the runtime tables bounded (issue 11): what replay can no longer need is deleted.

The durable inbox, the effect keys guarding replays and the outbox grow with every update
and message. Past the retention period a handled update cannot come back (the stored
offset keeps Telegram from redelivering it), so it, the effect keys older than every
update still waiting, and finished outbox rows that no notice owns are deleted. Each
batch is its own short transaction: other writers take turns between batches.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.services.ports import Clock, Transactions

BATCH = 500  # rows per transaction: a few milliseconds of holding the write lock


class RetentionStore(Protocol):
    """Each call deletes at most `limit` rows older than `before`, inside the caller's
    transaction, and returns how many it deleted."""

    async def prune_inbox(self, before: datetime, limit: int) -> int: ...
    async def prune_effects(self, before: datetime, limit: int) -> int: ...
    async def prune_outbox(self, before: datetime, limit: int) -> int: ...


@dataclass(frozen=True)
class Pruned:
    inbox: int = 0
    effects: int = 0
    outbox: int = 0
    batches: int = 0  # transactions used

    @property
    def total(self) -> int:
        return self.inbox + self.effects + self.outbox


class RetentionService:
    def __init__(
        self,
        tx: Transactions,
        store: RetentionStore,
        clock: Clock,
        keep: timedelta,
        batch: int = BATCH,
    ) -> None:
        if keep <= timedelta(0) or batch <= 0:
            raise ValueError("retention and batch size must be positive")
        self.tx, self.store, self.clock, self.keep, self.batch = tx, store, clock, keep, batch

    async def prune(self) -> Pruned:
        """Delete everything past the retention, batch by batch; safe to run twice."""
        before = self.clock.now() - self.keep
        inbox, n1 = await self._drain(self.store.prune_inbox, before)
        effects, n2 = await self._drain(self.store.prune_effects, before)
        outbox, n3 = await self._drain(self.store.prune_outbox, before)
        return Pruned(inbox, effects, outbox, n1 + n2 + n3)

    async def _drain(
        self, step: Callable[[datetime, int], Awaitable[int]], before: datetime
    ) -> tuple[int, int]:
        deleted = batches = 0
        while True:
            async with self.tx.transaction():
                count = await step(before, self.batch)
            deleted, batches = deleted + count, batches + 1
            if count < self.batch:  # a short batch: nothing older is left
                return deleted, batches
