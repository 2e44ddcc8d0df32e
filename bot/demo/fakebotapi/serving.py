"""The fake Bot API's request side: each HTTP call is looked up, failed on request, rate
limited, handled and recorded; getUpdates long-polls the world's update queue like Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import time
from collections import deque
from typing import Any

from .methods import METHODS
from .models import ApiCall, ApiError
from .ratelimit import LIMITED_METHODS, RateLimiter
from .validate import as_int
from .world import World

logger = logging.getLogger(__name__)
CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)


class RequestHandling:
    """What serving requests needs: the world, the recorded calls, planned failures, the rate
    limiter and the long-poll bookkeeping."""

    def __init__(self, world: World, latency: float, rate_limits: bool, rate_scale: float) -> None:
        self.world = world
        self.latency = latency
        self.rate_limits = rate_limits
        self.limiter = RateLimiter(
            rate_scale, clock=lambda: time.monotonic() + self.world.time_offset
        )
        self.calls: list[ApiCall] = []
        self.count_429 = 0
        self._failures: dict[str, deque[ApiError]] = {}
        self._poll_generation = 0
        self._closing = False
        self._in_flight = 0
        self._last_activity = time.monotonic()

    def _file_content(self, file_path: str) -> bytes | None:
        for fake in self.world.files.values():
            if fake.file_path == file_path:
                return fake.content
        return None

    def _record(self, method: str, params: dict, err: ApiError | None, result: Any = None) -> None:
        call = ApiCall(
            method,
            params,
            err is None,
            err.error_code if err else None,
            err.description if err else None,
            time.monotonic(),
            result,
        )
        self.calls.append(call)
        if err is not None and err.error_code == 429:
            self.count_429 += 1

    async def _handle(self, method: str, params: dict[str, Any], files: dict) -> Any:
        key = method.lower()
        entry = METHODS.get(key)
        if entry is None:
            self._record(method, params, ApiError(404, "Not Found"))
            raise ApiError(404, "Not Found")
        name, handler = entry
        if key == "getupdates":
            return await self._get_updates(name, params)
        self._in_flight += 1
        self._last_activity = time.monotonic()
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            try:
                result = self._call(key, handler, params, files)
            except ApiError as err:
                self._record(name, params, err)
                raise
            except Exception as exc:  # a bug in the fake (or absurd input): make it visible
                logger.exception("fake Bot API crashed in %s", name)
                crash = ApiError(500, f"Internal Server Error: fake crashed: {exc!r}")
                self._record(name, params, crash)
                raise crash from exc
            self._record(name, params, None, result)
            return result
        finally:
            self._in_flight -= 1
            self._last_activity = time.monotonic()

    def _call(self, key: str, handler, params: dict[str, Any], files: dict) -> Any:
        failures = self._failures.get(key)
        if failures:
            raise failures.popleft()
        if not (self.rate_limits and key in LIMITED_METHODS):
            return handler(self, params, files)
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        state = self.world.chats.get(chat_id) if isinstance(chat_id, int) else None
        if state is None:
            return handler(self, params, files)
        media = params.get("media")
        cost = len(media) if key == "sendmediagroup" and isinstance(media, list) else 1
        self.limiter.check(state.id, state.type == "private", cost)
        try:
            return handler(self, params, files)
        except ApiError:
            self.limiter.refund(state.id, cost)
            raise

    async def _get_updates(self, name: str, params: dict[str, Any]) -> list[dict]:
        try:
            result = await self._poll(params)
        except ApiError as err:
            self._record(name, params, err)
            raise
        self._record(name, params, None, result)
        return result

    async def _poll(self, params: dict[str, Any]) -> list[dict]:
        world = self.world
        if world.webhook.get("url"):
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = as_int(params, "offset")
        limit = min(max(as_int(params, "limit") or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if isinstance(params.get("allowed_updates"), list):
            world.allowed_updates = params["allowed_updates"] or None
        self._poll_generation += 1
        generation = self._poll_generation
        world.notify()  # terminates an older long poll with 409, like Telegram
        deadline = time.monotonic() + timeout
        while True:
            event = world.update_event
            updates = world.pending_updates(offset)[:limit]
            remaining = deadline - time.monotonic()
            if updates or self._closing or remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT_POLL)
        if updates:
            world.delivered_update_id = max(world.delivered_update_id, updates[-1]["update_id"])
            self._last_activity = time.monotonic()
        return copy.deepcopy(updates)
