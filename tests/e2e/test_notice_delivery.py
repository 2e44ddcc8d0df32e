"""Notices across restarts and crashes: the database is the truth, jobs are re-derived from it."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cli.main import main as propdesk
from bot.demo.live import Script, live_bot
from bot.domain.notices.model import Audience, NoticeStatus
from tests.e2e.conftest import ALICE, MANAGER, TOM
from tests.e2e.notice_support import delivered, notice_texts, register, wait_done
from tests.support.fakes import FakeClock

SH = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2025, 3, 3, 10, 0, tzinfo=SH)
NEIGHBOURS = list(range(9300, 9312))  # twelve households in building 8


async def test_a_conversation_and_a_schedule_survive_restarts(fake, settings):
    """Restart mid-conversation (twice), then stay down past the scheduled time."""
    clock, script = FakeClock(MONDAY_10), Script(fake)
    async with live_bot(settings, fake, clock=clock) as app:
        await register(app, fake, residents={ALICE: "3", TOM: "5"}, others=[MANAGER])
        await script.says(MANAGER, "/notice")
        await script.says(MANAGER, "周二中午 12:00 起电梯年检，暂停使用两小时。")
    async with live_bot(settings, fake, clock=clock):
        await script.presses(MANAGER, MANAGER, "👥 全体住户")  # a button from before the restart
        await script.presses(MANAGER, MANAGER, "不需要")
        await script.presses(MANAGER, MANAGER, "🕘 定时发送")
    async with live_bot(settings, fake, clock=clock) as app:
        await script.says(MANAGER, "11:30")  # typed input still belongs to the draft
        assert "公告 #1 将于 2025-03-03 11:30 发送给全体住户" in fake.last_message(MANAGER).text
        notice = await app.bot_data["services"].notices.get(1)
        assert notice.status is NoticeStatus.SCHEDULED
    assert notice_texts(fake, ALICE, "电梯年检") == []
    clock.set(datetime(2025, 3, 3, 12, 5, tzinfo=SH))  # the bot was down at 11:30
    async with live_bot(settings, fake, clock=clock) as app:
        notice = await wait_done(app, 1)
    assert delivered(fake, "电梯年检") == {ALICE: 1, TOM: 1, MANAGER: 1}  # his is the preview
    assert notice.released_at == clock.now()
    assert fake.errors == [], fake.format_transcript()


async def _neighbours(app, fake) -> None:
    for user_id in NEIGHBOURS:
        fake.add_user(user_id, f"住户{user_id}", language_code="zh")
    await register(app, fake, residents=dict.fromkeys(NEIGHBOURS, "8"))


async def test_a_crash_between_send_and_commit_loses_nobody(fake, settings):
    """Sends go out, their outcomes never reach the database, the dispatcher dies; after a
    restart every household has the whole notice and only the unrecorded messages repeat."""
    body = "\n\n".join(
        ["第一部分：小区道路改造分三期施工。" * 150, "第二部分：施工期间请绕行。" * 150]
    )
    gate = asyncio.Event()

    async def hold(batch) -> None:
        if gate.is_set():
            await asyncio.Event().wait()  # never committed: as if killed right here

    async with live_bot(settings, fake) as app:
        await _neighbours(app, fake)
        dispatcher = app.bot_data["dispatcher"]
        dispatcher.before_commit = hold
        await app.bot_data["services"].notices.record(None, body, Audience.BUILDINGS, ("8",))
        await fake.wait_for(lambda: sum(delivered(fake, "小区道路改造").values()) >= 5, 30)
        gate.set()  # from here on nothing is recorded
        await fake.wait_for(lambda: sum(delivered(fake, "第二部分").values()) >= 9, 30)
        await dispatcher.crash()
        recorded = await app.bot_data["db"].fetchall(
            "SELECT user_id, message_ids FROM outbox WHERE notice_id = 1"
        )
        on_record = sum(len(json.loads(r["message_ids"])) for r in recorded)
        sent = sum(len(m) for m in (_parts(fake, u) for u in NEIGHBOURS))
        in_flight = sent - on_record
        assert in_flight > 0  # the crash really lost some outcomes
    async with live_bot(settings, fake) as app:
        notice = await wait_done(app, 1)
        assert (await app.bot_data["services"].notices.progress(1)).sent == len(NEIGHBOURS)
    for user_id in NEIGHBOURS:
        parts = _parts(fake, user_id)
        assert {"(1/2)", "(2/2)"} <= {p[-5:] for p in parts}, parts  # nobody lost anything
    total = sum(len(_parts(fake, u)) for u in NEIGHBOURS)
    assert total - 2 * len(NEIGHBOURS) <= in_flight  # only unrecorded messages went twice
    assert notice.total == len(NEIGHBOURS)
    assert fake.errors == [], fake.format_transcript()


def _parts(fake, user_id: int) -> list[str]:
    return [
        m.text.replace("（", "(").replace("）", ")") for m in notice_texts(fake, user_id, "部分")
    ]


async def test_the_command_line_records_and_the_running_bot_sends(
    fake, settings, monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_PATH", str(settings.database_path))
    monkeypatch.setenv("MANAGER_IDS", str(MANAGER))
    async with live_bot(settings, fake) as app:
        await register(app, fake, residents={ALICE: "3", TOM: "5"})
        code = await asyncio.to_thread(
            propdesk,
            [
                "notice",
                "send",
                "--text",
                "3栋今晚 8 点消杀 <请关窗>",
                "--audience",
                "building:3",
                "--ack",
            ],
        )
        assert code == 0
        assert "公告 #1 已记录：发送给3 栋住户，共 1 人" in capsys.readouterr().out
        await wait_done(app, 1)
        (got,) = notice_texts(fake, ALICE, "消杀")
        assert "&lt;请关窗&gt;" in got.html and got.buttons() == [["✅ 已读"]]
        assert notice_texts(fake, TOM, "消杀") == []
        assert await asyncio.to_thread(propdesk, ["notice", "status", "1"]) == 0
        out = capsys.readouterr().out
        assert "公告 #1：已发送" in out and "3 栋：送达 1/1，已读 0，未读 1" in out
        code = await asyncio.to_thread(
            propdesk, ["notice", "send", "--text", "x", "--audience", "building:99"]
        )
        assert code == 2 and "没有这个楼栋：99" in capsys.readouterr().err
        code = await asyncio.to_thread(
            propdesk, ["notice", "send", "--text", "年末大扫除", "--at", "12-31 09:00"]
        )
        assert code == 0 and "公告 #2 已安排在" in capsys.readouterr().out
        await asyncio.sleep(1.2)  # a job tick: it stays scheduled
        assert (await app.bot_data["services"].notices.get(2)).status is NoticeStatus.SCHEDULED
    assert fake.errors == [], fake.format_transcript()


async def test_rate_limited_fake_sees_no_429_from_a_paced_broadcast(fake, settings):
    """With the fake enforcing Telegram's limits, pacing keeps the broadcast under them."""
    fake.rate_limits = True
    async with live_bot(settings, fake) as app:
        await _neighbours(app, fake)
        fake.block(NEIGHBOURS[0])
        for n in range(3):  # three notices back to back: each household gets three messages
            await app.bot_data["services"].notices.record(None, f"通知{n}", Audience.ALL)
        for n in range(1, 4):
            await wait_done(app, n)
    assert fake.count_429 == 0
    counts = delivered(fake, "通知")
    assert counts[NEIGHBOURS[0]] == 0 and all(counts[u] == 3 for u in NEIGHBOURS[1:])
    assert fake.errors == [], fake.format_transcript()
