"""Gate passes (issue 15) on a real SQLite file: the form saved after every step and resumed
by a fresh service (a restart), the review card in the outbox, staff review, the guard's
one-time 放行 decided by one conditional UPDATE (two guards at once: exactly one wins),
expiry recorded once, owner-only views, cancelling, and the managers' guard list."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import build_services
from bot.config import load_settings
from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.passes.model import PassKind, PassState, Step
from tests.support.emergency import open_estate
from tests.support.fakes import FakeClock

SH = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2025, 3, 4, 9, 0, tzinfo=SH)
MANAGER, STAFF, ALICE, BOB, GUARD, GUARD2 = 900001, 900003, 1, 2, 50, 51
ROSTER = "building,unit,room,name,phone\n3,2,1102,A,13800000001\n5,1,0601,B,13800000002\n"


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "p.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    estate = await open_estate(
        settings,
        FakeClock(MORNING),
        managers=(MANAGER,),
        staff=(STAFF,),
        residents={ALICE: "13800000001", BOB: "13800000002"},
        roster=ROSTER,
    )
    for guard in (GUARD, GUARD2):
        await estate.services.people.touch(guard, f"G{guard}", None, "zh")
    await estate.services.people.bind_staff_group(MANAGER, -100777)
    yield estate
    await estate.db.close()


def passes(estate):
    return estate.services.passes


async def approved_pass(estate, window: str = "今天 9-12") -> int:
    alice, form = await estate.user(ALICE), passes(estate).form
    draft = await form.start(alice, PassKind.ITEMS)
    for answer in ("沙发 x 1\n纸箱 x 2", "沪A12345", window, "跳过"):
        draft = await form.typed(alice, answer)
    assert draft.step is Step.CONFIRM
    await form.submit(alice, draft.id)
    await passes(estate).desk.review(await estate.user(STAFF), draft.id, True)
    return draft.id


async def test_the_form_is_saved_at_every_step_and_resumes_after_a_restart(estate):
    alice = await estate.user(ALICE)
    draft = await passes(estate).form.start(alice, PassKind.VISITOR)
    await passes(estate).form.typed(alice, "王五")
    with pytest.raises(DomainError):  # a bad plate changes nothing
        await passes(estate).form.typed(alice, "<b>")
    # A new process: fresh services on the same file, the waiting form loaded from it.
    restarted = build_services(estate.services.settings, estate.services.ports)
    assert not restarted.passes.form.awaits_input(ALICE)
    await restarted.passes.form.load()
    assert restarted.passes.form.awaits_input(ALICE) and not restarted.passes.form.awaits_input(BOB)
    again = await restarted.passes.form.start(alice, PassKind.ITEMS)  # /pass again: resumes
    assert (again.id, again.kind, again.step, again.visitor) == (
        draft.id,
        PassKind.VISITOR,
        Step.PLATE,
        "王五",
    )
    await restarted.passes.form.typed(alice, "无")
    done = await restarted.passes.form.typed(alice, "今天 14-16")
    assert done.step is Step.CONFIRM and done.plate == ""
    await restarted.passes.form.submit(alice, draft.id)
    (card,) = [
        r for r in await estate.d.outbox.due(estate.clock.now()) if r.key.startswith("passes.")
    ]
    assert card.user_id == -100777 and card.key == "passes.review_visitor"
    assert card.params["visitor"] == "王五" and card.extra["buttons"] == "pass_review"
    with pytest.raises(DomainError):  # submitted twice: the draft is gone
        await restarted.passes.form.submit(alice, draft.id)


async def test_only_staff_review_and_the_owner_is_told(estate):
    pass_id = await approved_pass(estate)
    stored = await estate.d.passes.get(pass_id)
    assert stored.state is PassState.APPROVED and stored.decided_by == STAFF
    told = [r for r in await estate.d.outbox.due(estate.clock.now()) if r.user_id == ALICE]
    assert [r.key for r in told][-1] == "passes.approved"
    assert told[-1].extra == {"content": "gate_pass", "pass": pass_id}
    with pytest.raises(DomainError):  # reviewed once
        await passes(estate).desk.review(await estate.user(STAFF), pass_id, False, 1)
    for who in (ALICE, BOB, GUARD):
        with pytest.raises(PermissionDenied):
            await passes(estate).desk.review(await estate.user(who), pass_id, True)


async def test_two_guards_at_once_exactly_one_lets_the_pass_through(estate):
    desk = passes(estate).desk
    for guard in (GUARD, GUARD2):
        await desk.add_guard(await estate.user(MANAGER), str(guard))
    pass_id = await approved_pass(estate)
    token = (await estate.d.passes.get(pass_id)).token
    guards = [await estate.user(GUARD), await estate.user(GUARD2)]
    results = await asyncio.gather(
        *(desk.mark_used(g, pass_id, token) for g in guards), return_exceptions=True
    )
    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, DomainError)]
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].key == "passes.already_used" and losses[0].params["at"] == "09:00"
    events = await estate.d.passes.events(pass_id)
    assert [e[:2] for e in events].count(("approved", "used")) == 1
    with pytest.raises(DomainError) as replay:  # the same button later: still refused
        await desk.mark_used(guards[0], pass_id, token)
    assert replay.value.key == "passes.already_used"


async def test_forged_tokens_residents_and_strangers_change_nothing(estate):
    desk = passes(estate).desk
    await desk.add_guard(await estate.user(MANAGER), str(GUARD))
    pass_id = await approved_pass(estate)
    token = (await estate.d.passes.get(pass_id)).token
    guard, alice, bob = [await estate.user(u) for u in (GUARD, ALICE, BOB)]
    with pytest.raises(DomainError) as forged:
        await desk.open(guard, f"gp_{pass_id}_{'0' * 16}")
    assert forged.value.key == "passes.not_found"
    with pytest.raises(DomainError):
        await desk.mark_used(guard, pass_id, "0" * 16)
    with pytest.raises(PermissionDenied):
        await desk.mark_used(alice, pass_id, token)  # the owner only shows it
    with pytest.raises(PermissionDenied):
        await desk.open(bob, f"gp_{pass_id}_{token}")
    with pytest.raises(DomainError):
        await desk.own(bob, pass_id)
    view = await desk.open(alice, f"gp_{pass_id}_{token}")
    assert not view.can_mark and view.state is PassState.APPROVED
    assert (await desk.open(guard, f"gp_{pass_id}_{token}")).can_mark
    assert (await estate.d.passes.get(pass_id)).state is PassState.APPROVED


async def test_an_expired_pass_refuses_and_its_expiry_is_recorded_once(estate):
    desk = passes(estate).desk
    await desk.add_guard(await estate.user(MANAGER), str(GUARD))
    pass_id = await approved_pass(estate, "今天 9-10")
    token = (await estate.d.passes.get(pass_id)).token
    estate.clock.advance(timedelta(hours=1))
    guard = await estate.user(GUARD)
    with pytest.raises(DomainError) as late:
        await desk.mark_used(guard, pass_id, token)
    assert late.value.key == "passes.expired"
    assert (await desk.open(guard, f"gp_{pass_id}_{token}")).state is PassState.EXPIRED
    events = await estate.d.passes.events(pass_id)
    assert events[-1] == ("approved", "expired", None)
    assert [e[1] for e in events].count("expired") == 1


async def test_the_owner_cancels_before_use_and_sees_only_her_passes(estate):
    pass_id = await approved_pass(estate)
    alice, bob = await estate.user(ALICE), await estate.user(BOB)
    assert [v.found.id for v in await passes(estate).desk.mine(alice)] == [pass_id]
    assert await passes(estate).desk.mine(bob) == []
    with pytest.raises(DomainError):
        await passes(estate).desk.cancel(bob, pass_id)
    view = await passes(estate).desk.cancel(alice, pass_id)
    assert view.state is PassState.CANCELLED
    with pytest.raises(DomainError):
        await passes(estate).desk.cancel(alice, pass_id)
    assert await passes(estate).form.cancel(alice) is False  # no form open


async def test_staff_fill_a_pass_in_for_a_home_and_only_managers_name_guards(estate):
    staff, alice = await estate.user(STAFF), await estate.user(ALICE)
    home = await passes(estate).form.find_home(staff, "5-1-601")
    draft = await passes(estate).form.start(staff, PassKind.ITEMS, home)
    assert draft.home_id == home and draft.owner_id == STAFF
    with pytest.raises(PermissionDenied):
        await passes(estate).form.find_home(alice, "5-1-601")
    with pytest.raises(PermissionDenied):
        await passes(estate).form.start(alice, PassKind.ITEMS, home)
    desk = passes(estate).desk
    for who in (staff, alice):
        with pytest.raises(PermissionDenied):
            await desk.add_guard(who, str(GUARD))
    manager = await estate.user(MANAGER)
    assert await desk.add_guard(manager, str(GUARD)) == ("G50", True)
    assert await desk.add_guard(manager, str(GUARD)) == ("G50", False)
    assert await desk.guards(manager) == [(GUARD, "G50")]
    assert await desk.remove_guard(manager, str(GUARD)) == ("G50", True)
    told = [r.key for r in await estate.d.outbox.due(estate.clock.now()) if r.user_id == GUARD]
    assert told == ["passes.guard_welcome", "passes.guard_farewell"]  # once each, in order
    with pytest.raises(DomainError):
        await desk.add_guard(manager, "@nobody_here")


async def test_an_erasure_takes_what_the_owner_typed_and_keeps_the_audit_trail(estate):
    pass_id = await approved_pass(estate)
    copy = json.loads(await estate.services.privacy.my_data(ALICE))  # /mydata first
    (mine,) = copy["gate_passes"]
    assert (mine["id"], mine["plate"], mine["items"]) == (
        pass_id,
        "沪A12345",
        [["沙发", 1], ["纸箱", 2]],
    )
    outcome = await estate.services.privacy.request_erasure(ALICE)
    if not outcome.immediate:
        estate.clock.advance(timedelta(days=365))
        await estate.services.privacy.run_due_erasures()
    erased = await estate.d.passes.get(pass_id)
    assert erased.items == () and erased.plate == "" and erased.owner_id != ALICE
    events = await estate.d.passes.events(pass_id)
    assert len(events) == 3 and ALICE not in [actor for *_, actor in events]
    dump = [tuple(r) for r in await estate.db.fetchall("SELECT * FROM gate_passes")]
    assert "沙发" not in repr(dump) and "沪A12345" not in repr(dump)


async def test_an_abandoned_form_stops_claiming_typed_text_but_pass_resumes_it(estate):
    alice, form = await estate.user(ALICE), passes(estate).form
    draft = await form.start(alice, PassKind.ITEMS)
    assert form.awaits_input(ALICE)
    estate.clock.advance(timedelta(hours=3))  # she went away; later she writes about a leak
    assert not form.awaits_input(ALICE)
    assert (await form.current(alice)).id == draft.id  # /pass shows the step again
    assert form.awaits_input(ALICE)
    estate.clock.advance(timedelta(hours=3))
    resumed = await form.start(alice, PassKind.VISITOR)  # an old kind button: the same form
    assert resumed.id == draft.id and resumed.kind is PassKind.ITEMS
    assert form.awaits_input(ALICE)
