"""Drains the notification outbox: renders each row in its reader's language and sends it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.domain.outbox import MAX_ATTEMPTS, Delivery, OutboxItem, backoff_seconds
from bot.i18n import Translator
from bot.services.registry import Services
from handlers.callbacks import encode
from handlers.render import trim

log = logging.getLogger(__name__)
BATCH = 50
ButtonRenderer = Callable[[OutboxItem, str, Translator], InlineKeyboardMarkup | None]


def _retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class OutboxDispatcher:
    def __init__(self) -> None:
        self.bot: Bot | None = None
        self.services: Services | None = None
        self._lock = asyncio.Lock()
        self._again = False
        self._tasks: set[asyncio.Task] = set()
        self.renderers: dict[str, ButtonRenderer] = {}

    def attach(self, bot: Bot, services: Services) -> None:
        self.bot, self.services = bot, services

    def wake(self) -> None:
        """Called after a commit that queued messages: drain soon, without blocking the caller."""
        if self.bot is None:
            return
        try:
            task = asyncio.get_running_loop().create_task(self.drain())
        except RuntimeError:
            return  # no loop (CLI import tools): the running bot's periodic job will send it
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> int:
        """Send everything due; one drain at a time, re-run if woken meanwhile."""
        if self._lock.locked():
            self._again = True
            return 0
        sent = 0
        async with self._lock:
            while True:
                self._again = False
                batch = await self.services.deps.outbox.due(self.services.deps.clock.now(), BATCH)
                for item in batch:
                    sent += await self._deliver(item)
                if len(batch) < BATCH and not self._again:
                    return sent

    def register_buttons(self, name: str, render: ButtonRenderer) -> None:
        """Features add their own keyboards: an outbox row with extra["buttons"] == name gets
        `render(item, lang, translator)`; the dispatcher itself stays feature-agnostic."""
        self.renderers[name] = render

    def _markup(self, item: OutboxItem, lang: str) -> InlineKeyboardMarkup | None:
        render = self.renderers.get(item.extra.get("buttons") or "")
        if render is not None:
            return render(item, lang, self.services.translator)
        ticket_id = item.extra.get("ticket")
        if item.extra.get("buttons") == "resolution" and ticket_id:
            t = self.services.translator
            return InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t.t(lang, "resolution.confirm"),
                            callback_data=encode("t", "ok", ticket_id),
                        ),
                        InlineKeyboardButton(
                            t.t(lang, "resolution.not_fixed"),
                            callback_data=encode("t", "nf", ticket_id),
                        ),
                    ]
                ]
            )
        return None

    async def _deliver(self, item: OutboxItem) -> int:
        deps, t = self.services.deps, self.services.translator
        user = await deps.users.get(item.user_id)
        lang = t.language_for(user.language if user else None, user.tg_language if user else None)
        text = t.t(lang, item.key, **item.params)
        markup = self._markup(item, lang)
        try:
            if item.extra.get("photo"):
                message = await self.bot.send_photo(
                    item.user_id, item.extra["photo"], caption=trim(text, 1024), reply_markup=markup
                )
            else:
                message = await self.bot.send_message(item.user_id, trim(text), reply_markup=markup)
        except RetryAfter as error:
            await self._later(item, _retry_seconds(error), "429")
            return 0
        except Forbidden as error:
            await self._final(item, Delivery.UNREACHABLE, str(error))
            async with deps.tx.transaction():
                await deps.users.set_unreachable(item.user_id, True)
            return 0
        except BadRequest as error:
            log.warning("outbox item %s refused by Telegram: %s", item.id, error)
            await self._final(item, Delivery.FAILED, str(error))
            return 0
        except TelegramError as error:
            if item.attempts + 1 >= MAX_ATTEMPTS:
                await self._final(item, Delivery.FAILED, str(error))
            else:
                await self._later(item, backoff_seconds(item.attempts + 1), str(error))
            return 0
        async with deps.tx.transaction():
            await deps.outbox.mark(item.id, Delivery.SENT, deps.clock.now())
            if item.extra.get("ticket"):
                await deps.tickets.link(
                    item.user_id, message.message_id, item.extra["ticket"], "resident"
                )
        return 1

    async def _later(self, item: OutboxItem, seconds: float, error: str) -> None:
        deps = self.services.deps
        async with deps.tx.transaction():
            await deps.outbox.retry_later(
                item.id, timedelta(seconds=seconds), deps.clock.now(), error
            )

    async def _final(self, item: OutboxItem, status: Delivery, error: str) -> None:
        deps = self.services.deps
        async with deps.tx.transaction():
            await deps.outbox.mark(item.id, status, deps.clock.now(), error[:200])
