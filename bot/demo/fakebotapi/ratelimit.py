"""Telegram's flood limits as token buckets (1 msg/s per private chat, 20/min per group, 30/s)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .models import too_many_requests

# Methods that create or change a message and therefore count against the limits.
LIMITED_METHODS = {
    "sendmessage",
    "sendphoto",
    "senddocument",
    "sendlocation",
    "sendmediagroup",
    "forwardmessage",
    "copymessage",
    "editmessagetext",
    "editmessagecaption",
    "editmessagereplymarkup",
}


class TokenBucket:
    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate = rate  # tokens per second
        self.burst = burst
        self.tokens = burst
        self.updated = now

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_time(self, cost: float) -> float:
        missing = cost - self.tokens
        return 0.0 if missing <= 0 else missing / self.rate


class RateLimiter:
    def __init__(self, scale: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.scale = scale
        self.clock = clock
        self.global_bucket = TokenBucket(30 * scale, 30 * scale, clock())
        self.chats: dict[int, TokenBucket] = {}
        self.count_429 = 0

    def _bucket(self, chat_id: int, is_private: bool, now: float) -> TokenBucket:
        bucket = self.chats.get(chat_id)
        if bucket is None:
            if is_private:
                bucket = TokenBucket(1.0 * self.scale, max(3.0, self.scale), now)
            else:
                bucket = TokenBucket(20 * self.scale / 60, 20 * self.scale, now)
            self.chats[chat_id] = bucket
        return bucket

    def check(self, chat_id: int, is_private: bool, cost: int = 1) -> None:
        """Consume `cost` messages or raise 429 (nothing is consumed when refused)."""
        now = self.clock()
        chat = self._bucket(chat_id, is_private, now)
        chat.refill(now)
        self.global_bucket.refill(now)
        # A media group may exceed the burst of a quiet chat; never demand more than the burst.
        chat_cost = min(cost, chat.burst)
        wait = max(
            chat.wait_time(chat_cost), self.global_bucket.wait_time(min(cost, 30 * self.scale))
        )
        if wait > 0:
            self.count_429 += 1
            raise too_many_requests(max(1, math.ceil(wait)))
        chat.tokens -= chat_cost
        self.global_bucket.tokens -= min(cost, self.global_bucket.burst)

    def refund(self, chat_id: int, cost: int = 1) -> None:
        """Give back tokens of a request that failed validation (Telegram only counts sends)."""
        chat = self.chats.get(chat_id)
        if chat is not None:
            chat.tokens = min(chat.burst, chat.tokens + min(cost, chat.burst))
        self.global_bucket.tokens = min(
            self.global_bucket.burst,
            self.global_bucket.tokens + min(cost, self.global_bucket.burst),
        )
