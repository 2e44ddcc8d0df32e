"""Where a resident's message goes (issue 10), end to end through the strict fake Bot API:
follow-ups while a draft is open, answers to staff without Telegram's Reply, thanks after a
resolution, typed survey answers and long descriptions, in both languages."""

from __future__ import annotations

import dataclasses

import pytest

from bot.domain.tickets.model import Action, Category, Kind
from tests.e2e.conftest import ALICE, BOB, STAFF, STAFF_GROUP, TOM
from tests.e2e.test_tickets import MONDAY_10, running_desk
from tests.support.fakes import FakeClock

DRIP = "厨房水管一直滴水"
DRIP_EN = "The kitchen tap keeps dripping"


@pytest.fixture
def clock():
    return FakeClock(MONDAY_10)


@pytest.fixture
async def desk(fake, settings, clock):
    """Chinese, a plain staff group, residents Alice (zh) and Tom (en)."""
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE, TOM) as desk:
        yield desk


def _drafts_card(desk, chat: int):
    return next(
        m
        for m in reversed(desk.fake.chat_messages(chat))
        if any(d.startswith("d:ok:") for d in m.callback_data())
    )


# ---- a follow-up never rewrites the request --------------------------------------------------


async def test_a_different_kind_of_follow_up_asks_and_the_same_kind_joins_in_chinese(desk):
    fake = desk.fake
    await desk.says(ALICE, DRIP)
    assert "报修 · 供排水" in fake.last_message(ALICE).text
    await desk.says(ALICE, "还有 卫生间也漏")  # the same kind: joins the draft
    card = fake.last_message(ALICE)
    assert f"{DRIP}\n还有 卫生间也漏" in card.text and "报修 · 供排水" in card.text
    await desk.says(ALICE, "另外物业费怎么交")
    asked = fake.last_message(ALICE)
    assert "您还有一个未提交的请求（报修 · 供排水）" in asked.text
    assert asked.buttons() == [["➕ 补充到这个请求"], ["🆕 单独作为新请求"]]
    await desk.presses(ALICE, ALICE, "🆕 单独作为新请求")
    # A question: the FAQ offers its articles first (issue 14); she still wants a person.
    assert "这些能解答您的问题吗" in fake.last_message(ALICE).text
    await desk.presses(ALICE, ALICE, "仍需帮助")
    second = _drafts_card(desk, ALICE)
    assert "咨询 · 收费" in second.text and "另外物业费怎么交" in second.text
    # The first card still files exactly what it showed.
    await desk.press(ALICE, ALICE, card, card.callback_data()[0])
    first = await desk.ticket(1)
    assert (first.kind, first.category) == (Kind.REPAIR, Category.PLUMBING)
    assert first.description == f"{DRIP}\n还有 卫生间也漏"
    # The held message was used once: its buttons are gone, a replay is refused politely.
    assert asked.callback_data() == [] or (await desk.stored.drafts.latest_for(ALICE)) is not None


async def test_a_different_kind_of_follow_up_in_english_can_be_added_on_purpose(desk):
    fake = desk.fake
    await desk.says(TOM, DRIP_EN)
    assert "Repair · Plumbing" in fake.last_message(TOM).text
    await desk.says(TOM, "How do I pay the property fee?")
    assert "You have a request not yet submitted (Repair · Plumbing)" in fake.last_message(TOM).text
    await desk.presses(TOM, TOM, "➕ Add to this request")
    card = _drafts_card(desk, TOM)
    assert "Repair · Plumbing" in card.text  # the labels shown stay what they were
    assert f"{DRIP_EN}\nHow do I pay the property fee?" in card.text
    await desk.presses(TOM, TOM, "✅ Submit")
    ticket = await desk.ticket(1)
    assert (ticket.kind, ticket.category) == (Kind.REPAIR, Category.PLUMBING)


async def test_a_question_after_an_emergency_does_not_join_it(desk):
    await desk.says(ALICE, "厨房水管爆了 水漫一地 快来人")  # filed at once as an emergency
    emergency = await desk.ticket(1)
    assert emergency is not None and emergency.urgent
    await desk.says(ALICE, "另外物业费怎么交")
    assert "这些能解答您的问题吗" in desk.fake.last_message(ALICE).text  # the FAQ first
    await desk.presses(ALICE, ALICE, "仍需帮助")
    assert "咨询 · 收费" in _drafts_card(desk, ALICE).text
    assert (await desk.ticket(1)).description == emergency.description


# ---- answers to staff join the ticket ---------------------------------------------------------


async def _in_conversation(desk, resident: int, text: str, staff_says: str):
    ticket = await desk.file(resident, text, submit="✅ 提交" if resident == ALICE else "✅ Submit")
    card = await desk.card(ticket.id)
    await desk.presses(STAFF, STAFF_GROUP, "🙋 受理")
    await desk.reply_in_group(STAFF, staff_says, card)
    await desk.expect(resident, staff_says)
    return ticket


async def test_plain_answers_to_staff_join_the_thread_in_chinese(desk):
    fake = desk.fake
    ticket = await _in_conversation(desk, ALICE, DRIP, "师傅10分钟到，先关总阀")
    await desk.says(ALICE, "好的好的 谢谢师傅 我关了")
    told = fake.last_message(ALICE)
    assert f"已转给工单 #{ticket.id}" in told.text and told.buttons() == [["🆕 这是新的请求"]]
    assert any(
        "好的好的 谢谢师傅 我关了" in (m.text or "") for m in fake.chat_messages(STAFF_GROUP)
    )
    assert Action.RESIDENT_REPLY in await desk.actions(ticket.id)
    assert await desk.stored.drafts.latest_for(ALICE) is None  # no complaint draft
    # "This is a new request instead" turns it into a draft card.
    await desk.presses(ALICE, ALICE, "🆕 这是新的请求")
    assert "好的好的 谢谢师傅 我关了" in _drafts_card(desk, ALICE).text
    # A clearly new request during the conversation still becomes a draft.
    await desk.says(ALICE, "另外楼道灯坏了")  # a draft is open: she chooses
    await desk.presses(ALICE, ALICE, "🆕 单独作为新请求")
    assert "报修 · 供电照明" in _drafts_card(desk, ALICE).text


async def test_a_flat_number_reaches_staff_in_english(desk):
    fake = desk.fake
    ticket = await _in_conversation(desk, TOM, DRIP_EN, "请问楼上是几号房？")
    await desk.says(TOM, "It's 1202 right above me")
    assert f"Added to request #{ticket.id}" in fake.last_message(TOM).text
    assert any("1202" in (m.text or "") for m in fake.chat_messages(STAFF_GROUP))
    await desk.says(TOM, "ok see you at 3")
    assert f"Added to request #{ticket.id}" in fake.last_message(TOM).text


@pytest.mark.parametrize(
    ("resident", "text", "thanks", "prompt"),
    [
        (ALICE, DRIP, "修好了 谢谢李师傅", "很高兴问题已解决"),
        (TOM, DRIP_EN, "Thanks, it's fixed", "Glad it is sorted"),
    ],
)
async def test_thanks_after_a_resolution_is_the_rating_prompt(desk, resident, text, thanks, prompt):
    fake = desk.fake
    ticket = await _in_conversation(desk, resident, text, "马上到")
    await desk.presses(STAFF, STAFF_GROUP, "✅ 办结")
    await desk.reply_in_group(STAFF, "已更换阀门。", fake.last_message(STAFF_GROUP))
    await desk.expect(resident, "已更换阀门。")
    await desk.says(resident, thanks)
    asked = fake.last_message(resident)
    assert prompt in asked.text
    assert asked.callback_data() == [f"t:ok:{ticket.id}", f"t:nf:{ticket.id}"]
    assert any(thanks in (m.text or "") for m in fake.chat_messages(STAFF_GROUP))


# ---- long descriptions ------------------------------------------------------------------------


async def test_a_long_description_is_kept_whole_and_trimmed_only_for_display(desk):
    part = "厨房水管一直滴水，" + "水" * 3990
    await desk.says(ALICE, part)
    await desk.says(ALICE, "还有 卫生间也漏" + "漏" * 3000)
    card = _drafts_card(desk, ALICE)
    assert "…（全文见工单）" in card.text
    await desk.presses(ALICE, ALICE, "✅ 提交")
    ticket = await desk.ticket(1)
    assert len(ticket.description) > 7000 and ticket.description.startswith(part)
    assert "…（全文见工单）" in (await desk.card(1)).text


# ---- typed survey answers ---------------------------------------------------------------------


@pytest.fixture
async def survey_app(fake, settings):
    from datetime import time

    from bot.demo.live import live_bot
    from tests.e2e.test_surveys import OffsetClock, import_file, register

    quiet = dataclasses.replace(settings, quiet_start=time(0, 0), quiet_end=time(0, 0))
    async with live_bot(quiet, fake, clock=OffsetClock()) as application:
        await register(application)
        await import_file(fake)
        yield application
    assert fake.errors == [], fake.format_transcript()


async def test_typed_survey_answers_are_taken_like_presses_in_both_languages(survey_app, fake):
    from bot.demo.live import Script
    from tests.e2e.test_surveys import launch, response_of

    script = Script(fake)
    campaign = await launch(survey_app)
    await script.presses(ALICE, ALICE, "▶️ 开始")
    await script.presses(TOM, TOM, "▶️ Start")
    # A rating question waits: "4" and "Satisfied" are its 4 · 满意 / Satisfied buttons.
    await script.says(ALICE, "4")
    assert "第 1 题" in fake.last_message(ALICE).text and "您用过代收快递吗" in (
        fake.last_message(ALICE).text
    )
    await script.says(TOM, "Satisfied")
    assert "Have you used parcel service?" in fake.last_message(TOM).text
    # A yes/no question: the button's own label.
    await script.says(ALICE, "否")
    assert "您一般几点取件" in fake.last_message(ALICE).text
    await script.says(TOM, "no")
    # Unclear text: asked to tap, the question shown again; nothing filed.
    await script.says(TOM, "pretty good I guess")
    messages = fake.chat_messages(TOM)
    assert "Please tap one of the options" in messages[-2].text
    assert "When do you collect parcels?" in messages[-1].text
    # An option typed in words.
    await script.says(TOM, "Afternoon")
    _, saved = await response_of(survey_app, campaign, ALICE)
    assert saved.answers == {"lobby": 4, "parcel": False}
    _, saved = await response_of(survey_app, campaign, TOM)
    assert saved.answers == {"lobby": 4, "parcel": False, "time": "pm"}
    services = survey_app.bot_data["services"]
    assert await services.tickets.mine(await services.people.find(TOM)) == []
    # A clear request still becomes a draft, with a reminder and a way back.
    await script.says(ALICE, "3栋电梯按钮坏了，请派人维修")
    assert "问卷在等待作答" in fake.last_message(ALICE).text
    await script.presses(ALICE, ALICE, "📋 回到问卷")
    assert "您一般几点取件" in fake.last_message(ALICE).text


# ---- a message sent while registration waits is kept ----------------------------------------


async def test_a_message_sent_while_pending_is_offered_after_approval_in_english(
    staffed, fake, script
):
    await script.says(BOB, "/start")
    await script.shares_phone(BOB, "13911112222")
    await script.says(BOB, "Building 1 Unit 1 Room 0101")
    await script.says(BOB, "The corridor light on floor 3 is broken")
    assert "once approved we will ask" in fake.last_message(BOB).text
    await script.presses(STAFF, STAFF_GROUP, "✅ 通过")
    await fake.wait_for(
        lambda: "File it as a request?" in (fake.last_message(BOB).text or ""), timeout=10
    )
    assert "The corridor light on floor 3 is broken" in fake.last_message(BOB).text
    await script.presses(BOB, BOB, "📝 File it as a request")
    card = script.last_with_button(BOB, "d:ok:")
    assert "The corridor light on floor 3 is broken" in card.text


async def test_a_message_sent_while_pending_is_dropped_with_a_rejection_in_chinese(
    staffed, fake, script
):
    await script.says(ALICE, "/start")
    await script.says(ALICE, "5栋1单元601")
    await script.says(ALICE, "楼道灯坏了")
    assert "核实通过后会请您确认" in fake.last_message(ALICE).text
    await script.presses(STAFF, STAFF_GROUP, "❌ 拒绝")
    await fake.wait_idle(quiet=0.3)
    assert not any("要作为请求提交吗" in (m.text or "") for m in fake.chat_messages(ALICE))
    services = staffed.bot_data["services"]
    assert await services.router.held(await services.people.find(ALICE)) is None


async def test_the_resident_sees_a_long_description_whole_in_parts(desk):
    fake = desk.fake
    text = "厨房水管一直滴水，" + "水" * 3990
    await desk.says(ALICE, text)
    await desk.says(ALICE, "还有 卫生间也漏" + "漏" * 3000 + "完")
    await desk.presses(ALICE, ALICE, "✅ 提交")
    await desk.says(ALICE, "/mine")
    listed = next(m for m in reversed(fake.chat_messages(ALICE)) if "t:view:1" in m.callback_data())
    before = len(fake.chat_messages(ALICE))
    await desk.press(ALICE, ALICE, listed, "t:view:1")
    shown = "".join(m.text or "" for m in fake.chat_messages(ALICE)[before:])
    assert len(fake.chat_messages(ALICE)) - before >= 2
    assert text in shown and "漏完" in shown


# ---- what is shown is what is filed -----------------------------------------------------------


@pytest.mark.parametrize(
    ("resident", "first", "more", "submit", "refused"),
    [
        (ALICE, DRIP, "还有 卫生间也漏", "✅ 提交", "这张卡片已更新"),
        (TOM, DRIP_EN, "Also the bathroom leaks too", "✅ Submit", "This card has changed"),
    ],
)
async def test_a_button_on_an_older_card_is_refused_with_the_current_card(
    desk, resident, first, more, submit, refused
):
    fake = desk.fake
    await desk.says(resident, first)
    old = _drafts_card(desk, resident)
    await desk.says(resident, more)
    if more.startswith("Also"):  # "Also…" says it is another matter: added on purpose
        await desk.presses(resident, resident, "➕ Add to this request")
    assert _drafts_card(desk, resident).message_id != old.message_id
    answer = await desk.press(resident, resident, old, old.callback_data()[0])
    assert refused in answer
    assert await desk.services.tickets.mine(await desk.user(resident)) == []
    assert more in desk.message(resident, old.message_id).text  # now the current card
    await desk.presses(resident, resident, submit)
    (ticket,) = await desk.services.tickets.mine(await desk.user(resident))
    assert ticket.description == f"{first}\n{more}"
    assert fake.errors == []


async def test_with_two_active_tickets_one_question_names_the_candidates(desk):
    fake = desk.fake
    first = await _in_conversation(desk, ALICE, DRIP, "师傅10分钟到，先关总阀")
    second = await desk.file(ALICE, "3栋2单元楼道的灯坏了好几天了")
    await desk.presses(STAFF, STAFF_GROUP, "🙋 受理")
    await desk.reply_in_group(STAFF, "明天上午换灯", await desk.card(second.id))
    await desk.expect(ALICE, "明天上午换灯")
    await desk.says(ALICE, "好的谢谢")
    asked = fake.last_message(ALICE)
    assert "这条消息是关于哪个工单的" in asked.text
    assert f"cv:to:{first.id}_" in " ".join(asked.callback_data())
    await desk.presses(ALICE, ALICE, f"工单 #{second.id} · 报修 · 供电照明")
    assert f"已转给工单 #{second.id}" in fake.last_message(ALICE).text
    assert Action.RESIDENT_REPLY in await desk.actions(second.id)
    assert Action.RESIDENT_REPLY not in await desk.actions(first.id)
