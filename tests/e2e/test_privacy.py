"""Their data is theirs (PIPL, issue 16), end to end: a copy, erasure, audited exports."""

from __future__ import annotations

import json
import logging

from tests.e2e.conftest import ALICE, MANAGER, STAFF, STAFF_GROUP, TOM
from tests.support.wiring import repositories

LAMP = "3栋2单元楼道的灯坏了好几天了，晚上很黑，老人走路不安全"
SECRET_WORDS = "我家的猫叫咪咪"


def document(fake, chat_id: int) -> bytes:
    message = fake.last_message(chat_id)
    assert message.kind == "document", message
    return fake.world.files[message.extra["document"]["file_id"]].content


async def dump(bot) -> str:
    db = repositories(bot).tx
    lines = [line async for line in _iterdump(db)]
    return "\n".join(lines)


async def _iterdump(db):
    for (name,) in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in await db.fetchall(f'SELECT * FROM "{name}"'):  # test-only, our own names
            yield f"{name}: {tuple(row)}"


async def register_and_file(
    script, fake, user_id: int, phone: str, text: str, submit: str = "✅ 提交"
) -> None:
    await script.says(user_id, "/start")
    await script.shares_phone(user_id, phone)
    await script.says(user_id, text)
    await script.presses(user_id, user_id, submit)


async def test_my_data_is_a_json_copy_in_english(staffed, fake, script):
    await register_and_file(
        script, fake, TOM, "13800000002", "The corridor light is out", "✅ Submit"
    )
    await script.says(TOM, "/mydata")
    copy = json.loads(document(fake, TOM))
    assert copy["profile"]["first_name"] == "Tom"
    assert copy["profile"]["phone"] == "+8613800000002"
    assert copy["profile"]["building"] == "5"
    assert copy["tickets"][0]["description"] == "The corridor light is out"
    assert "survey_answers" in copy
    assert "personal information we hold" in fake.last_message(TOM).text


async def test_erasure_leaves_no_name_phone_or_words_anywhere(staffed, fake, script, caplog):
    caplog.set_level(logging.INFO)  # the production level; our own modules at DEBUG
    for ours in ("bot", "handlers", "storage"):
        caplog.set_level(logging.DEBUG, logger=ours)
    services = staffed.bot_data["services"]
    await register_and_file(script, fake, ALICE, "13800000001", f"{LAMP}，{SECRET_WORDS}")
    (ticket,) = await services.tickets.mine(await services.people.find(ALICE), limit=1)
    await script.says(ALICE, "/deleteme")
    assert "确认删除您的个人信息吗" in fake.last_message(ALICE).text
    await script.presses(ALICE, ALICE, "确认删除")
    assert "已删除" in fake.last_message(ALICE).text
    sent_before = len(fake.calls)

    stored = await repositories(staffed).tickets.get(ticket.id)
    assert stored.description == "[已删除]" and stored.category == ticket.category
    assert stored.resident_id < 0  # a tombstone: the Telegram id is gone too
    assert await services.people.find(ALICE) is None
    await script.says(MANAGER, "/roster_export")
    exported = document(fake, MANAGER).decode("utf-8-sig")
    assert "5,1,0601,Tom" in exported
    everything = await dump(staffed)
    for secret in ("Alice", "13800000001", SECRET_WORDS, str(ALICE)):
        assert secret not in everything, secret
        assert secret not in exported
        assert not [r for r in caplog.records if secret in r.getMessage()], secret
        assert not [c for c in fake.calls[sent_before:] if secret in json.dumps(c.params)]
    # The ticket's card in the staff group is redrawn from the erased record.
    cards = [m for m in fake.chat_messages(STAFF_GROUP) if f"#{ticket.id}" in (m.text or "")]
    assert cards and all(
        secret not in (m.text or "") for m in cards for secret in ("Alice", SECRET_WORDS)
    ), [m.text for m in cards]
    kinds = {row[0] for row in await repositories(staffed).tx.fetchall("SELECT kind FROM events")}
    assert {"privacy.erasure_requested", "privacy.erased", "privacy.roster_exported"} <= kinds


async def test_a_delayed_erasure_is_listed_for_managers_and_cancel_keeps_everything(
    fake, settings, script
):
    from dataclasses import replace

    from bot.demo.live import live_bot
    from tests.e2e.conftest import ROSTER

    async with live_bot(replace(settings, data_erasure_days=30), fake) as app:
        await app.bot_data["services"].roster.import_csv(ROSTER)
        await script.says(TOM, "/start")
        await script.shares_phone(TOM, "13800000002")
        await script.says(TOM, "/deleteme")
        await script.presses(TOM, TOM, "Cancel")
        assert "nothing was deleted" in fake.last_message(TOM).text
        await script.says(TOM, "/deleteme")
        await script.presses(TOM, TOM, "Yes, delete")
        assert "will be carried out on" in fake.last_message(TOM).text
        await script.says(TOM, "/erasures")
        assert "not allowed" in fake.last_message(TOM).text or "权限" in fake.last_message(TOM).text
        await script.says(MANAGER, "/erasures")
        assert f"用户 {TOM}" in fake.last_message(MANAGER).text
        assert (await app.bot_data["services"].people.find(TOM)).first_name == "Tom"
    assert fake.errors == []


async def test_staff_cannot_export_the_roster_or_list_erasures(staffed, fake, script):
    for command in ("/roster_export", "/erasures"):
        await script.says(STAFF, command)
        assert "没有权限" in fake.last_message(STAFF).text
