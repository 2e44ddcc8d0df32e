"""The ticket loop through the real Application with recorded network."""

from __future__ import annotations

import re

from tests.conftest import MANAGER_ID
from tests.support import updates as u

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
    await app.process_update(u.message(app.bot, resident, "3栋电梯坏了，有人被困在里面！"))
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
