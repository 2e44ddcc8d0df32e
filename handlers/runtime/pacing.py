"""One send budget for the whole bot: the outbox waits for it, direct replies never do.

Telegram allows about 30 messages a second overall, one a second to a private chat (short
bursts pass) and 20 a minute to a group. The pacer keeps a GCRA ("virtual scheduling") clock
for the global limit and one per chat. The outbox dispatcher *waits* for its turn at
`rate × (1 - reserve)`; a handler's direct reply is *charged* to the same clocks without
waiting, so a broadcast slows down exactly as much as residents are being answered, and a
reply never queues behind 5,000 notices. A 429 pauses the outbox for `retry_after`.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)
OUTBOX = "outbox"  # rate_limit_args marking a request the dispatcher already paced
# Methods that put a message in a chat and so count against the flood limits.
COUNTED = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendLocation",
        "sendMediaGroup",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendSticker",
        "sendContact",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)
MAX_DEBT = 1.0  # seconds of budget a burst of direct replies may borrow from the outbox
MAX_INTERACTIVE_WAIT = 5.0  # a direct reply hit by 429 waits this long at most, then fails


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the type becomes timedelta: both work
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Pacer:
    def __init__(
        self,
        rate: float = 30.0,
        chat_rate: float = 1.0,
        group_per_minute: float = 20.0,
        reserve: float = 0.03,
        *,
        chat_burst: int = 3,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.clock, self.sleep = clock, sleep
        self.global_step = 1.0 / rate  # what any message costs on the global clock
        self.outbox_step = 1.0 / (rate * (1.0 - reserve))  # what an outbox message costs
        # A little burst lets the outbox catch up after a hiccup (timer jitter, a busy loop)
        # without ever running ahead of the average rate.
        self.tolerance = max(0.1, 3 * self.global_step)
        self.private_step = 1.0 / chat_rate
        self.group_step = 60.0 / group_per_minute
        self.chat_burst = chat_burst
        self._tat = 0.0  # global theoretical arrival time
        self._chats: dict[int, float] = {}
        self.paused_until = 0.0
        self._lock = asyncio.Lock()

    # ---- per chat -----------------------------------------------------------------------
    def _chat_step(self, chat_id: int) -> float:
        return self.private_step if chat_id > 0 else self.group_step

    def _chat_ready_at(self, chat_id: int) -> float:
        tat = self._chats.get(chat_id)
        if tat is None:
            return 0.0
        return tat - (self.chat_burst - 1) * self._chat_step(chat_id)

    def _charge_chat(self, chat_id: int, now: float) -> None:
        step = self._chat_step(chat_id)
        # Never more in debt than one full burst: Telegram refuses the excess, it does not queue it.
        tat = min(max(self._chats.get(chat_id, 0.0), now) + step, now + self.chat_burst * step)
        self._chats[chat_id] = tat
        if len(self._chats) > 20_000:  # forget chats that are idle again
            self._chats = {c: t for c, t in self._chats.items() if t > now}

    # ---- the outbox waits ----------------------------------------------------------------
    async def acquire(self, chat_id: int) -> None:
        """Wait until a message to `chat_id` fits every limit, then take its place."""
        while True:
            wait = self._chat_ready_at(chat_id) - self.clock()
            if wait <= 0:
                break
            await self.sleep(wait)
        async with self._lock:  # one waiter at a time on the global clock keeps order fair
            while True:
                now = self.clock()
                start = max(self._tat - self.tolerance, self.paused_until)
                if now >= start:
                    break
                await self.sleep(start - now)
            self._tat = max(self._tat, now) + self.outbox_step
            self._charge_chat(chat_id, now)

    def refund(self, chat_id: int) -> None:
        """A send Telegram refused (403, 400) did not count: give the turn back."""
        self._tat -= self.outbox_step
        if chat_id in self._chats:
            self._chats[chat_id] -= self._chat_step(chat_id)

    def pause(self, seconds: float) -> None:
        until = self.clock() + max(0.0, seconds)
        if until > self.paused_until:
            log.warning("Telegram asked to slow down: outbox paused for %.1f s", seconds)
            self.paused_until = until

    @property
    def paused(self) -> bool:
        return self.clock() < self.paused_until

    # ---- direct replies are charged, never delayed -----------------------------------------
    def charge(self, chat_id: int | None) -> None:
        now = self.clock()
        self._tat = min(max(self._tat, now) + self.global_step, now + MAX_DEBT)
        if chat_id is not None:
            self._charge_chat(chat_id, now)


def _chat_id(data: dict[str, Any]) -> int | None:
    chat = data.get("chat_id")
    if isinstance(chat, int):
        return chat
    if isinstance(chat, str) and chat.lstrip("-").isdecimal():
        return int(chat)
    return None


class SharedPaceLimiter(BaseRateLimiter[str]):
    """PTB's rate-limiter hook: every counted request is charged to the shared `Pacer`."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        outbox = rate_limit_args == OUTBOX
        if endpoint in COUNTED and not outbox:
            self.pacer.charge(_chat_id(data))
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as error:
            seconds = retry_seconds(error)
            self.pacer.pause(seconds)
            if outbox or seconds > MAX_INTERACTIVE_WAIT:
                raise
        # A direct reply waits out a short 429 once, so the resident still gets an answer.
        await asyncio.sleep(seconds)
        return await callback(*args, **kwargs)
