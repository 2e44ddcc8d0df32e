"""Gate passes end to end (issue 15): a resident fills in an item release pass (a restart in
the middle of the form loses nothing), staff approve it from the card in the staff group, the
resident gets the QR code and link, a guard opens the link and lets the items through once;
a second guard, a replayed link, an expired pass, another resident and a forged payload all
change nothing. Every transition is audited. Chinese and English."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from datetime import datetime

import pytest

from bot.demo.live import live_bot
from tests.e2e.conftest import ALICE, MANAGER, STAFF, STAFF_GROUP, TOM
from tests.e2e.test_tickets import SH, Desk, running_desk
from tests.support.fakes import FakeClock

MONDAY_10 = datetime(2025, 3, 3, 10, 0, tzinfo=SH)
GUARD, GUARD2 = 9201, 9202


@pytest.fixture
def clock():
    return FakeClock(MONDAY_10)


@pytest.fixture
def guards(fake):
    fake.add_user(GUARD, "老周", language_code="zh")
    fake.add_user(GUARD2, "Gate B", language_code="en")


async def on_duty(desk) -> None:
    for guard in (GUARD, GUARD2):
        await desk.says(guard, "/help")
        await desk.says(MANAGER, f"/guard_add {guard}")
    await desk.says(MANAGER, "/guards")
    listed = await desk.expect(MANAGER, "门岗人员")
    assert "老周" in listed.text and "Gate B" in listed.text


def newest(fake, chat: int, needle: str):
    return next(m for m in reversed(fake.chat_messages(chat)) if needle in (m.text or ""))


async def approve(desk, label: str = "✅ 批准") -> None:
    """The review card waiting in the staff group, approved by 李师傅 (the outbox delivers
    cards in the background: wait for one with its buttons)."""

    def waiting() -> bool:
        messages = desk.fake.chat_messages(STAFF_GROUP)
        return any(d.startswith("gp:ok:") for m in messages for d in m.callback_data())

    await desk.fake.wait_for(waiting, timeout=30)
    await desk.presses(STAFF, STAFF_GROUP, label)


async def issued(desk, user: int, count: int) -> str:
    """The payload of the `count`-th pass `user` received (the outbox sends it later)."""

    def passes() -> list:
        return [m for m in desk.fake.chat_messages(user) if "?start=gp_" in (m.text or "")]

    await desk.fake.wait_for(lambda: len(passes()) >= count, timeout=30)
    return payload_of(passes()[count - 1])


def payload_of(message) -> str:
    return re.search(r"start=(gp_[0-9]+_[0-9a-f]{16})", message.text).group(1)


async def test_an_item_pass_from_form_to_gate_survives_a_restart_and_is_used_once(
    fake, settings, clock, guards
):
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE) as desk:
        await on_duty(desk)
        await desk.says(ALICE, "/pass")
        await desk.presses(ALICE, ALICE, "📦 物品放行")
        await desk.expect(ALICE, "请逐行写出")
        await desk.says(ALICE, "沙发 x 1\n纸箱×3\n台灯")
        await desk.says(ALICE, "沪A·12345")
        await desk.expect(ALICE, "什么时间出门")
        await desk.says(ALICE, "昨天下午")
        await desk.expect(ALICE, "时间看不懂")
        await desk.says(ALICE, "今天 9:00-18:00")
        await desk.expect(ALICE, "物品照片")
    fast = dataclasses.replace(settings, chat_rate=100.0, group_rate=6000.0)
    async with live_bot(fast, fake, clock=clock) as app:  # the same database, a new process
        desk = Desk(app, fake, clock)
        await desk.says(ALICE, None, photo=True)
        confirm = await desk.expect(ALICE, "请确认放行条")
        assert "沙发 × 1" in confirm.text and "纸箱 × 3" in confirm.text
        assert "沪A12345" in confirm.text and "2025-03-03 09:00–18:00" in confirm.text
        await desk.presses(ALICE, ALICE, "✅ 提交审核")
        await desk.expect(ALICE, "已提交")
        card = await desk.expect(STAFF_GROUP, "物品放行申请")
        assert card.kind == "photo" and "台灯 × 1" in card.text
        await approve(desk)
        await desk.expect(STAFF_GROUP, "已由 李师傅 批准")
        issued = await desk.expect(ALICE, "已批准")
        assert issued.kind == "photo"  # the QR code, with the link in its caption
        payload = payload_of(issued)
        pass_id = int(payload.split("_")[1])
        await desk.says(GUARD, f"/start {payload}")
        shown = await desk.expect(GUARD, f"物品放行 #{pass_id}")
        assert "✅ 有效" in shown.text and "沙发 × 1" in shown.text and shown.kind == "photo"
        (mark,) = shown.callback_data()
        await desk.presses(GUARD, GUARD, "🚪 放行")
        await desk.expect(GUARD, "已放行：老周 10:00")
        # The pass shown again (a replayed link): used, who and when, no button.
        await desk.says(GUARD2, f"/start {payload}")
        again = await desk.expect(GUARD2, f"Item release #{pass_id}")
        assert "used" in again.text and "老周 at 10:00" in again.text
        assert again.callback_data() == []
        # The first message's button pressed again (a double tap, or a stale copy).
        answer = await desk.press(GUARD, GUARD, shown, mark, stale=True)
        assert answer == "⛔ 已使用：老周 于 10:00 放行，不能再次使用。"
        events = await desk.stored.passes.events(pass_id)
        assert events == [
            (None, "draft", ALICE),
            ("draft", "submitted", ALICE),
            ("submitted", "approved", STAFF),
            ("approved", "used", GUARD),
        ]
        await desk.says(ALICE, "/passes")
        mine = await desk.expect(ALICE, "我的通行证")
        assert f"#{pass_id} 物品放行 · ☑️ 已使用" in mine.text
    assert fake.errors == [], fake.format_transcript()


async def file_visitor_pass(desk, user: int, name: str, window: str) -> None:
    await desk.says(user, "/pass")
    await desk.presses(user, user, "🧑 Visitor")
    await desk.says(user, name)
    await desk.presses(user, user, "⏭ Skip")
    await desk.says(user, window)
    await desk.presses(user, user, "✅ Submit for review")


async def test_two_guards_at_once_an_expired_pass_and_a_rejection_in_english(
    fake, settings, clock, guards
):
    async with running_desk(fake, settings, clock, STAFF_GROUP, TOM) as desk:
        await on_duty(desk)
        await file_visitor_pass(desk, TOM, "Wang Wu", "today 10:00-11:00")
        await approve(desk)
        payload = await issued(desk, TOM, 1)
        pass_id = int(payload.split("_")[1])
        for guard in (GUARD, GUARD2):
            await desk.says(guard, f"/start {payload}")
        first = newest(fake, GUARD, f"#{pass_id}")
        second = newest(fake, GUARD2, f"#{pass_id}")
        queries = await asyncio.gather(  # both pressed before the bot sees either
            fake.user_presses(GUARD, GUARD, first.message_id, first.callback_data()[0]),
            fake.user_presses(GUARD2, GUARD2, second.message_id, second.callback_data()[0]),
        )
        answered = [desk._settle_query(q) for q in queries]
        answers = await asyncio.gather(*answered)
        refused = [a for a in answers if a and ("已使用" in a or "Already used" in a)]
        assert len(refused) == 1, answers
        events = await desk.stored.passes.events(pass_id)
        assert [e for e in events if e[1] == "used"] != [] and len(events) == 4
        # A second pass: approved, then its window passes before anybody comes.
        await file_visitor_pass(desk, TOM, "Li Si", "today 10:00-10:30")
        await approve(desk)
        late = await issued(desk, TOM, 2)
        await desk.says(GUARD2, f"/start {late}")
        valid = newest(fake, GUARD2, "Visitor pass #")
        clock.advance(minutes=31)
        answer = await desk.press(GUARD2, GUARD2, valid, valid.callback_data()[0])
        assert answer == "⛔ Expired (valid 2025-03-03 10:00–10:30); do not let through."
        await desk.says(GUARD2, f"/start {late}")
        assert "expired" in newest(fake, GUARD2, "Visitor pass #").text
        late_id = int(late.split("_")[1])
        assert (await desk.stored.passes.events(late_id))[-1] == ("approved", "expired", None)
        # A third, rejected with a reason.
        await file_visitor_pass(desk, TOM, "Zhao Liu", "today 15-16")
        await desk.expect(STAFF_GROUP, "Zhao Liu")
        await desk.presses(STAFF, STAFF_GROUP, "❌ 驳回")
        await desk.presses(STAFF, STAFF_GROUP, "时间不合适")
        await desk.expect(STAFF_GROUP, "已由 李师傅 驳回：时间不合适")
        await desk.expect(TOM, "was not approved: the time")
    assert fake.errors == [], fake.format_transcript()


async def test_only_the_owner_and_guards_see_a_pass_and_forged_links_change_nothing(
    fake, settings, clock, guards
):
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE, TOM) as desk:
        await on_duty(desk)
        await desk.says(ALICE, "/pass")
        await desk.presses(ALICE, ALICE, "🧑 访客通行")
        await desk.says(ALICE, "王五")
        await desk.says(ALICE, "无")
        await desk.says(ALICE, "今天 14-16")
        await desk.presses(ALICE, ALICE, "✅ 提交审核")
        await approve(desk)
        payload = await issued(desk, ALICE, 1)
        await desk.says(TOM, f"/start {payload}")
        await desk.expect(TOM, "This pass is not yours to see.")
        await desk.says(ALICE, f"/start {payload}")
        own = await desk.expect(ALICE, "访客通行 #")
        assert own.callback_data() == []  # the owner cannot mark her own pass used
        forged = payload[:-1] + ("0" if payload[-1] != "0" else "1")
        await desk.says(GUARD, f"/start {forged}")
        await desk.expect(GUARD, "未找到该通行证")
        await desk.says(GUARD, forged)  # typed instead of scanned
        await desk.says(GUARD, "/pass")  # a guard has no home: no form
        await desk.expect(GUARD, "放行条需要先绑定房屋")
        await desk.says(MANAGER, f"/guard_remove {GUARD}")
        await desk.says(GUARD, f"/start {payload}")
        await desk.expect(GUARD, "这张通行证不是您的")
        events = await desk.stored.passes.events(int(payload.split("_")[1]))
        assert [e[1] for e in events] == ["draft", "submitted", "approved"]
        # The staff member fills one in for a home (/pass_for), and /cancel drops a form.
        await desk.says(STAFF, "/pass_for 5-1-601")
        await desk.presses(STAFF, STAFF, "📦 物品放行")
        await desk.says(STAFF, "/cancel")
        await desk.expect(STAFF, "已取消")
    assert fake.errors == [], fake.format_transcript()
