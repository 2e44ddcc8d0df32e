"""Renovation permits' services on a real SQLite file: submission with its audit row and staff
card, who may see and move what, two presses at once, typed inputs surviving a restart,
neighbours of the same unit told once, managers' setting, and no phone number in any log."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.permits.form import Step
from bot.domain.permits.model import PermitFile, PermitStatus, Purpose
from bot.services.permits.desk import Move
from tests.support.emergency import open_estate
from tests.support.fakes import FakeClock
from tests.support.wiring import sqlite_services

SH = ZoneInfo("Asia/Shanghai")
S = PermitStatus
MANAGER, STAFF, ALICE, BOB, CAROL = 900001, 900003, 1, 2, 3
GROUP = -100777
ROSTER = (
    "building,unit,room,name,phone\n"
    "3,2,1102,A,13800000001\n"
    "3,2,1202,B,13800000002\n"
    "3,1,0101,C,13800000003\n"
)
PHONE = "13912345678"


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "permits.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    estate = await open_estate(
        settings,
        FakeClock(datetime(2025, 3, 3, 10, 0, tzinfo=SH)),
        managers=(MANAGER,),
        staff=(STAFF,),
        residents={ALICE: "13800000001", BOB: "13800000002", CAROL: "13800000003"},
        roster=ROSTER,
    )
    await estate.services.people.bind_staff_group(MANAGER, GROUP)
    estate.settings = settings
    yield estate
    await estate.db.close()


async def submit(estate, who: int = ALICE) -> int:
    forms, user = estate.services.permits.forms, await estate.user(who)
    await forms.start(user)
    for text in ("铺地板", "安居装饰", "王工", PHONE, "2025-03-10", "2025-04-30"):
        await forms.typed(user, text)
    await forms.add_file(user, PermitFile("photo", "AgAD1"), "p.jpg", "image/jpeg", 100)
    await forms.skip(user)
    await forms.typed(user, "押金 2000")
    return await forms.submit(user)


async def test_submission_is_audited_and_posts_the_card_to_the_staff_group(estate):
    permit_id = await submit(estate)
    staff = await estate.user(STAFF)
    permit = await estate.services.permits.desk.view(staff, permit_id)
    assert permit.status is S.SUBMITTED and permit.foreman_phone == "+8613912345678"
    assert permit.home_label == "3-2-1102" and len(permit.files) == 1
    (event,) = await estate.services.permits.desk.history(staff, permit_id)
    assert (event.old, event.new, event.actor_id) == ("draft", "submitted", ALICE)
    assert await estate.keys(GROUP) == ["permits.card"]
    assert await estate.d.permits.form(ALICE) is None  # the form is gone once submitted


async def test_residents_see_only_their_own_and_staff_review(estate):
    permit_id = await submit(estate)
    desk, bob, alice = (
        estate.services.permits.desk,
        await estate.user(BOB),
        await estate.user(ALICE),
    )
    with pytest.raises(NotFound):
        await desk.view(bob, permit_id)
    assert await desk.listing(bob) == []
    assert [p.id for p in await desk.listing(alice)] == [permit_id]
    for who, refusal in ((alice, PermissionDenied), (bob, NotFound)):
        with pytest.raises(refusal):
            await desk.move(who, Move(permit_id, S.APPROVED))
        with pytest.raises(PermissionDenied):
            await desk.history(who, permit_id)
    with pytest.raises(NotFound):
        await desk.move(bob, Move(permit_id, S.CANCELLED))  # someone else's: not even seen
    staff = await estate.user(STAFF)
    with pytest.raises(PermissionDenied):
        await desk.move(staff, Move(permit_id, S.CANCELLED))  # only the resident withdraws
    assert [p.id for p in await desk.listing(staff)] == [permit_id]
    approved = await desk.move(staff, Move(permit_id, S.APPROVED))
    assert approved.status is S.APPROVED
    assert "permits.told_approved" in await estate.keys(ALICE)
    with pytest.raises(DomainError, match="permits.illegal"):
        await desk.move(alice, Move(permit_id, S.CANCELLED))  # too late to withdraw


async def test_two_presses_at_once_move_a_permit_once(estate):
    permit_id = await submit(estate)
    staff = await estate.user(STAFF)
    store = estate.d.permits
    async with estate.db.transaction():
        assert await store.move(permit_id, S.SUBMITTED, S.APPROVED, "", estate.clock.now())
    # The second press read "submitted" before the first one committed: compare-and-set fails.
    async with estate.db.transaction():
        assert not await store.move(permit_id, S.SUBMITTED, S.REJECTED, "", estate.clock.now())
    with pytest.raises(DomainError, match="permits.illegal"):
        await estate.services.permits.desk.move(staff, Move(permit_id, S.REJECTED, "x"))
    assert (await store.get(permit_id)).status is S.APPROVED


async def test_a_question_survives_a_restart_and_the_answer_resubmits(estate):
    permit_id = await submit(estate)
    staff, alice = await estate.user(STAFF), await estate.user(ALICE)
    inputs = estate.services.permits.inputs
    await inputs.ask(staff, permit_id, Purpose.MORE)
    # A restart: new services on the same file rebuild who is waiting for what.
    again = sqlite_services(estate.settings, estate.db, clock=estate.clock)
    await again.permits.forms.load()
    assert again.permits.forms.waiting.inputs == {STAFF}
    _, permit = await again.permits.inputs.typed(staff, "请补充水电图")
    assert permit.status is S.MORE_INFO and permit.note == "请补充水电图"
    with pytest.raises(DomainError, match="permits.illegal"):
        await again.permits.inputs.ask(staff, permit_id, Purpose.MORE)  # asked already
    await again.permits.inputs.ask(alice, permit_id, Purpose.ANSWER)
    await again.permits.inputs.add_photo(alice, PermitFile("photo", "AgAD2"))
    _, permit = await again.permits.inputs.typed(alice, "已上传")
    assert permit.status is S.SUBMITTED and len(permit.files) == 2
    assert again.permits.forms.waiting.inputs == set()


async def test_a_form_resumes_at_its_step_after_a_restart(estate):
    alice = await estate.user(ALICE)
    await estate.services.permits.forms.start(alice)
    await estate.services.permits.forms.typed(alice, "铺地板")
    again = sqlite_services(estate.settings, estate.db, clock=estate.clock)
    await again.permits.forms.load()
    assert again.permits.forms.awaits_input(ALICE)
    form = await again.permits.forms.start(alice)
    assert form.step is Step.CONTRACTOR and form.works == "铺地板"


async def test_inspection_fails_with_photos_then_passes_after_rework(estate):
    permit_id = await submit(estate)
    staff = await estate.user(STAFF)
    desk, inputs = estate.services.permits.desk, estate.services.permits.inputs
    for new in (S.APPROVED, S.IN_PROGRESS, S.AWAITING_INSPECTION):
        await desk.move(staff, Move(permit_id, new))
    await inputs.ask(staff, permit_id, Purpose.FAIL)
    await inputs.add_photo(staff, PermitFile("photo", "AgAD9"))
    await inputs.typed(staff, "防水不合格")
    await desk.move(staff, Move(permit_id, S.IN_PROGRESS))
    await desk.move(staff, Move(permit_id, S.AWAITING_INSPECTION))
    await inputs.ask(staff, permit_id, Purpose.PASS)
    _, permit = await inputs.typed(staff, "合格")
    assert permit.status is S.PASSED
    failed = [e for e in await desk.history(staff, permit_id) if e.new == "failed"]
    assert failed[0].note == "防水不合格" and failed[0].files == (PermitFile("photo", "AgAD9"),)
    keys = await estate.keys(ALICE)
    assert keys.index("permits.told_failed") < keys.index("permits.told_passed")


async def test_an_extension_is_recorded_and_a_bad_date_keeps_the_question(estate):
    permit_id = await submit(estate)
    staff = await estate.user(STAFF)
    desk, inputs = estate.services.permits.desk, estate.services.permits.inputs
    with pytest.raises(DomainError, match="permits.illegal"):
        await inputs.ask(staff, permit_id, Purpose.EXTEND)
    await desk.move(staff, Move(permit_id, S.APPROVED))
    await inputs.ask(staff, permit_id, Purpose.EXTEND)
    with pytest.raises(DomainError, match="permits.extend_later"):
        await inputs.typed(staff, "2025-04-01")
    _, permit = await inputs.typed(staff, "2025-05-31")
    assert permit.ends_on.isoformat() == "2025-05-31" and permit.status is S.APPROVED
    extension = (await desk.history(staff, permit_id))[-1]
    assert (extension.new, extension.note) == ("extend", "2025-04-30 → 2025-05-31")


async def test_neighbours_of_the_same_unit_are_told_once_and_managers_can_turn_it_off(estate):
    permit_id = await submit(estate)
    staff, alice, boss = (
        await estate.user(STAFF),
        await estate.user(ALICE),
        await estate.user(MANAGER),
    )
    desk = estate.services.permits.desk
    with pytest.raises(DomainError, match="permits.neighbours_when"):
        await desk.notify_neighbours(alice, permit_id)
    await desk.move(staff, Move(permit_id, S.APPROVED))
    with pytest.raises(PermissionDenied):
        await desk.set_neighbours(staff, False)
    await desk.set_neighbours(boss, False)
    with pytest.raises(DomainError, match="permits.neighbours_off"):
        await desk.notify_neighbours(alice, permit_id)
    await desk.set_neighbours(boss, True)
    assert await desk.notify_neighbours(alice, permit_id) == 1
    assert await estate.keys(BOB) == ["permits.neighbour_notice"]  # 3-2, another home
    assert "permits.neighbour_notice" not in await estate.keys(CAROL)  # 3-1: another unit
    assert "permits.neighbour_notice" not in await estate.keys(ALICE)
    with pytest.raises(DomainError, match="permits.neighbours_done"):
        await desk.notify_neighbours(staff, permit_id)
    assert await estate.keys(BOB) == ["permits.neighbour_notice"]


async def test_cancel_mid_form_and_no_phone_in_any_log(estate, caplog):
    # The bot's own logging (aiosqlite's DEBUG echo of SQL parameters is the library's).
    caplog.set_level(logging.INFO)
    alice = await estate.user(ALICE)
    forms = estate.services.permits.forms
    await forms.start(alice)
    assert await forms.cancel(alice) is True
    assert await forms.cancel(alice) is False
    with pytest.raises(DomainError, match="permits.form_gone"):
        await forms.typed(alice, "铺地板")
    await submit(estate)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "aiosqlite")
    assert PHONE not in logged and "8613912345678" not in logged


async def test_the_data_copy_and_the_erasure_reach_the_residents_permits(estate):
    import json
    from datetime import timedelta

    permit_id = await submit(estate)
    copy = json.loads(await estate.services.privacy.my_data(ALICE))
    (mine,) = copy["renovation_permits"]
    assert mine["id"] == permit_id and mine["works"] == "铺地板" and mine["room"] == "1102"
    assert [s["to_status"] for s in mine["steps"]] == ["submitted"]
    await estate.services.privacy.request_erasure(ALICE)
    estate.clock.advance(timedelta(days=40))  # whatever DATA_ERASURE_DAYS is
    await estate.services.privacy.run_due_erasures()
    permit = await estate.d.permits.get(permit_id)
    assert permit.resident_id != ALICE and permit.works == "[已删除]" and permit.files == ()
    assert permit.foreman_phone == "[已删除]" and permit.home_label == "3-2-1102"
    rows = await estate.db.fetchall("SELECT * FROM permits")
    assert not any(PHONE in str(tuple(r)) or "铺地板" in str(tuple(r)) for r in rows)
    events = await estate.db.fetchall("SELECT actor_id, files FROM permit_events")
    assert [tuple(r) for r in events] == [(permit.resident_id, "[]")]
