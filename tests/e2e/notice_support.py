"""Helpers for the notice e2e tests: residents straight through the services, delivery counts."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

from bot.domain.notices.model import Notice, NoticeStatus
from bot.domain.people.model import Role

CAROL, DAVE = 9104, 9105


async def register(app, fake, *, staff=(), residents=None, others=()) -> None:
    """People as if they had registered (talked to the bot, then got a home or a role);
    `others` only talked to the bot (configured managers become managers that way)."""
    services = app.bot_data["services"]
    deps = services.deps
    people = [*staff, *(residents or {}), *others]
    for user_id in people:
        user = fake.world.users[user_id].user
        await services.people.touch(user_id, user["first_name"], None, user.get("language_code"))
    now = deps.clock.now()
    async with deps.tx.transaction():
        for user_id in staff:
            await deps.users.set_role(user_id, Role.STAFF, now)
        for user_id, building in (residents or {}).items():
            home = await deps.homes.ensure(building, "1", f"{user_id % 10000:04d}")
            await deps.users.set_home(user_id, home.id, now)
            await deps.users.set_role(user_id, Role.RESIDENT, now)


async def wait_done(app, notice_id: int, timeout: float = 20.0) -> Notice:  # noqa: ASYNC109
    """The notice once every recipient's outcome is recorded (the job marks it done)."""
    notices = app.bot_data["services"].notices
    deadline = time.monotonic() + timeout
    while True:
        notice = await notices.repo.get(notice_id)
        if notice is not None and notice.status is NoticeStatus.DONE:
            return notice
        if time.monotonic() > deadline:
            raise TimeoutError(f"notice {notice_id} not done: {notice}")
        await asyncio.sleep(0.05)


def notice_texts(fake, chat_id: int, needle: str) -> list:
    """Bot messages in `chat_id` whose text or caption contains `needle`."""
    return [m for m in fake.chat_messages(chat_id) if needle in (m.text or "")]


def delivered(fake, needle: str) -> Counter:
    """How many messages containing `needle` each private chat received."""
    counts: Counter = Counter()
    for chat_id in fake.world.chats:
        if chat_id > 0:
            hits = len(notice_texts(fake, chat_id, needle))
            if hits:
                counts[chat_id] = hits
    return counts
