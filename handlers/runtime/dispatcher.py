"""Drains the outbox: renders each row in its reader's language and sends it, paced.

One dispatcher sends everything the bot pushes (ticket updates, notices, survey invitations)
under one budget (`handlers.runtime.scheduler.SendScheduler`). Rows are sent concurrently, in order
within a chat; outcomes are committed in small groups every few milliseconds. The database
stays the truth: a row is `pending` until its outcome is committed, so after a crash
(kill -9) the only messages sent twice are those delivered but not yet committed: at most
MAX_UNRECORDED plus the scheduler's window (the requests on the wire).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta

from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.domain.messaging.outbox import MAX_ATTEMPTS, Delivery, OutboxItem, Outcome, backoff_seconds
from bot.services.registry import Services
from handlers.runtime.outbox_commits import MAX_UNRECORDED, OutcomeCommits
from handlers.runtime.pacing import OUTBOX, Pacer, retry_seconds
from handlers.runtime.renderers import (
    ButtonRenderer,
    ContentRenderer,
    OutboxRenderer,
    Part,
    send_part,
)

__all__ = ["MAX_UNRECORDED", "OutboxDispatcher"]

log = logging.getLogger(__name__)
PREFETCH = 200  # rows read per query
# Rows being worked on at once (most of them wait for their turn in the scheduler). Requests on
# the wire are bounded by the scheduler's window, which follows the round trip (up to 64).
MAX_ROWS = 128
PER_CHAT_ROWS = 4  # rows of one chat picked up at once (they go one by one anyway)
NETWORK_PAUSE = 0.5  # first pause when Telegram cannot be reached; doubles up to the maximum
MAX_NETWORK_PAUSE = 30.0


class OutboxDispatcher(OutcomeCommits):
    def __init__(self, pacer: Pacer | None = None) -> None:
        super().__init__()
        self.pacer = pacer or Pacer()
        self.render = OutboxRenderer()
        self.sent_total = 0
        self._task: asyncio.Task | None = None
        self._commit_task: asyncio.Task | None = None
        self._rows: set[asyncio.Task] = set()
        self._slots = asyncio.Semaphore(MAX_ROWS)
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._per_chat: dict[int, int] = {}  # rows picked up per chat
        self._chat_users: dict[int, int] = {}
        self._again = False
        self._stopping = False
        self._network_failures = 0
        # Notices a manager stopped: rows already picked up for them are not sent after all
        # (their database rows are gone; anything still waiting in the pacer is dropped here).
        self.stopped_notices: set[int] = set()

    def attach(self, bot: Bot, services: Services) -> None:
        super().attach(bot, services)
        self.render.services = services

    def register_buttons(self, name: str, render: ButtonRenderer) -> None:
        self.render.register_buttons(name, render)

    def register_content(self, name: str, render: ContentRenderer) -> None:
        self.render.register_content(name, render)

    # ---- running ----------------------------------------------------------------------------
    def wake(self) -> None:
        """Called after a commit that queued messages: drain soon, without blocking the caller."""
        if self.bot is None or self._stopping:
            return
        if self._task is not None and not self._task.done():
            self._again = True
            self._progress.set()  # a feeder waiting for outcomes looks at the queue again
            return
        try:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="outbox")
        except RuntimeError:
            return  # no loop (CLI tools): the running bot's periodic job will send it

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def drain(self) -> int:
        """Send everything due now and wait until its outcome is committed."""
        before = self.sent_total
        self.wake()
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)
        return self.sent_total - before

    async def stop(self, grace: float = 5.0) -> None:
        """Finish what is on the wire and commit it; rows not yet sent stay pending."""
        self._stopping = True
        if self._task is not None and not self._task.done():
            try:
                await asyncio.wait_for(asyncio.shield(self._task), grace)
            except TimeoutError:
                await self.crash()
        if self._hooks:  # status edits already under way finish (or give up) first
            await asyncio.wait(set(self._hooks), timeout=max(grace, 0.1))

    async def crash(self) -> None:
        """Stop dead, as kill -9 would: nothing more is sent or committed (tests use this)."""
        self._stopping = True
        tasks = [t for t in (self._task, self._commit_task, *self._rows) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self) -> None:
        self._commit_task = asyncio.create_task(self._commit_loop(), name="outbox-commit")
        try:
            while True:
                await self._feed()
                if self._rows:
                    await asyncio.gather(*self._rows, return_exceptions=True)
                await self._flush()
                if self._stopping or not self._again:  # woken while finishing: look again
                    break
        except Exception:
            log.exception("outbox dispatcher stopped; the periodic job restarts it")
        finally:
            self._commit_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._commit_task

    async def _feed(self) -> None:
        while not self._stopping:
            self._again = False
            self._settled_while_reading = set()
            try:
                batch = await self._svc.outbox.due(PREFETCH + len(self._inflight))
                stale = self._settled_while_reading
            finally:
                self._settled_while_reading = None
            fresh = [i for i in batch if i.id not in self._inflight and i.id not in stale]
            spawned = 0
            for item in fresh:
                if self._per_chat.get(item.user_id, 0) >= PER_CHAT_ROWS:
                    continue  # one busy chat must not take every slot; it comes back later
                await self._slots.acquire()
                if self._stopping:
                    self._slots.release()
                    return
                self._spawn(item)
                spawned += 1
            if spawned:
                continue
            if self._inflight:  # wait for outcomes to land, then look again
                self._progress.clear()
                await self._progress.wait()
                continue
            if not self._again:
                return

    # ---- one row ------------------------------------------------------------------------------
    async def stop_notice(self, notice_id: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Before a stopped notice's unsent rows are dropped: rows already picked up for it go
        out only if already past the pacer, the rest are abandoned, and every outcome is
        committed, so the rows still pending are exactly the people who never got it."""
        self.stopped_notices.add(notice_id)
        self._progress.set()

        def settled() -> bool:
            return notice_id not in self._notice_rows.values()

        with contextlib.suppress(TimeoutError):
            async with self._recorded:
                await asyncio.wait_for(self._recorded.wait_for(settled), timeout)

    def _spawn(self, item: OutboxItem) -> None:
        if item.notice_id is not None:
            self._notice_rows[item.id] = item.notice_id
        self._inflight.add(item.id)
        self._per_chat[item.user_id] = self._per_chat.get(item.user_id, 0) + 1
        task = asyncio.create_task(self._row(item))
        self._rows.add(task)
        task.add_done_callback(self._rows.discard)

    async def _row(self, item: OutboxItem) -> None:
        try:
            async with self._chat(item.user_id):
                outcome = await self._deliver(item)
        except Exception as error:  # a bug must not stop the other recipients
            log.exception("outbox row %s crashed", item.id)
            outcome = self._transient(item, item.message_ids, repr(error))
        finally:
            self._slots.release()
            self._per_chat[item.user_id] -= 1
            if not self._per_chat[item.user_id]:
                del self._per_chat[item.user_id]
        self._result(item, outcome, final=True)

    async def _deliver(self, item: OutboxItem) -> Outcome:
        try:
            parts = await self.render.parts(item, await self.render.language(item))
        except Exception as error:  # rendering is deterministic: retrying will not help
            log.exception("outbox row %s cannot be rendered", item.id)
            return Outcome(item.id, Delivery.FAILED, item.message_ids, repr(error)[:200])
        ids = list(item.message_ids)
        for index in range(len(ids), len(parts)):
            if self._stopping:
                return Outcome(item.id, Delivery.PENDING, tuple(ids))
            await self.pacer.acquire(item.user_id)  # a turn in the budget and on the wire
            started = None
            try:
                if item.notice_id is not None and item.notice_id in self.stopped_notices:
                    self.pacer.refund(item.user_id)
                    return Outcome(item.id, Delivery.PENDING, tuple(ids))  # the row is gone
                await self._room()  # holding a wire slot: at most window + MAX_UNRECORDED
                started = time.monotonic()
                message = await self._send(item.user_id, parts[index])
            except RetryAfter as error:
                self.pacer.refund(item.user_id)
                seconds = retry_seconds(error)
                self.pacer.pause(seconds, item.user_id)
                return self._later(item, ids, seconds, "429", count=False)
            except Forbidden as error:
                self.pacer.refund(item.user_id)
                return Outcome(item.id, Delivery.UNREACHABLE, tuple(ids), str(error))
            except BadRequest as error:
                self.pacer.refund(item.user_id)
                log.warning("outbox row %s refused by Telegram: %s", item.id, error)
                return Outcome(item.id, Delivery.FAILED, tuple(ids), str(error))
            except (
                NetworkError
            ) as error:  # timeouts, 5xx, connection refused: not the reader's fault
                self._network_failures += 1
                pause = min(MAX_NETWORK_PAUSE, NETWORK_PAUSE * 2 ** min(self._network_failures, 8))
                self.pacer.pause(pause, None)
                return self._later(item, ids, pause, str(error), count=False)
            except TelegramError as error:
                return self._transient(item, tuple(ids), str(error))
            finally:
                self.pacer.release(None if started is None else time.monotonic() - started)
            self._network_failures = 0
            ids.append(message.message_id)
            self.sent_total += 1
            if index + 1 < len(parts):
                self._result(item, Outcome(item.id, Delivery.PENDING, tuple(ids)), final=False)
        return Outcome(item.id, Delivery.SENT, tuple(ids))

    def _later(self, item: OutboxItem, ids, seconds: float, error: str, *, count: bool) -> Outcome:
        at = self._svc.clock.now() + timedelta(seconds=seconds)
        return Outcome(item.id, Delivery.PENDING, tuple(ids), error, at, count)

    def _transient(self, item: OutboxItem, ids: tuple[int, ...], error: str) -> Outcome:
        if item.attempts + 1 >= MAX_ATTEMPTS:
            return Outcome(item.id, Delivery.FAILED, ids, error)
        return self._later(item, ids, backoff_seconds(item.attempts + 1), error, count=True)

    async def _send(self, chat_id: int, part: Part) -> Message:
        bot = self._bot
        limited = getattr(bot, "rate_limiter", None) is not None  # only an ExtBot has one
        options = {"rate_limit_args": OUTBOX} if limited else {}
        return await send_part(bot, chat_id, part, **options)

    @contextlib.asynccontextmanager
    async def _chat(self, chat_id: int):
        """Rows to one chat go one at a time, oldest first (asyncio locks are FIFO)."""
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        self._chat_users[chat_id] = self._chat_users.get(chat_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._chat_users[chat_id] -= 1
            if not self._chat_users[chat_id]:
                del self._chat_users[chat_id], self._chat_locks[chat_id]
