"""`propdesk demo`: the real bot against a local fake Bot API, a scripted day, a transcript."""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from datetime import time
from pathlib import Path

from bot.config import Settings
from bot.demo.activities import activity_scene
from bot.demo.live import Script, live_bot
from bot.demo.notices import notice_scene
from bot.demo.outage import RESIDENTS as OUTAGE_RESIDENTS
from bot.demo.outage import add_people as add_outage_people
from bot.demo.outage import outage_scene
from bot.demo.passes import GUARD, gate_pass_scene
from bot.demo.rounds import rounds_scene
from bot.demo.surveys import survey_scene

MANAGER, STAFF, RESIDENT, NEWCOMER, ENGLISH = 7001, 7002, 7101, 7102, 7103
STAFF_GROUP = -1007000
ROSTER = (
    "building,unit,room,name,phone\n"
    "3,2,1102,张阿姨,13800000001\n"
    "5,1,0601,Tom Baker,13800000002\n"
    "1,1,0101,陈先生,13800000003\n"
)
NAMES = {
    MANAGER: "王经理",
    STAFF: "李师傅",
    RESIDENT: "张阿姨",
    NEWCOMER: "小周",
    ENGLISH: "Tom",
    STAFF_GROUP: "员工群",
    GUARD: "门岗老周",
    **OUTAGE_RESIDENTS,
}


async def play(script: Script, app) -> None:
    """One morning at the service desk, in Chinese and English: one scene after another."""
    await registration_scene(script, app)
    await ticket_scene(script)
    await questions_scene(script)
    # A short satisfaction survey: launched with /survey, answered, results with a chart.
    await survey_scene(script, app, MANAGER, RESIDENT, ENGLISH)
    # A notice to building 3 that asks for 已读; 张阿姨 confirms, the manager checks the figures.
    await notice_scene(script, MANAGER, RESIDENT)
    # The worst day: building 8 has no water; six households report it within a minute.
    await outage_scene(script, app, STAFF, STAFF_GROUP, MANAGER)
    # Field operations: the morning round; the leaking pump becomes a repair ticket.
    await rounds_scene(script, app, STAFF, MANAGER)
    # Community activities: an invitation to every building; 张阿姨 signs up for two.
    await activity_scene(script, app, MANAGER, RESIDENT)
    # Gate passes: 张阿姨's item release pass, approved by staff, checked at the gate.
    await gate_pass_scene(script, app, RESIDENT, STAFF, STAFF_GROUP, MANAGER)


async def registration_scene(script: Script, app) -> None:
    """The roster, the staff group, and three residents registering three ways."""
    await app.bot_data["services"].roster.import_csv(ROSTER)
    # The manager binds the staff group and makes 李师傅 staff.
    await script.says(MANAGER, "/bind_staff_group", chat_id=STAFF_GROUP)
    await script.says(STAFF, "/start")
    await script.says(MANAGER, f"/grant {STAFF} staff")
    # 张阿姨 registers with her phone (it is in the owner roster).
    await script.says(RESIDENT, "/start")
    await script.shares_phone(RESIDENT, "+86 138-0000-0001")
    # 小周 is not on the roster: he types his home, staff approve it.
    await script.says(NEWCOMER, "/start")
    await script.shares_phone(NEWCOMER, "13911112222")
    await script.says(NEWCOMER, "1栋1单元0101")
    await script.presses(STAFF, STAFF_GROUP, "✅ 通过")
    # Tom registers in English through the roster as well.
    await script.says(ENGLISH, "/start")
    await script.shares_phone(ENGLISH, "13800000002")


async def ticket_scene(script: Script) -> None:
    """The ticket loop: report, take, talk, resolve, reopen, resolve, confirm and rate."""
    await script.says(RESIDENT, "3栋2单元楼道的灯坏了好几天了，晚上很黑，老人走路不安全")
    await script.presses(RESIDENT, RESIDENT, "✅ 提交")
    await script.presses(STAFF, STAFF_GROUP, "🙋 受理")
    card = script.last_with_button(STAFF_GROUP, "s:")
    await script.says(
        STAFF,
        "阿姨您好，我下午三点前过来更换灯具。",
        chat_id=STAFF_GROUP,
        reply_to_message_id=card.message_id,
    )
    relayed = await script.sees(RESIDENT, "下午三点")
    await script.says(RESIDENT, "好的，谢谢师傅", reply_to_message_id=relayed.message_id)
    await script.says(
        STAFF, "请问是几楼的灯不亮？", chat_id=STAFF_GROUP, reply_to_message_id=card.message_id
    )
    await script.sees(RESIDENT, "几楼")
    # She answers as people do, without Telegram's Reply: it still joins ticket #1's thread.
    await script.says(RESIDENT, "二楼和三楼都不亮")
    await script.sees(STAFF_GROUP, "二楼和三楼")
    await _resolve(script, "已更换 LED 灯具并测试正常。")
    await script.presses(RESIDENT, RESIDENT, "👎 未解决")
    await script.says(RESIDENT, "二楼那盏还是不亮")
    await _resolve(script, "二楼灯具也已更换，全部正常。")
    await script.presses(RESIDENT, RESIDENT, "👍 已解决")
    await script.presses(RESIDENT, RESIDENT, "⭐⭐⭐⭐⭐")
    await script.says(RESIDENT, "李师傅很负责，谢谢！")


async def _resolve(script: Script, note: str) -> None:
    """李师傅 presses Resolve and answers the prompt for what was done."""
    await script.presses(STAFF, STAFF_GROUP, "✅ 办结")
    prompt = await script.sees(STAFF_GROUP, "处理说明")
    await script.says(STAFF, note, chat_id=STAFF_GROUP, reply_to_message_id=prompt.message_id)


async def questions_scene(script: Script) -> None:
    """An FAQ answers 小周; Tom's English question is not answered, so he files it."""
    # 小周 asks where parcels go: an FAQ article answers it, nobody at the desk has to.
    await script.says(NEWCOMER, "请问快递放哪里？")
    await script.presses(NEWCOMER, NEWCOMER, "快递放哪里？怎么取快递？")
    await script.presses(NEWCOMER, NEWCOMER, "👍 已解决")
    # Tom asks a question in English: the article offered does not answer it, so he files it
    # (the staff card says which article he already read), then checks his requests.
    await script.says(
        ENGLISH, "Hi, when will the water be back on in building 5? No water since this morning"
    )
    await script.presses(ENGLISH, ENGLISH, "Still need help")
    await script.presses(ENGLISH, ENGLISH, "✅ Submit")
    await script.says(ENGLISH, "📋 My requests")
    await script.fake.wait_idle(quiet=1.0)


async def run_demo(settings: Settings, lang: str = "both") -> int:
    """Start the fake, run the real app against it, print the transcript; 0 when clean."""
    from bot.demo.fakebotapi import FakeBotApi

    with tempfile.TemporaryDirectory() as folder:
        settings = dataclasses.replace(
            settings, manager_ids=frozenset({MANAGER}), staff_chat_id=None, estate_name="阳光花园"
        )
        settings = dataclasses.replace(
            settings, quiet_start=time(0), quiet_end=time(0)
        )  # a morning
        # The demo's fake Telegram enforces no flood limits, so the morning plays at reading
        # speed instead of Telegram's 20 messages a minute per group (the tests and
        # bench/storm exercise the real limits).
        settings = dataclasses.replace(settings, chat_rate=20.0, group_rate=1200.0)
        async with FakeBotApi() as fake:
            fake.add_user(MANAGER, "王经理", language_code="zh")
            fake.add_user(STAFF, "李师傅", language_code="zh")
            fake.add_user(RESIDENT, "张阿姨", language_code="zh")
            fake.add_user(NEWCOMER, "小周", language_code="zh")
            fake.add_user(ENGLISH, "Tom", language_code="en")
            fake.add_user(GUARD, "老周", language_code="zh")
            add_outage_people(fake)
            fake.add_group(STAFF_GROUP, "物业员工群", members=[MANAGER, STAFF])
            try:
                async with live_bot(
                    settings, fake, database_path=Path(folder) / "demo.sqlite3"
                ) as app:
                    await play(Script(fake), app)
            finally:
                print(fake.format_transcript(names=NAMES))
            if fake.errors:
                print(f"\n{len(fake.errors)} Bot API errors:", file=sys.stderr)
                for call in fake.errors:
                    print(f"  {call.method}: {call.description} {call.params}", file=sys.stderr)
                return 1
    return 0
