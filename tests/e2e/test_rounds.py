"""Inspection rounds end to end (issue 15): a manager sends the definitions file, the morning
round is created and the walker reminded, the walker scans QR deep links and answers with
buttons, the bot restarts mid-round and the walk resumes, one abnormal point with its photo
becomes a repair ticket on the staff board (point + item + photo), forged payloads are
refused, the manager reads /rounds_report. Both languages."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from bot.demo.live import live_bot
from tests.e2e.conftest import ALICE, MANAGER, STAFF, STAFF_GROUP, TOM
from tests.e2e.test_tickets import FORUM, SH, Desk, running_desk
from tests.support.fakes import FakeClock
from tests.support.operations import LEDGER, ROUNDS

EIGHT = datetime(2025, 3, 3, 8, 0, tzinfo=SH)
FILE = ROUNDS.replace('"900003"', f'"{STAFF}"')


@pytest.fixture
def clock():
    return FakeClock(EIGHT)


async def payload(desk, key: str) -> str:
    cp = await desk.stored.rounds.checkpoint_by_key(key)
    return f"cp_{cp.id}_{cp.token}"


async def prepare(desk) -> int:
    await desk.says(
        MANAGER,
        None,
        document={
            "file_name": "ledger.csv",
            "content": LEDGER.replace(",900003,", f",{STAFF},").encode(),
        },
    )
    await desk.says(MANAGER, None, document={"file_name": "rounds.yaml", "content": FILE.encode()})
    await desk.services.operations.rounds.tick()
    (found,) = await desk.stored.rounds.open_rounds()
    return found.id


def last_buttons(fake, chat: int):
    for message in reversed(fake.chat_messages(chat)):
        if any(d.startswith("rd:") for d in message.callback_data()):
            return message
    raise AssertionError("no round buttons")


async def press(desk, chat: int, suffix: str):
    message = last_buttons(desk.fake, chat)
    data = next(d for d in message.callback_data() if d.endswith(suffix))
    return await desk.press(STAFF, chat, message, data)


async def test_a_morning_round_resumes_after_a_restart_and_an_abnormal_point_becomes_a_ticket(
    fake, settings, clock
):
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE) as desk:
        round_id = await prepare(desk)
        await desk.expect(MANAGER, "巡检点 2")
        await desk.expect(STAFF, "早班巡检")  # the reminder
        await desk.says(STAFF, "/start " + (await payload(desk, "gate"))[:-1] + "Z")
        await desk.expect(STAFF, "无效的巡检点")
        await desk.says(STAFF, "/start " + await payload(desk, "gate"))
        await desk.expect(STAFF, "门禁正常?")
        await press(desk, STAFF, "_0_1")  # yes
        await desk.expect(STAFF, "本点位完成")
    # The bot stops and starts again on the same database: the walk goes on where it was.
    fast = dataclasses.replace(settings, chat_rate=100.0, group_rate=6000.0)
    async with live_bot(fast, fake, clock=clock) as app:
        desk = Desk(app, fake, clock)
        await desk.says(STAFF, "/rounds")
        await desk.expect(STAFF, "下一个点位 水泵房")
        # A replayed gate payload checks in nowhere: that point is done.
        await desk.says(STAFF, "/start " + await payload(desk, "gate"))
        await desk.expect(STAFF, "没有需要经过这个点位")
        await desk.says(STAFF, "/start " + await payload(desk, "pump"))
        await desk.expect(STAFF, "水泵运行正常")
        await press(desk, STAFF, "_0_1")
        await press(desk, STAFF, "_1_0")  # a leak: abnormal
        await desk.expect(STAFF, "请发送一张现场照片")
        await desk.says(STAFF, None, photo=True)
        await desk.expect(STAFF, "全部完成")
        await press(desk, STAFF, f"{round_id}_1")  # 🛠 report for repair
        filed = await desk.expect(STAFF, "已生成报修工单")
        ticket_id = int(filed.text.split("#")[1].split(" ")[0].split("，")[0])
        ticket = await desk.ticket(ticket_id)
        assert "水泵房" in ticket.description and "PUMP-01" in ticket.description
        assert len(await desk.stored.tickets.photos(ticket_id)) == 1
        card = await desk.card(ticket_id)
        assert "水泵房" in (card.text or card.caption or "")
        await desk.says(STAFF, "/equipment PUMP-01")
        history = await desk.expect(STAFF, "巡检异常")
        assert f"#{ticket_id}" in history.text
        await desk.says(MANAGER, "/rounds_report")
        report = await desk.expect(MANAGER, "巡检报告")
        assert "早班巡检：完成 1/1（100.0%）" in report.text and "PUMP-01：1" in report.text
        events = await desk.stored.rounds.events(round_id)
        assert events == [("not_started", "in_progress"), ("in_progress", "done")]
    assert fake.errors == [], fake.format_transcript()


async def test_residents_cannot_check_in_and_a_round_in_english(fake, settings, clock):
    for user in (MANAGER, STAFF):
        fake.world.users[user].user["language_code"] = "en"
    async with running_desk(fake, settings, clock, FORUM, TOM, lang="en") as desk:
        await prepare(desk)
        await desk.expect(MANAGER, "2 checkpoints")
        gate = await payload(desk, "gate")
        before = len(fake.chat_messages(TOM))
        await desk.says(TOM, "/start " + gate)
        await desk.says(TOM, "/rounds_report")
        said = " ".join(m.text or "" for m in fake.chat_messages(TOM)[before:])
        assert "Checked in" not in said and "Rounds report" not in said
        await desk.says(STAFF, None, location=(31.2305, 121.4737))  # 11 m from the gate
        await desk.expect(
            STAFF, "Checked in: <b>北门岗亭</b>".replace("<b>", "").replace("</b>", "")
        )
        await desk.says(MANAGER, "/rounds_qr")
        links = await desk.expect(MANAGER, "Checkpoint links")
        assert f"?start={gate}" in links.text
