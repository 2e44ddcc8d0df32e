"""The shared send budget, on virtual time: the outbox waits, direct replies are charged."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.error import RetryAfter

from bot.demo.fakebotapi.models import ApiError
from bot.demo.fakebotapi.ratelimit import RateLimiter
from handlers.runtime.pacing import OUTBOX, Pacer, SharedPaceLimiter


class VirtualTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        self.slept += max(0.0, seconds)
        await asyncio.sleep(0)


def pacer(time: VirtualTime, **kwargs) -> Pacer:
    return Pacer(clock=time.clock, sleep=time.sleep, **kwargs)


async def test_the_outbox_keeps_below_the_global_rate_with_a_reserve():
    time = VirtualTime()
    p = pacer(time, rate=30, reserve=0.1)
    start = time.now
    for chat in range(1, 271):
        await p.acquire(chat)
    elapsed = time.now - start
    assert 270 / 27 - 0.2 <= elapsed <= 270 / 27 + 0.1  # 27 msg/s: 10 % left for replies


async def test_one_chat_gets_a_short_burst_then_one_a_second():
    time = VirtualTime()
    p = pacer(time)
    stamps = []
    for _ in range(6):
        await p.acquire(42)
        stamps.append(time.now - 1000.0)
    assert stamps[:3] == [0.0, 0.0, 0.0] or max(stamps[:3]) < 0.2
    assert [round(b - a, 2) for a, b in zip(stamps[2:], stamps[3:], strict=False)] == [1.0] * 3


async def test_a_group_gets_twenty_a_minute():
    time = VirtualTime()
    p = pacer(time)
    for _ in range(23):
        await p.acquire(-100123)
    assert 59 <= time.now - 1000.0 <= 61


async def test_direct_replies_slow_the_outbox_but_never_wait():
    time = VirtualTime()
    p = pacer(time, rate=30, reserve=0.0)
    for _ in range(15):
        p.charge(None)  # fifteen replies at once: half a second of budget
    assert time.slept == 0.0
    await p.acquire(1)
    assert 0.3 <= time.now - 1000.0 <= 0.55
    for _ in range(500):  # a flood of replies borrows at most a second
        p.charge(None)
    before = time.now
    await p.acquire(2)
    assert time.now - before <= 1.05


async def test_replies_in_a_chat_delay_the_outbox_there_at_most_a_burst():
    time = VirtualTime()
    p = pacer(time)
    for _ in range(30):
        p.charge(7)
    await p.acquire(7)
    assert 0.9 <= time.now - 1000.0 <= 1.1
    await p.acquire(8)  # other chats are not affected
    assert time.now - 1000.0 <= 1.1


async def test_a_429_pauses_the_outbox_and_a_refused_send_gives_its_turn_back():
    time = VirtualTime()
    p = pacer(time, rate=10, reserve=0.0)
    await p.acquire(1)
    p.pause(3)
    assert p.paused
    await p.acquire(2)
    assert time.now - 1000.0 >= 3.0
    tat = p._tat
    p.refund(2)
    assert p._tat == pytest.approx(tat - 0.1)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=-3, max_value=40), st.integers(min_value=1, max_value=3)),
        min_size=1,
        max_size=120,
    ),
    st.sampled_from([1.0, 10.0]),
)
def test_outbox_traffic_alone_never_trips_telegrams_limits(messages, scale):
    """Whatever the mix of chats, groups and multi-part rows, the fake's token buckets (the
    same model as tests/fakebotapi) never refuse a paced outbox message."""

    async def scenario():
        time = VirtualTime()
        telegram = RateLimiter(scale, clock=time.clock)
        p = pacer(time, rate=30 * scale, chat_rate=1 * scale, group_per_minute=20 * scale)
        for chat, parts in messages:
            chat = chat if chat != 0 else 1
            chat = chat if chat > 0 else -100000 + chat
            for _ in range(parts):
                await p.acquire(chat)
                try:
                    telegram.check(chat, chat > 0)
                except ApiError as error:  # pragma: no cover - the assertion below explains
                    raise AssertionError(f"429 for chat {chat} at {time.now}") from error

    asyncio.run(scenario())


class Recorder:
    def __init__(self, failures=()) -> None:
        self.calls = 0
        self.failures = list(failures)

    async def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return {"ok": True}


async def test_the_ptb_hook_charges_direct_messages_only():
    time = VirtualTime()
    p = pacer(time)
    limiter = SharedPaceLimiter(p)
    send = Recorder()
    await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert p._tat > time.now and 5 in p._chats
    tat = p._tat
    await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 6}, OUTBOX)
    await limiter.process_request(send, (), {}, "answerCallbackQuery", {}, None)
    await limiter.process_request(send, (), {}, "getChat", {"chat_id": "7"}, None)
    assert p._tat == tat and 6 not in p._chats and 7 not in p._chats
    assert send.calls == 4


async def test_a_short_429_on_a_reply_is_waited_out_once_and_pauses_the_outbox():
    p = Pacer()
    limiter = SharedPaceLimiter(p)
    send = Recorder([RetryAfter(timedelta(seconds=0))])
    assert await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert send.calls == 2
    outbox = Recorder([RetryAfter(timedelta(seconds=2))])
    with pytest.raises(RetryAfter):
        await limiter.process_request(outbox, (), {}, "sendMessage", {"chat_id": 5}, OUTBOX)
    assert outbox.calls == 1 and p.paused
    long = Recorder([RetryAfter(timedelta(seconds=60))])
    with pytest.raises(RetryAfter):
        await limiter.process_request(long, (), {}, "sendMessage", {"chat_id": 5}, None)
