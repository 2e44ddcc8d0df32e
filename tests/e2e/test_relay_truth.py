"""Staff see the truth about delivery; nothing relayed is lost or cut (issue 10 B).

Conversations between a resident and a staff member through the real bot and the strict fake
Bot API: quiet hours hold an answer (and staff can send it now), a blocked resident is reported
as not reached, an edited answer reaches the resident as a correction, long messages arrive
whole in marked parts both ways, and a location shows on the draft and the card even when
Telegram refuses the location pin."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.e2e.conftest import ALICE, STAFF, STAFF_GROUP, TOM
from tests.e2e.test_tickets import LAMP, MONDAY_10, SH, running_desk
from tests.support.fakes import FakeClock

LAMP_EN = "The corridor light outside my flat is broken"


@pytest.fixture
def clock():
    return FakeClock(MONDAY_10)


@pytest.fixture
async def desk(fake, settings, clock):
    """Chinese staff group (plain), resident Alice (zh)."""
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE) as desk:
        yield desk


@pytest.fixture
async def en_desk(fake, settings, clock):
    """English staff group (plain), resident Tom (en)."""
    async with running_desk(fake, settings, clock, STAFF_GROUP, TOM, lang="en") as desk:
        yield desk


def status_of(desk, staff_message: dict):
    """The bot's status reply to a staff member's message in the group."""
    return next(
        m
        for m in reversed(desk.fake.chat_messages(STAFF_GROUP))
        if m.reply_to_message_id == staff_message["message_id"]
    )


async def wait_status(desk, staff_message: dict, needle: str):
    await desk.fake.wait_for(lambda: needle in (status_of(desk, staff_message).text or ""), 8.0)
    return status_of(desk, staff_message)


async def taken(desk, resident: int, text: str, *, submit="✅ 提交", take="🙋 受理"):
    ticket = await desk.file(resident, text, submit=submit)
    await desk.presses(STAFF, STAFF_GROUP, take)
    await desk.drain()
    return ticket


def forget_injected(fake, method: str) -> None:
    """A refusal the test injected is not the bot's mistake: keep it out of the 400 check."""
    fake.calls[:] = [c for c in fake.calls if c.ok or c.method.lower() != method.lower()]


async def test_a_night_answer_is_held_and_staff_can_send_it_now(desk):
    fake, clock = desk.fake, desk.clock
    ticket = await taken(desk, ALICE, LAMP)
    clock.set(datetime(2025, 3, 3, 22, 30, tzinfo=SH))
    before = len(fake.chat_messages(ALICE))

    answer = await desk.reply_in_group(STAFF, "明早八点半来修", await desk.card(ticket.id))
    status = await wait_status(desk, answer, "🕗")
    assert "将于 08:00 发给住户" in status.text and status.button("立即发送") is not None
    await desk.drain()
    assert not any("明早八点半" in (m.text or "") for m in fake.chat_messages(ALICE)[before:])

    toast = await desk.press(STAFF, STAFF_GROUP, status, status.callback_data()[0])
    assert toast == f"已安排立即发送（#{ticket.id}）。"
    await desk.expect(ALICE, "明早八点半来修")
    status = await wait_status(desk, answer, "✅ 已送达住户")
    assert status.callback_data() == []


async def test_an_active_resident_reads_the_night_conversation_in_order(desk):
    fake, clock = desk.fake, desk.clock
    ticket = await taken(desk, ALICE, LAMP)
    filed = next(m for m in fake.chat_messages(ALICE) if f"t:add:{ticket.id}" in m.callback_data())
    clock.set(datetime(2025, 3, 3, 22, 30, tzinfo=SH))
    card = await desk.card(ticket.id)
    first = await desk.reply_in_group(STAFF, "第一句：收到", card)
    await wait_status(desk, first, "🕗")

    await desk.press(ALICE, ALICE, filed, f"t:add:{ticket.id}")
    await desk.says(ALICE, "灯在三楼拐角")  # she is writing now: the conversation is active
    second = await desk.reply_in_group(STAFF, "第二句：明早带梯子", card)

    await desk.expect(ALICE, "第二句")
    said = [m.text for m in fake.chat_messages(ALICE) if "句：" in (m.text or "")]
    assert ["第一句" in said[0], "第二句" in said[1]] == [True, True]
    await wait_status(desk, first, "✅")
    await wait_status(desk, second, "✅")


async def test_a_resident_who_blocked_the_bot_is_reported_with_phone_advice(en_desk):
    desk, fake = en_desk, en_desk.fake
    ticket = await taken(desk, TOM, LAMP_EN, submit="✅ Submit", take="🙋 Take")
    fake.block(TOM)

    answer = await desk.reply_in_group(STAFF, "I will come at 3 pm", await desk.card(ticket.id))

    status = await wait_status(desk, answer, "❌")
    assert "blocked the bot" in status.text and "phone" in status.text
    assert (await desk.user(TOM)).unreachable


async def test_a_blocked_resident_in_chinese_gets_phone_advice_too(desk):
    ticket = await taken(desk, ALICE, LAMP)
    desk.fake.block(ALICE)
    answer = await desk.reply_in_group(STAFF, "下午过来", await desk.card(ticket.id))
    status = await wait_status(desk, answer, "❌")
    assert "住户已屏蔽机器人，请电话联系" in status.text


async def test_a_staff_edit_reaches_the_resident_as_a_correction(desk):
    fake = desk.fake
    ticket = await taken(desk, ALICE, LAMP)
    answer = await desk.reply_in_group(STAFF, "明天下午三点过来", await desk.card(ticket.id))
    original = await desk.expect(ALICE, "明天下午三点过来")
    await wait_status(desk, answer, "✅")

    before = len(fake.calls)
    await fake.user_edits(STAFF, STAFF_GROUP, answer["message_id"], "明天上午十点过来")
    await desk.settle(before)

    correction = await desk.expect(ALICE, "✏️ 更正：")
    assert "明天上午十点过来" in correction.text
    assert correction.reply_to_message_id == original.message_id
    await fake.wait_for(lambda: "✏️ 更正 · ✅" in (fake.last_message(STAFF_GROUP).text or ""), 8.0)
    statuses = [
        m.text
        for m in fake.chat_messages(STAFF_GROUP)
        if m.reply_to_message_id == answer["message_id"]
    ]
    assert len(statuses) == 2 and statuses[0].startswith("✅ 已送达住户")


async def test_a_staff_edit_in_english_is_a_correction(en_desk):
    desk, fake = en_desk, en_desk.fake
    ticket = await taken(desk, TOM, LAMP_EN, submit="✅ Submit", take="🙋 Take")
    answer = await desk.reply_in_group(STAFF, "Coming at 3 pm", await desk.card(ticket.id))
    await desk.expect(TOM, "Coming at 3 pm")
    before = len(fake.calls)
    await fake.user_edits(STAFF, STAFF_GROUP, answer["message_id"], "Coming at 10 am")
    await desk.settle(before)
    correction = await desk.expect(TOM, "✏️ Correction: ")
    assert "Coming at 10 am" in correction.text
    await fake.wait_for(
        lambda: any(
            "✏️ Correction · ✅ Delivered" in (m.text or "") for m in fake.chat_messages(STAFF_GROUP)
        ),
        8.0,
    )


def whole(parts: list[str], total: int) -> str:
    """The body of marked parts (1/n)…(n/n), in order, as the reader puts it together."""
    assert [f"({n}/{total})" in p or f"（{n}/{total}）" in p for n, p in enumerate(parts, 1)] == [
        True
    ] * total
    return "".join(parts)


async def test_long_messages_arrive_whole_in_parts_both_ways(en_desk):
    desk, fake = en_desk, en_desk.fake
    ticket = await taken(desk, TOM, LAMP_EN, submit="✅ Submit", take="🙋 Take")
    card = await desk.card(ticket.id)
    # Telegram lets a person send up to 4,096 characters: with the relay's header that is
    # more than one message can carry, so it goes in two parts.
    words = [f"w{n:04d}" for n in range(800)]
    long_answer = " ".join(words)  # 3,999 characters
    assert len(long_answer) > 3500
    answer = await desk.reply_in_group(STAFF, long_answer, card)
    await desk.expect(TOM, "(2/2)")
    parts = [m.text for m in fake.chat_messages(TOM) if "(1/2)" in m.text or "(2/2)" in m.text]
    body = whole(parts, 2)
    assert all(w in body for w in words) and "…" not in body
    await wait_status(desk, answer, "✅ Delivered")

    filed = next(m for m in fake.chat_messages(TOM) if f"t:add:{ticket.id}" in m.callback_data())
    await desk.press(TOM, TOM, filed, f"t:add:{ticket.id}")
    details = [f"d{n:04d}" for n in range(800)]
    await desk.says(TOM, " ".join(details))
    await desk.fake.wait_for(
        lambda: any("(2/2)" in (m.text or "") for m in fake.chat_messages(STAFF_GROUP)), 8.0
    )
    thread = [m.text for m in fake.chat_messages(STAFF_GROUP) if "d0" in (m.text or "")]
    body = whole(thread, 2)
    assert all(d in body for d in details) and "…" not in body


async def test_a_location_shows_on_the_draft_and_the_card_even_if_the_pin_is_refused(desk):
    fake = desk.fake
    await desk.says(ALICE, LAMP)
    await desk.says(ALICE, None, location=(31.2304, 121.4737))
    draft = fake.last_message(ALICE)
    assert "📍 位置：31.230400, 121.473700" in draft.text
    assert "https://maps.google.com/?q=31.230400,121.473700" in draft.text

    fake.fail_next(
        "sendLocation", error_code=400, description="Bad Request: not enough rights to send"
    )
    fake.fail_next("sendPhoto", error_code=400, description="Bad Request: wrong file identifier")
    await desk.says(ALICE, None, photo=True)
    await desk.presses(ALICE, ALICE, "✅ 提交")
    (ticket, *_) = await desk.services.tickets.mine(await desk.user(ALICE), limit=1)
    card = await desk.card(ticket.id)
    assert "📍 位置：31.230400, 121.473700" in card.text and "maps.google.com" in card.text
    await desk.expect(STAFF_GROUP, "📷 照片未能附上")
    forget_injected(fake, "sendLocation")
    forget_injected(fake, "sendPhoto")


async def test_a_location_on_an_english_card(en_desk):
    desk, fake = en_desk, en_desk.fake
    await desk.says(TOM, LAMP_EN)
    await desk.says(TOM, None, location=(22.5431, 114.0579))
    assert "📍 Location: 22.543100, 114.057900" in fake.last_message(TOM).text
    await desk.presses(TOM, TOM, "✅ Submit")
    (ticket, *_) = await desk.services.tickets.mine(await desk.user(TOM), limit=1)
    card = await desk.card(ticket.id)
    assert "📍 Location: 22.543100, 114.057900" in card.text
    attached = [
        m.kind for m in fake.chat_messages(STAFF_GROUP) if m.reply_to_message_id == card.message_id
    ]
    assert attached == ["location"]


async def test_editing_ordinary_group_chatter_says_nothing(desk):
    fake = desk.fake
    await taken(desk, ALICE, LAMP)
    chatter = await fake.user_sends(STAFF, "午饭吃什么？", chat_id=STAFF_GROUP)
    await fake.wait_idle(quiet=0.3)  # waits for the update to be fetched and handled too
    group, alice = len(fake.chat_messages(STAFF_GROUP)), len(fake.chat_messages(ALICE))

    await fake.user_edits(STAFF, STAFF_GROUP, chatter["message_id"], "午饭吃面")
    await fake.wait_idle(quiet=0.3)

    assert not fake.world.has_undelivered()
    assert len(fake.chat_messages(STAFF_GROUP)) == group
    assert len(fake.chat_messages(ALICE)) == alice
