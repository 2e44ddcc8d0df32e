"""The conversation router on in-memory fakes: it gathers the situation (active ticket
conversations within CONVERSATION_HOURS, the open draft, steps, registration) and the
intake keeps what the resident was shown (labels, urgency, whole descriptions)."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.conversation.routing import Where
from bot.domain.people.model import UserState
from bot.domain.tickets.model import Category, Kind
from bot.services.conversation.router import ConversationRouter, Incoming
from tests.unit import test_ticket_services as tickets

RESIDENT, STAFF, STRANGER = tickets.RESIDENT, tickets.STAFF, tickets.STRANGER
desk = tickets.desk  # the ticket services' fixture: residents, staff, homes on fakes


def router(desk, hours: int = 4) -> ConversationRouter:
    d = desk.d
    return ConversationRouter(
        tx=d.tx,
        clock=d.clock,
        tickets=d.tickets,
        users=d.users,
        drafts=d.drafts,
        kv=d.kv,
        classify=d.classify,
        surveys=None,
        conversation=timedelta(hours=hours),
    )


async def where(desk, text: str, user_id: int = RESIDENT, hours: int = 4):
    user = await desk.user(user_id)
    return (await router(desk, hours).route(user, Incoming(text, f"{user_id}:99"))).route


async def test_a_staff_message_opens_a_conversation_for_conversation_hours(desk):
    ticket = await desk.file("漏水了")
    assert (await where(desk, "好的谢谢")).where is Where.INTAKE  # nobody wrote yet
    await desk.svc.tickets.staff_message(ticket.id, STAFF, "师傅10分钟到，先关总阀")
    route = await where(desk, "好的谢谢")
    assert (route.where, route.ticket_id) == (Where.THREAD, ticket.id)
    assert (await where(desk, "另外物业费怎么交")).where is Where.INTAKE  # clearly new
    desk.clock.advance(timedelta(hours=5))
    assert (await where(desk, "好的谢谢")).where is Where.INTAKE  # the conversation is over


async def test_thanks_after_a_resolution_confirms_and_two_tickets_ask_which(desk):
    first = await desk.resolved("漏水了")
    assert (await where(desk, "修好了 谢谢")).where is Where.CONFIRM
    second = await desk.taken("电梯坏了")
    await desk.svc.tickets.staff_message(second.id, STAFF, "下午到")
    route = await where(desk, "好的")
    assert (route.where, set(route.candidates)) == (Where.CHOOSE_TICKET, {first.id, second.id})


async def test_an_open_draft_of_another_kind_asks_and_the_same_kind_joins(desk):
    intake = await desk.draft("漏水了")
    route = await where(desk, "物业费怎么交")
    assert (route.where, route.draft_id) == (Where.DRAFT_CHOICE, intake.draft.id)
    assert (await where(desk, "楼上也漏水")).where is Where.INTAKE


async def test_registration_and_steps_come_first(desk):
    assert (await where(desk, "你好", STRANGER)).where is Where.POINTER
    async with desk.d.tx.transaction():
        await desk.d.users.set_state(RESIDENT, UserState.REOPEN_REASON, desk.clock.now(), 1)
    assert (await where(desk, "还是坏的")).where is Where.STEP


async def test_a_held_message_is_returned_once_for_its_own_key(desk):
    r, user = router(desk), await desk.user(RESIDENT)
    await r.hold(user, Incoming("另外物业费怎么交", "3001:7"))
    assert await r.held(user, "3001:8") is None
    assert (await r.held(user, "3001:7")).text == "另外物业费怎么交"
    await r.release(user)
    assert await r.held(user) is None


async def test_an_addition_keeps_the_labels_shown_and_never_lowers_urgency(desk):
    first = await desk.draft("电梯坏了", key="a")
    merged = await desk.draft("物业费怎么交", key="b")  # joined on purpose ("add to this")
    assert merged.draft.id == first.draft.id
    assert (merged.draft.kind, merged.draft.category) == (Kind.REPAIR, Category.ELEVATOR)
    separate = await desk.draft("物业费怎么交", key="c", separate=True)
    assert separate.draft.id != first.draft.id and separate.draft.kind is Kind.INQUIRY
    user = await desk.user(RESIDENT)
    await desk.svc.intake.toggle_urgent(user, separate.draft.id)  # the resident says urgent
    raised = await desk.draft("还有电梯", key="d")  # not urgent by itself: urgency stays
    assert raised.ticket is not None and raised.ticket.urgent


async def test_a_long_description_is_kept_whole(desk):
    text = "漏水了" + "水" * 5000
    intake = await desk.draft(text, key="long")
    assert intake.draft.text == text
    joined = await desk.draft("楼上也漏水" + "漏" * 4000, key="long2")
    assert len(joined.draft.text) == len(text) + 1 + 4005


def test_conversation_hours_is_a_setting():
    from bot.config import load_settings

    assert load_settings({}).conversation_hours == 4
    assert load_settings({"CONVERSATION_HOURS": "2"}).conversation_hours == 2
