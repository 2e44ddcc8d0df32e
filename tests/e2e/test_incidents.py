"""Mass incidents end to end (issue 11B): twenty households of one building report no water;
the staff group gets one incident card counting them, each reporter is told at once, the
resolution reaches every follower exactly once — in Chinese and English."""

from __future__ import annotations

import asyncio
import signal
import sqlite3

from bench.common import bot_env, spawn
from bot.demo.fakebotapi import FakeBotApi
from bot.demo.live import Script
from bot.domain.people.model import Role
from tests.e2e.conftest import MANAGER, STAFF, STAFF_GROUP, texts
from tests.support.wiring import repositories

HOUSEHOLDS = 20
RESIDENTS = [9300 + i for i in range(HOUSEHOLDS)]
ENGLISH = set(RESIDENTS[1::2])  # every other household writes in English
ROSTER = "building,unit,room,name,phone\n" + "".join(
    f"7,1,{100 + i},R{i},1370000{1000 + i}\n" for i in range(HOUSEHOLDS)
)
TEXT = {"zh": "家里没水了，水龙头一滴水都没有", "en": "There is no water in my apartment"}
SUBMIT = {"zh": "✅ 提交", "en": "✅ Submit"}
TOLD = {"zh": "已收到，并入事件", "en": "Received: added to incident"}
MERGED = {"zh": "和邻居们反映的是同一个问题", "en": "same problem your neighbours reported"}
FIXED = {"zh": "已处理完毕", "en": "has been fixed"}
WAIT = 90.0  # seconds: generous for a loaded machine; nothing is timed against it
NOTE = "泵房水泵已修复，7栋供水恢复 / pump repaired, water is back"


def lang(user: int) -> str:
    return "en" if user in ENGLISH else "zh"


async def prepare(app, fake) -> None:
    """Residents of building 7 registered, a staff group with 李师傅 (through the services:
    onboarding has its own e2e suite)."""
    s = app.bot_data["services"]
    await s.roster.import_csv(ROSTER)
    for i, user in enumerate(RESIDENTS):
        fake.add_user(user, f"R{i}", language_code=lang(user))
    for user in (MANAGER, STAFF, *RESIDENTS):
        first = fake.world.users[user].user
        await s.people.touch(user, first["first_name"], None, first.get("language_code"))
    await s.people.bind_staff_group(MANAGER, STAFF_GROUP)
    users = repositories(app).users
    await s.people.grant(MANAGER, await users.get(STAFF), Role.STAFF)
    for i, user in enumerate(RESIDENTS):
        await s.onboarding.share_contact(await users.get(user), user, f"1370000{1000 + i}")
    await fake.wait_idle(quiet=0.1)


def count(fake, chat: int, fragment: str) -> int:
    return sum(fragment in (m.text or "") for m in fake.chat_messages(chat))


async def test_twenty_households_one_incident_card_each_told_once(fake, bot, script):
    await prepare(bot, fake)
    for n, user in enumerate(RESIDENTS):
        await script.says(user, TEXT[lang(user)])
        await script.presses(user, user, SUBMIT[lang(user)])
        if n >= 2:  # told at once, on the very message they submitted
            assert count(fake, user, TOLD[lang(user)]) == 1, fake.format_transcript()

    def counted() -> bool:
        return count(fake, STAFF_GROUP, f"7栋 · 停水 · {HOUSEHOLDS} 户报告") == 1

    await fake.wait_for(counted, timeout=60)
    # Two cards: the two reports that came before the third made them an incident.
    assert count(fake, STAFF_GROUP, "🎫 #") == 2
    assert count(fake, STAFF_GROUP, "已并入事件") == 1
    await fake.wait_for(lambda: count(fake, RESIDENTS[1], MERGED["en"]) == 1, timeout=30)

    await script.presses(STAFF, STAFF_GROUP, "🙋 受理")
    await script.presses(STAFF, STAFF_GROUP, "✅ 办结")
    await fake.wait_for(lambda: "处理说明" in (script.last(STAFF_GROUP).text or ""), timeout=30)
    prompt = script.last(STAFF_GROUP)
    await script.says(STAFF, NOTE, chat_id=STAFF_GROUP, reply_to_message_id=prompt.message_id)

    followers = RESIDENTS[1:]
    await fake.wait_for(
        lambda: all(count(fake, u, FIXED[lang(u)]) >= 1 for u in followers), timeout=60
    )
    await fake.wait_idle(quiet=1.0, timeout=30)
    for user in followers:
        assert count(fake, user, FIXED[lang(user)]) == 1, user
        assert count(fake, user, "pump repaired") == 1
    first = RESIDENTS[0]  # whose ticket became the incident: the usual resolution, 👍/👎
    assert count(fake, first, "pump repaired") == 1
    assert count(fake, first, FIXED["zh"]) == 0


# ---- across kill -9 ---------------------------------------------------------------------------

CRASH_MANAGER, CRASH_STAFF = 9001, 9002


def resolutions_in_db(database) -> tuple[int, int]:
    """(queued, sent) follower resolution rows, read the way an operator would."""
    with sqlite3.connect(database) as conn:
        queued, sent = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(status = 'sent'), 0) FROM outbox"
            " WHERE key = 'incident.resolved'"
        ).fetchone()
    return queued, sent


def delivered(fake, users) -> int:
    return sum(count(fake, u, FIXED[lang(u)]) for u in users)


async def start(env: dict[str, str], **extra: str) -> asyncio.subprocess.Process:
    return await spawn(["-m", "bot", "run"], {**env, **extra})


async def test_every_follower_hears_the_resolution_once_across_a_kill_9(tmp_path):
    database = tmp_path / "incident.sqlite3"
    (tmp_path / "roster.csv").write_text(ROSTER, "utf-8")
    async with FakeBotApi() as fake:
        for user, name in ((CRASH_MANAGER, "王经理"), (CRASH_STAFF, "李师傅")):
            fake.add_user(user, name, language_code="zh")
        for i, user in enumerate(RESIDENTS):
            fake.add_user(user, f"R{i}", language_code=lang(user))
        fake.add_group(STAFF_GROUP, "物业员工群", members=[CRASH_MANAGER, CRASH_STAFF])
        env = bot_env(fake, database, STAFF_CHAT_ID=str(STAFF_GROUP))
        env["MANAGER_IDS"] = str(CRASH_MANAGER)
        importer = await spawn(
            ["-m", "bot", "residents", "import", str(tmp_path / "roster.csv")], env
        )
        assert await importer.wait() == 0
        script = Script(fake)
        bot = await start(env)
        try:
            await script.says(CRASH_MANAGER, "/help")
            await script.says(CRASH_STAFF, "/help")
            await script.says(CRASH_MANAGER, f"/grant {CRASH_STAFF} staff")
            for i, user in enumerate(RESIDENTS):
                await script.shares_phone(user, f"1370000{1000 + i}")
            for user in RESIDENTS:
                await script.says(user, TEXT[lang(user)])
                await script.presses(user, user, SUBMIT[lang(user)])
            await fake.wait_for(
                lambda: count(fake, STAFF_GROUP, f"7栋 · 停水 · {HOUSEHOLDS} 户报告") == 1,
                timeout=WAIT,
            )
            await script.presses(CRASH_STAFF, STAFF_GROUP, "🙋 受理")
            await script.presses(CRASH_STAFF, STAFF_GROUP, "✅ 办结")
            # The prompt waits its turn in the group's 20/min budget: wait for it, not the card.
            await fake.wait_for(
                lambda: "处理说明" in (script.last(STAFF_GROUP).text or ""), timeout=WAIT
            )
            prompt = script.last(STAFF_GROUP)
            # A slow outbox (one message a second) so the kill lands mid-fan-out: driven by
            # progress below, the pace only widens the window.
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
            bot = await start(env, SEND_RATE="1")
            await fake.user_sends(
                CRASH_STAFF, NOTE, chat_id=STAFF_GROUP, reply_to_message_id=prompt.message_id
            )
            followers = RESIDENTS[1:]

            def midway() -> bool:  # resolution recorded, some (not all) sent and committed
                queued, sent = resolutions_in_db(database)
                return (
                    queued == len(followers)
                    and 2 <= sent < queued
                    and (delivered(fake, followers) == sent)
                )

            await fake.wait_for(midway, timeout=WAIT)
            bot.send_signal(signal.SIGKILL)  # no await in between: the fake cannot move
            await bot.wait()
            before = delivered(fake, followers)
            assert 2 <= before < len(followers)
            bot = await start(env)
            await fake.wait_for(
                lambda: all(count(fake, u, FIXED[lang(u)]) >= 1 for u in followers), timeout=WAIT
            )
            await fake.wait_idle(quiet=1.0, timeout=WAIT)
        finally:
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
        for user in followers:
            assert count(fake, user, FIXED[lang(user)]) == 1, fake.format_transcript()
        assert count(fake, RESIDENTS[0], "pump repaired") == 1
        assert fake.errors == []
    queued, sent = resolutions_in_db(database)
    assert queued == sent == len(followers)
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        (tickets,) = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()
        (unnotified,) = conn.execute(
            "SELECT COUNT(*) FROM incident_reports WHERE notified_at IS NULL AND resident_id != ?",
            (RESIDENTS[0],),
        ).fetchone()
    assert tickets == 2 and unnotified == 0


async def test_follow_something_else_and_a_notice_from_the_incident_card(fake, bot, script):
    await prepare(bot, fake)
    first, second, third, fourth = RESIDENTS[:4]  # zh, en, zh, en
    for user in (first, second, third, fourth):
        await script.says(user, TEXT[lang(user)])
        await script.presses(user, user, SUBMIT[lang(user)])
    # English: "Something else" turns the report back into an ordinary draft, filed apart.
    await script.presses(fourth, fourth, "📝 Something else")
    assert "There is no water in my apartment" in (script.last(fourth).text or "")
    await script.presses(fourth, fourth, "✅ Submit")
    assert "Received: added to incident" not in (script.last(fourth).text or "")
    assert count(fake, STAFF_GROUP, "🎫 #") == 3  # two before the incident, and the fourth's own
    # Chinese: "follow" confirms.
    await script.presses(third, third, "🔔 关注进展")
    assert "已关注事件" in (script.last(third).text or "")
    # The manager's 📢 on the card: a /notice draft for building 7 in the private chat.
    await script.presses(MANAGER, STAFF_GROUP, "📢 发通知")
    await script.sees(MANAGER, "7栋出现停水")
    await script.presses(MANAGER, MANAGER, "不需要")
    await script.presses(MANAGER, MANAGER, "📤 立即发送")
    for user in (first, second):
        await fake.wait_for(lambda u=user: count(fake, u, "7栋出现停水") == 1, timeout=30)
    await fake.wait_idle(quiet=0.5)
    assert count(fake, RESIDENTS[5], "7栋出现停水") == 1  # the building, not only reporters


async def test_urgent_reports_of_one_outage_page_the_managers_once_it_is_an_incident(
    fake, bot, script
):
    await prepare(bot, fake)
    urgent = "楼里没水了"  # the safety net: a building without water is an emergency
    for user in RESIDENTS[:6]:
        await script.says(user, urgent)
    await fake.wait_idle(quiet=0.5)
    pages = [t for t in texts(fake, MANAGER) if "楼里没水了" in t]
    # The first two are emergencies of their own (paged each); from the third on, one incident.
    assert len(pages) == 2, fake.format_transcript()
    await fake.wait_for(lambda: count(fake, STAFF_GROUP, "7栋 · 停水 · 6 户报告") == 1, timeout=30)
    for user in RESIDENTS[2:6]:
        assert (
            count(fake, user, "这个问题我们已经知道了")
            + count(fake, user, "We already know about this")
            == 1
        )
