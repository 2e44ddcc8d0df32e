"""Relays tell staff the truth (issue 10 B), service by service on a real SQLite file: the state
of a relayed answer, "send now", the resident's chat read in order, corrections, nothing cut."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.errors import PermissionDenied
from bot.domain.messaging.outbox import Delivery, Outcome
from bot.domain.tickets.relay import CORRECTION_KEY, RELAY_KEY, RelayState
from tests.support.emergency import open_estate, plain
from tests.support.fakes import FakeClock

SH = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2025, 3, 3, 10, 0, tzinfo=SH)
NIGHT = datetime(2025, 3, 3, 22, 30, tzinfo=SH)
MANAGER, STAFF = 900001, 900003
ALICE = 1
GROUP = -1005
ROSTER = "building,unit,room,name,phone\n3,2,1102,王芳,13800000001\n"


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "relay.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    estate = await open_estate(
        settings,
        FakeClock(MONDAY_10),
        managers=(MANAGER,),
        staff=(STAFF,),
        residents={ALICE: "13800000001"},
        roster=ROSTER,
    )
    estate.services.intake.classify = plain("repair", "electrical")
    yield estate
    await estate.db.close()


async def taken_ticket(estate) -> int:
    s = estate.services
    intake = await s.intake.receive(await estate.user(ALICE), "楼道灯坏了", source_key="k1")
    ticket = await s.intake.submit(await estate.user(ALICE), intake.draft.id)
    await s.tickets.take(ticket.id, STAFF)
    await deliver_due(estate)
    return ticket.id


async def deliver_due(estate, message_id: int = 500) -> list[int]:
    """What the dispatcher would do: every due row delivered; their ids in sending order."""
    due = await estate.services.outbox.due(50)
    await estate.services.outbox.record(
        [(item, Outcome(item.id, Delivery.SENT, (message_id + n,))) for n, item in enumerate(due)]
    )
    return [item.id for item in due]


async def test_a_night_answer_is_held_until_eight_and_send_now_releases_it(estate):
    s, ticket_id = estate.services, await taken_ticket(estate)
    estate.clock.set(NIGHT)

    view = await s.relays.staff_reply(ticket_id, STAFF, "明早来修", None, (GROUP, 71))

    assert view.state is RelayState.HELD
    assert view.held_until == datetime(2025, 3, 4, 8, 0, tzinfo=SH)
    assert await s.relays.status_posted(view.outbox_id, GROUP, 72, view.state) is None
    assert await deliver_due(estate) == []  # nothing goes out at night

    with pytest.raises(PermissionDenied):
        await s.relays.send_now(view.outbox_id, ALICE)
    now = await s.relays.send_now(view.outbox_id, STAFF)
    assert now.state is RelayState.SENDING
    assert await deliver_due(estate) == [view.outbox_id]

    changed = await s.relays.outcome(view.outbox_id, Delivery.SENT)
    assert (changed.chat_id, changed.message_id) == (GROUP, 72)
    assert changed.view.state is RelayState.DELIVERED
    assert await s.relays.outcome(view.outbox_id, Delivery.SENT) is None  # shown already


async def test_send_now_releases_earlier_held_rows_first(estate):
    s, ticket_id = estate.services, await taken_ticket(estate)
    estate.clock.set(NIGHT)
    first = await s.relays.staff_reply(ticket_id, STAFF, "一", None, (GROUP, 81))
    second = await s.relays.staff_reply(ticket_id, STAFF, "二", None, (GROUP, 82))
    third = await s.relays.staff_reply(ticket_id, STAFF, "三", None, (GROUP, 83))

    await s.relays.send_now(second.outbox_id, STAFF)

    assert await deliver_due(estate) == [first.outbox_id, second.outbox_id]
    row = await estate.d.relays.row(third.outbox_id)  # the later one stays held
    assert row.status is Delivery.PENDING and row.not_before > estate.clock.now()


async def test_an_answer_going_out_now_releases_the_held_ones_before_it(estate):
    s, ticket_id = estate.services, await taken_ticket(estate)
    estate.clock.set(NIGHT)
    held = await s.relays.staff_reply(ticket_id, STAFF, "第一句", None, (GROUP, 91))
    assert held.state is RelayState.HELD

    await s.tickets.resident_message(await estate.user(ALICE), ticket_id, "灯在三楼")
    now = await s.relays.staff_reply(ticket_id, STAFF, "第二句", None, (GROUP, 92))

    assert now.state is RelayState.SENDING
    assert await deliver_due(estate) == [held.outbox_id, now.outbox_id]  # in the order written


async def test_a_blocked_resident_and_a_refused_message_are_not_delivered(estate):
    s, ticket_id = estate.services, await taken_ticket(estate)
    view = await s.relays.staff_reply(ticket_id, STAFF, "下午来", None, (GROUP, 101))
    assert view.state is RelayState.SENDING
    await s.relays.status_posted(view.outbox_id, GROUP, 102, view.state)

    changed = await s.relays.outcome(view.outbox_id, Delivery.UNREACHABLE)
    assert changed.view.state is RelayState.BLOCKED
    assert await s.relays.outcome(view.outbox_id, Delivery.PENDING) is None
    assert (await s.relays.outcome(view.outbox_id, Delivery.FAILED)).view.state is (
        RelayState.FAILED
    )


async def test_an_outcome_before_the_status_message_is_reported_when_it_is_posted(estate):
    s, ticket_id = estate.services, await taken_ticket(estate)
    view = await s.relays.staff_reply(ticket_id, STAFF, "下午来", None, (GROUP, 111))
    assert await s.relays.outcome(view.outbox_id, Delivery.SENT) is None  # nothing posted yet
    await deliver_due(estate)

    later = await s.relays.status_posted(view.outbox_id, GROUP, 112, view.state)

    assert later.state is RelayState.DELIVERED


async def test_an_edit_becomes_a_correction_replying_to_the_original(estate):
    s, ticket_id = estate.services, await taken_ticket(estate)
    view = await s.relays.staff_reply(ticket_id, STAFF, "三点来", None, (GROUP, 121))
    await deliver_due(estate, message_id=700)

    fixed = await s.relays.correction(GROUP, 121, STAFF, "  十点来 ")

    assert fixed.correction and fixed.state is RelayState.SENDING
    row = await estate.db.fetchone(
        "SELECT key, params, extra FROM outbox WHERE id = ?", (fixed.outbox_id,)
    )
    assert row["key"] == CORRECTION_KEY and '"text": "十点来"' in row["params"]
    assert '"reply_to": 700' in row["extra"] and f'"correction": {view.outbox_id}' in row["extra"]
    assert await s.relays.correction(GROUP, 999, STAFF, "不是转达过的") is None
    assert await s.relays.correction(GROUP, 121, STAFF, "   ") is None
    with pytest.raises(PermissionDenied):
        await s.relays.correction(GROUP, 121, ALICE, "冒充")


async def test_a_long_answer_is_queued_whole(estate):
    s, ticket_id = estate.services, await taken_ticket(estate)
    text = "很长的说明。" * 1000  # 6,000 characters

    view = await s.relays.staff_reply(ticket_id, STAFF, text, None, (GROUP, 131))

    row = await estate.db.fetchone("SELECT key, params FROM outbox WHERE id = ?", (view.outbox_id,))
    assert row["key"] == RELAY_KEY and text in row["params"]


async def test_a_long_resolution_note_and_reopen_reason_are_queued_whole(estate):
    s, ticket_id = estate.services, await taken_ticket(estate)
    note, reason = "已更换灯具。" * 400, "还是不亮。" * 400

    await s.tickets.resolve(ticket_id, STAFF, note)
    await s.tickets.reopen(await estate.user(ALICE), ticket_id, reason)

    rows = await estate.db.fetchall("SELECT key, params, extra FROM outbox ORDER BY id")
    resolved = next(r for r in rows if r["key"] == "ticket.resolved_resident")
    reopened = next(r for r in rows if r["key"] == "ticket.reopened_owner")
    assert note in resolved["params"] and '"split": "note"' in resolved["extra"]
    assert reason in reopened["params"] and '"split": "reason"' in reopened["extra"]
