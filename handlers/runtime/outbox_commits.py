"""The committing half of the outbox dispatcher: outcomes wait a few milliseconds to be
committed together, sending waits while too many are unrecorded, and features that follow
outcomes hear of them after each commit."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.domain.messaging.outbox import OutboxItem, Outcome
from handlers.runtime.attached import Attached

log = logging.getLogger(__name__)
COMMIT_EVERY = 0.02  # seconds an outcome may wait to be committed with others
COMMIT_BATCH = 100
# Delivered messages whose outcome is not committed yet; sending waits above this (a slow disk
# or a stalled commit must not grow what a crash would send twice).
MAX_UNRECORDED = 64


class OutcomeCommits(Attached):
    """Outcomes of sent rows, committed in small groups; the dispatcher's rows in flight are
    released once their outcome is in the database."""

    def __init__(self) -> None:
        super().__init__()
        # Test hook: awaited before each commit (a test blocks it to crash between send and commit).
        self.before_commit: Callable[[list], Awaitable[None]] | None = None
        # Features that follow outcomes (a relay's staff-side status): called after each commit
        # with the final outcomes, in a task of their own (they never hold up the outbox).
        self.on_recorded: list[Callable[[list[tuple[OutboxItem, Outcome]]], Awaitable[None]]] = []
        self._hooks: set[asyncio.Task] = set()
        self._results: list[tuple[OutboxItem, Outcome, bool]] = []
        self._results_ready = asyncio.Event()
        self._unrecorded = 0  # outcomes waiting for (or in) a commit
        self._recorded = asyncio.Condition()
        self._commit_lock = asyncio.Lock()
        self._inflight: set[int] = set()  # row ids picked up and not yet committed
        self._notice_rows: dict[int, int] = {}  # row id -> notice id, while the row is in flight
        # Rows committed while a read of due rows was running: that read may predate the
        # commit (same connection, earlier in its queue), so it must not hand them out again.
        self._settled_while_reading: set[int] | None = None
        self._progress = asyncio.Event()

    async def recorded(self, timeout: float = 2.0) -> None:  # noqa: ASYNC109
        """Wait until every message already sent is recorded (which ticket it belongs to is
        written with its outcome, a few milliseconds after the send)."""
        with contextlib.suppress(TimeoutError):
            async with self._recorded:
                await asyncio.wait_for(
                    self._recorded.wait_for(lambda: self._unrecorded == 0), timeout
                )

    # ---- committing ---------------------------------------------------------------------------
    def _result(self, item: OutboxItem, outcome: Outcome, *, final: bool) -> None:
        self._results.append((item, outcome, final))
        self._unrecorded += 1
        self._results_ready.set()

    def _recorded_hooks(self, batch: list[tuple[OutboxItem, Outcome, bool]]) -> None:
        done = [(item, outcome) for item, outcome, final in batch if final]
        for hook in self.on_recorded if done else ():
            task = asyncio.create_task(self._hook(hook, done))
            self._hooks.add(task)
            task.add_done_callback(self._hooks.discard)

    @staticmethod
    async def _hook(hook, done: list[tuple[OutboxItem, Outcome]]) -> None:
        try:
            await hook(done)
        except Exception:  # a status edit failing must not disturb delivery
            log.exception("outbox outcome hook failed")

    async def _room(self) -> None:
        if self._unrecorded < MAX_UNRECORDED:
            return
        async with self._recorded:
            await self._recorded.wait_for(lambda: self._unrecorded < MAX_UNRECORDED)

    async def _commit_loop(self) -> None:
        while True:
            await self._results_ready.wait()
            if len(self._results) < COMMIT_BATCH:
                await asyncio.sleep(COMMIT_EVERY)
            await self._flush()

    async def _flush(self) -> None:
        batch, self._results = self._results, []
        self._results_ready.clear()
        if batch:
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[OutboxItem, Outcome, bool]]) -> None:
        async with self._commit_lock:
            if self.before_commit is not None:
                await self.before_commit(batch)
            for attempt in range(3):
                try:
                    # Each outcome with its consequences (unreachable people, ticket links).
                    await self._svc.outbox.record([(item, o) for item, o, _ in batch])
                    self._recorded_hooks(batch)
                    break
                except Exception:  # the rows stay pending and are sent again: no loss
                    log.exception("could not record %d outbox outcomes", len(batch))
                    if attempt == 2:
                        break
                    await asyncio.sleep(0.5)
            for item, _, final in batch:
                if final:
                    self._inflight.discard(item.id)
                    self._notice_rows.pop(item.id, None)
                    if self._settled_while_reading is not None:
                        self._settled_while_reading.add(item.id)
            self._progress.set()
            self._unrecorded -= len(batch)
            async with self._recorded:
                self._recorded.notify_all()
