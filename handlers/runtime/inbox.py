"""Durable update intake (polling or webhook): store, then confirm, then process, then mark done.

python-telegram-bot's Updater confirms a batch to Telegram before handlers run, so a
crash can lose fetched updates. Here an update is written to SQLite before the next
getUpdates (which is what confirms it) and marked done after its handlers finished;
unfinished ones are replayed at start-up. A redelivered update is stored once.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from datetime import timedelta

from aiohttp import web
from telegram import Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application

from bot.domain.errors import StorageUnavailable
from bot.services.ports import Clock, Note, UpdateInbox
from handlers.runtime.errors import alert_managers, storage_problem

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0
WEBHOOK_PATH = "/telegram"
SECRET = web.AppKey("secret", str)


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class DurableUpdates:
    def __init__(self, app: Application, inbox: UpdateInbox, clock: Clock) -> None:
        self.app, self.inbox, self.clock = app, inbox, clock
        self._task: asyncio.Task | None = None
        self._site: web.AppRunner | None = None
        self.failures = 0  # consecutive fetch failures, for back-off (and tests)
        # Fetched but not yet handled, and the highest id ever fetched: lets a test (or a
        # health check) know for certain that every update it sent was handled.
        self.unfinished: set[int] = set()
        self.fetched_through = 0

    def _fetched(self, update_ids: list[int]) -> None:
        self.unfinished.update(update_ids)
        self.fetched_through = max([self.fetched_through, *update_ids])

    def settled(self, through: int) -> bool:
        """Every update up to `through` was fetched and its handlers finished."""
        return self.fetched_through >= through and not self.unfinished

    async def replay_pending(self) -> int:
        """Updates stored but not finished before the last stop: handle them first."""
        pending = await self.inbox.pending()
        self._fetched([update_id for update_id, _ in pending])
        for _, payload in pending:
            await self.app.update_queue.put(Update.de_json(json.loads(payload), self.app.bot))
        if pending:
            log.info("replaying %d unfinished updates", len(pending))
        return len(pending)

    async def accept(self, raw_updates: list[dict]) -> int:
        """Store a batch, then queue the ones never seen before."""
        stored = await self.inbox.store(
            [(raw["update_id"], json.dumps(raw, ensure_ascii=False)) for raw in raw_updates],
            self.clock.now(),
        )
        fresh = set(stored)
        self.unfinished.difference_update(
            raw["update_id"] for raw in raw_updates if raw["update_id"] not in fresh
        )  # already handled (or queued) when first delivered
        for raw in raw_updates:
            if raw["update_id"] in fresh:
                fresh.discard(raw["update_id"])  # the same id twice in one batch: once
                await self.app.update_queue.put(Update.de_json(raw, self.app.bot))
        return len(stored)

    async def processed(self, update: object) -> None:
        if isinstance(update, Update):
            try:
                await self.inbox.mark_done([update.update_id], self.clock.now())
            finally:
                self.unfinished.discard(update.update_id)

    # ---- polling -------------------------------------------------------------------------
    async def start_polling(self, poll_timeout: int = 10) -> None:
        await self.app.bot.delete_webhook()
        await self.replay_pending()
        self._task = asyncio.create_task(self._poll(poll_timeout), name="durable-polling")

    async def _poll(self, poll_timeout: int) -> None:
        offset = await self.inbox.next_offset()
        self.fetched_through = max(self.fetched_through, (offset or 1) - 1)
        while True:
            try:
                updates = await self.app.bot.get_updates(
                    offset=offset, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
                )
            except (InvalidToken, Forbidden):
                log.critical("Telegram refused the bot token; polling stops")
                return
            except RetryAfter as error:
                await asyncio.sleep(_seconds(error.retry_after))
                continue
            except Conflict:
                log.error("another instance is polling with this token; retrying")
                await self._back_off()
                continue
            except NetworkError as error:  # unreachable, timeouts, 5xx: keep state, back off
                log.warning("fetching updates failed (%s); backing off", error)
                await self._back_off()
                continue
            self.failures = 0
            if not updates:
                continue
            ids = [update.update_id for update in updates]
            self._fetched(ids)
            try:
                await self.accept([update.to_dict() for update in updates])
            except StorageUnavailable as error:
                # Not stored, so not confirmed: Telegram keeps them until the disk recovers.
                self.unfinished.difference_update(ids)
                log.error("cannot store updates: %s", error)
                key = storage_problem(error) or "error.storage"
                await alert_managers(
                    self.app.bot_data["services"],
                    Note(key, {"kind": type(error).__name__, "update": updates[0].update_id}),
                )
                await self._back_off()
                continue
            offset = updates[-1].update_id + 1

    async def _back_off(self) -> None:
        self.failures += 1
        await asyncio.sleep(min(MAX_BACKOFF, 0.5 * 2 ** min(self.failures, 8)))

    # ---- webhook -------------------------------------------------------------------------
    async def start_webhook(self, public_url: str, secret: str, listen: str, port: int) -> None:
        """Our own tiny endpoint, so an update is stored before Telegram gets its 200."""
        await self.replay_pending()
        server = web.Application()
        server.router.add_post(WEBHOOK_PATH, self._receive)
        server[SECRET] = secret
        self._site = web.AppRunner(server, access_log=None)
        await self._site.setup()
        await web.TCPSite(self._site, listen, port).start()
        await self.app.bot.set_webhook(
            public_url.rstrip("/") + WEBHOOK_PATH,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given, request.app[SECRET]):
            return web.Response(status=403)
        try:
            raw = await request.json()
            if not isinstance(raw.get("update_id"), int):
                raise ValueError("no update_id")
        except (ValueError, AttributeError):
            return web.Response(status=400)
        self._fetched([raw["update_id"]])
        try:
            await self.accept([raw])
        except StorageUnavailable:
            self.unfinished.discard(raw["update_id"])
            raise
        return web.Response(status=200)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._site is not None:
            await self._site.cleanup()
            self._site = None
