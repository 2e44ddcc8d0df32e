"""The shared send budget, on virtual time: the outbox and direct replies both wait for it."""

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


async def turn(p: Pacer, chat: int) -> None:
    """An outbox send: a turn in the budget and on the wire, answered at once."""
    await p.acquire(chat)
    p.release(0.0)


async def test_the_outbox_keeps_below_the_global_rate_with_a_reserve():
    time = VirtualTime()
    p = pacer(time, rate=30, reserve=0.1)
    start = time.now
    for chat in range(1, 271):
        await turn(p, chat)
    elapsed = time.now - start
    assert 270 / 27 - 0.2 <= elapsed <= 270 / 27 + 0.1  # 27 msg/s: 10 % left for replies


async def test_one_chat_gets_a_short_burst_then_one_a_second():
    time = VirtualTime()
    p = pacer(time)
    stamps = []
    for _ in range(6):
        await turn(p, 42)
        stamps.append(time.now - 1000.0)
    assert max(stamps[:2]) < 0.2  # two at once (Telegram lets three pass: one spare for jitter)
    assert [round(b - a, 2) for a, b in zip(stamps[1:], stamps[2:], strict=False)] == [1.0] * 4


async def test_a_group_gets_twenty_a_minute():
    time = VirtualTime()
    p = pacer(time)
    for _ in range(21):  # two at once, then one every three seconds
        await turn(p, -100123)
    assert 56 <= time.now - 1000.0 <= 58


async def test_a_429_pauses_the_outbox_and_a_refused_send_gives_its_turn_back():
    time = VirtualTime()
    p = pacer(time, rate=10, reserve=0.0)
    await turn(p, 1)
    p.pause(3, None)
    assert p.paused
    await turn(p, 2)
    assert time.now - 1000.0 >= 3.0
    tat = p.tat
    p.refund(2)
    assert p.tat == pytest.approx(tat - 0.1)


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
                await turn(p, chat)
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
    assert p.tat > time.now and 5 in p.chats
    tat = p.tat
    await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 6}, OUTBOX)
    await limiter.process_request(send, (), {}, "answerCallbackQuery", {}, None)
    await limiter.process_request(send, (), {}, "getChat", {"chat_id": "7"}, None)
    assert p.tat == tat and 6 not in p.chats and 7 not in p.chats
    assert send.calls == 4


async def test_a_429_on_a_reply_is_retried_after_retry_after_and_delivered_once():
    time = VirtualTime()
    p = pacer(time)
    limiter = SharedPaceLimiter(p)
    send = Recorder([RetryAfter(timedelta(seconds=3)), RetryAfter(timedelta(seconds=1))])
    assert await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert send.calls == 3 and limiter.retried_429 == 2
    assert time.now - 1000.0 >= 4.0  # each retry waited for its chat's pause
    outbox = Recorder([RetryAfter(timedelta(seconds=2))])
    with pytest.raises(RetryAfter):  # the outbox reschedules the row itself
        await limiter.process_request(outbox, (), {}, "sendMessage", {"chat_id": 5}, OUTBOX)
    assert outbox.calls == 1
    long = Recorder([RetryAfter(timedelta(seconds=3600))])
    with pytest.raises(RetryAfter):
        await limiter.process_request(long, (), {}, "sendMessage", {"chat_id": 5}, None)


async def test_flood_control_never_reaches_the_user_as_an_error():
    """If a 429 outlasted the retries, the error boundary tells nobody "something went wrong"
    (that reply would only be refused too) and alerts no manager."""
    from types import SimpleNamespace

    from telegram import Update

    from handlers.runtime.errors import on_error

    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError(f"the error boundary used {name} for a 429")

    context = SimpleNamespace(
        error=RetryAfter(timedelta(seconds=30)), bot=Untouchable(), services=Untouchable()
    )
    await on_error(Update(update_id=1), context)
