"""The ticket loop through the real Application with recorded network."""

from __future__ import annotations

import re

from tests.conftest import MANAGER_ID
from tests.support import updates as u
from tests.support.wiring import repositories

ROSTER = "building,unit,room,name,phone\n3,2,1102,张三,13800000001\n"
STAFF_CHAT = -1001234


async def _setup(app):
    services = app.bot_data["services"]
    await services.roster.import_csv(ROSTER)
    resident = u.user(1001, "Alice")
    await app.process_update(u.message(app.bot, resident, "/start"))
    await app.process_update(u.contact(app.bot, resident, "13800000001"))
    boss = u.user(MANAGER_ID, "Boss")
    group = u.group_chat(STAFF_CHAT)
    await app.process_update(u.message(app.bot, boss, "/bind_staff_group", chat=group))
    return services, resident, boss, group


def _callbacks(params) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [
        b["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "callback_data" in b
    ]


async def test_resident_files_and_staff_takes(offline_app):
    app = offline_app
    services, resident, boss, group = await _setup(app)
    app.recorded.clear()
    await app.process_update(u.message(app.bot, resident, "3栋电梯坏了，一直停在一楼"))
    card = app.recorded.sent(1001)[-1]
    submit = next(d for d in _callbacks(card) if d.startswith("d:ok:"))
    await app.process_update(u.callback(app.bot, resident, submit))
    edits = app.recorded.sent(1001, "editMessageText")
    assert edits and "#1" in edits[-1]["text"], app.recorded.calls
    staff_card = app.recorded.sent(STAFF_CHAT)[-1]
    assert "s:take:1" in _callbacks(staff_card)
    await app.process_update(u.callback(app.bot, boss, "s:take:1", chat=group))
    ticket = await services.tickets.get(1)
    assert ticket.owner_id == MANAGER_ID and ticket.status.value == "taken"
    await app.bot_data["dispatcher"].drain()
    assert any(re.search("受理", t) for t in app.recorded.texts(1001))


async def test_media_we_cannot_attach_get_a_pointer_that_fits_what_was_sent(offline_app):
    """A photo sent "as a file", a voice note, a video, a sticker: each gets the reply that
    tells the resident what to do instead, and none becomes a draft."""
    app = offline_app
    services, resident, _, _ = await _setup(app)
    file = {"file_id": "f1", "file_unique_id": "u1"}
    cases = [
        ({"document": {**file, "file_name": "IMG_2031.JPG", "mime_type": "image/jpeg"}}, "照片"),
        ({"voice": {**file, "duration": 4}}, "语音"),
        ({"video": {**file, "width": 640, "height": 480, "duration": 9}}, "视频"),
        ({"sticker": {**file, "width": 512, "height": 512, "is_animated": False,
                      "is_video": False, "type": "regular"}}, "直接发一条消息"),
        ({"document": {**file, "file_name": "a.pdf", "mime_type": "application/pdf"}}, "这类消息"),
    ]  # fmt: skip
    for extra, needle in cases:
        app.recorded.clear()
        await app.process_update(u.message(app.bot, resident, **extra))
        assert needle in app.recorded.texts(1001)[-1], (extra, app.recorded.texts(1001))
    assert await repositories(app).drafts.latest_for(1001) is None


async def test_a_sticker_while_a_notice_waits_for_its_text_gets_the_notice_prompt(offline_app):
    app = offline_app
    _, _, boss, _ = await _setup(app)
    await app.process_update(u.message(app.bot, boss, "/notice"))
    app.recorded.clear()
    sticker = {"file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
               "is_animated": False, "is_video": False, "type": "regular"}  # fmt: skip
    await app.process_update(u.message(app.bot, boss, sticker=sticker))
    (said,) = app.recorded.texts(MANAGER_ID)
    assert "公告内容只能是文字" in said or "A notice can be text" in said


async def test_a_sticker_while_the_survey_flow_waits_for_a_time_repeats_its_question(offline_app):
    app = offline_app
    services, _, boss, _ = await _setup(app)
    wizard = services.surveys.wizard
    await wizard.begin(MANAGER_ID, "zh")
    async with repositories(app).tx.transaction():  # as if "指定时间…" had been pressed
        await services.surveys.store.put_wizard(MANAGER_ID, "start_text", {}, services.clock.now())
    app.recorded.clear()
    voice = {"file_id": "v1", "file_unique_id": "v1", "duration": 2}
    await app.process_update(u.message(app.bot, boss, voice=voice))
    (said,) = app.recorded.texts(MANAGER_ID)
    assert "请输入开始时间" in said or "Type the start time" in said
