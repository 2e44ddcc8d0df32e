"""A ticket's forum topic follows the ticket's state (issue 10 C): the transitions, against a
bot that answers like Telegram (400 TOPIC_NOT_MODIFIED for a change that changes nothing)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from telegram.error import BadRequest

from bot.domain.people.model import Home
from bot.domain.tickets.model import Category, Kind, Status, Ticket
from bot.i18n import Translator
from handlers.tickets.topics import sync_topic, topic_name

CHAT, THREAD = -100777, 42
T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


class TopicBot:
    """Just the forum-topic methods, with Telegram's rules."""

    def __init__(self, name: str) -> None:
        self.name, self.closed, self.calls = name, False, []

    async def edit_forum_topic(self, chat_id, thread_id, name=None):
        self.calls.append(("edit", name))
        if not 1 <= len(name) <= 128:
            raise BadRequest("Topic_title_too_long")
        if name == self.name:
            raise BadRequest("Topic_not_modified")
        self.name = name
        return True

    async def _toggle(self, close: bool):
        self.calls.append(("close" if close else "reopen", None))
        if self.closed == close:
            raise BadRequest("Topic_not_modified")
        self.closed = close
        return True

    async def close_forum_topic(self, chat_id, thread_id):
        return await self._toggle(True)

    async def reopen_forum_topic(self, chat_id, thread_id):
        return await self._toggle(False)


def _ticket(status: Status, thread: int | None = THREAD) -> Ticket:
    ticket = Ticket(
        1, 10, 1, Kind.REPAIR, Category.ELEVATOR, False, "电梯坏了", status, 7, T0,
        T0 + timedelta(hours=1), T0 + timedelta(hours=24),
    )  # fmt: skip
    return replace(ticket, staff_chat_id=CHAT, staff_thread_id=thread)


HOME = Home(1, "3", "2", "1102")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_closed_cancelled_and_back(lang):
    t = Translator("zh")
    plain = topic_name(t, lang, _ticket(Status.NEW), HOME)
    bot = TopicBot(plain)
    for status in (Status.NEW, Status.TAKEN, Status.IN_PROGRESS, Status.RESOLVED):
        await sync_topic(bot, t, lang, CHAT, _ticket(status), HOME)
    assert bot.calls == [] and not bot.closed  # open tickets leave the topic alone

    await sync_topic(bot, t, lang, CHAT, _ticket(Status.CLOSED), HOME)
    assert bot.closed and bot.name == "✅ " + plain and "#1" in bot.name
    await sync_topic(bot, t, lang, CHAT, _ticket(Status.CLOSED), HOME)  # twice: harmless
    assert bot.closed and bot.name == "✅ " + plain

    reopened = replace(_ticket(Status.REOPENED), closed_at=T0)  # brought back after closing
    await sync_topic(bot, t, lang, CHAT, reopened, HOME)
    assert not bot.closed and bot.name == plain
    calls = len(bot.calls)
    await sync_topic(bot, t, lang, CHAT, _ticket(Status.REOPENED), HOME)  # reopened from resolved
    assert len(bot.calls) == calls  # its topic was never closed: not a single call

    await sync_topic(bot, t, lang, CHAT, _ticket(Status.CANCELLED), HOME)
    assert bot.closed and bot.name.startswith("✅ #1")


async def test_no_topic_or_another_group_is_left_alone():
    t = Translator("zh")
    bot = TopicBot("x")
    await sync_topic(bot, t, "zh", CHAT, _ticket(Status.CLOSED, thread=None), HOME)
    await sync_topic(bot, t, "zh", -100999, _ticket(Status.CLOSED), HOME)
    assert bot.calls == []


def test_names_stay_within_telegram_limits():
    t = Translator("zh")
    long_home = Home(1, "3" * 60, "2" * 60, "1102" * 10)
    name = topic_name(t, "zh", _ticket(Status.CLOSED), long_home)
    assert name.startswith("✅ #1") and 1 <= len(name) <= 128
