"""/digests through the real Application, and digest rows rendered by the outbox."""

from __future__ import annotations

from tests.support import updates as u
from tests.support.report_fixture import MANAGER, S1, seed
from tests.support.wiring import repositories

GROUP = -1001234


def _callbacks(params) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


async def test_a_manager_sees_switches_and_moves_the_digests(offline_app):
    app = offline_app
    await seed(app.bot_data["db"])
    boss = u.user(MANAGER, "Boss", "zh")
    app.recorded.clear()
    await app.process_update(u.message(app.bot, boss, "/digests"))
    shown = app.recorded.sent(MANAGER)[-1]
    assert "每周一 09:00" in shown["text"] and "每天 08:30" in shown["text"]
    assert "dg:off:weekly" in _callbacks(shown)
    await app.process_update(u.callback(app.bot, boss, "dg:off:weekly"))
    edited = app.recorded.sent(MANAGER, "editMessageText")[-1]
    assert "⏸" in edited["text"] and "dg:on:weekly" in _callbacks(edited)
    await app.process_update(u.message(app.bot, boss, "/digests monthly 2 10:15"))
    assert "每月 2 日 10:15" in app.recorded.sent(MANAGER)[-1]["text"]
    await app.process_update(u.message(app.bot, boss, "/digests daily 25:00"))
    assert "时间格式不对" in app.recorded.sent(MANAGER)[-1]["text"]


async def test_staff_cannot_see_or_change_digests(offline_app):
    app = offline_app
    await seed(app.bot_data["db"])
    staff = u.user(S1, "王师傅", "en")
    for update in (
        u.message(app.bot, staff, "/digests"),
        u.message(app.bot, staff, "/digests weekly off"),
        u.callback(app.bot, staff, "dg:off:daily"),
    ):
        app.recorded.clear()
        await app.process_update(update)
        assert not any("09:00" in t for t in app.recorded.texts(S1))
    schedules = await app.bot_data["db"].fetchall("SELECT enabled FROM digest_schedules")
    assert all(row[0] == 1 for row in schedules)


async def test_digest_rows_become_the_report_and_the_overdue_list(offline_app):
    app = offline_app
    db = app.bot_data["db"]
    await seed(db)
    ports = repositories(app)
    now = app.bot_data["services"].clock.now()
    async with db.transaction():
        for user_id, kind, period in (
            (MANAGER, "weekly", "20261123_20261129"),
            (GROUP, "daily", "20261204_20261204"),
        ):
            extra = {"content": "digest", "kind": kind, "period": period}
            await ports.outbox.enqueue(user_id, "report.digest", {}, extra, now, now)
    app.recorded.clear()
    await app.bot_data["dispatcher"].drain()
    weekly = "\n".join(app.recorded.texts(MANAGER))
    assert "上周摘要" in weekly and "服务报表 2026-11-23 至 2026-11-29" in weekly
    daily = "\n".join(app.recorded.texts(GROUP))
    assert "超期工单" in daily and "#9" in daily
