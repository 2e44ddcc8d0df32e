"""Emergencies (issue 17), service by service: the real services from the composition root on
a real SQLite file, a classifier whose safety net says what each test needs, a clock that
only moves when told."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.tickets.emergency import EMERGENCY_PRIORITY
from bot.domain.tickets.model import Action, Status
from storage.db import to_db_time
from tests.support.emergency import SafetyNet, open_estate, plain
from tests.support.fakes import FakeClock
from tests.support.wiring import sqlite_services

SH = ZoneInfo("Asia/Shanghai")
NIGHT = datetime(2025, 3, 3, 23, 30, tzinfo=SH)  # quiet hours
MANAGER, MANAGER2, STAFF = 900001, 900002, 900003
ALICE, BOB, STRANGER = 1, 2, 3
ROSTER = "building,unit,room,name,phone\n3,2,1102,王芳,13800000001\n5,1,0601,张伟,13800000002\n"
NET = SafetyNet(
    base=plain("repair", "elevator"),
    hazards={"困": "trapped", "火": "fire", "FIRE": "fire"},
    weak=("怪味", "strange smell"),
)


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "sos.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    estate = await open_estate(
        settings,
        FakeClock(NIGHT),
        managers=(MANAGER, MANAGER2),
        staff=(STAFF,),
        residents={ALICE: "13800000001", BOB: "13800000002"},
        roster=ROSTER,
    )
    estate.services.intake.classify = NET
    estate.services.emergency_desk.urgent_realert = timedelta(minutes=5)
    yield estate
    await estate.db.close()


async def says(estate, text: str, user_id: int = ALICE, key: str | None = None, **options):
    key = key or f"{user_id}:{estate.clock.now().timestamp()}:{text}"
    return await estate.services.intake.receive(
        await estate.user(user_id), text, source_key=key, **options
    )


async def file_plain(estate, n: int, user_id: int = ALICE) -> None:
    for i in range(n):
        intake = await says(estate, f"楼道灯坏了 {i}", user_id)
        await estate.services.intake.submit(await estate.user(user_id), intake.draft.id)


# ---- filed at once ------------------------------------------------------------------------------


async def test_an_urgent_report_is_filed_at_once_and_pages_every_manager_at_night(estate):
    intake = await says(estate, "救命 电梯困人了 卡在12楼出不来")
    ticket = intake.ticket
    assert intake.draft is None and not intake.follow_up
    assert (ticket.status, ticket.urgent, ticket.hazard) == (Status.NEW, True, "trapped")
    assert ticket.respond_by - ticket.created_at == timedelta(minutes=15)
    assert await estate.d.drafts.latest_for(ALICE) is None
    stored = await estate.d.tickets.get(ticket.id)
    assert stored.hazard == "trapped" and stored.urgent
    assert [e.action for e in await estate.d.tickets.events(ticket.id)] == [Action.CREATE]
    now = to_db_time(estate.clock.now())
    for manager in (MANAGER, MANAGER2):  # at 23:30, quiet hours or not, and ahead of the queue
        ((key, params, priority, not_before),) = await estate.outbox(manager)
        assert (key, priority, not_before) == ("emergency.manager_new", EMERGENCY_PRIORITY, now)
        assert json.loads(params) == {
            "id": ticket.id,
            "home": "3-2-1102",
            "text": ticket.description,
        }
    assert await estate.outbox(STAFF) == [] and estate.wakeup.wakes >= 1
    # The card waits for the handler, which shows the resident their advice first.
    assert estate.board.published == []
    await estate.services.emergency.announce(ticket.id)
    assert estate.board.published == [ticket.id]


async def test_a_redelivered_emergency_message_files_and_pages_once(estate):
    first = await says(estate, "楼下着火了", key="1:77")
    again = await says(estate, "楼下着火了", key="1:77")
    assert again.ticket.id == first.ticket.id
    assert len(await estate.d.tickets.search(resident_id=ALICE)) == 1
    assert await estate.keys(MANAGER) == ["emergency.manager_new"]


async def test_an_open_draft_that_turns_into_an_emergency_is_filed_with_its_story(estate):
    draft = (await says(estate, "电梯坏了")).draft
    intake = await says(estate, "里面有人被困")
    assert intake.ticket.description == "电梯坏了\n里面有人被困"
    assert await estate.d.drafts.get(draft.id) is None


async def test_a_draft_the_resident_marked_urgent_is_filed_like_any_emergency(estate):
    estate.services.intake.classify = plain("complaint", "noise")
    draft = (await says(estate, "楼上装修太吵")).draft
    await estate.services.intake.toggle_urgent(await estate.user(ALICE), draft.id)
    ticket = await estate.services.intake.submit(await estate.user(ALICE), draft.id)
    assert ticket.urgent and await estate.keys(MANAGER) == ["emergency.manager_new"]


# ---- the hourly limit -------------------------------------------------------------------------


async def test_the_eleventh_report_in_an_hour_is_refused_unless_it_is_a_fire(estate):
    await file_plain(estate, 10)
    with pytest.raises(DomainError) as refused:
        await says(estate, "楼道灯又坏了")
    assert refused.value.key == "ticket.flood"
    intake = await says(estate, "FIRE in the garbage room, smoke everywhere, help!")
    assert intake.ticket.urgent and intake.ticket.hazard == "fire"
    assert len(await estate.d.tickets.search(resident_id=ALICE, limit=50)) == 11
    assert await estate.keys(MANAGER) == ["emergency.manager_new"]


async def test_past_the_limit_a_maybe_dangerous_report_is_still_asked_about(estate):
    await file_plain(estate, 10)
    asked = await says(estate, "楼下有股怪味")
    assert asked.ask_danger and asked.ticket is None
    with pytest.raises(DomainError) as refused:  # "No": an ordinary report, over the limit
        await estate.services.emergency.no_danger(await estate.user(ALICE), asked.draft.id)
    assert refused.value.key == "ticket.flood"
    assert await estate.d.drafts.get(asked.draft.id) is None
    again = await says(estate, "还是有股怪味")
    ticket = await estate.services.emergency.escalate(await estate.user(ALICE), again.draft.id)
    assert ticket.urgent and ticket.status is Status.NEW


# ---- "is anyone in danger?" -------------------------------------------------------------------


async def test_weak_cues_ask_and_yes_files_an_emergency_at_once(estate):
    asked = await says(estate, "楼下有股怪味")
    assert asked.ask_danger and asked.draft is not None and not asked.draft.urgent
    assert await estate.keys(MANAGER) == []
    alice = await estate.user(ALICE)
    with pytest.raises(NotFound):  # another resident's tap on a forged button
        await estate.services.emergency.escalate(await estate.user(BOB), asked.draft.id)
    ticket = await estate.services.emergency.escalate(alice, asked.draft.id)
    assert ticket.urgent and ticket.description == "楼下有股怪味"
    assert await estate.d.drafts.get(asked.draft.id) is None
    assert await estate.keys(MANAGER) == ["emergency.manager_new"]
    twice = await estate.services.emergency.escalate(alice, asked.draft.id)
    assert twice.id == ticket.id and await estate.keys(MANAGER) == ["emergency.manager_new"]


async def test_weak_cues_and_no_is_the_normal_draft(estate):
    asked = await says(estate, "there is a strange smell downstairs")
    draft = await estate.services.emergency.no_danger(await estate.user(ALICE), asked.draft.id)
    assert draft.id == asked.draft.id and not draft.urgent
    assert await estate.d.tickets.search(resident_id=ALICE) == []
    ticket = await estate.services.intake.submit(await estate.user(ALICE), draft.id)
    assert not ticket.urgent and await estate.keys(MANAGER) == []


# ---- after filing -----------------------------------------------------------------------------


async def test_words_right_after_an_emergency_join_it_and_later_ones_do_not(estate):
    ticket = (await says(estate, "电梯困人了")).ticket
    estate.clock.advance(minutes=4)
    more = await says(estate, "我们在12楼，两个人", photos=("ph1",))
    assert more.follow_up and more.ticket.id == ticket.id and more.draft is None
    assert estate.board.thread_keys(ticket.id) == ["ticket.resident_says"]
    assert await estate.d.tickets.photos(ticket.id) == ["ph1"]
    estate.clock.advance(minutes=9)  # nine minutes after her last word: still the same story
    assert (await says(estate, "还没人来")).follow_up
    estate.clock.advance(minutes=11)
    later = await says(estate, "楼道灯坏了")
    assert later.draft is not None and not later.follow_up


async def test_not_an_emergency_downgrades_and_tells_the_managers(estate):
    ticket = (await says(estate, "电梯困人了")).ticket
    with pytest.raises(NotFound):
        await estate.services.emergency.calm(await estate.user(BOB), ticket.id)
    change = await estate.services.emergency.calm(await estate.user(ALICE), ticket.id)
    calm = change.ticket
    assert change.changed and not calm.urgent
    assert calm.respond_by - calm.created_at == timedelta(minutes=30)  # a repair's deadlines
    assert (await estate.d.tickets.events(ticket.id))[-1].action is Action.RECLASSIFY
    assert await estate.keys(MANAGER) == ["emergency.manager_new", "emergency.manager_calm"]
    again = await estate.services.emergency.calm(await estate.user(ALICE), ticket.id)
    assert not again.changed
    # From now on its news waits for the morning like any other ticket's.
    estate.clock.advance(minutes=40)  # she is no longer "in a conversation"
    await estate.services.tickets.take(ticket.id, STAFF)
    (*_, (key, _, _, not_before)) = await estate.outbox(ALICE)
    assert key == "ticket.taken_resident"
    assert not_before == to_db_time(datetime(2025, 3, 4, 8, 0, tzinfo=SH))


async def test_urgent_news_reaches_the_resident_at_night_and_a_cancel_reaches_managers(estate):
    ticket = (await says(estate, "电梯困人了")).ticket
    estate.clock.advance(minutes=40)
    await estate.services.tickets.staff_message(ticket.id, STAFF, "马上到")
    (*_, (key, _, _, not_before)) = await estate.outbox(ALICE)
    assert key == "ticket.staff_says" and not_before == to_db_time(estate.clock.now())
    other = (await says(estate, "又有人被困了", user_id=BOB)).ticket
    await estate.services.tickets.cancel(await estate.user(BOB), other.id)
    assert (await estate.keys(MANAGER))[-1] == "emergency.manager_cancelled"


# ---- re-alerts ---------------------------------------------------------------------------------


async def realerts(estate) -> list[dict]:
    return [
        json.loads(params)
        for key, params, _, _ in await estate.outbox(MANAGER)
        if key == "emergency.manager_realert"
    ]


async def test_an_untaken_emergency_re_alerts_once_per_interval_until_taken(estate):
    ticket = (await says(estate, "电梯困人了")).ticket
    desk = estate.services.deadlines
    estate.clock.advance(minutes=4, seconds=59)
    assert await desk.realert_urgent() == 0
    estate.clock.advance(seconds=1)
    assert await desk.realert_urgent() == 1
    assert await desk.realert_urgent() == 0  # the same interval: never twice
    assert [(r["count"], r["minutes"]) for r in await realerts(estate)] == [(1, 5)]
    assert (await estate.outbox(MANAGER2))[-1][0] == "emergency.manager_realert"
    assert estate.board.thread_keys(ticket.id) == ["emergency.group_realert"]
    estate.clock.advance(minutes=4)
    assert await desk.realert_urgent() == 0
    estate.clock.advance(minutes=1)
    assert await desk.realert_urgent() == 1
    estate.clock.advance(minutes=17)  # the bot was down for three intervals: one alert, not three
    assert await desk.realert_urgent() == 1
    assert [r["count"] for r in await realerts(estate)] == [1, 2, 5]
    escalations = [
        e for e in await estate.d.tickets.events(ticket.id) if e.action is Action.ESCALATE
    ]
    assert [e.note for e in escalations] == ["realert 1", "realert 2", "realert 5"]
    await estate.services.tickets.take(ticket.id, STAFF)
    estate.clock.advance(minutes=30)
    assert await desk.realert_urgent() == 0
    assert len(await realerts(estate)) == 3


async def test_re_alerts_survive_a_restart_without_repeating(estate, tmp_path):
    await says(estate, "电梯困人了")
    estate.clock.advance(minutes=5)
    assert await estate.services.deadlines.realert_urgent() == 1
    # A second process on the same file (the bot restarted): the database says it is done.
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "sos.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    restarted = sqlite_services(settings, estate.db, clock=estate.clock)
    assert await restarted.deadlines.realert_urgent() == 0
    estate.clock.advance(minutes=5)
    assert await restarted.deadlines.realert_urgent() == 1
    assert await estate.services.deadlines.realert_urgent() == 0
    assert [r["count"] for r in await realerts(estate)] == [1, 2]
    assert await estate.db.fetchval("SELECT urgent_realerts FROM tickets WHERE id = 1") == 2


@pytest.mark.parametrize("ending", ["calm", "cancel", "resolve"])
async def test_re_alerts_stop_when_it_is_no_longer_an_untaken_emergency(estate, ending):
    ticket = (await says(estate, "电梯困人了")).ticket
    alice = await estate.user(ALICE)
    if ending == "calm":
        await estate.services.emergency.calm(alice, ticket.id)
    elif ending == "cancel":
        await estate.services.tickets.cancel(alice, ticket.id)
    else:
        await estate.services.tickets.resolve(ticket.id, STAFF, "已救出")
    estate.clock.advance(minutes=20)
    assert await estate.services.deadlines.realert_urgent() == 0
    assert await realerts(estate) == []


# ---- the resident's phone ----------------------------------------------------------------------


async def test_staff_see_the_phone_of_an_urgent_ticket_and_each_look_is_recorded(estate, caplog):
    ticket = (await says(estate, "电梯困人了")).ticket
    estate.clock.advance(minutes=2)
    with caplog.at_level(logging.DEBUG):
        reveal = await estate.services.emergency_desk.reveal_phone(ticket.id, STAFF)
    assert (reveal.phone, reveal.home, reveal.ticket.id) == ("+8613800000001", "3-2-1102", 1)
    (event,) = [
        e for e in await estate.d.tickets.events(ticket.id) if e.action is Action.PHONE_VIEWED
    ]
    assert (event.actor_id, event.at) == (STAFF, estate.clock.now())
    assert "13800000001" not in caplog.text
    await estate.services.emergency_desk.reveal_phone(ticket.id, MANAGER)  # managers are staff


@pytest.mark.parametrize("caller", [ALICE, BOB, STRANGER])
async def test_nobody_but_staff_gets_the_phone(estate, caller):
    ticket = (await says(estate, "电梯困人了")).ticket
    await estate.services.people.touch(STRANGER, "S", None, "zh")
    with pytest.raises(PermissionDenied):
        await estate.services.emergency_desk.reveal_phone(ticket.id, caller)
    events = await estate.d.tickets.events(ticket.id)
    assert Action.PHONE_VIEWED not in [e.action for e in events]


async def test_the_phone_is_only_for_open_urgent_tickets(estate):
    estate.services.intake.classify = plain()
    intake = await says(estate, "楼道灯坏了")
    ordinary = await estate.services.intake.submit(await estate.user(ALICE), intake.draft.id)
    with pytest.raises(DomainError) as refused:
        await estate.services.emergency_desk.reveal_phone(ordinary.id, STAFF)
    assert refused.value.key == "emergency.phone_urgent_only"
    with pytest.raises(NotFound):
        await estate.services.emergency_desk.reveal_phone(999, STAFF)


async def test_pages_go_out_ahead_of_a_broadcast_queued_before_them(estate):
    now = estate.clock.now()
    async with estate.db.transaction():
        for _ in range(3):  # a notice to everybody, queued earlier (bulk priority)
            await estate.d.outbox.enqueue(BOB, "notice.text", {}, {}, now, now, 1)
        await estate.d.outbox.enqueue(BOB, "ticket.staff_says", {}, {}, now, now)
    await says(estate, "电梯困人了")
    due = await estate.d.outbox.due(now, limit=2)
    assert [item.key for item in due] == ["emergency.manager_new"] * 2
