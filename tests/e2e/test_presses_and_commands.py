"""Issue 10 C end to end, through the strict fake Bot API, both languages: every press is
answered, every listed command works where it is listed."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.domain.tickets.model import Action, Status
from tests.e2e.conftest import ALICE, BOB, MANAGER, STAFF, STAFF_GROUP, TOM
from tests.e2e.test_tickets import (  # noqa: F401  (fixtures)
    FORUM,
    LAMP,
    STAFF2,
    clock,
    running_desk,
)

_keys = itertools.count(1)
MOVED = {"zh": "此工单已移至新的员工群", "en": "This ticket has moved to the new staff group"}
LAMP_EN = "A tile in the lobby of building 5 is cracked"
SUBMIT = {"zh": "✅ 提交", "en": "✅ Submit"}


def _answer(fake, query: str) -> dict:
    (call,) = [
        c for c in fake.calls_to("answerCallbackQuery") if c.params["callback_query_id"] == query
    ]
    return call.params


@pytest.fixture(params=["zh", "en"])
async def desk(request, fake, settings, clock):  # noqa: F811
    """A plain staff group in either language; Alice (zh) and Tom (en) registered."""
    fake.world.chats[STAFF_GROUP].members.add(TOM)
    async with running_desk(
        fake, settings, clock, STAFF_GROUP, ALICE, TOM, lang=request.param
    ) as desk:
        desk.lang = request.param
        yield desk


@pytest.fixture(params=["zh", "en"])
async def forum(request, fake, settings, clock):  # noqa: F811
    async with running_desk(fake, settings, clock, FORUM, ALICE, TOM, lang=request.param) as desk:
        desk.lang = request.param
        yield desk


def _resident(desk) -> tuple[int, str]:
    return (ALICE, LAMP) if desk.lang == "zh" else (TOM, LAMP_EN)


async def _file(desk, times: int = 1) -> None:
    """Tickets from the desk language's resident, straight through the services (the chat
    side of filing has its own suite; a quick second message would be a follow-up)."""
    resident, text = _resident(desk)
    user, intake = await desk.user(resident), desk.services.intake
    for _ in range(times):
        got = await intake.receive(user, text, source_key=f"file:{next(_keys)}")
        if got.ticket is None:
            await intake.submit(user, got.draft.id)
    await desk.fake.wait_idle(quiet=0.2)


# ---- unauthorised and stale presses -----------------------------------------------------------


async def test_non_staff_presses_in_the_staff_group_get_an_alert(desk):
    fake = desk.fake
    await _file(desk)
    card = await desk.card(1)
    query = await fake.user_presses(ALICE, STAFF_GROUP, card.message_id, "s:take:1")
    assert await desk._settle_query(query) == "⛔ 您没有权限执行此操作。"
    assert _answer(fake, query)["show_alert"] is True
    # A registration card: Bob applies, Alice (a resident in the group) presses ✅.
    await desk.says(BOB, "/start")
    await desk.says(BOB, "5栋1单元0601")
    reg = next(
        m for m in reversed(fake.chat_messages(STAFF_GROUP)) if "reg:ok:" in str(m.callback_data())
    )
    (approve,) = [d for d in reg.callback_data() if d.startswith("reg:ok:")]
    for presser, expected in (
        (ALICE, "⛔ 您没有权限执行此操作。"),
        (TOM, "⛔ You are not allowed to do that."),
    ):
        assert await desk.press(presser, STAFF_GROUP, reg, approve) == expected
    assert (await desk.ticket(1)).owner_id is None
    assert (await desk.user(BOB)).home_id is None


async def test_a_card_in_the_previous_staff_group_points_at_the_new_one(desk):
    fake = desk.fake
    await _file(desk)
    old = await desk.card(1)
    fake.world.chats[FORUM].members.add(TOM)
    await desk.services.people.bind_staff_group(MANAGER, FORUM)
    await desk.services.deadlines.republish_missing_cards(FORUM)
    await fake.wait_idle(quiet=0.2)
    for presser, lang in ((STAFF, "zh"), (TOM, "en")):
        answer = await desk.press(presser, STAFF_GROUP, old, "s:take:1", stale=True)
        assert answer.startswith(MOVED[lang]), answer
    edited = desk.message(STAFF_GROUP, old.message_id)
    assert MOVED[desk.lang] in edited.text and edited.callback_data() == []
    assert (await desk.ticket(1)).status is Status.NEW  # nothing happened to the ticket
    assert (await desk.card(1)).chat_id == FORUM


# ---- commands in the staff group --------------------------------------------------------------


async def _one_answer(desk, user, text, chat, **options):
    before = len(desk.fake.chat_messages(chat))
    await desk.says(user, text, chat_id=chat, **options)
    new = desk.fake.chat_messages(chat)[before:]
    assert len(new) == 1, [m.text for m in new]  # one message per command in a group
    return new[0]


async def test_tickets_and_ticket_work_in_the_staff_group(desk):
    await _file(desk)
    listing = await _one_answer(desk, STAFF, "/tickets", STAFF_GROUP)
    assert "#1" in listing.text
    await _one_answer(desk, STAFF, "/tickets mine", STAFF_GROUP)  # none yet: says so
    history = await _one_answer(desk, MANAGER, "/ticket 1", STAFF_GROUP)
    assert "#1" in history.text
    usage = await _one_answer(desk, STAFF, "/ticket", STAFF_GROUP)
    assert "/ticket 12" in usage.text
    # A resident in the group is ignored (the gate), as before.
    before = len(desk.fake.chat_messages(STAFF_GROUP))
    await desk.fake.user_sends(ALICE, "/tickets", chat_id=STAFF_GROUP)
    await desk.fake.wait_idle(quiet=0.3)
    assert len(desk.fake.chat_messages(STAFF_GROUP)) == before


async def test_the_group_list_is_short(desk):
    intake = desk.services.intake
    for index in range(12):  # straight through the service: two residents (10 an hour each)
        resident = await desk.user(ALICE if index % 2 else TOM)
        got = await intake.receive(resident, f"{LAMP}（{index}）", source_key=f"list:{index}")
        if got.ticket is None:
            await intake.submit(resident, got.draft.id)
    await desk.fake.wait_idle(quiet=0.2)
    listing = await _one_answer(desk, STAFF, "/tickets open", STAFF_GROUP)
    assert listing.text.count("#") == 10
    assert "另有 2 条" in listing.text  # in the asker's language (李师傅: zh)
    private = await _one_answer(desk, STAFF, "/tickets open", STAFF)
    assert private.text.count("#") == 12


async def test_ticket_alone_in_a_topic_shows_that_ticket(forum):
    await _file(forum)
    ticket = await forum.ticket(1)
    shown = await _one_answer(
        forum, STAFF, "/ticket", FORUM, message_thread_id=ticket.staff_thread_id
    )
    assert "#1" in shown.text and shown.message_thread_id == ticket.staff_thread_id


# ---- a resolution note typed in the topic ------------------------------------------------------


async def test_in_a_forum_the_next_message_after_resolve_is_the_note(forum):
    fake = forum.fake
    await _file(forum)
    resident, _ = _resident(forum)
    thread = (await forum.ticket(1)).staff_thread_id
    await forum.press(STAFF, FORUM, await forum.card(1), "s:take:1")
    await forum.press(STAFF, FORUM, await forum.card(1), "s:res:1")
    prompt = fake.last_message(FORUM)
    assert prompt.message_thread_id == thread
    hint = "下一条消息就是办结说明"  # in the presser's language (李师傅: zh)
    assert hint in prompt.text
    await forum.says(STAFF, "Fuse replaced / 已更换保险丝", chat_id=FORUM, message_thread_id=thread)
    assert (await forum.ticket(1)).status is Status.RESOLVED
    done = await forum.expect(resident, "已更换保险丝")
    assert done.callback_data() == ["t:ok:1", "t:nf:1"]
    # Afterwards, topic messages are conversation again.
    await forum.says(STAFF2, "我明天再去看看", chat_id=FORUM, message_thread_id=thread)
    assert (await forum.actions(1)).count(Action.RESOLVE) == 1


# ---- revoking a staff member who owns tickets -------------------------------------------------


async def test_revoke_asks_who_takes_over_and_the_pool_gets_them_back(desk):
    fake = desk.fake
    await _file(desk, 2)
    for ticket_id in (1, 2):
        await desk.press(STAFF, STAFF_GROUP, await desk.card(ticket_id), f"s:take:{ticket_id}")
    await desk.says(MANAGER, f"/revoke {STAFF}")
    offer = fake.last_message(MANAGER)
    assert "#1、#2" in offer.text
    buttons = offer.callback_data()
    assert f"rv:to:{STAFF}_{STAFF2}" in buttons and buttons[-1] == f"rv:pool:{STAFF}"
    assert not any(b.endswith(f"_{STAFF}") for b in buttons)  # not to the revoked member
    await desk.press(MANAGER, MANAGER, offer, f"rv:pool:{STAFF}")
    assert "#1、#2" in desk.message(MANAGER, offer.message_id).text
    notice = (
        "工单 #1、#2 已退回待认领" if desk.lang == "zh" else "Requests #1、#2 are back in the pool"
    )
    await desk.expect(STAFF_GROUP, notice)
    for ticket_id in (1, 2):
        assert (await desk.ticket(ticket_id)).status is Status.NEW
        assert f"s:take:{ticket_id}" in (await desk.card(ticket_id)).callback_data()
        assert (await desk.actions(ticket_id))[-1] is Action.RETURN
    answer = await desk.press(MANAGER, MANAGER, offer, f"rv:pool:{STAFF}", stale=True)
    assert answer == "这些工单已有人处理，无需再分配。"


async def test_revoke_can_hand_everything_to_a_colleague(desk):
    fake = desk.fake
    await _file(desk)
    await desk.press(STAFF, STAFF_GROUP, await desk.card(1), "s:take:1")
    await desk.says(MANAGER, f"/revoke {STAFF}")
    offer = fake.last_message(MANAGER)
    await desk.presses(MANAGER, MANAGER, "赵师傅")
    assert "赵师傅" in desk.message(MANAGER, offer.message_id).text
    assert (await desk.ticket(1)).owner_id == STAFF2
    await desk.expect(STAFF2, "工单 #1 已转交给您负责")


async def test_revoke_of_someone_without_tickets_asks_nothing(desk):
    await desk.says(MANAGER, f"/revoke {STAFF}")
    assert desk.fake.last_message(MANAGER).callback_data() == []


# ---- topics follow the ticket ------------------------------------------------------------------


async def test_a_closed_or_cancelled_ticket_closes_and_marks_its_topic(forum):
    fake = forum.fake
    resident, _ = _resident(forum)
    await _file(forum, 2)
    topics = fake.world.chats[FORUM].topics
    first, second = [(await forum.ticket(i)).staff_thread_id for i in (1, 2)]
    await forum.press(STAFF, FORUM, await forum.card(1), "s:take:1")
    await forum.services.tickets.resolve(1, STAFF, "done")
    await forum.services.tickets.confirm(await forum.user(resident), 1, 5)
    await fake.wait_idle(quiet=0.2)
    assert topics[first].closed and topics[first].name.startswith("✅ #1")
    await forum.services.tickets.cancel(await forum.user(resident), 2)  # the button: below
    await fake.wait_idle(quiet=0.2)
    assert topics[second].closed and topics[second].name.startswith("✅ #2")
    assert not any(t.closed for k, t in topics.items() if k not in (first, second))


# ---- cancel asks first --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resident", "text", "texts"),
    [
        (
            ALICE,
            LAMP,
            ("确定要撤销工单 #1 吗？", "好的，工单 #1 继续处理。", "工单 #1 已撤销", "通知您"),
        ),
        (
            TOM,
            LAMP_EN,
            (
                "Cancel request #1?",
                "OK, request #1 stays open.",
                "Request #1 has been cancelled",
                "keep you",
            ),
        ),
    ],
)
async def test_cancel_asks_for_confirmation(desk, resident, text, texts):
    ask, kept, cancelled, posted = texts
    fake = desk.fake
    await desk.file(resident, text, submit=SUBMIT["zh" if resident == ALICE else "en"])
    filed = fake.last_message(resident)
    assert await desk.press(resident, resident, filed, "t:cancel:1") == ask
    choice = desk.message(resident, filed.message_id).callback_data()
    assert choice == ["t:add:1", "t:cx:1", "t:keep:1"]
    assert (await desk.ticket(1)).status is Status.NEW
    assert await desk.press(resident, resident, filed, "t:keep:1") == kept
    assert desk.message(resident, filed.message_id).callback_data() == ["t:add:1", "t:cancel:1"]
    await desk.press(resident, resident, filed, "t:cancel:1")
    await desk.press(resident, resident, filed, "t:cx:1")
    card = desk.message(resident, filed.message_id)
    assert cancelled in card.text and posted not in card.text and card.callback_data() == []
    staff_card = await desk.card(1)
    assert ("❌ 已撤销" if desk.lang == "zh" else "❌ cancelled") in staff_card.text


# ---- every command in /help works where it is listed ------------------------------------------

SAMPLE_ARGS = {"ticket": "1", "notice_stats": "1", "invite_home": "3-2-1102"}
COMMAND = re.compile(r"(?<![\w/])/([a-z_]+)")


def _listed(text: str) -> list[str]:
    return list(dict.fromkeys(COMMAND.findall(text)))


@pytest.mark.parametrize("where", ["private", "group"])
async def test_every_command_in_help_works_where_it_is_listed(desk, where):
    fake = desk.fake
    await _file(desk)
    users = [(STAFF, "staff"), (MANAGER, "manager")]
    if where == "private":
        users = [(BOB, "unregistered"), (ALICE, "resident"), *users]
    internal = {desk.services.translator.t(lang, "error.internal") for lang in ("zh", "en")}
    walked = {}
    for user, role in users:
        chat = user if where == "private" else STAFF_GROUP
        help_text = (await _one_answer(desk, user, "/help", chat)).text
        commands = [c for c in _listed(help_text) if c != "notice"] + (
            ["notice"] if "notice" in _listed(help_text) else []
        )  # /notice waits for the notice text: last
        walked[role] = commands
        assert commands, help_text
        for command in commands:
            line = f"/{command} {SAMPLE_ARGS.get(command, '')}".strip()
            before = len(fake.chat_messages(chat))
            await desk.says(user, line, chat_id=None if where == "private" else chat)
            sent = fake.chat_messages(chat)[before:]
            said = [m.text or "" for m in sent]
            # A file (the roster export, a QR code) is an answer without text.
            assert sent and all(m.text or m.kind != "text" for m in sent), (
                f"{role}: {line} got no answer"
            )
            assert not internal & set(said), f"{role}: {line} failed: {said}"
            if where == "group":
                assert len(said) == 1 or command == "bind_staff_group", (line, said)
    if where == "group":
        assert {"tickets", "ticket", "help"} <= set(walked["staff"])
    else:
        assert {"tickets", "ticket", "invite_home"} <= set(walked["staff"])
        assert "start" in walked["unregistered"] and "mine" in walked["resident"]
