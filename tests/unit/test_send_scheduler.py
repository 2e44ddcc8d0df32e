"""The send scheduler's decisions on a controllable clock: who goes next, and when."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.demo.fakebotapi.models import ApiError
from bot.demo.fakebotapi.ratelimit import RateLimiter
from handlers.runtime.scheduler import MAX_WINDOW, MIN_WINDOW, SchedulerCore, SendScheduler


def run_until_empty(core: SchedulerCore, start: float = 0.0, *, release: bool = True):
    """Grant everything queued, jumping the clock to each wake-up; (time, ticket) in order."""
    now, order = start, []
    while core.queues:
        granted, wake = core.grant(now)
        for ticket in granted:
            order.append((now, ticket))
            if ticket.bulk and release:
                core.release(0.0)
        if not granted:
            assert wake is not None, "tickets queued but nothing will ever wake them"
            now = max(now, wake)
    return order


def test_replies_go_before_bulk_rows_that_arrived_earlier():
    core = SchedulerCore(rate=30, reserve=0.0)
    bulk = [core.submit(1000 + n, bulk=True) for n in range(400)]
    reply = core.submit(7, bulk=False)
    order = [t for _, t in run_until_empty(core)]
    assert order.index(reply) <= 3  # only the burst allowance already granted goes first
    assert len(order) == len(bulk) + 1


def test_when_the_budget_is_spent_replies_wait_instead_of_exceeding_it():
    core = SchedulerCore(rate=30, reserve=0.0)
    for n in range(300):
        core.submit(n + 1, bulk=False)
    stamps = [at for at, _ in run_until_empty(core)]
    assert len(stamps) == 300
    # never more than the rate plus the small burst tolerance in any one second
    for first in stamps:
        assert sum(1 for s in stamps if first <= s < first + 1.0) <= 30 + 3
    assert stamps[-1] >= 299 / 30 - core.tolerance - 0.01


def test_one_chat_gets_two_at_once_then_one_a_second_and_groups_twenty_a_minute():
    core = SchedulerCore()
    for _ in range(5):
        core.submit(42, bulk=False)
    stamps = [at for at, _ in run_until_empty(core)]
    assert stamps == [0.0, 0.0, 1.0, 2.0, 3.0]
    group = SchedulerCore()
    for _ in range(4):
        group.submit(-100500, bulk=False)
    assert [at for at, _ in run_until_empty(group)] == [0.0, 0.0, 3.0, 6.0]


def test_first_come_first_served_across_chats_and_a_busy_chat_starves_nobody():
    core = SchedulerCore(rate=30, reserve=0.0)
    busy = [core.submit(1, bulk=False) for _ in range(50)]  # one chat with 50 replies queued
    others = [core.submit(100 + n, bulk=False) for n in range(60)]  # then 60 people, one each
    order = run_until_empty(core)
    at = {id(t): when for when, t in order}
    # everyone else is served within their share of the global rate, not after the busy chat
    assert max(at[id(t)] for t in others) <= 62 / 30 + 0.2
    # and among them, strictly in arrival order
    served = [t for _, t in order if t in others]
    assert served == others
    assert [t for _, t in order if t in busy] == busy


def test_a_429_pauses_the_chat_and_bulk_sends_but_not_other_replies():
    core = SchedulerCore()
    core.pause(5.0, 42, now=0.0)
    blocked = core.submit(42, bulk=False)
    bulk = core.submit(43, bulk=True)
    reply = core.submit(44, bulk=False)
    granted, wake = core.grant(0.0)
    assert granted == [reply] and wake == 5.0
    granted, _ = core.grant(5.0)
    assert set(granted) == {blocked, bulk}


def test_the_window_follows_the_round_trip_within_bounds():
    core = SchedulerCore(rate=30)
    for rtt, low, high in ((0.0, MIN_WINDOW, 3), (0.1, 5, 8), (0.25, 10, 14), (0.3, 12, 16)):
        for _ in range(60):
            core.observe(rtt)
        assert low <= core.window <= high, (rtt, core.window)
    for _ in range(60):
        core.observe(30.0)
    assert core.window == MAX_WINDOW


def test_bulk_sends_on_the_wire_never_exceed_the_window():
    core = SchedulerCore(rate=1000, chat_rate=1000)
    for n in range(100):
        core.submit(n + 1, bulk=True)
    granted, wake = core.grant(0.0)
    assert len(granted) <= core.window and core.in_flight == len(granted)
    assert wake is None or wake > 0.0  # nothing more until a release (or the global clock)
    core.release(0.05)
    more, _ = core.grant(1.0)
    assert len(more) == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=-3, max_value=40), st.booleans()),
        min_size=1,
        max_size=150,
    )
)
def test_any_mix_of_replies_and_bulk_never_trips_telegrams_limits(messages):
    core = SchedulerCore()
    now = 0.0
    telegram = RateLimiter(1.0, clock=lambda: now)
    for chat, bulk in messages:
        chat = chat if chat > 0 else -100000 + chat
        core.submit(chat, bulk=bulk)
    while core.queues:
        granted, wake = core.grant(now)
        for ticket in granted:
            try:
                telegram.check(ticket.chat, ticket.chat > 0)
            except ApiError as error:  # pragma: no cover - the message explains
                raise AssertionError(f"429 for chat {ticket.chat} at {now}") from error
            if ticket.bulk:
                core.release(0.0)
        if not granted:
            now = wake


async def test_the_asyncio_scheduler_serves_waiters_and_a_cancelled_one_gives_its_turn_back():
    scheduler = SendScheduler(rate=1000, chat_rate=1000)
    await asyncio.gather(*(scheduler.acquire(n, bulk=False) for n in range(1, 20)))
    waiter = asyncio.create_task(scheduler.acquire(5, bulk=True))
    await waiter
    assert scheduler.in_flight == 1
    scheduler.release(0.01)
    scheduler.pause(60.0, 9)
    stuck = asyncio.create_task(scheduler.acquire(9, bulk=False))
    await asyncio.sleep(0.01)
    stuck.cancel()
    await asyncio.gather(stuck, return_exceptions=True)
    assert not scheduler.queues
