"""The notice service over in-memory fakes and a controllable clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.notices.model import Audience, DraftStep, MediaKind, NoticeStatus
from bot.domain.people.model import Role
from bot.services.notices.service import NoticeService
from tests.support.fakes import make_user
from tests.support.notice_fakes import make_notice_services

MANAGER, STAFF, A3, B3, C5, GONE, STRANGER = 1, 2, 31, 32, 51, 52, 9


@pytest.fixture
def svc():
    services = make_notice_services(load_settings({}))
    homes, users = services.deps.homes, services.deps.users
    h3, h3b, h5, h5b = (
        homes.add(b, "1", r) for b, r in (("3", "101"), ("3", "102"), ("5", "1"), ("5", "2"))
    )
    users.put(make_user(MANAGER, role=Role.MANAGER))
    users.put(make_user(STAFF, role=Role.STAFF))
    users.put(make_user(A3, role=Role.RESIDENT, home_id=h3.id))
    users.put(make_user(B3, role=Role.RESIDENT, home_id=h3b.id))
    users.put(make_user(C5, role=Role.RESIDENT, home_id=h5.id))
    users.put(make_user(GONE, role=Role.RESIDENT, home_id=h5b.id, unreachable=True))
    users.put(make_user(STRANGER))
    return services


@pytest.fixture
def notices(svc):
    return svc.notices


@pytest.fixture
def clock(svc):
    return svc.deps.clock


async def walk_to_preview(notices, audience=Audience.ALL, ack=False, buildings=()):
    await notices.start(MANAGER)
    await notices.give_body(MANAGER, "本周六消防演练")
    await notices.choose_audience(MANAGER, audience)
    for building in buildings:
        await notices.toggle_building(MANAGER, building)
    if buildings:
        await notices.buildings_chosen(MANAGER)
    return await notices.choose_ack(MANAGER, ack)


async def test_the_conversation_walks_its_steps(notices):
    draft = await notices.start(MANAGER)
    assert draft.step is DraftStep.TEXT and notices.awaits_input(MANAGER)
    draft = await notices.give_body(MANAGER, "", (MediaKind.PHOTO, "PHOTO-1"))
    assert draft.step is DraftStep.TEXT and draft.media_file_id == "PHOTO-1"  # still wants text
    draft = await notices.give_body(MANAGER, "  电梯维保  ")
    assert (draft.step, draft.body, draft.media_kind) == (
        DraftStep.AUDIENCE,
        "电梯维保",
        MediaKind.PHOTO,
    )
    assert not notices.awaits_input(MANAGER)
    draft = await notices.choose_audience(MANAGER, Audience.BUILDINGS)
    assert draft.step is DraftStep.BUILDINGS
    for building in ("5", "3", "5", "3", "5"):
        draft = await notices.toggle_building(MANAGER, building)
    assert draft.buildings == ("5",)
    draft = await notices.buildings_chosen(MANAGER)
    draft = await notices.choose_ack(MANAGER, True)
    assert (draft.step, draft.require_ack) == (DraftStep.PREVIEW, True)
    draft = await notices.ask_time(MANAGER)
    assert draft.step is DraftStep.TIME and notices.awaits_input(MANAGER)


async def test_wrong_steps_and_bad_choices_are_refused_and_change_nothing(notices):
    with pytest.raises(DomainError, match="notice.no_draft"):
        await notices.give_body(MANAGER, "x")
    await notices.start(MANAGER)
    with pytest.raises(DomainError, match="notice.wrong_step"):
        await notices.choose_ack(MANAGER, True)
    with pytest.raises(DomainError, match="notice.empty"):
        await notices.give_body(MANAGER, "   ")
    await notices.give_body(MANAGER, "text")
    await notices.choose_audience(MANAGER, Audience.BUILDINGS)
    with pytest.raises(DomainError, match="notice.unknown_building"):
        await notices.toggle_building(MANAGER, "99")
    with pytest.raises(DomainError, match="notice.pick_building"):
        await notices.buildings_chosen(MANAGER)
    assert (await notices.draft(MANAGER)).step is DraftStep.BUILDINGS


async def test_a_forgotten_draft_stops_capturing_text(notices, clock):
    await notices.start(MANAGER)
    clock.advance(hours=23)
    assert notices.awaits_input(MANAGER)
    clock.advance(hours=2)
    assert not notices.awaits_input(MANAGER)
    with pytest.raises(DomainError, match="notice.no_draft"):
        await notices.give_body(MANAGER, "late")


async def test_the_waiting_drafts_are_rebuilt_from_storage(svc):
    await svc.notices.start(MANAGER)
    restarted = NoticeService(svc.deps)  # same "database", a new process
    assert not restarted.awaits_input(MANAGER)
    await restarted.load()
    assert restarted.awaits_input(MANAGER)


@pytest.mark.parametrize("actor", [STAFF, A3, STRANGER, 404])
async def test_every_manager_entry_point_refuses_everyone_else(notices, actor):
    await walk_to_preview(notices)
    sent = await notices.send_now(MANAGER)
    calls = [
        notices.start(actor),
        notices.draft(actor),
        notices.give_body(actor, "x"),
        notices.choose_audience(actor, Audience.ALL),
        notices.toggle_building(actor, "3"),
        notices.buildings_chosen(actor),
        notices.choose_ack(actor, True),
        notices.ask_time(actor),
        notices.edit(actor),
        notices.cancel_draft(actor),
        notices.schedule(actor, "9:00"),
        notices.send_now(actor),
        notices.scheduled(actor),
        notices.cancel(actor, sent.id),
        notices.recent(actor),
        notices.stats(actor, sent.id),
        notices.resend_unacknowledged(actor, sent.id),
        notices.record(actor, "x", Audience.ALL),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            await call


async def test_send_now_releases_to_the_audience_skipping_unreachable_people(svc, notices):
    await walk_to_preview(notices, Audience.BUILDINGS, buildings=("5",))
    notice = await notices.send_now(MANAGER)
    assert notice.status is NoticeStatus.SENDING and notice.total == 1
    assert [r.user_id for r in svc.deps.notices.rows] == [C5]  # GONE is unreachable
    with pytest.raises(DomainError, match="notice.no_draft"):
        await notices.draft(MANAGER)
    assert svc.deps.events.kinds()[-1] == "notice.created"


@pytest.mark.parametrize(
    "audience,buildings,expected",
    [
        (Audience.ALL, (), {A3, B3, C5}),
        (Audience.BUILDINGS, ("3",), {A3, B3}),
        (Audience.STAFF, (), {MANAGER, STAFF}),
    ],
)
async def test_audiences(svc, notices, audience, buildings, expected):
    notice = await notices.record(None, "通知", audience, buildings)
    assert (await notices.release_due())[0].total == len(expected)
    assert {r.user_id for r in svc.deps.notices.rows if r.notice_id == notice.id} == expected


async def test_a_schedule_waits_for_its_time_and_is_released_once(notices, clock):
    await walk_to_preview(notices)
    await notices.ask_time(MANAGER)
    notice = await notices.schedule(MANAGER, "2025-03-01 18:00")  # START is 17:30 Shanghai
    assert notice.status is NoticeStatus.SCHEDULED and not notices.awaits_input(MANAGER)
    assert await notices.release_due() == []
    clock.advance(minutes=31)
    (released,) = await notices.release_due()
    assert released.id == notice.id and released.total == 3
    assert await notices.release_due() == []  # safe to run twice


async def test_a_bad_time_keeps_the_draft_waiting_for_a_better_one(notices):
    await walk_to_preview(notices)
    await notices.ask_time(MANAGER)
    with pytest.raises(DomainError, match="notice.time_past"):
        await notices.schedule(MANAGER, "2025-03-01 08:00")
    assert (await notices.draft(MANAGER)).step is DraftStep.TIME


async def test_only_scheduled_notices_can_be_cancelled(notices, clock):
    later = await notices.record(MANAGER, "later", Audience.ALL, at=clock.now() + timedelta(days=1))
    now = await notices.record(MANAGER, "now", Audience.ALL)
    await notices.release_due()
    assert [n.id for n in await notices.scheduled(MANAGER)] == [later.id]
    assert (await notices.cancel(MANAGER, later.id)).status is NoticeStatus.CANCELLED
    for notice_id in (later.id, now.id):
        with pytest.raises(DomainError, match="notice.not_cancellable"):
            await notices.cancel(MANAGER, notice_id)
    with pytest.raises(NotFound):
        await notices.cancel(MANAGER, 999)
    clock.advance(days=2)
    assert await notices.release_due() == []


async def test_finishing_queues_one_report_for_the_author(svc, notices):
    notice = await notices.record(MANAGER, "x", Audience.ALL)
    await notices.release_due()
    svc.deps.notices.deliver(notice.id)
    progress = await notices.progress(notice.id)
    assert progress.finished and progress.sent == 3
    (sending,) = await notices.sending()
    assert await notices.finish(sending, progress)
    assert not await notices.finish(sending, progress)
    assert svc.deps.outbox.keys_for(MANAGER) == ["notice.report"]
    cli = await notices.record(None, "y", Audience.ALL)
    await notices.release_due()
    assert await notices.finish(await notices.get(cli.id), progress)
    assert len(svc.deps.outbox.items) == 1  # nobody to report to for the command line


async def test_acknowledgements_statistics_and_one_resend(svc, notices, clock):
    notice = await notices.record(MANAGER, "请确认", Audience.ALL, require_ack=True)
    await notices.release_due()
    svc.deps.notices.deliver(notice.id, users={A3, B3})
    svc.deps.notices.deliver(notice.id, "unreachable", users={C5})
    assert await notices.acknowledge(A3, notice.id) is True
    assert await notices.acknowledge(A3, notice.id) is False
    with pytest.raises(NotFound):
        await notices.acknowledge(STAFF, notice.id)
    _, rows = await notices.stats(MANAGER, notice.id)
    by = {r.building: r for r in rows}
    assert (by["3"].delivered, by["3"].acknowledged, by["3"].not_acknowledged) == (2, 1, 1)
    assert (by["5"].recipients, by["5"].unreachable, by["5"].delivered) == (1, 1, 0)
    assert await notices.resend_unacknowledged(MANAGER, notice.id) == 1  # B3 only
    with pytest.raises(DomainError, match="notice.resent_recently"):
        await notices.resend_unacknowledged(MANAGER, notice.id)
    clock.advance(minutes=11)
    assert await notices.resend_unacknowledged(MANAGER, notice.id) == 0  # the reminder is pending
    plain = await notices.record(MANAGER, "无需确认", Audience.ALL)
    with pytest.raises(DomainError, match="notice.no_resend"):
        await notices.resend_unacknowledged(MANAGER, plain.id)


async def test_residents_see_what_concerns_their_building(svc, notices):
    all_ = await notices.record(None, "all", Audience.ALL)
    three = await notices.record(None, "three", Audience.BUILDINGS, ("3",))
    staff = await notices.record(None, "staff", Audience.STAFF)
    pending = await notices.record(
        None, "later", Audience.ALL, at=svc.deps.clock.now() + timedelta(hours=1)
    )
    await notices.release_due()
    assert [n.id for n in (await notices.page_for(A3)).notices] == [three.id, all_.id]
    assert [n.id for n in (await notices.page_for(C5)).notices] == [all_.id]
    assert [n.id for n in (await notices.page_for(STAFF)).notices] == [staff.id]
    assert (await notices.readable(A3, three.id))[0].id == three.id
    for user, notice_id in ((C5, three.id), (A3, staff.id), (A3, pending.id), (A3, 999)):
        with pytest.raises(NotFound):
            await notices.readable(user, notice_id)
    with pytest.raises(DomainError, match="notice.register_first"):
        await notices.page_for(STRANGER)


async def test_paging(notices):
    for i in range(7):
        await notices.record(None, f"n{i}", Audience.ALL)
    await notices.release_due()
    first, second = await notices.page_for(A3, 0), await notices.page_for(A3, 5)
    assert (len(first.notices), len(second.notices), first.total) == (5, 2, 7)
    assert first.notices[0].body == "n6" and second.notices[-1].body == "n0"
    assert (await notices.page_for(A3, -3)).offset == 0


async def test_an_ack_is_due_only_for_recipients_who_have_not_confirmed(svc, notices):
    notice = await notices.record(None, "ack", Audience.BUILDINGS, ("3",), require_ack=True)
    await notices.release_due()
    assert (await notices.readable(A3, notice.id))[1] is True
    await notices.acknowledge(A3, notice.id)
    assert (await notices.readable(A3, notice.id))[1] is False


async def test_buildings_can_be_typed_instead_of_toggled(notices):
    await notices.start(MANAGER)
    await notices.give_body(MANAGER, "text")
    await notices.choose_audience(MANAGER, Audience.BUILDINGS)
    assert notices.awaits_input(MANAGER)  # typing is allowed at this step
    draft = await notices.type_buildings(MANAGER, "5，3 3")
    assert draft.buildings == ("3", "5")
    with pytest.raises(DomainError, match="notice.unknown_building"):
        await notices.type_buildings(MANAGER, "3, 99")
    assert (await notices.draft(MANAGER)).buildings == ("3", "5")


async def test_a_manager_demoted_mid_draft_gets_their_messages_back(svc, notices):
    await notices.start(MANAGER)
    assert notices.awaits_input(MANAGER)
    async with svc.deps.tx.transaction():
        await svc.deps.users.set_role(MANAGER, Role.STAFF, svc.deps.clock.now())
    with pytest.raises(PermissionDenied):
        await notices.give_body(MANAGER, "this was meant as a repair request")
    assert not notices.awaits_input(MANAGER)
