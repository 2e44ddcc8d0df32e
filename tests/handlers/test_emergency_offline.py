"""Emergencies (issue 17) through the real Application: real `Update`s, network recorded.
The real classifier decides urgency; the safety net's hazard and "ask" are injected."""

from __future__ import annotations

import pytest

from bot.domain.tickets.model import Action
from tests.conftest import MANAGER_ID
from tests.support import updates as u
from tests.support.emergency import SafetyNet
from tests.support.wiring import repositories

ROSTER = "building,unit,room,name,phone\n3,2,1102,张三,13800000001\n5,1,0601,Tom,13800000002\n"
STAFF_CHAT = -1001234
ALICE, TOM, STAFF = 1001, 1002, 1003
FIRE = "FIRE in the garbage room, smoke everywhere, help!"


def _callbacks(params) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


@pytest.fixture
async def app(offline_app):
    app = offline_app
    services = app.bot_data["services"]
    services.intake.classify = SafetyNet(hazards={"FIRE": "fire"}, weak=("怪味",))
    await services.roster.import_csv(ROSTER)
    boss = u.user(MANAGER_ID, "Boss")
    for who, phone in ((u.user(ALICE, "Alice"), "13800000001"), (u.user(TOM, "Tom", "en"), None)):
        await app.process_update(u.message(app.bot, who, "/start"))
        await app.process_update(u.contact(app.bot, who, phone or "13800000002"))
    await app.process_update(u.message(app.bot, u.user(STAFF, "Sam"), "/help"))
    group = u.group_chat(STAFF_CHAT)
    await app.process_update(u.message(app.bot, boss, "/bind_staff_group", chat=group))
    await app.process_update(u.message(app.bot, boss, f"/grant {STAFF} staff"))
    app.recorded.clear()
    return app


def _index(app, chat_id: int, needle: str) -> int:
    for index, call in enumerate(app.recorded.calls):
        params = call.params
        if int(params.get("chat_id", 0) or 0) == chat_id and needle in params.get("text", ""):
            return index
    raise AssertionError(f"{needle!r} never sent to {chat_id}")


async def test_an_english_fire_report_gets_fire_advice_first_then_filed_then_the_card(app):
    await app.process_update(u.message(app.bot, u.user(TOM, "Tom", "en"), FIRE))
    advice, filed = app.recorded.sent(TOM)[:2]
    assert advice["text"].startswith("🔥 <b>Fire: call 119 now.</b>")
    assert "alerted at once (request <b>#1</b>)" in filed["text"]
    assert _callbacks(filed) == ["t:add:1", "u:calm:1", "t:cancel:1"]
    (card,) = app.recorded.sent(STAFF_CHAT)
    assert "🔥 火情" in card["text"] and "🚨紧急" in card["text"]
    assert "u:tel:1" in _callbacks(card) and "s:take:1" in _callbacks(card)
    assert _index(app, TOM, "Fire: call 119") < _index(app, STAFF_CHAT, "#1")
    ticket = await app.bot_data["services"].tickets.get(1)
    assert ticket.hazard == "fire" and ticket.urgent


async def test_the_managers_page_carries_take_and_phone_buttons(app):
    await app.process_update(u.message(app.bot, u.user(TOM, "Tom", "en"), FIRE))
    await app.bot_data["dispatcher"].drain()
    (page,) = app.recorded.sent(MANAGER_ID)
    assert page["text"].startswith("🚨 紧急工单 #1 已提交") and "5-1-0601" in page["text"]
    assert _callbacks(page) == ["s:take:1", "u:tel:1"]


async def test_weak_cues_ask_first_no_is_the_draft_yes_is_an_emergency(app):
    alice = u.user(ALICE, "Alice")
    await app.process_update(u.message(app.bot, alice, "楼下有股怪味"))
    question = app.recorded.sent(ALICE)[-1]
    assert "现在有人有危险吗？" in question["text"]
    (yes, no) = _callbacks(question)
    assert yes.startswith("u:yes:") and no.startswith("u:no:")
    await app.process_update(u.callback(app.bot, alice, no))
    draft_card = app.recorded.sent(ALICE, "editMessageText")[-1]
    assert any(d.startswith(("d:ok:", "dk:")) for d in _callbacks(draft_card))
    assert await app.bot_data["services"].tickets.mine(await _user(app, ALICE)) == []
    await app.process_update(u.callback(app.bot, alice, yes))
    advice = app.recorded.sent(ALICE, "editMessageText")[-1]
    assert "火警 119 · 急救 120 · 报警 110" in advice["text"]
    assert "工单 <b>#1</b>" in app.recorded.sent(ALICE)[-1]["text"]
    assert app.recorded.sent(STAFF_CHAT)  # the card went up


async def test_the_phone_goes_to_the_staff_member_who_presses_and_nobody_else(app):
    await app.process_update(u.message(app.bot, u.user(TOM, "Tom", "en"), FIRE))
    group = u.group_chat(STAFF_CHAT)
    mark = len(app.recorded.calls)
    await app.process_update(u.callback(app.bot, u.user(ALICE, "Alice"), "u:tel:1", chat=group))
    refused = app.recorded.sent(None, "answerCallbackQuery")[-1]
    assert refused["text"] == "⛔ 您没有权限执行此操作。" and refused["show_alert"]
    assert not any("13800000002" in str(c.params) for c in app.recorded.calls[mark:])
    await app.process_update(u.callback(app.bot, u.user(STAFF, "Sam"), "u:tel:1", chat=group))
    shown = app.recorded.sent(None, "answerCallbackQuery")[-1]
    assert shown["show_alert"] and "+8613800000002" in shown["text"] and "5-1-0601" in shown["text"]
    said = [
        int(c.params["chat_id"]) for c in app.recorded.calls[mark:] if c.method == "sendMessage"
    ]
    assert STAFF_CHAT not in said and STAFF not in said  # an alert to the presser, no message
    events = await repositories(app).tickets.events(1)
    assert [(e.action, e.actor_id) for e in events][-1] == (Action.PHONE_VIEWED, STAFF)


async def test_not_an_emergency_turns_the_buttons_and_the_card_back_to_ordinary(app):
    tom = u.user(TOM, "Tom", "en")
    await app.process_update(u.message(app.bot, tom, FIRE))
    await app.process_update(u.callback(app.bot, tom, "u:calm:1"))
    toast = app.recorded.sent(None, "answerCallbackQuery")[-1]
    assert toast["text"] == "Request #1 is now an ordinary request. Thank you for telling us."
    buttons = app.recorded.sent(TOM, "editMessageReplyMarkup")[-1]
    assert _callbacks(buttons) == ["t:add:1", "t:cancel:1"]
    card = app.recorded.sent(STAFF_CHAT, "editMessageText")[-1]
    assert "u:tel:1" not in _callbacks(card) and "🚨" not in card["text"]


async def test_words_right_after_an_emergency_go_to_its_thread(app):
    tom = u.user(TOM, "Tom", "en")
    await app.process_update(u.message(app.bot, tom, FIRE))
    await app.process_update(u.message(app.bot, tom, "It is on the 3rd floor, near the lift"))
    assert app.recorded.sent(TOM)[-1]["text"] == "Passed on to the duty staff (urgent request #1)."
    assert "3rd floor" in app.recorded.sent(STAFF_CHAT)[-1]["text"]
    assert await repositories(app).drafts.latest_for(TOM) is None


async def _user(app, user_id: int):
    return await repositories(app).users.get(user_id)
