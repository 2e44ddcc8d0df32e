"""Deadlines end to end: a controllable clock, the real checks, the outbox drained over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.demo.live import live_bot
from bot.domain.tickets.model import Action, Status
from tests.e2e.conftest import ALICE, MANAGER, STAFF, STAFF_GROUP, TOM, texts
from tests.e2e.test_tickets import FORUM, LAMP, MONDAY_10, SH, running_desk
from tests.support.fakes import FakeClock
from tests.support.wiring import repositories


@pytest.fixture
def clock():
    return FakeClock(MONDAY_10)


@pytest.fixture
async def desk(fake, settings, clock):
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE) as desk:
        yield desk


@pytest.fixture
async def forum_desk(fake, settings, clock):
    async with running_desk(fake, settings, clock, FORUM, TOM, lang="en") as desk:
        yield desk


STUCK = "电梯里有人被困，快来人！"


async def check(desk) -> None:
    await desk.services.deadlines.check()
    await desk.drain()


async def test_a_missed_response_alerts_managers_once_and_re_alerts_the_thread(desk):
    fake = desk.fake
    await desk.file(ALICE, LAMP)
    card = await desk.card(1)
    group_before, manager_before = len(texts(fake, STAFF_GROUP)), len(texts(fake, MANAGER))
    desk.clock.advance(minutes=29)
    await check(desk)
    assert len(texts(fake, MANAGER)) == manager_before

    desk.clock.advance(minutes=2)
    await check(desk)
    assert texts(fake, MANAGER)[manager_before:] == ["⏰ 工单 #1 超过响应时限仍无人受理。"]
    (realert,) = fake.chat_messages(STAFF_GROUP)[group_before:]
    assert "请尽快受理" in realert.text and realert.reply_to_message_id == card.message_id
    assert "已超时" in (await desk.card(1)).text

    desk.clock.advance(minutes=10)
    await check(desk)
    await check(desk)
    assert len(texts(fake, MANAGER)) == manager_before + 1
    assert len(texts(fake, STAFF_GROUP)) == group_before + 1
    assert (await desk.actions(1)).count(Action.ESCALATE) == 1

    # Taking it now is still possible, and the resolution deadline is its own breach.
    await desk.presses(STAFF, STAFF_GROUP, "🙋 受理")
    desk.clock.advance(hours=24)
    await check(desk)
    assert texts(fake, MANAGER)[-1] == "⏰ 工单 #1 超过办结时限仍未解决。"
    assert len(texts(fake, STAFF_GROUP)) == group_before + 1  # no re-alert for a resolution
    await check(desk)
    assert len(texts(fake, MANAGER)) == manager_before + 2
    assert (await desk.ticket(1)).breaches == {"response", "resolution"}


async def test_a_ticket_taken_in_time_only_escalates_its_resolution(desk):
    fake = desk.fake
    await desk.file(ALICE, LAMP)
    await desk.presses(STAFF, STAFF_GROUP, "🙋 受理")
    group_before, manager_before = len(texts(fake, STAFF_GROUP)), len(texts(fake, MANAGER))
    desk.clock.advance(hours=23)
    await check(desk)
    assert len(texts(fake, MANAGER)) == manager_before
    desk.clock.advance(hours=1, minutes=1)
    await check(desk)
    await check(desk)
    assert texts(fake, MANAGER)[manager_before:] == ["⏰ 工单 #1 超过办结时限仍未解决。"]
    assert len(texts(fake, STAFF_GROUP)) == group_before
    assert (await desk.ticket(1)).breaches == {"resolution"}


async def test_urgent_goes_to_managers_at_once_even_at_night_and_escalates_fast(desk):
    fake = desk.fake
    desk.clock.set(datetime(2025, 3, 3, 23, 40, tzinfo=SH))
    await desk.file(ALICE, STUCK)
    await desk.expect(MANAGER, "🚨 紧急工单 #1 已提交")
    await desk.expect(ALICE, "120")  # the trapped-lift advice names 119 and 120
    desk.clock.advance(minutes=16)
    await check(desk)  # (the re-alert job may page them about it too: issue 17)
    assert "⏰ 工单 #1 超过响应时限仍无人受理。" in texts(fake, MANAGER)


async def test_a_re_alert_lands_in_the_tickets_forum_topic(forum_desk):
    desk, fake = forum_desk, forum_desk.fake
    await desk.file(TOM, "The corridor light outside my flat is broken", submit="✅ Submit")
    thread = (await desk.ticket(1)).staff_thread_id
    desk.clock.advance(minutes=31)
    await check(desk)
    realert = fake.last_message(FORUM)
    assert "past its response deadline" in realert.text and realert.message_thread_id == thread


async def test_silence_after_resolution_closes_after_three_days_exactly_once(desk):
    fake = desk.fake
    await desk.file(ALICE, LAMP)
    await desk.presses(STAFF, STAFF_GROUP, "🙋 受理")
    await desk.presses(STAFF, STAFF_GROUP, "✅ 办结")
    await desk.reply_in_group(STAFF, "已修好", fake.last_message(STAFF_GROUP))
    resolution = await desk.expect(ALICE, "已修好")
    desk.clock.advance(timedelta(days=3, minutes=-1))
    assert await desk.services.deadlines.auto_close() == 0
    desk.clock.advance(minutes=2)
    assert await desk.services.deadlines.auto_close() == 1
    await desk.drain()
    await desk.expect(ALICE, "已自动关闭")
    assert await desk.services.deadlines.auto_close() == 0
    await desk.drain()
    assert sum("已自动关闭" in t for t in texts(fake, ALICE)) == 1
    ticket = await desk.ticket(1)
    assert ticket.status is Status.CLOSED and (await desk.actions(1))[-1] is Action.AUTO_CLOSE
    card = await desk.card(1)
    assert "已关闭" in card.text and card.callback_data() == []
    # The resident's late "Fixed" on the old message answers with the state, changes nothing.
    answer = await desk.press(ALICE, ALICE, resolution, "t:ok:1")
    assert answer == "工单 #1 当前状态：已关闭，此操作未执行。"
    assert (await desk.ticket(1)).rating is None


async def test_quiet_hours_hold_a_reply_until_morning(desk):
    fake = desk.fake
    desk.clock.set(datetime(2025, 3, 3, 20, 0, tzinfo=SH))
    await desk.file(ALICE, LAMP)
    await desk.presses(STAFF, STAFF_GROUP, "🙋 受理")  # she is active: told at once
    await desk.expect(ALICE, "已由 李师傅 受理")
    desk.clock.set(datetime(2025, 3, 3, 22, 30, tzinfo=SH))
    before = len(texts(fake, ALICE))
    await desk.reply_in_group(STAFF, "明早八点半过来", await desk.card(1))
    await desk.drain()
    assert len(texts(fake, ALICE)) == before
    desk.clock.set(datetime(2025, 3, 4, 8, 0, tzinfo=SH))
    await desk.drain()
    await desk.expect(ALICE, "明早八点半过来")


async def test_deadlines_survive_a_restart_and_a_missed_check_runs_at_start_up(fake, settings):
    clock = FakeClock(MONDAY_10)
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE) as desk:
        await desk.file(ALICE, LAMP)
    clock.advance(hours=2)  # the bot was down while the response deadline passed
    before = len(texts(fake, MANAGER))
    async with live_bot(settings, fake, clock=clock) as app:  # nobody calls check(): the job does
        await fake.wait_for(lambda: len(texts(fake, MANAGER)) > before, timeout=30)
        await fake.wait_idle(quiet=0.3)
        ticket = await repositories(app).tickets.get(1)
    assert texts(fake, MANAGER)[before:] == ["⏰ 工单 #1 超过响应时限仍无人受理。"]
    assert ticket.breaches == {"response"}
    assert "请尽快受理" in texts(fake, STAFF_GROUP)[-1]
    assert fake.errors == [], fake.format_transcript()
