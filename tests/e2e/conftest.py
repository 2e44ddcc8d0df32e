"""End-to-end: the real bot polling the strict fake Bot API over HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest

from bot.demo.fakebotapi import FakeBotApi
from bot.demo.live import Script, live_bot

MANAGER, STAFF, ALICE, BOB, TOM = 9001, 9002, 9101, 9102, 9103
STAFF_GROUP = -100900
ROSTER = (
    "building,unit,room,name,phone\n"
    "3,2,1102,张三,13800000001\n"
    "5,1,0601,Tom,13800000002\n"
    "1,1,0101,陈先生,13800000003\n"
    "1,1,0102,陈先生,13800000003\n"
)


@pytest.fixture
async def fake():
    async with FakeBotApi() as api:
        api.add_user(MANAGER, "王经理", language_code="zh")
        api.add_user(STAFF, "李师傅", language_code="zh")
        api.add_user(ALICE, "Alice", language_code="zh")
        api.add_user(BOB, "Bob", language_code="en")
        api.add_user(TOM, "Tom", language_code="en", username="tom_b")
        api.add_group(STAFF_GROUP, "物业员工群", members=[MANAGER, STAFF, ALICE])
        yield api


@pytest.fixture
async def bot(fake, settings):
    """The running application; every test also proves the bot never got a 400."""
    async with live_bot(settings, fake) as app:
        await app.bot_data["services"].roster.import_csv(ROSTER)
        yield app
    assert fake.errors == [], fake.format_transcript()


@pytest.fixture
def script(fake):
    return Script(fake)


@pytest.fixture
async def staffed(bot, script):
    """A bound staff group with one staff member (李师傅) besides the configured manager."""
    await script.says(MANAGER, "/bind_staff_group", chat_id=STAFF_GROUP)
    await script.says(STAFF, "/help")
    await script.says(MANAGER, f"/grant {STAFF} staff")
    return bot


def texts(fake, chat_id: int) -> list[str]:
    return [m.text or "" for m in fake.chat_messages(chat_id)]
