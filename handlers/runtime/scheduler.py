"""The one send scheduler: every message Telegram counts waits here for its turn.

Telegram allows about 30 messages a second overall, one a second to a private chat (short
bursts pass) and 20 a minute to a group, and answers anything beyond with 429. Every counted
request — a handler's direct reply or an outbox row — asks `SendScheduler.acquire` for a turn
and is sent only when it fits every limit; nothing is ever sent "anyway".

- Budgets are GCRA ("virtual scheduling") clocks: one global, one per chat.
- Who goes next: direct replies before bulk (outbox) sends; within a class, first come first
  served by arrival. Each chat is a FIFO queue and only its head competes, so a busy chat
  (one with many messages waiting for its own 1/s clock) never holds up anybody else.
- The outbox keeps `reserve` of the global rate for replies, and its requests on the wire are
  bounded by a window that follows the measured round trip: in flight ≈ rate × RTT + margin
  (bandwidth × delay), so a broadcast runs at the allowed rate whatever the distance.
- A 429 pauses that chat, and bulk sends everywhere, for `retry_after`.

`SchedulerCore` is the synchronous decision (tested on a controllable clock); `SendScheduler`
wraps it for asyncio.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)
MIN_WINDOW, MAX_WINDOW = 2, 64  # bulk requests on the wire
WINDOW_MARGIN = 2  # requests beyond rate × RTT, for jitter
RTT_WEIGHT = 0.2  # exponential moving average of the round trip
FIRST_RTT = 0.1  # round trip assumed until one is measured


@dataclass(eq=False)
class Ticket:
    chat: int | None
    bulk: bool
    seq: int
    granted: bool = False
    future: asyncio.Future[None] | None = field(default=None, repr=False)


class SchedulerCore:
    def __init__(
        self,
        rate: float = 30.0,
        chat_rate: float = 1.0,
        group_per_minute: float = 20.0,
        reserve: float = 0.03,
        *,
        chat_burst: int = 2,
    ) -> None:
        self.rate = rate
        self.global_step = 1.0 / rate
        self.bulk_step = 1.0 / (rate * (1.0 - reserve))
        # A little burst lets sends catch up after a hiccup without running ahead of the average.
        self.tolerance = max(0.1, 3 * self.global_step)
        self.private_step = 1.0 / chat_rate
        self.group_step = 60.0 / group_per_minute
        # Telegram lets a quiet chat take about 3 at once; asking for 2 leaves one message of
        # slack for network jitter between our clock and Telegram's.
        self.chat_burst = chat_burst
        self.tat = 0.0  # global theoretical arrival time
        self.chats: dict[int, float] = {}
        self.chat_paused: dict[int, float] = {}
        self.bulk_paused_until = 0.0
        self.queues: dict[object, deque[Ticket]] = {}
        self._seq = itertools.count()
        self.in_flight = 0  # bulk requests granted and not yet released
        self.rtt = FIRST_RTT

    # ---- the window --------------------------------------------------------------------------
    @property
    def window(self) -> int:
        wanted = math.ceil(self.rate * self.rtt * 1.25) + WINDOW_MARGIN
        return max(MIN_WINDOW, min(MAX_WINDOW, wanted))

    def observe(self, rtt: float) -> None:
        self.rtt += RTT_WEIGHT * (max(0.0, rtt) - self.rtt)

    # ---- queueing ----------------------------------------------------------------------------
    def submit(self, chat: int | None, *, bulk: bool) -> Ticket:
        ticket = Ticket(chat, bulk, next(self._seq))
        key: object = chat if chat is not None else ticket
        self.queues.setdefault(key, deque()).append(ticket)
        return ticket

    def withdraw(self, ticket: Ticket) -> None:
        """A waiter gave up (cancelled) before its turn."""
        key: object = ticket.chat if ticket.chat is not None else ticket
        queue = self.queues.get(key)
        if queue is not None and ticket in queue:
            queue.remove(ticket)
            if not queue:
                del self.queues[key]

    def _chat_step(self, chat: int) -> float:
        return self.private_step if chat > 0 else self.group_step

    def _ready_at(self, ticket: Ticket) -> float:
        """When this ticket's own limits (its chat, bulk pause, window) let it go."""
        at = 0.0
        if ticket.chat is not None:
            tat = self.chats.get(ticket.chat)
            if tat is not None:
                at = tat - (self.chat_burst - 1) * self._chat_step(ticket.chat)
            at = max(at, self.chat_paused.get(ticket.chat, 0.0))
        if ticket.bulk:
            at = max(at, self.bulk_paused_until)
        return at

    def grant(self, now: float) -> tuple[list[Ticket], float | None]:
        """Grant every ticket that fits now, best first; also when to look again (None: idle)."""
        granted: list[Ticket] = []
        while True:
            global_at = self.tat - self.tolerance
            best: Ticket | None = None
            wake: float | None = None
            window_full = self.in_flight >= self.window
            for queue in self.queues.values():
                head = queue[0]
                if head.bulk and window_full:
                    continue  # a release looks again
                at = self._ready_at(head)
                if at > now:
                    wake = at if wake is None else min(wake, at)
                elif best is None or (head.bulk, head.seq) < (best.bulk, best.seq):
                    best = head
            if best is None:
                return granted, wake
            if global_at > now:
                return granted, global_at
            self._charge(best, now)
            granted.append(best)

    def _charge(self, ticket: Ticket, now: float) -> None:
        key: object = ticket.chat if ticket.chat is not None else ticket
        queue = self.queues[key]
        queue.popleft()
        if not queue:
            del self.queues[key]
        ticket.granted = True
        self.tat = max(self.tat, now) + (self.bulk_step if ticket.bulk else self.global_step)
        if ticket.bulk:
            self.in_flight += 1
        if ticket.chat is not None:
            step = self._chat_step(ticket.chat)
            self.chats[ticket.chat] = max(self.chats.get(ticket.chat, 0.0), now) + step
            if len(self.chats) > 20_000:  # forget chats that are idle again
                self.chats = {c: t for c, t in self.chats.items() if t > now}
                self.chat_paused = {c: t for c, t in self.chat_paused.items() if t > now}

    # ---- outcomes ----------------------------------------------------------------------------
    def release(self, rtt: float | None = None) -> None:
        """A bulk request left the wire (answered, refused or abandoned)."""
        self.in_flight = max(0, self.in_flight - 1)
        if rtt is not None:
            self.observe(rtt)

    def refund(self, chat: int | None, *, bulk: bool = True) -> None:
        """A send Telegram refused (403, 400) or that was abandoned did not count."""
        self.tat -= self.bulk_step if bulk else self.global_step
        if chat is not None and chat in self.chats:
            self.chats[chat] -= self._chat_step(chat)

    def pause(self, seconds: float, chat: int | None, now: float) -> None:
        until = now + max(0.0, seconds)
        if chat is not None:
            self.chat_paused[chat] = max(self.chat_paused.get(chat, 0.0), until)
        self.bulk_paused_until = max(self.bulk_paused_until, until)


class SendScheduler(SchedulerCore):
    """The core driven by one asyncio task that wakes on arrivals, releases and timers."""

    def __init__(
        self,
        *args,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.clock = clock
        self.sleep = sleep  # tests pass a virtual sleep that moves `clock` on at once
        self._wake = asyncio.Event()
        self._pump_task: asyncio.Task[None] | None = None

    async def acquire(self, chat: int | None, *, bulk: bool = True) -> None:
        """Wait until a message to `chat` fits every limit, then take its place."""
        ticket = self.submit(chat, bulk=bulk)
        ticket.future = asyncio.get_running_loop().create_future()
        self._kick()
        try:
            await ticket.future
        except asyncio.CancelledError:
            if ticket.granted:
                self.refund(chat, bulk=bulk)
                if bulk:
                    self.release()
            else:
                self.withdraw(ticket)
            self._kick()
            raise

    def release(self, rtt: float | None = None) -> None:
        super().release(rtt)
        self._kick()

    def pause(self, seconds: float, chat: int | None, now: float | None = None) -> None:
        if seconds > 0:
            log.warning("Telegram asked to slow down: waiting %.1f s (chat %s)", seconds, chat)
        super().pause(seconds, chat, self.clock() if now is None else now)
        self._kick()

    @property
    def paused(self) -> bool:
        return self.clock() < self.bulk_paused_until

    def _kick(self) -> None:
        self._wake.set()
        if self._pump_task is None or self._pump_task.done():
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            self._pump_task = loop.create_task(self._pump(), name="send-scheduler")

    async def _pump(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._wake.clear()
            now = self.clock()
            granted, wake = self.grant(now)
            for ticket in granted:
                if ticket.future is not None and not ticket.future.done():
                    ticket.future.set_result(None)
            if wake is None and not self.queues:
                return  # idle: the next acquire starts a new pump
            timeout = None if wake is None else max(0.0, wake - now)
            if timeout is not None and self.sleep is not None:
                await self.sleep(timeout)
                continue
            # A timer (cheaper than wait_for) or an arrival/release, whichever comes first.
            timer = None if timeout is None else loop.call_later(timeout, self._wake.set)
            try:
                await self._wake.wait()
            finally:
                if timer is not None:
                    timer.cancel()
