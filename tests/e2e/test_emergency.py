"""Emergencies end to end (issue 17): the real bot against the strict fake Bot API, a clock
the test moves. The real classifier decides urgency; the safety net's hazard is injected."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.people.model import Role
from bot.domain.tickets.model import Action
from tests.e2e.conftest import ALICE, MANAGER, STAFF, STAFF_GROUP, TOM, texts
from tests.e2e.test_tickets import MONDAY_10, SH, STAFF2, running_desk
from tests.support.emergency import SafetyNet
from tests.support.fakes import FakeClock
from tests.support.wiring import repositories

TRAPPED = "救命 电梯困人了 卡在12楼出不来"
FIRE = "FIRE in the garbage room, smoke everywhere, help!"
LIGHT_EN = "The corridor light outside my flat is broken"
ALICE_PHONE = ("13800000001", "+8613800000001")


@pytest.fixture
def clock():
    return FakeClock(MONDAY_10)


@pytest.fixture
async def desk(fake, settings, clock):
    """A plain staff group, Alice (zh) and Tom (en), and two managers: 王经理 and 赵师傅."""
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE, TOM) as desk:
        services = desk.services
        services.intake.classify = SafetyNet(hazards={"困": "trapped", "FIRE": "fire"})
        await services.people.grant(MANAGER, await desk.user(STAFF2), Role.MANAGER)
        yield desk


def since(fake, chat: int, before: int) -> list[str]:
    return texts(fake, chat)[before:]


async def test_trapped_in_a_lift_at_half_past_eleven_reaches_everyone_advice_first(desk):
    fake = desk.fake
    desk.clock.set(datetime(2025, 3, 3, 23, 30, tzinfo=SH))  # quiet hours
    before = len(texts(fake, ALICE))
    await desk.says(ALICE, TRAPPED)
    advice, filed = since(fake, ALICE, before)[:2]
    assert advice.startswith("🆘 被困电梯：请保持冷静，按下电梯内的警铃")
    assert "不要强行扒门" in advice and "我们正在赶来" in advice
    assert "已立即通知值班人员和经理（工单 #1）" in filed
    assert fake.last_message(ALICE).callback_data() == ["t:add:1", "u:calm:1", "t:cancel:1"]

    card = await desk.card(1)
    assert card.chat_id == STAFF_GROUP and "🚨紧急" in card.text and "🛗 有人被困" in card.text
    assert card.callback_data()[-1] == "u:tel:1" and "s:take:1" in card.callback_data()
    for manager in (MANAGER, STAFF2):  # every manager, in the middle of the night
        page = await desk.expect(manager, "🚨 紧急工单 #1 已提交")
        assert TRAPPED in page.text and "3-2-1102" in page.text
        assert page.callback_data() == ["s:take:1", "u:tel:1"]

    # Her news does not wait for the morning either.
    desk.clock.set(datetime(2025, 3, 3, 23, 33, tzinfo=SH))
    await desk.presses(STAFF, STAFF_GROUP, "🙋 受理")
    await desk.expect(ALICE, "已由 李师傅 受理")
    await desk.reply_in_group(STAFF, "保安两分钟到，别扒门", await desk.card(1))
    await desk.expect(ALICE, "保安两分钟到")


async def test_the_eleventh_report_in_an_hour_is_refused_unless_it_is_a_fire(desk):
    fake = desk.fake
    for n in range(10):
        await desk.file(TOM, f"{LIGHT_EN} ({n})", submit="✅ Submit")
    await desk.says(TOM, "The lift in building 5 is broken, it makes a grinding noise")
    assert "You have filed many requests recently" in fake.last_message(TOM).text
    before = len(texts(fake, TOM))
    await desk.says(TOM, FIRE)
    advice, filed = since(fake, TOM, before)[:2]
    assert advice.startswith("🔥 Fire: call 119 now.") and "request #11" in filed
    ticket = await desk.ticket(11)
    assert ticket.urgent and ticket.hazard == "fire"
    assert "🔥 火情" in (await desk.card(11)).text
    await desk.expect(MANAGER, "🚨 紧急工单 #11 已提交")
    await desk.expect(STAFF2, "🚨 紧急工单 #11 已提交")


def realert_count(desk, manager: int = MANAGER) -> list[str]:
    return [t.split("\n")[0] for t in texts(desk.fake, manager) if "无人受理（第" in t]


async def test_an_untaken_emergency_re_alerts_every_five_minutes_until_taken(desk):
    """The job also runs by itself; whoever runs first, each interval is paged once."""
    fake, clock = desk.fake, desk.clock
    await desk.says(ALICE, TRAPPED)
    await desk.expect(MANAGER, "🚨 紧急工单 #1 已提交")
    card = await desk.card(1)

    async def run() -> None:
        await desk.services.deadlines.realert_urgent()
        await desk.drain()

    clock.advance(minutes=4, seconds=59)
    await run()
    assert realert_count(desk) == []
    clock.advance(seconds=1)
    await run()
    await run()
    assert realert_count(desk) == ["🚨 紧急工单 #1 已 5 分钟无人受理（第 1 次提醒）！"]
    assert (await desk.expect(STAFF2, "第 1 次提醒")).callback_data() == ["s:take:1", "u:tel:1"]
    nudge = fake.last_message(STAFF_GROUP)
    assert "已 5 分钟无人受理，请立即受理" in nudge.text
    assert nudge.reply_to_message_id == card.message_id

    clock.advance(minutes=5)
    await run()
    assert len(realert_count(desk)) == 2
    await desk.presses(STAFF, STAFF_GROUP, "🙋 受理")
    for _ in range(3):
        clock.advance(minutes=5)
        await run()
    assert len(realert_count(desk)) == 2
    assert len(realert_count(desk, STAFF2)) == 2
    row = await desk.app.bot_data["db"].fetchval("SELECT urgent_realerts FROM tickets WHERE id=1")
    assert row == 2


async def test_the_phone_button_answers_staff_only_and_leaves_a_record(desk):
    fake = desk.fake
    await desk.says(ALICE, TRAPPED)
    card = await desk.card(1)
    # Alice is in the staff group but is no staff: a refusal only she sees, and no number.
    refused = await desk.press(ALICE, STAFF_GROUP, card, "u:tel:1")
    assert refused == "⛔ 您没有权限执行此操作。"
    await desk.says(TOM, "/help")  # a message of his to forge the press on
    forged = await desk.press(TOM, TOM, fake.last_message(TOM), "u:tel:1", stale=True)
    assert forged == "⛔ You are not allowed to do that."
    assert Action.PHONE_VIEWED not in await desk.actions(1)

    shown = await desk.press(STAFF, STAFF_GROUP, card, "u:tel:1")
    assert ALICE_PHONE[1] in shown and "3-2-1102" in shown and "本次查看已记录" in shown
    answer = fake.calls_to("answerCallbackQuery")[-1]
    assert answer.params.get("show_alert") in (True, "true")
    events = await repositories(desk.app).tickets.events(1)
    assert [(e.action, e.actor_id) for e in events][-1] == (Action.PHONE_VIEWED, STAFF)
    # The number only ever travelled in that one answer.
    carrying = [c for c in fake.calls if ALICE_PHONE[1] in str(c.params)]
    assert carrying == [answer]


async def test_not_an_emergency_downgrades_and_tells_the_managers(desk):
    fake = desk.fake
    await desk.says(TOM, FIRE)
    await desk.expect(MANAGER, "🚨 紧急工单 #1 已提交")
    answer = await desk.presses(TOM, TOM, "✅ Not an emergency")
    assert answer == "Request #1 is now an ordinary request. Thank you for telling us."
    assert fake.last_message(TOM).callback_data() == ["t:add:1", "t:cancel:1"]
    await desk.expect(MANAGER, "住户表示不是紧急情况")
    card = await desk.card(1)
    assert "🚨" not in card.text and "u:tel:1" not in card.callback_data()
    desk.clock.advance(minutes=30)
    await desk.services.deadlines.realert_urgent()
    await desk.drain()
    assert realert_count(desk) == []
