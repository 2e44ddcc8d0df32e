"""/report's building filter and the new drill-downs through the real Application: a period
button offers the buildings, a typed building goes straight to its report, the targets and
speed sections open the tickets behind them, and staff and residents are refused."""

from __future__ import annotations

from tests.support import updates as u
from tests.support.report_fixture import MANAGER, R1, S1, seed

KEY = "20261101_20261130"


def _callbacks(params) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


async def _boss(app, lang="zh"):
    await seed(app.bot_data["db"])
    boss = u.user(MANAGER, "Boss", lang)
    if lang == "en":
        await app.process_update(u.message(app.bot, boss, "/language"))
        await app.process_update(u.callback(app.bot, boss, "lang:set:en"))
    app.recorded.clear()
    return boss


async def test_a_period_button_offers_the_buildings_then_one_buildings_report(offline_app):
    app = offline_app
    boss = await _boss(app)
    await app.process_update(u.callback(app.bot, boss, "rp:p:last_month"))  # November
    choice = app.recorded.sent(MANAGER)[-1]
    assert "全小区，还是某一栋" in choice["text"]
    assert _callbacks(choice) == [f"rp:pb:{KEY}", f"rp:pb:{KEY}_b1", f"rp:pb:{KEY}_b2"]

    app.recorded.clear()
    await app.process_update(u.callback(app.bot, boss, f"rp:pb:{KEY}_b2"))
    sent = app.recorded.sent(MANAGER)
    text = "\n".join(m["text"] for m in sent)
    assert "，2 栋" in text and "新建 3" in text  # #4 #5 #8
    buttons = [d for m in sent for d in _callbacks(m)]
    assert f"rp:created:{KEY}_b2_0" in buttons and f"rp:xlsx:{KEY}_b2_0" in buttons
    app.recorded.clear()
    await app.process_update(u.callback(app.bot, boss, f"rp:created:{KEY}_b2_0"))
    page = app.recorded.sent(MANAGER)[-1]["text"]
    assert [line.split()[0] for line in page.splitlines()[1:]] == ["#4", "#5", "#8"]

    app.recorded.clear()
    await app.process_update(u.callback(app.bot, boss, f"rp:pb:{KEY}"))  # all buildings
    assert "新建 6" in "\n".join(m["text"] for m in app.recorded.sent(MANAGER))


async def test_a_typed_building_in_english_and_the_new_drill_downs(offline_app):
    app = offline_app
    boss = await _boss(app, "en")
    await app.process_update(u.message(app.bot, boss, "/report 2026-11-01..2026-11-30 building 1"))
    sent = app.recorded.sent(MANAGER)
    text = "\n".join(m["text"] for m in sent)
    assert ", building 1" in text and "Created 3" in text  # #2 #3 #6
    buttons = [d for m in sent for d in _callbacks(m)]
    assert f"rp:miss_urgent:{KEY}_b1_0" in buttons and f"rp:miss_repair:{KEY}_b1_0" in buttons
    assert f"rp:slow_response:{KEY}_b1_0" in buttons
    assert all(len(d.encode()) <= 64 for d in buttons)
    for data, ids in (
        (f"rp:miss_urgent:{KEY}_b1_0", ["#3"]),
        (f"rp:miss_repair:{KEY}_b1_0", ["#2"]),
        (f"rp:slow_resolution:{KEY}_b1_0", ["#2"]),
    ):
        app.recorded.clear()
        await app.process_update(u.callback(app.bot, boss, data))
        page = app.recorded.sent(MANAGER)[-1]["text"]
        assert [line.split()[0] for line in page.splitlines()[1:]] == ids, data
        assert "/ticket" in page


async def test_a_building_alone_shows_the_period_buttons_for_it(offline_app):
    app = offline_app
    boss = await _boss(app)
    await app.process_update(u.message(app.bot, boss, "/report 2栋"))
    pick = app.recorded.sent(MANAGER)[-1]
    assert "rp:p:last_month_b2" in _callbacks(pick)
    app.recorded.clear()
    await app.process_update(u.callback(app.bot, boss, "rp:p:last_month_b2"))
    assert "，2 栋" in app.recorded.sent(MANAGER)[0]["text"]
    app.recorded.clear()
    await app.process_update(u.message(app.bot, boss, "/report 下月 2栋"))
    assert "日期格式不对" in app.recorded.sent(MANAGER)[-1]["text"]


async def test_forged_and_foreign_presses_change_nothing_and_reveal_nothing(offline_app):
    app = offline_app
    boss = await _boss(app)
    forged = [
        f"rp:pb:{KEY}_b2", f"rp:miss_urgent:{KEY}_0", f"rp:hot_unit:{KEY}_b1_0",
        f"rp:slow_response:{KEY}_0", f"rp:weak:{KEY}_0_0", "rp:p:this_month_b2",
    ]  # fmt: skip
    for who in (S1, R1):
        person = u.user(who, "X", "zh")
        for data in (*forged, "/report 本月 1栋"):
            app.recorded.clear()
            update = (
                u.message(app.bot, person, data)
                if data.startswith("/")
                else u.callback(app.bot, person, data)
            )
            await app.process_update(update)
            said = [m["text"] for m in app.recorded.sent(who)]
            said += [c.params.get("text", "") for c in app.recorded.calls
                     if c.method == "answerCallbackQuery"]  # fmt: skip
            assert not any("#3" in s or "服务报表" in s for s in said), said
            assert any(s for s in said), (who, data)
    # A manager's malformed press is a stale button, not a crash.
    for data in (f"rp:weak:{KEY}_0", f"rp:created:{KEY}_b1_b2_0", f"rp:pb:{KEY}_b1_0"):
        app.recorded.clear()
        await app.process_update(u.callback(app.bot, boss, data))
        answers = [c.params.get("text", "") for c in app.recorded.calls
                   if c.method == "answerCallbackQuery"]  # fmt: skip
        assert answers and not app.recorded.sent(MANAGER), data
