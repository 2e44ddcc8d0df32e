"""A database that cannot be written (disk full, read-only): managers hear about it, the
resident's message waits at Telegram, and it is handled once the disk recovers."""

from __future__ import annotations

import pytest

from bot.demo.live import live_bot
from tests.e2e.conftest import ALICE, MANAGER, ROSTER


# A full disk takes the same path (StorageUnavailable("full")); its detection is tested in
# tests/integration/test_storage_errors.py, where SQLite really runs out of pages.
@pytest.mark.parametrize(
    ("break_sql", "repair_sql", "words"),
    [("PRAGMA query_only = 1", "PRAGMA query_only = 0", "只读")],
)
async def test_unwritable_database_alerts_managers_and_loses_nothing(
    fake, settings, script, break_sql, repair_sql, words, monkeypatch
):
    # Alerts are rate-limited per process (one a minute); another test in this worker may
    # have used this minute's.
    monkeypatch.setattr("handlers.runtime.errors._last_alert", [0.0])
    async with live_bot(settings, fake) as app:
        await app.bot_data["services"].roster.import_csv(ROSTER)
        await script.says(MANAGER, "/help")
        await script.shares_phone(ALICE, "13800000001")
        conn = app.bot_data["db"].conn
        pages = (await (await conn.execute("PRAGMA page_count")).fetchone())[0]
        await conn.execute(break_sql.format(pages=pages))
        await fake.user_sends(ALICE, "地下车库的灯全灭了")
        await fake.wait_for(lambda: words in (fake.last_message(MANAGER).text or ""), timeout=30)
        assert "地下车库" not in (fake.last_message(ALICE).text or "")
        await conn.execute(repair_sql)
        await fake.wait_for(lambda: "地下车库" in (fake.last_message(ALICE).text or ""), timeout=40)
        rows = await app.bot_data["db"].fetchall("SELECT text FROM drafts")
        assert [row[0] for row in rows] == ["地下车库的灯全灭了"]
        integrity = await (await conn.execute("PRAGMA integrity_check")).fetchone()
        assert integrity[0] == "ok"
