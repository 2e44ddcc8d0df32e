"""Votes (业主征询, issue 14) on real SQLite: the wizard, opening through the outbox, ballots
that are never counted twice (changes, replays, restarts), the exactly-once close, results
with shares of homes and of floor area, publishing as a notice, named vs. anonymous."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.lifecycle import MemberRole
from bot.domain.people.model import Role
from bot.domain.votes.model import Vote, VoteStatus
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock, RecordingNotifier
from tests.support.wiring import sqlite_services

MANAGER, ALICE, BOB, CAROL, DAVE = 900001, 1, 2, 3, 4
ROSTER = (
    "building,unit,room,name,phone,面积\n"
    "3,1,101,王芳,13800000001,100\n"
    "3,1,102,李四,13800000003,80.5㎡\n"
    "3,1,103,赵六,13800000004,\n"
    "5,1,201,张伟,13900000002,120\n"
)


@pytest.fixture
async def env(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "votes.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    clock = FakeClock()
    services = sqlite_services(settings, db, clock=clock, notifier=RecordingNotifier())
    for user_id, name in ((MANAGER, "Boss"), (ALICE, "Alice"), (BOB, "Bob"), (CAROL, "Carol")):
        await services.people.touch(user_id, name, None, "zh")
    await services.people.touch(DAVE, "Dave", None, "en")
    plan = await services.lifecycle.apply_import(None, ROSTER, hold=False)
    assert not plan.errors
    for user_id, phone in ((ALICE, "13800000001"), (BOB, "13900000002")):
        user = await services.people.find(user_id)
        await services.onboarding.share_contact(user, user_id, phone)
    alice = await services.people.find(ALICE)
    async with db.transaction():  # Carol: Alice's tenant; Dave: family in 3-1-102's home
        for user_id, home, role in ((CAROL, alice.home_id, MemberRole.TENANT),):
            await services.ports.users.set_home(user_id, home, clock.now())
            await services.ports.users.set_role(user_id, Role.RESIDENT, clock.now())
            await services.ports.lifecycle.set_member(user_id, home, role, clock.now())
    yield services, db, clock, settings
    await db.close()


async def _vote(services, clock, **fields) -> Vote:
    now = clock.now()
    vote = Vote(
        id=0,
        question="是否使用维修资金更换2号电梯？",
        options=("同意", "不同意", "弃权"),
        opens_at=now,
        closes_at=now + timedelta(days=7),
        created_at=now,
        created_by=MANAGER,
        **fields,
    )
    async with services.ports.tx.transaction():
        created = await services.ports.votes.create(vote)
    await services.votes.tick()
    return created


async def _ballots(db, vote_id: int) -> list[tuple]:
    rows = await db.fetchall(
        "SELECT voter, option, user_id, cast_at FROM vote_ballots WHERE vote_id = ? ORDER BY voter",
        (vote_id,),
    )
    return [tuple(r) for r in rows]


async def test_the_wizard_creates_a_vote_that_survives_a_restart_mid_form(env):
    services, db, clock, settings = env
    wizard = services.vote_wizard
    await wizard.start(MANAGER)
    await wizard.typed(MANAGER, "  是否更换<b>2号</b>电梯？ ")
    with pytest.raises(DomainError) as error:
        await wizard.typed(MANAGER, "只有一个选项")
    assert error.value.key == "vote.options_count"
    await wizard.typed(MANAGER, "同意\n不同意\n\n弃权")
    with pytest.raises(DomainError) as error:
        await wizard.typed(MANAGER, "all of them")  # typed instead of tapping
    assert error.value.key == "vote.use_buttons"
    await wizard.choose(MANAGER, "audience", "bld")
    with pytest.raises(DomainError):
        await wizard.typed(MANAGER, "9")  # no such building in the roster
    await wizard.typed(MANAGER, "3栋")
    # A restart: a new service stack on the same file finds the form where it was.
    again = sqlite_services(settings, db, clock=clock, notifier=RecordingNotifier())
    assert (await again.vote_wizard.current(MANAGER)).step == "opens"
    with pytest.raises(DomainError):
        await again.vote_wizard.choose(MANAGER, "mode", "home")  # a stale button
    await again.vote_wizard.choose(MANAGER, "opens", "now")
    with pytest.raises(DomainError):
        await again.vote_wizard.typed(MANAGER, "next tuesday")
    await again.vote_wizard.typed(MANAGER, "2025-03-08 18:00")  # (the clock: 2025-03-01)
    for step, value in (("mode", "home"), ("named", "no"), ("interim", "no")):
        await again.vote_wizard.choose(MANAGER, step, value)
    clock.advance(hours=2)  # left at the last button: later text is about something else
    assert await again.vote_wizard.typed(MANAGER, "hello") is None
    vote = await again.vote_wizard.confirm(MANAGER)
    assert vote.question == "是否更换<b>2号</b>电梯？" and vote.options == (
        "同意",
        "不同意",
        "弃权",
    )
    assert vote.buildings == ("3",) and vote.per_home and not vote.named and not vote.interim
    assert await again.vote_wizard.current(MANAGER) is None
    with pytest.raises(PermissionDenied):
        await wizard.start(ALICE)


async def test_opening_sends_the_ballot_to_owners_only_and_once(env):
    services, db, clock, _ = env
    vote = await _vote(services, clock)
    assert (await services.votes.get(vote.id)).status is VoteStatus.OPEN
    assert await services.votes.tick() == {"opened": 0, "closed": 0}
    rows = await db.fetchall("SELECT user_id, key, extra FROM outbox WHERE key = 'vote.ballot'")
    assert sorted(r["user_id"] for r in rows) == [ALICE, BOB]  # not Carol, a tenant
    assert json.loads(rows[0]["extra"])["options"] == ["同意", "不同意", "弃权"]
    person = await _vote(services, clock, per_home=False, buildings=("3",))
    rows = await db.fetchall(
        "SELECT user_id FROM outbox WHERE key = 'vote.ballot' AND json_extract(extra, '$.vote') = ?",
        (person.id,),
    )
    assert sorted(r["user_id"] for r in rows) == [ALICE, CAROL]


async def test_a_ballot_is_never_counted_twice(env):
    services, db, clock, _ = env
    vote = await _vote(services, clock)
    first = await services.votes.cast(ALICE, vote.id, 0, source="vt:cbq:1")
    assert not first.changed
    await services.votes.cast(ALICE, vote.id, 0, source="vt:cbq:1")  # the same update again
    changed = await services.votes.cast(ALICE, vote.id, 1, source="vt:cbq:2")
    assert changed.changed
    await services.votes.cast(ALICE, vote.id, 0, source="vt:cbq:1")  # an old replay: no effect
    await services.votes.cast(BOB, vote.id, 1, source=None)
    assert [(v, o) for v, o, _, _ in await _ballots(db, vote.id)] == [
        (f"h:{(await services.people.find(ALICE)).home_id}", 1),
        (f"h:{(await services.people.find(BOB)).home_id}", 1),
    ]
    # Anonymous: the home key is kept for uniqueness, never who or when.
    assert all(user is None and at is None for _, _, user, at in await _ballots(db, vote.id))
    with pytest.raises(DomainError) as error:
        await services.votes.cast(CAROL, vote.id, 0, source=None)
    assert error.value.key == "vote.owners_only"
    with pytest.raises(DomainError):
        await services.votes.cast(ALICE, vote.id, 3, source=None)  # no fourth option
    with pytest.raises(DomainError) as error:
        await services.votes.cast(DAVE, vote.id, 0, source=None)  # no home
    assert error.value.key == "vote.not_eligible"


async def test_the_close_happens_once_and_the_results_count_homes_and_area(env):
    services, db, clock, settings = env
    vote = await _vote(services, clock)
    await services.votes.cast(ALICE, vote.id, 0, source=None)  # 3-1-101, 100 m²
    await services.votes.cast(BOB, vote.id, 1, source=None)  # 5-1-201, 120 m²
    clock.advance(days=7)
    again = sqlite_services(settings, db, clock=clock, notifier=RecordingNotifier())
    assert await again.votes.tick() == {"opened": 0, "closed": 1}  # after a "restart"
    assert await services.votes.tick() == {"opened": 0, "closed": 0}
    managers = await db.fetchall(
        "SELECT user_id, extra FROM outbox WHERE key = 'vote.closed_manager'"
    )
    assert [r["user_id"] for r in managers] == [MANAGER]
    assert json.loads(managers[0]["extra"])["content"] == "vote_result"
    with pytest.raises(DomainError) as error:
        await services.votes.cast(ALICE, vote.id, 1, source=None)
    assert error.value.key == "vote.closed"
    results, shown = await services.votes.results(MANAGER, vote.id)
    assert shown and results.eligible == 4 and results.voted == 2
    agree, disagree, _ = results.options
    assert (agree.count, agree.share) == (1, 0.25)
    assert agree.area == pytest.approx(100 / 300.5)
    assert disagree.area == pytest.approx(120 / 300.5)
    assert results.area_unknown == 1
    assert [(t.building, t.eligible, t.voted) for t in results.turnout] == [
        ("3", 3, 1),
        ("5", 1, 1),
    ]


async def test_interim_counts_stay_hidden_unless_chosen(env):
    services, _, clock, _ = env
    hidden = await _vote(services, clock)
    shown = await _vote(services, clock, interim=True)
    assert (await services.votes.results(MANAGER, hidden.id))[1] is False
    assert (await services.votes.results(MANAGER, shown.id))[1] is True
    views = {v.vote.id: v for v in await services.votes.open_for(ALICE)}
    assert views[hidden.id].results is None and views[shown.id].results is not None
    with pytest.raises(PermissionDenied):
        await services.votes.results(ALICE, hidden.id)


async def test_publishing_the_result_makes_one_bilingual_notice(env):
    services, db, clock, _ = env
    vote = await _vote(services, clock, buildings=("3",))
    await services.votes.cast(ALICE, vote.id, 0, source=None)
    with pytest.raises(DomainError) as error:
        await services.votes.publish(MANAGER, vote.id)
    assert error.value.key == "vote.not_closed"
    clock.advance(days=8)
    await services.votes.tick()
    notice_id = await services.votes.publish(MANAGER, vote.id)
    with pytest.raises(DomainError) as error:
        await services.votes.publish(MANAGER, vote.id)
    assert error.value.key == "vote.already_published"
    notices = await db.fetchall("SELECT id, body, audience, buildings FROM notices")
    assert [n["id"] for n in notices] == [notice_id]
    body = notices[0]["body"]
    assert "同意" in body and "Turnout" in body and "参与" in body and "<b>" not in body
    assert (notices[0]["audience"], json.loads(notices[0]["buildings"])) == ("buildings", ["3"])


async def test_named_votes_show_who_voted_what_to_managers_only(env):
    services, db, clock, _ = env
    named = await _vote(services, clock, named=True, per_home=False)
    anonymous = await _vote(services, clock, per_home=False)
    await services.votes.cast(CAROL, named.id, 2, source=None)
    await services.votes.cast(CAROL, anonymous.id, 2, source=None)
    assert await services.votes.who_voted(MANAGER, named.id) == [("Carol", "3-1-101", "弃权")]
    with pytest.raises(DomainError) as error:
        await services.votes.who_voted(MANAGER, anonymous.id)
    assert error.value.key == "vote.anonymous"
    with pytest.raises(PermissionDenied):
        await services.votes.who_voted(CAROL, named.id)
    ((_, _, user, at),) = await _ballots(db, anonymous.id)
    assert user is None and at is None


async def test_typed_answers_go_to_the_ballot_on_screen_for_a_while(env):
    services, _, clock, _ = env
    vote = await _vote(services, clock)  # the ballot just arrived: it is on screen
    assert await services.votes.typed(ALICE, "电梯坏了", source="m1") is None
    cast = await services.votes.typed(ALICE, "２。", source="m2")  # full-width, as on a phone
    assert cast is not None and (cast.vote.id, cast.option) == (vote.id, 1)
    assert (await services.votes.typed(ALICE, "同意", source="m3")).option == 0
    assert await services.votes.typed(ALICE, "11", source="m4") is None
    other = await _vote(services, clock)  # a newer ballot arrives: typed answers go there
    assert (await services.votes.typed(ALICE, "弃权", source="m5")).vote.id == other.id
    clock.advance(minutes=31)  # a "2" typed much later (to staff, say) is not a vote
    assert await services.votes.typed(ALICE, "2", source="m6") is None
    await services.votes.ballot(ALICE, vote.id)  # opened again from /votes
    assert (await services.votes.typed(ALICE, "2", source="m7")).vote.id == vote.id
    assert await services.votes.typed(DAVE, "2", source="m8") is None  # no home: not taken
    assert await services.votes.typed(CAROL, "2", source="m9") is None  # a tenant: no ballot


async def test_the_roster_area_column_is_optional_and_checked(env):
    services, db, _, _ = env
    areas = {r["room"]: r["area_m2"] for r in await db.fetchall("SELECT room, area_m2 FROM homes")}
    assert areas == {"101": 100.0, "102": 80.5, "103": None, "201": 120.0}
    plan = await services.lifecycle.plan_import(ROSTER.replace(",120\n", ",lots\n"))
    assert plan.errors == [(5, "roster.err_area")]
    report = await services.roster.import_csv("building,room,phone,area\n7,701,13700000007,66\n")
    assert not report.errors
    assert await db.fetchval("SELECT area_m2 FROM homes WHERE building = '7'") == 66.0


async def test_an_erased_voter_leaves_a_nameless_ballot_that_still_counts(env):
    services, db, clock, _ = env
    named = await _vote(services, clock, named=True, per_home=False)
    await services.votes.cast(CAROL, named.id, 1, source=None)
    privacy, now = services.ports.privacy, clock.now()
    async with db.transaction():
        request = await privacy.request(CAROL, now, now)
        tomb = await privacy.erase(request, CAROL, now)
    ((voter, option, user, _),) = await _ballots(db, named.id)
    assert (voter, option, user) == (f"p:{tomb}", 1, tomb)
    assert await db.fetchval("SELECT COUNT(*) FROM vote_focus WHERE user_id = ?", (CAROL,)) == 0
    assert [o.count for o in (await services.votes.results(MANAGER, named.id))[0].options] == [
        0,
        1,
        0,
    ]
    assert "Carol" not in str(await services.votes.who_voted(MANAGER, named.id))


async def test_ballots_wait_for_the_end_of_quiet_hours(env):
    services, db, clock, _ = env
    clock.set(datetime(2025, 3, 1, 15, 0, tzinfo=UTC))  # 23:00 in Shanghai
    vote = await _vote(services, clock)
    not_before = {
        r["not_before"]
        for r in await db.fetchall("SELECT not_before FROM outbox WHERE key = 'vote.ballot'")
    }
    assert not_before == {"2025-03-02T00:00:00+00:00"}, not_before  # 08:00 local
    clock.advance(minutes=30)  # a "2" typed before the ballot arrived is not a vote
    assert await services.votes.typed(ALICE, "2", source="q1") is None
    clock.set(datetime(2025, 3, 2, 0, 5, tzinfo=UTC))
    assert (await services.votes.typed(ALICE, "2", source="q2")).vote.id == vote.id


async def test_my_data_lists_my_own_ballots_named_or_per_person(env):
    services, db, clock, _ = env
    named = await _vote(services, clock, named=True, per_home=False)
    anonymous = await _vote(services, clock, per_home=False)
    await services.votes.cast(CAROL, named.id, 1, source=None)
    await services.votes.cast(CAROL, anonymous.id, 2, source=None)
    await services.votes.cast(ALICE, named.id, 0, source=None)
    copy = await services.ports.privacy.data_copy(CAROL)
    assert [(v["vote"], v["option"]) for v in copy["votes"]] == [(named.id, 1), (anonymous.id, 2)]
    assert all(v["question"] == named.question for v in copy["votes"])
