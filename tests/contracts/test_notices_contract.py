"""NoticeRepository: FakeNotices and SqliteNotices answer every call alike, and both put a
notice's deliveries in the outbox the dispatcher reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.messaging.outbox import BULK, Delivery
from bot.domain.notices.audience import Member, ReaderScope, reader_scope
from bot.domain.notices.audience import recipients as audience_spec
from bot.domain.notices.model import (
    Audience,
    BuildingStats,
    DraftStep,
    MediaKind,
    Notice,
    NoticeDraft,
    NoticePage,
    NoticeStatus,
    Progress,
)
from bot.domain.people.model import Role
from tests.contracts.conftest import MANAGER, RES, RES2, STAFF, STRANGER, T0, Boom

B3, GONE = 32, 52  # a second resident of building 3; a resident of 5 who blocked the bot
FIRST, REMINDER = "notice.message", "notice.reminder"


@pytest.fixture
async def estate(world):
    """RES and B3 live in building 3, RES2 and GONE (unreachable) in 5; nobody yet in 10."""
    async with world.tx.transaction():
        for user_id in (B3, GONE):
            await world.users.upsert_seen(user_id, f"u{user_id}", None, "zh", T0)
            await world.users.set_role(user_id, Role.RESIDENT, T0)
        b3_home = await world.homes.ensure("3", "2", "1103")
        await world.users.set_home(B3, b3_home.id, T0)
        await world.users.set_home(GONE, world.other.id, T0)
        await world.users.set_unreachable(GONE, True)
        await world.homes.ensure("10", "1", "101")
    return world


def notice(audience=Audience.ALL, buildings=(), at=T0, **changes) -> Notice:
    fields = dict(
        id=0,
        author_id=MANAGER,
        body="本周六消防演练 <b>&",
        audience=audience,
        buildings=buildings,
        scheduled_at=at,
        created_at=T0,
    )
    fields.update(changes)
    return Notice(**fields)


async def release(world, notice_id: int, now: datetime) -> int | None:
    """Release with the audience spec the notice service would build for this notice."""
    found = await world.notices.get(notice_id)
    spec = audience_spec(found.audience, found.buildings) if found else audience_spec(Audience.ALL)
    return await world.notices.release(notice_id, spec, now)


def scope(user_id: int, building: str | None, is_staff: bool) -> ReaderScope:
    return reader_scope(user_id, Member(Role.STAFF if is_staff else Role.RESIDENT, building))


async def create(world, *args, **kwargs) -> Notice:
    async with world.tx.transaction():
        return await world.notices.create(notice(*args, **kwargs))


async def released(world, *args, now=T0, **kwargs) -> Notice:
    made = await create(world, *args, **kwargs)
    async with world.tx.transaction():
        await release(world, made.id, now)
    return await world.notices.get(made.id)


async def recipients(world, notice_id, key=FIRST) -> list[int]:
    return sorted(r.user_id for r in await world.pending_rows(notice_id) if r.key == key)


# ---- drafts ----------------------------------------------------------------------------------


async def test_a_draft_round_trips_and_is_replaced_whole(world):
    assert await world.notices.get_draft(MANAGER) is None
    full = NoticeDraft(
        MANAGER,
        DraftStep.PREVIEW,
        T0 + timedelta(microseconds=300),
        body="停水通知",
        media_kind=MediaKind.PHOTO,
        media_file_id="ph-1",
        audience=Audience.BUILDINGS,
        buildings=("3", "5"),
        require_ack=True,
    )
    async with world.tx.transaction():
        await world.notices.save_draft(full)
    got = await world.notices.get_draft(MANAGER)
    assert got.updated_at == T0  # to the second
    assert got == NoticeDraft(
        MANAGER,
        DraftStep.PREVIEW,
        T0,
        "停水通知",
        MediaKind.PHOTO,
        "ph-1",
        Audience.BUILDINGS,
        ("3", "5"),
        True,
    )
    async with world.tx.transaction():
        await world.notices.save_draft(NoticeDraft(MANAGER, DraftStep.TEXT, T0))
    assert await world.notices.get_draft(MANAGER) == NoticeDraft(MANAGER, DraftStep.TEXT, T0)
    async with world.tx.transaction():
        await world.notices.delete_draft(MANAGER)
        await world.notices.delete_draft(MANAGER)  # twice: nothing more
    assert await world.notices.get_draft(MANAGER) is None


async def test_drafts_awaiting_typed_input(world):
    async with world.tx.transaction():
        for author_id, step in enumerate(DraftStep, start=100):
            await world.notices.save_draft(
                NoticeDraft(author_id, step, T0 + timedelta(minutes=author_id))
            )
    waiting = await world.notices.drafts_awaiting_input()
    expected = {
        (author_id, T0 + timedelta(minutes=author_id))
        for author_id, step in enumerate(DraftStep, start=100)
        if step.wants_input
    }
    assert set(waiting) == expected and len(waiting) == 3  # order is not part of the contract


# ---- audiences -------------------------------------------------------------------------------


async def test_buildings_are_distinct_and_sorted_as_text(estate):
    assert await estate.notices.buildings() == ["10", "3", "5"]


AUDIENCES = [
    (Audience.ALL, (), [RES, RES2, B3]),
    (Audience.BUILDINGS, ("3",), [RES, B3]),
    (Audience.BUILDINGS, ("5",), [RES2]),
    (Audience.BUILDINGS, ("3", "5"), [RES, RES2, B3]),
    (Audience.BUILDINGS, ("10",), []),
    (Audience.BUILDINGS, (), []),
    (Audience.STAFF, (), [STAFF, MANAGER]),
]


@pytest.mark.parametrize("audience,buildings,expected", AUDIENCES)
async def test_audience_size(estate, audience, buildings, expected):
    assert await estate.notices.audience_size(audience_spec(audience, buildings)) == len(expected)


async def test_staff_with_a_home_are_part_of_everyone(estate):
    async with estate.tx.transaction():
        await estate.users.set_home(STAFF, estate.home.id, T0)
        await estate.users.set_home(STRANGER, estate.home.id, T0)  # no role: not registered
    assert await estate.notices.audience_size(audience_spec(Audience.ALL, ())) == 4
    assert await estate.notices.audience_size(audience_spec(Audience.BUILDINGS, ("3",))) == 3


# ---- create, get, due ------------------------------------------------------------------------


async def test_create_stores_a_scheduled_notice_and_get_reads_it_back(world):
    given = notice(
        Audience.BUILDINGS,
        ("3", "5"),
        at=T0 + timedelta(hours=1, microseconds=5),
        require_ack=True,
        media_kind=MediaKind.DOCUMENT,
        media_file_id="doc-1",
        status=NoticeStatus.DONE,  # ignored: a new notice is scheduled
        total=9,
        released_at=T0,
        reminded_at=T0,
        progress_shown="1/1/0/0",
    )
    async with world.tx.transaction():
        made = await world.notices.create(given)
        other = await world.notices.create(notice(author_id=None))
    assert 0 < made.id < other.id
    assert made == Notice(
        made.id,
        MANAGER,
        given.body,
        Audience.BUILDINGS,
        T0 + timedelta(hours=1),
        T0,
        NoticeStatus.SCHEDULED,
        ("3", "5"),
        True,
        MediaKind.DOCUMENT,
        "doc-1",
    )
    assert await world.notices.get(made.id) == made
    assert (await world.notices.get(other.id)).author_id is None
    assert await world.notices.get(other.id + 1) is None


async def test_due_lists_scheduled_notices_whose_time_has_come(world):
    late = await create(world, at=T0 - timedelta(days=2))
    now = await create(world, at=T0)
    later = await create(world, at=T0 + timedelta(minutes=1))
    cancelled = await create(world, at=T0 - timedelta(days=1))
    async with world.tx.transaction():
        await world.notices.cancel(cancelled.id, T0)
    assert [n.id for n in await world.notices.due(T0)] == [late.id, now.id]
    async with world.tx.transaction():
        await release(world, late.id, T0)
    assert [n.id for n in await world.notices.due(T0 + timedelta(minutes=1))] == [now.id, later.id]


# ---- release ---------------------------------------------------------------------------------


@pytest.mark.parametrize("audience,buildings,expected", AUDIENCES)
async def test_release_queues_one_bulk_row_per_reachable_recipient(
    estate, audience, buildings, expected
):
    made = await create(estate, audience, buildings)
    now = T0 + timedelta(minutes=1)
    async with estate.tx.transaction():
        assert await release(estate, made.id, now) == len(expected)
        assert await release(estate, made.id, now) is None  # once
    stored = await estate.notices.get(made.id)
    assert (stored.status, stored.released_at, stored.total) == (
        NoticeStatus.SENDING,
        now,
        len(expected),
    )
    rows = await estate.pending_rows(made.id)
    assert sorted(r.user_id for r in rows) == expected
    building = {RES: "3", B3: "3", RES2: "5", STAFF: None, MANAGER: None}
    for row in rows:
        assert (row.key, row.priority, row.notice_id, row.not_before) == (
            FIRST,
            BULK,
            made.id,
            now,
        )
        assert row.params == {"notice": made.id, "building": building[row.user_id]}
        assert row.extra == {"content": "notice"}
        assert (row.status, row.attempts, row.message_ids) == (Delivery.PENDING, 0, ())
    assert await estate.notices.progress(made.id) == Progress(len(expected), pending=len(expected))


async def test_release_of_a_missing_or_cancelled_notice_is_none(world):
    made = await create(world)
    async with world.tx.transaction():
        assert await world.notices.cancel(made.id, T0)
        assert await release(world, made.id, T0) is None
        assert await release(world, 424242, T0) is None
    assert (await world.notices.get(made.id)).status is NoticeStatus.CANCELLED
    assert await world.pending_rows() == []


async def test_conversational_rows_go_before_a_notices_rows(world):
    made = await released(world)
    async with world.tx.transaction():
        chat = await world.outbox.enqueue(RES, "ticket.taken", {}, {}, T0, T0)
    due = await world.outbox.due(T0)
    assert due[0].id == chat and [r.notice_id for r in due[1:]] == [made.id, made.id]


# ---- cancel, stop, finish --------------------------------------------------------------------


async def test_only_a_scheduled_notice_can_be_cancelled_once(world):
    made = await create(world, at=T0 + timedelta(days=1))
    sending = await released(world)
    async with world.tx.transaction():
        assert await world.notices.cancel(made.id, T0)
        assert not await world.notices.cancel(made.id, T0)
        assert not await world.notices.cancel(sending.id, T0)
        assert not await world.notices.cancel(424242, T0)
    assert (await world.notices.get(made.id)).status is NoticeStatus.CANCELLED
    assert (await world.notices.get(sending.id)).status is NoticeStatus.SENDING
    assert await world.notices.due(T0 + timedelta(days=2)) == []


async def test_stop_drops_what_was_not_sent_yet(estate):
    made = await released(estate)  # RES, RES2, B3
    await estate.deliver(made.id, Delivery.SENT, {RES})
    async with estate.tx.transaction():
        assert await estate.notices.stop(made.id, T0) == 2
        assert await estate.notices.stop(made.id, T0) is None
    stored = await estate.notices.get(made.id)
    assert stored.status is NoticeStatus.CANCELLED and stored.total == 3
    assert await estate.pending_rows(made.id) == []
    assert await estate.notices.progress(made.id) == Progress(1, sent=1)
    assert await estate.notices.is_recipient(made.id, RES) == (True, False)
    assert await estate.notices.is_recipient(made.id, RES2) == (False, False)


async def test_stop_of_a_notice_not_sending_is_none(world):
    scheduled = await create(world, at=T0 + timedelta(days=1))
    done = await released(world)
    async with world.tx.transaction():
        assert await world.notices.finish(done.id, T0)
        assert await world.notices.stop(scheduled.id, T0) is None
        assert await world.notices.stop(done.id, T0) is None
        assert await world.notices.stop(424242, T0) is None
    assert (await world.notices.get(scheduled.id)).status is NoticeStatus.SCHEDULED
    assert (await world.notices.get(done.id)).status is NoticeStatus.DONE


async def test_a_stop_leaves_other_notices_and_messages_alone(world):
    stopped, other = await released(world), await released(world)
    async with world.tx.transaction():
        chat = await world.outbox.enqueue(RES, "ticket.taken", {}, {}, T0, T0)
        assert await world.notices.stop(stopped.id, T0) == 2
    assert {r.id for r in await world.pending_rows()} == {
        chat,
        *(r.id for r in await world.pending_rows(other.id)),
    }
    assert len(await world.pending_rows(other.id)) == 2


async def test_finish_marks_a_sending_notice_done_once(world):
    scheduled = await create(world, at=T0 + timedelta(days=1))
    made = await released(world)
    at = T0 + timedelta(minutes=5)
    async with world.tx.transaction():
        assert not await world.notices.finish(scheduled.id, at)
        assert await world.notices.finish(made.id, at)
        assert not await world.notices.finish(made.id, at)
        assert not await world.notices.finish(424242, at)
    stored = await world.notices.get(made.id)
    assert (stored.status, stored.finished_at) == (NoticeStatus.DONE, at)


# ---- listing ---------------------------------------------------------------------------------


async def test_with_status_is_ordered_by_schedule_then_id(world):
    c = await create(world, at=T0 + timedelta(hours=3))
    a = await create(world, at=T0 + timedelta(hours=1))
    b = await create(world, at=T0 + timedelta(hours=1))
    sending = await released(world)
    ids = [n.id for n in await world.notices.with_status("scheduled")]
    assert ids == [a.id, b.id, c.id]
    assert [n.id for n in await world.notices.with_status("scheduled", limit=2)] == [a.id, b.id]
    assert [n.id for n in await world.notices.with_status("sending")] == [sending.id]
    assert await world.notices.with_status("done") == []
    assert await world.notices.with_status("nonsense") == []


async def test_recent_is_newest_first(world):
    made = [await create(world, at=T0 + timedelta(hours=h)) for h in (3, 1, 2)]
    assert [n.id for n in await world.notices.recent(2)] == [made[2].id, made[1].id]
    assert [n.id for n in await world.notices.recent(10)] == [m.id for m in reversed(made)]
    assert await world.notices.recent(0) == []


async def test_set_progress_remembers_the_authors_progress_message(world):
    made = await released(world)
    at = T0 + timedelta(seconds=30, microseconds=1)
    async with world.tx.transaction():
        await world.notices.set_progress(made.id, MANAGER, 55, "1/2/0/0", at)
        await world.notices.set_progress(424242, MANAGER, 56, "x", at)  # missing: nothing
    stored = await world.notices.get(made.id)
    assert (
        stored.progress_chat_id,
        stored.progress_message_id,
        stored.progress_shown,
        stored.progress_at,
    ) == (MANAGER, 55, "1/2/0/0", T0 + timedelta(seconds=30))
    assert await world.notices.get(424242) is None


# ---- progress, acknowledgements, statistics --------------------------------------------------


async def test_progress_counts_the_first_round_by_outcome(estate):
    made = await released(estate, require_ack=True)  # RES, RES2, B3
    assert await estate.notices.progress(made.id) == Progress(3, pending=3)
    await estate.deliver(made.id, Delivery.SENT, {RES, B3})
    await estate.deliver(made.id, Delivery.UNREACHABLE, {RES2})
    assert await estate.notices.progress(made.id) == Progress(3, sent=2, unreachable=1)
    async with estate.tx.transaction():
        assert await estate.notices.resend_unacknowledged(made.id, T0) == 2
    await estate.deliver(made.id, Delivery.FAILED)  # the reminders fail: not the first round
    assert await estate.notices.progress(made.id) == Progress(3, sent=2, unreachable=1)
    assert await estate.notices.progress(424242) == Progress()


async def test_acknowledge_once_per_recipient(estate):
    made = await released(estate, require_ack=True)
    await estate.deliver(made.id, Delivery.SENT, {RES})
    async with estate.tx.transaction():
        assert await estate.notices.acknowledge(made.id, RES, T0) is True
        assert await estate.notices.acknowledge(made.id, RES, T0) is False
        assert await estate.notices.acknowledge(made.id, B3, T0) is True  # still pending: counts
        assert await estate.notices.acknowledge(made.id, STAFF, T0) is None  # not a recipient
        assert await estate.notices.acknowledge(424242, RES, T0) is None
    assert await estate.notices.is_recipient(made.id, RES) == (True, True)
    assert await estate.notices.is_recipient(made.id, RES2) == (True, False)
    assert await estate.notices.is_recipient(made.id, STAFF) == (False, False)


async def test_stats_per_building_where_the_notice_reached_people(estate):
    made = await released(estate, require_ack=True)  # RES, B3 in 3; RES2 in 5
    await estate.deliver(made.id, Delivery.SENT, {RES, B3})
    async with estate.tx.transaction():
        assert await estate.notices.acknowledge(made.id, RES, T0)
        await estate.users.set_home(RES, estate.other.id, T0)  # moves after the notice
    assert sorted(await estate.notices.stats(made.id), key=lambda s: s.building) == [
        BuildingStats("3", recipients=2, delivered=2, acknowledged=1),
        BuildingStats("5", recipients=1, pending=1),
    ]
    await estate.deliver(made.id, Delivery.FAILED, {RES2})
    assert sorted(await estate.notices.stats(made.id), key=lambda s: s.building)[1] == (
        BuildingStats("5", recipients=1, failed=1)
    )
    assert await estate.notices.stats(424242) == []


async def test_stats_count_an_acknowledgement_as_delivered_and_people_without_a_home(estate):
    staff = await released(estate, Audience.STAFF, require_ack=True)
    await estate.deliver(staff.id, Delivery.UNREACHABLE, {STAFF})
    async with estate.tx.transaction():
        assert await estate.notices.acknowledge(staff.id, MANAGER, T0)  # before delivery
    assert await estate.notices.stats(staff.id) == [
        BuildingStats("", recipients=2, delivered=1, acknowledged=1, unreachable=1)
    ]


async def test_a_reminder_goes_to_those_who_got_it_but_did_not_acknowledge(estate):
    made = await released(estate, require_ack=True)  # RES, RES2, B3
    await estate.deliver(made.id, Delivery.SENT, {RES, RES2, B3})
    at = T0 + timedelta(hours=1, microseconds=9)
    async with estate.tx.transaction():
        assert await estate.notices.acknowledge(made.id, RES, T0)
        await estate.users.set_unreachable(RES2, True)
        assert await estate.notices.resend_unacknowledged(made.id, at) == 1  # B3
        assert await estate.notices.resend_unacknowledged(made.id, at) == 0  # one is pending
    assert (await estate.notices.get(made.id)).reminded_at == T0 + timedelta(hours=1)
    (reminder,) = [r for r in await estate.pending_rows(made.id) if r.key == REMINDER]
    assert (reminder.user_id, reminder.priority, reminder.params, reminder.extra) == (
        B3,
        BULK,
        {"notice": made.id},
        {"content": "notice"},
    )
    assert reminder.not_before == T0 + timedelta(hours=1)
    await estate.deliver(made.id, Delivery.SENT)
    async with estate.tx.transaction():
        assert await estate.notices.resend_unacknowledged(made.id, at) == 1  # B3 again
        await estate.users.upsert_seen(RES2, "back", None, "zh", T0)  # reachable again
    async with estate.tx.transaction():
        assert await estate.notices.resend_unacknowledged(made.id, at) == 1  # RES2; B3 pending
    assert await recipients(estate, made.id, REMINDER) == [RES2, B3]
    stats = sorted(await estate.notices.stats(made.id), key=lambda s: s.building)
    assert [(s.building, s.recipients, s.delivered, s.acknowledged) for s in stats] == [
        ("3", 2, 2, 1),
        ("5", 1, 1, 0),
    ]


async def test_no_reminder_for_those_never_reached_or_a_missing_notice(estate):
    made = await released(estate, require_ack=True)
    await estate.deliver(made.id, Delivery.FAILED, {RES})
    async with estate.tx.transaction():
        assert await estate.notices.resend_unacknowledged(made.id, T0) == 0
        assert await estate.notices.resend_unacknowledged(424242, T0) == 0
    assert await estate.notices.get(424242) is None


# ---- residents reading back ------------------------------------------------------------------


async def test_page_for_shows_what_a_person_may_read_newest_first(estate):
    everyone = await released(estate)
    five = await released(estate, Audience.BUILDINGS, ("5",))
    staff = await released(estate, Audience.STAFF)
    await create(estate, at=T0 + timedelta(days=1))  # scheduled: nobody sees it yet
    cancelled = await create(estate)
    async with estate.tx.transaction():
        assert await estate.notices.finish(five.id, T0)
        assert await estate.notices.cancel(cancelled.id, T0)

    async def page(user_id, building, is_staff, offset=0, limit=10):
        found = await estate.notices.page_for(scope(user_id, building, is_staff), offset, limit)
        return [n.id for n in found.notices], found.offset, found.total

    assert await page(RES, "3", False) == ([everyone.id], 0, 1)
    assert await page(RES2, "5", False) == ([five.id, everyone.id], 0, 2)
    assert await page(RES2, "5", False, offset=1, limit=1) == ([everyone.id], 1, 2)
    assert await page(RES2, "5", False, offset=5) == ([], 5, 2)
    assert await page(STAFF, None, True) == ([staff.id], 0, 1)
    assert await page(STRANGER, None, False) == ([], 0, 0)
    assert await page(RES, None, False) == ([everyone.id], 0, 1)  # a recipient keeps it
    assert await page(GONE, "5", False) == ([five.id, everyone.id], 0, 2)  # by building
    found = await estate.notices.page_for(scope(RES, "3", False), 0, 10)
    assert isinstance(found, NoticePage) and found.notices == [
        await estate.notices.get(everyone.id)
    ]


# ---- transactions ----------------------------------------------------------------------------


async def test_writes_need_a_transaction(world):
    made = await released(world)
    draft = NoticeDraft(MANAGER, DraftStep.TEXT, T0)
    for write in (
        lambda: world.notices.save_draft(draft),
        lambda: world.notices.delete_draft(MANAGER),
        lambda: world.notices.create(notice()),
        lambda: release(world, made.id, T0),
        lambda: world.notices.cancel(made.id, T0),
        lambda: world.notices.stop(made.id, T0),
        lambda: world.notices.finish(made.id, T0),
        lambda: world.notices.set_progress(made.id, 1, 2, "x", T0),
        lambda: world.notices.acknowledge(made.id, RES, T0),
        lambda: world.notices.resend_unacknowledged(made.id, T0),
    ):
        with pytest.raises(RuntimeError):
            await write()
    assert await world.notices.get(made.id) == made
    assert await world.notices.recent(10) == [made]


async def test_a_failed_transaction_leaves_nothing_behind(world):
    kept = await released(world, require_ack=True)
    with pytest.raises(Boom):
        async with world.tx.transaction():
            gone = await world.notices.create(notice())
            assert await release(world, gone.id, T0) == 2
            await world.notices.save_draft(NoticeDraft(MANAGER, DraftStep.TEXT, T0))
            assert await world.notices.acknowledge(kept.id, RES, T0)
            assert await world.notices.stop(kept.id, T0) == 2
            raise Boom
    assert await world.notices.get(gone.id) is None
    assert await world.notices.get_draft(MANAGER) is None
    assert await world.notices.get(kept.id) == kept
    assert await world.notices.is_recipient(kept.id, RES) == (True, False)
    assert {r.notice_id for r in await world.pending_rows()} == {kept.id}
    assert await world.notices.progress(kept.id) == Progress(2, pending=2)


async def test_created_at_is_kept_to_the_second(world):
    made = await create(world, created_at=datetime(2025, 3, 3, 1, 0, 0, 123, tzinfo=UTC))
    assert made.created_at == datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
    assert (await world.notices.get(made.id)).created_at == made.created_at


async def test_negative_limits_and_offsets_read_like_sql(world):
    made = [await released(world) for _ in range(3)]
    newest_first = [n.id for n in reversed(made)]
    assert [n.id for n in await world.notices.recent(-1)] == newest_first
    assert [n.id for n in await world.notices.with_status("sending", -1)] == [n.id for n in made]
    page = await world.notices.page_for(scope(RES, "3", False), -2, 2)
    assert ([n.id for n in page.notices], page.offset, page.total) == (newest_first[:2], -2, 3)
    page = await world.notices.page_for(scope(RES, "3", False), 1, -1)
    assert [n.id for n in page.notices] == newest_first[1:]
