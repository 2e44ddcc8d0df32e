"""Renovation permits through the real Application (real Updates, network recorded): the
waiting-input handler lets menu presses and commands through, and the staff card the
outbox sends is drawn from the permit as it is then, with the buttons of its state."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.permits.model import Purpose
from tests.support import updates as u
from tests.support.wiring import repositories

MANAGER, ALICE = 900001, 700101
GROUP = -1001234
ROSTER = "building,unit,room,name,phone\n3,2,1102,张三,13800000001\n"


def _buttons(part) -> list[str]:
    return [b.callback_data for row in part.markup.inline_keyboard for b in row]


async def _estate(app):
    services = app.bot_data["services"]
    await app.bot_data["dispatcher"].stop(grace=0)  # the test drains the outbox itself
    await services.roster.import_csv(ROSTER)
    boss, alice = u.user(MANAGER, "Boss", "zh"), u.user(ALICE, "Alice", "zh")
    await app.process_update(u.message(app.bot, boss, "/help"))
    await app.process_update(
        u.message(app.bot, boss, "/bind_staff_group", chat=u.group_chat(GROUP))
    )
    await app.process_update(u.contact(app.bot, alice, "13800000001"))
    app.recorded.clear()
    return services, boss, alice


async def test_menu_presses_and_commands_pass_through_an_open_form(offline_app):
    app = offline_app
    services, _, alice = await _estate(app)
    await app.process_update(u.message(app.bot, alice, "/renovation"))
    assert "装修内容" in app.recorded.sent(ALICE)[-1]["text"]
    mine = services.translator.t("zh", "menu.mine")
    for text in (mine, "/help"):
        await app.process_update(u.message(app.bot, alice, text))
        assert "装修内容" not in app.recorded.sent(ALICE)[-1]["text"]  # not taken as the answer
    form = await services.permits.forms.current(await services.people.find(ALICE))
    assert form.step.value == "works" and form.works == ""
    await app.process_update(u.message(app.bot, alice, "铺地板"))
    assert "装修公司" in app.recorded.sent(ALICE)[-1]["text"]


async def test_the_staff_card_shows_the_permit_as_it_is_when_sent(offline_app):
    app = offline_app
    services, boss, alice = await _estate(app)
    forms, user = services.permits.forms, await services.people.find(ALICE)
    today = services.clock.now().astimezone(services.settings.tz).date()
    await forms.start(user)
    for text in ("铺地板", "安居装饰", "王工", "13912345678"):
        await forms.typed(user, text)
    for days in (3, 30):
        await forms.typed(user, (today + timedelta(days=days)).isoformat())
    await forms.skip(user)
    await forms.skip(user)
    permit_id = await forms.submit(user)
    staff = await services.people.find(MANAGER)
    await services.permits.inputs.ask(staff, permit_id, Purpose.MORE)
    await app.process_update(u.message(app.bot, boss, "请补充图纸", chat=u.group_chat(GROUP)))
    # What the outbox would send now (the dispatcher is stopped: the rows wait).
    render = app.bot_data["dispatcher"].render
    due = await repositories(app).outbox.due(services.clock.now(), 50)
    cards = [(await render.parts(i, "zh"))[0] for i in due if i.user_id == GROUP]
    # Both cards (submitted, then asked for more) are drawn as the permit is now.
    assert len(cards) == 2 and all("待补充材料" in c.text for c in cards)
    assert "+8613912345678" in cards[-1].text and "请补充图纸" in cards[-1].text
    assert _buttons(cards[-1]) == [f"pm:log:{permit_id}"]
    (told_row,) = [i for i in due if i.user_id == ALICE]
    (told,) = await render.parts(told_row, "zh")
    assert "需要补充：请补充图纸" in told.text and "13912345678" not in told.text
    assert _buttons(told) == [f"pm:ans:{permit_id}"]
