"""What a test reads off the fake Bot API: the calls the bot made, the messages in a chat, a
transcript, and waits for a condition or for quiet."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from .models import ApiCall, BotMessage
from .serving import RequestHandling
from .transcript import Transcript
from .world import World


class Observing(RequestHandling):
    def __init__(self, world: World, latency: float, rate_limits: bool, rate_scale: float) -> None:
        super().__init__(world, latency, rate_limits, rate_scale)
        self.transcript = Transcript()
        # Extra conditions for wait_idle from a bot running in this process (see bot.demo.live):
        # "every update you delivered was handled", so a slow machine never looks idle early.
        self.idle_checks: list[Callable[[], bool]] = []

    @property
    def errors(self) -> list[ApiCall]:
        return [c for c in self.calls if not c.ok and c.error_code == 400]

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def chat_messages(self, chat_id: int) -> list[BotMessage]:
        return self.world.bot_messages(chat_id)

    def last_message(self, chat_id: int) -> BotMessage | None:
        messages = self.world.bot_messages(chat_id)
        return messages[-1] if messages else None

    def format_transcript(self, *, names: dict[int, str] | None = None) -> str:
        return self.transcript.format(self.world, names)

    def describe_recent(self, n: int = 8) -> str:
        recent = [c for c in self.calls if c.method != "getUpdates"][-n:]
        lines = [
            f"  {c.method}({_short(c.params)}) -> "
            + ("ok" if c.ok else f"{c.error_code} {c.description}")
            for c in recent
        ]
        pending = len(
            [u for u in self.world.updates if u["update_id"] > self.world.delivered_update_id]
        )
        polls = len(self.calls_to("getUpdates"))
        return "\n".join(
            [f"last bot calls ({polls} getUpdates so far, {pending} updates undelivered):"]
            + (lines or ["  (none)"])
        )

    # Waiting longer costs nothing when the condition comes true; a short default only turns a
    # loaded machine (CI: 2 cores, 4 workers, each with bots) into false failures.
    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 20.0) -> None:  # noqa: ASYNC109 (public API)
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout}s\n{self.describe_recent()}")
            await asyncio.sleep(0.01)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 20.0,  # noqa: ASYNC109
    ) -> list[BotMessage]:
        try:
            await self.wait_for(lambda: len(self.chat_messages(chat_id)) >= count, timeout)
        except TimeoutError as err:
            got = [m.text for m in self.chat_messages(chat_id)]
            raise TimeoutError(
                f"wanted {count} bot messages in chat {chat_id}, got {got!r}\n{err}"
            ) from None
        return self.chat_messages(chat_id)

    async def wait_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        def idle() -> bool:
            return (
                self._in_flight == 0
                and not self.world.has_undelivered()
                and all(check() for check in self.idle_checks)
                and time.monotonic() - self._last_activity >= quiet
            )

        await self.wait_for(idle, timeout)


def _short(params: dict[str, Any]) -> str:
    text = ", ".join(f"{k}={v!r}" for k, v in params.items())
    return text if len(text) <= 160 else text[:157] + "..."
