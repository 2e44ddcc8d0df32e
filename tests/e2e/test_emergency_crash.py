"""kill -9 the bot (its own process, the real clock) while an emergency waits to be taken:
after the restart its re-alerts carry on where the database says, each interval paged at
most once, and they stop once someone takes it.

A subprocess cannot share the test's controllable clock, so this test alone shortens
URGENT_REALERT_MINUTES to 0.05 (three seconds). It never sleeps: it waits for what the bot
does (a page arriving), and proves the silence after the take by the progress of a second
emergency filed at the same moment, which keeps being paged meanwhile."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import bot_env
from bot.demo.fakebotapi import FakeBotApi

REPO = Path(__file__).resolve().parents[2]
MANAGER, STAFF, ALICE, BOB = 9001, 9002, 9101, 9102
STAFF_GROUP = -100900
ROSTER = "building,unit,room,name,phone\n3,2,1102,张三,13800000001\n5,1,0601,Bob,13800000002\n"
INTERVAL = timedelta(minutes=0.05)
TRAPPED = "救命 电梯困人了 卡在12楼出不来"
FIRE = "FIRE in the garbage room, smoke everywhere, help!"
WAIT = 60.0  # seconds: generous, a loaded machine is slow; nothing is timed against it


async def run(args: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def pages(fake: FakeBotApi, ticket: int) -> list[int]:
    """The reminder numbers of ticket #`ticket` the manager received, in order."""
    found = []
    for message in fake.chat_messages(MANAGER):
        text = message.text or ""
        if text.startswith(f"🚨 紧急工单 #{ticket} 已") and "次提醒" in text:
            found.append(int(text.split("（第 ")[1].split(" 次提醒")[0]))
    return found


async def says(fake: FakeBotApi, user: int, text: str | None = None, **options) -> None:
    before = len(fake.chat_messages(user))
    await fake.user_sends(user, text, **options)
    await fake.wait_for(lambda: len(fake.chat_messages(user)) > before, timeout=WAIT)


async def test_re_alerts_keep_their_schedule_across_kill_9_and_stop_once_taken(tmp_path):
    database = tmp_path / "sos.sqlite3"
    (tmp_path / "roster.csv").write_text(ROSTER, "utf-8")
    async with FakeBotApi() as fake:
        for user, name in ((MANAGER, "王经理"), (STAFF, "李师傅"), (ALICE, "Alice"), (BOB, "Bob")):
            fake.add_user(user, name, language_code="zh")
        fake.add_group(STAFF_GROUP, "物业员工群", members=[MANAGER, STAFF])
        env = bot_env(
            fake,
            database,
            STAFF_CHAT_ID=str(STAFF_GROUP),
            URGENT_REALERT_MINUTES=str(INTERVAL.total_seconds() / 60),
        )
        env["MANAGER_IDS"] = str(MANAGER)
        assert (
            await (await run(["residents", "import", str(tmp_path / "roster.csv")], env)).wait()
            == 0
        )
        bot = await run(["run"], env)
        try:
            await says(fake, MANAGER, "/help")
            await says(fake, STAFF, "/help")
            await says(fake, MANAGER, f"/grant {STAFF} staff")
            for user, phone in ((ALICE, "13800000001"), (BOB, "13800000002")):
                await says(
                    fake, user, contact={"phone_number": phone, "first_name": "-", "user_id": user}
                )

            await says(fake, ALICE, TRAPPED)
            await fake.wait_for(lambda: len(pages(fake, 1)) >= 1, timeout=WAIT)
            await fake.wait_idle(quiet=0.3, timeout=WAIT)  # the page is sent and recorded
            before_kill = pages(fake, 1)[-1]
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
            bot = await run(["run"], env)
            await fake.wait_for(lambda: pages(fake, 1)[-1] > before_kill, timeout=WAIT)

            # Someone takes #1; #2 is filed at the same moment and keeps being paged.
            card = next(
                m
                for m in reversed(fake.chat_messages(STAFF_GROUP))
                if "s:take:1" in m.callback_data()
            )
            await fake.user_presses(STAFF, STAFF_GROUP, card.message_id, "s:take:1")
            await says(fake, BOB, FIRE)
            await fake.wait_for(lambda: len(pages(fake, 2)) >= 3, timeout=WAIT)
            await fake.wait_idle(quiet=0.3, timeout=WAIT)
        finally:
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
        delivered = pages(fake, 1)
        assert fake.errors == [], fake.format_transcript()

    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        (created, announced, status) = conn.execute(
            "SELECT created_at, urgent_realerts, status FROM tickets WHERE id = 1"
        ).fetchone()
        (taken,) = conn.execute(
            "SELECT at FROM ticket_events WHERE ticket_id = 1 AND action = 'taken'"
        ).fetchone()
        queued = [
            (json.loads(params)["count"], at, state)
            for params, at, state in conn.execute(
                "SELECT params, created_at, status FROM outbox WHERE user_id = ?"
                " AND key = 'emergency.manager_realert' AND params LIKE '{\"id\": 1,%' ORDER BY id",
                (MANAGER,),
            )
        ]
    counts = [count for count, _, _ in queued]
    # Each interval paged at most once (missed ones while down collapse), in order, all sent:
    assert counts == sorted(set(counts)) and counts[-1] == announced and len(counts) >= 2
    assert all(state == "sent" for _, _, state in queued)
    assert delivered == counts, (delivered, counts)  # exactly those, each once, across the kill
    start = datetime.fromisoformat(created)
    for count, at, _ in queued:  # never before its interval came
        assert datetime.fromisoformat(at) >= start + count * INTERVAL
    # ...and none after the take, though #2 kept being paged for several intervals meanwhile.
    assert status == "taken" and all(at <= taken for _, at, _ in queued)
