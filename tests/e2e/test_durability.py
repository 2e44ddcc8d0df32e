"""No update lost, none applied twice: replay after a crash, redelivery, an unreachable API."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.demo.live import live_bot
from storage.db import Database
from storage.runtime.inbox import SqliteInbox
from tests.e2e.conftest import ALICE, ROSTER


async def drafts_and_tickets(app) -> list[str]:
    db = app.bot_data["db"]
    rows = await db.fetchall("SELECT text FROM drafts UNION ALL SELECT description FROM tickets")
    return [row[0] for row in rows]


def message_update(update_id: int, text: str, message_id: int) -> dict:
    user = {"id": ALICE, "is_bot": False, "first_name": "Alice", "language_code": "zh"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": 1_790_000_000,
            "text": text,
            "from": user,
            "chat": {"id": ALICE, "type": "private", "first_name": "Alice"},
        },
    }


async def register(app, script):
    await app.bot_data["services"].roster.import_csv(ROSTER)
    await script.shares_phone(ALICE, "13800000001")


async def test_updates_stored_before_a_crash_are_handled_once_after_restart(fake, settings, script):
    async with live_bot(settings, fake) as app:
        await register(app, script)
    # A crash after storing but before handling leaves rows in the inbox that are not done.
    pending = [message_update(900_001, "楼道灯坏了", 501), message_update(900_002, "在三楼", 502)]
    db = Database(settings.database_path)
    await db.connect()
    await SqliteInbox(db).store(
        [(u["update_id"], json.dumps(u)) for u in pending], datetime.now(UTC)
    )
    await db.close()
    async with live_bot(settings, fake) as app:
        await fake.wait_for(lambda: len(fake.chat_messages(ALICE)) >= 3, timeout=30)
        await fake.wait_idle()
        assert await drafts_and_tickets(app) == ["楼道灯坏了\n在三楼"]
        assert (
            await app.bot_data["db"].fetchval("SELECT COUNT(*) FROM inbox WHERE done_at IS NULL")
            == 0
        )


async def test_a_redelivered_update_is_handled_once(fake, settings, script):
    async with live_bot(settings, fake) as app:
        await register(app, script)
        update = message_update(700_001, "电梯不动了", 601)
        fake.inject_update(update)
        fake.inject_update(update)  # Telegram sends it again (e.g. our confirmation was lost)
        await fake.wait_for(lambda: "电梯" in (fake.last_message(ALICE).text or ""), timeout=30)
        await fake.wait_idle()
        assert await drafts_and_tickets(app) == ["电梯不动了"]
        assert sum("电梯不动了" in (m.text or "") for m in fake.chat_messages(ALICE)) == 1


async def test_the_bot_backs_off_and_catches_up_when_the_api_fails(fake, settings, script):
    async with live_bot(settings, fake) as app:
        await register(app, script)
        fake.fail_next("getUpdates", error_code=502, description="Bad Gateway", count=3)
        await fake.user_sends(ALICE, "水管漏水了")
        await fake.wait_for(
            lambda: "水管漏水了" in (fake.last_message(ALICE).text or ""), timeout=20
        )
        assert await drafts_and_tickets(app) == ["水管漏水了"]
        assert app.bot_data["updates"].failures == 0


async def test_an_unreachable_api_is_waited_out_and_nothing_is_lost(fake, settings, script):
    async with live_bot(settings, fake) as app:
        await register(app, script)
        await fake.go_offline()  # connection refused from now on
        await fake.user_sends(ALICE, "消防通道被堵了")  # waits at "Telegram" meanwhile
        await fake.wait_for(lambda: app.bot_data["updates"].failures >= 1, timeout=30)
        await fake.come_back()
        await fake.wait_for(lambda: "消防通道" in (fake.last_message(ALICE).text or ""), timeout=40)
        assert await drafts_and_tickets(app) == ["消防通道被堵了"]
