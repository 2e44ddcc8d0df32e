"""A burst larger than Telegram's budget, through the fake enforcing its real limits: everyone
is answered, nothing reaches the user as an error, a 429 on a reply is retried once."""

from __future__ import annotations

import asyncio

import pytest

from bot.demo.fakebotapi import FakeBotApi
from bot.demo.live import live_bot
from tests.e2e.notice_support import register

RESIDENTS = list(range(20_001, 20_061))  # 60 registered residents
NEWCOMERS = list(range(30_001, 30_021))  # 20 people sending /start
WRONG = ("出了点问题", "went wrong")


@pytest.fixture
async def strict():
    """Telegram's real limits (30/s, 1/s per chat, 20/min per group) and a small round trip."""
    async with FakeBotApi(rate_limits=True, latency=0.02) as api:
        for user in RESIDENTS + NEWCOMERS:
            api.add_user(user, f"R{user}", language_code="zh")
        yield api


def answered(fake, user: int) -> bool:
    return any(m.text for m in fake.chat_messages(user))


def wrong_replies(fake) -> list[str]:
    return [
        m.text
        for user in RESIDENTS + NEWCOMERS
        for m in fake.chat_messages(user)
        if m.text and any(w in m.text for w in WRONG)
    ]


async def test_a_burst_beyond_the_budget_is_answered_in_full_without_errors(strict, settings):
    fake = strict
    async with live_bot(settings, fake) as app:
        await register(app, fake, residents=dict.fromkeys(RESIDENTS, "7"))
        sends = [
            fake.user_sends(user, f"{user % 100}号：7号楼停水了，什么时候恢复？")
            for user in RESIDENTS
        ]
        sends += [fake.user_sends(user, "/start") for user in NEWCOMERS]
        await asyncio.gather(*sends)  # 80 people within the same moment: > 2 s of budget
        await fake.wait_for(lambda: all(answered(fake, u) for u in RESIDENTS + NEWCOMERS), 60)
        await fake.wait_idle(timeout=30)
    assert fake.count_429 == 0, "the scheduler let a message through beyond the limits"
    assert fake.errors == [], fake.format_transcript()
    assert wrong_replies(fake) == []


async def test_a_429_on_a_direct_reply_is_retried_and_delivered_once(strict, settings):
    fake = strict
    user = NEWCOMERS[0]
    async with live_bot(settings, fake) as app:
        await register(app, fake, residents={RESIDENTS[0]: "7"})
        fake.fail_next(
            "sendMessage",
            error_code=429,
            description="Too Many Requests: retry after 1",
            retry_after=1,
        )
        await fake.user_sends(user, "/start")
        await fake.wait_for(lambda: answered(fake, user), 20)
        await fake.wait_idle(timeout=20)
        limiter = app.bot.rate_limiter
        assert limiter is not None and limiter.retried_429 == 1
    refused = [c for c in fake.calls_to("sendMessage") if c.error_code == 429]
    delivered = [c for c in fake.calls_to("sendMessage") if c.ok and c.params["chat_id"] == user]
    assert len(refused) == 1 and refused[0].params["chat_id"] == user
    assert len(delivered) == len(refused)  # the refused reply, delivered once on retry
    assert delivered[0].params["text"] == refused[0].params["text"]
    assert wrong_replies(fake) == []
