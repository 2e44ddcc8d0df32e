"""python-telegram-bot's rate-limiter hook: every counted request waits for the one scheduler.

The scheduler itself (`handlers.runtime.scheduler.SendScheduler`, also known here as `Pacer`)
keeps Telegram's limits for the whole bot. A handler's direct reply asks it for a turn ahead of
any outbox row, and waits when the budget is spent instead of being refused. A 429 on a direct
reply is waited out and retried here, so handlers (and residents) never see flood control; the
outbox handles its own 429s (the row is rescheduled). answerCallbackQuery and other calls that
put no message in a chat are not charged and go at once.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from handlers.runtime.scheduler import SendScheduler

log = logging.getLogger(__name__)
Pacer = SendScheduler  # the name the rest of the bot knows it by
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
MAX_RETRIES = 8  # 429s on one direct reply before it is given up (each waits retry_after)
MAX_RETRY_WAIT = 120.0  # a single retry_after longer than this is not waited out


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the type becomes timedelta: both work
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _chat_id(data: dict[str, Any]) -> int | None:
    chat = data.get("chat_id")
    if isinstance(chat, int):
        return chat
    if isinstance(chat, str) and chat.lstrip("-").isdecimal():
        return int(chat)
    return None


def _cost(endpoint: str, data: dict[str, Any]) -> int:
    media = data.get("media") if endpoint == "sendMediaGroup" else None
    return max(1, len(media)) if isinstance(media, list) else 1


Result = bool | dict[str, Any] | list[dict[str, Any]]


class SharedPaceLimiter(BaseRateLimiter[str]):
    """Direct replies take their turn in the shared scheduler; 429s are retried here."""

    def __init__(self, pacer: SendScheduler) -> None:
        self.pacer = pacer
        self.retried_429 = 0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> Result:
        if rate_limit_args == OUTBOX:
            return await callback(*args, **kwargs)  # the dispatcher took its turn already
        counted = endpoint in COUNTED
        chat = _chat_id(data)
        for attempt in range(MAX_RETRIES + 1):
            if counted:
                for _ in range(_cost(endpoint, data)):
                    await self.pacer.acquire(chat, bulk=False)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = retry_seconds(error)
                if attempt == MAX_RETRIES or seconds > MAX_RETRY_WAIT:
                    raise
                self.retried_429 += 1
                log.warning("429 on %s: retrying after %.1f s", endpoint, seconds)
                self.pacer.pause(seconds, chat)
                if not counted:
                    await asyncio.sleep(seconds)
        raise AssertionError("unreachable")  # pragma: no cover
