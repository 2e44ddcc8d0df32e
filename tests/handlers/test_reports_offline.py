"""/report through the real Application: period buttons, typed dates, sections with their
drill-down buttons, a drill-down page, both languages, and refusals for staff and residents."""

from __future__ import annotations

from tests.support import updates as u
from tests.support.report_fixture import MANAGER, R1, S1, seed

KEY = "20261101_20261130"


def _callbacks(params) -> list[str]:
    markup = params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


async def _estate(app):
    await seed(app.bot_data["db"])
    app.recorded.clear()
    return u.user(MANAGER, "Boss", "zh")


async def test_report_buttons_typed_dates_sections_and_a_drill_down_in_chinese(offline_app):
    app = offline_app
    boss = await _estate(app)
    await app.process_update(u.message(app.bot, boss, "/report"))
    pick = app.recorded.sent(MANAGER)[-1]
    assert "选择报表期间" in pick["text"]
    assert "rp:p:last_month" in _callbacks(pick)

    app.recorded.clear()
    await app.process_update(u.message(app.bot, boss, "2026-11-01 2026-11-30"))
    sent = app.recorded.sent(MANAGER)
    text = "\n".join(m["text"] for m in sent)
    assert "服务报表 2026-11-01 至 2026-11-30" in text
    assert "新建 6（+200%）" in text and "期末积压 3" in text
    assert "1-1-101 供排水" in text or "1-1-101" in text
    assert "王师傅" in text  # the people section
    assert all(len(m["text"]) < 4096 for m in sent)
    buttons = [d for m in sent for d in _callbacks(m)]
    assert f"rp:backlog:{KEY}_0" in buttons and f"rp:hot:{KEY}_0" in buttons
    assert all(len(d.encode()) <= 64 for d in buttons)
    assert app.recorded.sent(MANAGER, "sendPhoto")  # the charts

    app.recorded.clear()
    await app.process_update(u.callback(app.bot, boss, f"rp:backlog:{KEY}_0"))
    page = app.recorded.sent(MANAGER)[-1]["text"]
    assert [line.split()[0] for line in page.splitlines()[1:]] == ["#9", "#5", "#6"]
    assert "/ticket" in page

    # The People section: one button per staff member, their resolved tickets.
    assert f"rp:staff:{KEY}_{S1}_0" in buttons
    app.recorded.clear()
    await app.process_update(u.callback(app.bot, boss, f"rp:staff:{KEY}_{S1}_0"))
    page = app.recorded.sent(MANAGER)[-1]["text"]
    assert [line.split()[0] for line in page.splitlines()[1:]] == ["#1", "#2", "#3"]

    assert f"rp:xlsx:{KEY}_0" in buttons
    app.recorded.clear()
    await app.process_update(u.callback(app.bot, boss, f"rp:xlsx:{KEY}_0"))
    assert app.recorded.sent(MANAGER, "sendDocument")


async def test_drill_down_pages_are_edited_in_place(offline_app):
    app = offline_app
    boss = await _estate(app)
    await app.process_update(u.callback(app.bot, boss, f"rp:created:{KEY}_0"))
    first = app.recorded.sent(MANAGER)[-1]
    assert "#2" in first["text"] and _callbacks(first) == []  # six tickets: one page
    await app.process_update(u.callback(app.bot, boss, f"rp:created:{KEY}_5"))
    last = app.recorded.sent(MANAGER, "editMessageText")[-1]["text"]
    assert "1/1" in last  # a page past the end shows the last one


async def test_the_report_in_english_from_a_period_button(offline_app):
    app = offline_app
    await _estate(app)
    boss = u.user(MANAGER, "Boss", "en")
    await app.process_update(u.message(app.bot, boss, "/language"))
    await app.process_update(u.callback(app.bot, boss, "lang:set:en"))
    app.recorded.clear()
    await app.process_update(u.message(app.bot, boss, "/report 2026-11-01..2026-11-30"))
    text = "\n".join(m["text"] for m in app.recorded.sent(MANAGER))
    assert "Service report 2026-11-01 to 2026-11-30" in text
    assert "Created 6 (+200%)" in text and "Backlog at the end 3" in text
    app.recorded.clear()
    await app.process_update(u.callback(app.bot, boss, "rp:p:last_week"))
    assert "Service report" in app.recorded.sent(MANAGER)[0]["text"]


async def test_bad_dates_get_a_clear_answer(offline_app):
    app = offline_app
    boss = await _estate(app)
    await app.process_update(u.message(app.bot, boss, "/report 2026-11-30 2026-11-01"))
    assert "日期格式不对" in app.recorded.sent(MANAGER)[-1]["text"]


async def test_staff_and_residents_are_refused_on_every_entry_point(offline_app):
    app = offline_app
    await _estate(app)
    for who in (S1, R1):
        person = u.user(who, "X", "zh")
        for update in (
            u.message(app.bot, person, "/report"),
            u.message(app.bot, person, "/report 2026-11-01 2026-11-30"),
            u.callback(app.bot, person, f"rp:backlog:{KEY}_0"),
            u.callback(app.bot, person, "rp:p:this_month"),
            u.callback(app.bot, person, f"rp:xlsx:{KEY}_0"),
            u.callback(app.bot, person, f"rp:staff:{KEY}_{S1}_0"),
        ):
            app.recorded.clear()
            await app.process_update(update)
            said = [m["text"] for m in app.recorded.sent(who)]
            said += [c.params.get("text", "") for c in app.recorded.calls
                     if c.method == "answerCallbackQuery"]  # fmt: skip
            assert not any("#9" in s or "服务报表" in s for s in said), said
            assert any(s for s in said), (who, update)
    # A resident typing two dates is not asking for a report: the usual route takes it.
    app.recorded.clear()
    await app.process_update(u.message(app.bot, u.user(R1, "张三"), "2026-11-01 2026-11-30"))
    assert not any("服务报表" in t for t in app.recorded.texts(R1))
