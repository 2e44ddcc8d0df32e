"""Survey services on a real SQLite file with a fake clock: versions, campaigns, the schedule
(recurrence, missed runs, reminders), answering, anonymity, results, exports and the chart."""

from __future__ import annotations

import csv
import io
import json
import warnings
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.model import Role
from bot.domain.surveys.campaigns import CampaignStatus, parse_audience
from bot.presentation.surveys.chart import render_chart
from bot.presentation.surveys.exports import responses_csv, responses_xlsx
from bot.presentation.surveys.text import report_json, report_text
from bot.services.surveys.service import InvalidDefinition
from storage.db import Database, to_db_time
from storage.migrate import migrate
from tests.support.fakes import FakeClock
from tests.support.wiring import ServicesOnPorts, sqlite_services

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
SHANGHAI = ZoneInfo("Asia/Shanghai")
MANAGER, ALICE, BOB, CAROL, DAVE = 500, 501, 502, 503, 504
MINI = """
id: mini
title: {zh: 小调查, en: Mini survey}
intro: {zh: 你好, en: Hello}
dimensions: {clean: {zh: 环境卫生, en: Cleaning}, overall: {zh: 总体, en: Overall}}
questions:
  - {id: clean, type: rating, dimension: clean, text: {zh: 卫生如何？, en: "Cleaning?"}}
  - id: why
    type: text
    required: false
    show_if: {question: clean, op: "<=", value: 2}
    text: {zh: 哪里需要改进？, en: "What should improve?"}
  - id: used
    type: multi
    text: {zh: 用过哪些服务？, en: "Services used?"}
    options:
      - {id: repair, text: {zh: 报修, en: Repairs}}
      - {id: parcel, text: {zh: 代收快递, en: Parcels}}
  - {id: overall, type: rating, dimension: overall, text: {zh: 总体满意吗？, en: "Overall?"}}
  - {id: nps, type: nps, text: {zh: 推荐吗？, en: "Recommend?"}}
  - {id: comment, type: text, required: false, text: {zh: 其他意见, en: "Anything else?"}}
"""


class World:
    def __init__(self, db: Database, services: ServicesOnPorts, clock: FakeClock) -> None:
        self.db, self.services, self.clock = db, services, clock
        self.surveys = services.surveys

    async def resident(self, user_id: int, building: str, role: Role = Role.RESIDENT) -> None:
        d = self.services.ports
        async with d.tx.transaction():
            await d.users.upsert_seen(user_id, f"u{user_id}", None, "zh", self.clock.now())
            home = await d.homes.ensure(building, "1", f"{user_id}")
            await d.users.set_home(user_id, home.id, self.clock.now())
            await d.users.set_role(user_id, role, self.clock.now())

    async def user(self, user_id: int):
        return await self.services.ports.users.get(user_id)

    async def delivered(self) -> None:
        """Everything in the outbox reached its reader (no dispatcher runs here)."""
        async with self.db.transaction():
            await self.db.execute("UPDATE outbox SET status = 'sent' WHERE status = 'pending'")

    async def outbox(self, key: str | None = None) -> list[tuple[int, str, dict]]:
        rows = await self.db.fetchall("SELECT user_id, key, extra FROM outbox ORDER BY id")
        return [(r[0], r[1], json.loads(r[2])) for r in rows if key is None or r[1] == key]

    async def launch(self, key: str = "mini", **options):
        now = self.clock.now()
        audience = parse_audience(options.pop("audience", "all"))
        starts = options.pop("starts", now)
        deadline = options.pop("deadline", starts + timedelta(days=14))
        return await self.surveys.launch(None, key, audience, starts, deadline, **options)

    async def answer_all(self, user_id: int, campaign_id: int, scores=(4, 4, 9)) -> None:
        """clean, used (Parcels), overall, nps, skip the comment, submit."""
        a, user = self.surveys.answering, await self.user(user_id)
        await a.start(user, campaign_id)
        clean, overall, nps = scores
        step = (await a.answer(user, campaign_id, 0, clean)).step
        if step.index == 1:
            step = (await a.skip(user, campaign_id, 1)).step
        await a.toggle(user, campaign_id, 2, 1)
        await a.done(user, campaign_id, 2)
        await a.answer(user, campaign_id, 3, overall)
        await a.answer(user, campaign_id, 4, nps)
        await a.skip(user, campaign_id, 5)
        await a.submit(user, campaign_id)


def as_csv(surveys, export, lang: str) -> bytes:
    return responses_csv(export, surveys.translator, lang, SHANGHAI)


@pytest.fixture
async def world(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "s.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    clock = FakeClock(START)
    services = sqlite_services(settings, db, clock=clock)
    w = World(db, services, clock)
    await w.resident(MANAGER, "1", Role.MANAGER)
    for user_id, building in ((ALICE, "3"), (BOB, "3"), (CAROL, "5"), (DAVE, "5")):
        await w.resident(user_id, building)
    await w.surveys.import_text(None, MINI)
    yield w
    await db.close()


# ---- definitions and versions ------------------------------------------------------------------


async def test_reimporting_before_answers_updates_in_place_after_answers_adds_a_version(world):
    s = world.surveys
    same = await s.import_text(None, MINI)
    assert (same.outcome, same.stored.version) == ("unchanged", 1)
    changed = MINI.replace("推荐吗？", "您会推荐吗？")
    updated = await s.import_text(MANAGER, changed)
    assert (updated.outcome, updated.stored.version, updated.stored.id) == (
        "updated",
        1,
        same.stored.id,
    )
    campaign = await world.launch()
    await s.tick()
    user = await world.user(ALICE)
    await s.answering.start(user, campaign.id)
    await s.answering.answer(user, campaign.id, 0, 5)
    again = await s.import_text(MANAGER, MINI)
    assert (again.outcome, again.stored.version) == ("new_version", 2)
    # The running campaign keeps the questions its residents saw.
    old = await s.store.survey(campaign.survey_id)
    assert old.version == 1 and old.survey.question("nps").text.zh == "您会推荐吗？"
    assert (await s.definition("mini")).version == 2


async def test_invalid_definitions_change_nothing(world):
    with pytest.raises(InvalidDefinition) as caught:
        await world.surveys.import_text(None, MINI.replace("type: multi", "type: many"))
    assert (caught.value.error.question, caught.value.error.field) == (3, "type")
    assert (await world.surveys.definition("mini")).survey.question("used").type.value == "multi"


async def test_the_builtin_survey_is_there_when_first_needed(world):
    keys = [s.key for s in await world.surveys.definitions(None)]
    assert keys == ["mini", "satisfaction"]


async def test_residents_may_not_use_manager_operations(world):
    s = world.surveys
    for call in (
        s.import_text(ALICE, MINI),
        s.definitions(ALICE),
        s.campaigns(ALICE),
        s.close(ALICE, 1),
        s.reports.report(ALICE, 1),
        s.reports.responses(ALICE, 1),
        s.wizard.begin(ALICE, "zh"),
        s.launch(ALICE, "mini", parse_audience("all"), START, START + timedelta(days=1)),
    ):
        with pytest.raises(PermissionDenied):
            await call


# ---- campaigns and the schedule --------------------------------------------------------------


async def test_launch_invites_the_audience_through_the_outbox_once(world):
    campaign = await world.launch(audience="buildings:3")
    assert campaign.status is CampaignStatus.SCHEDULED
    assert await world.surveys.tick() == {"launched": 1, "reminded": 0, "closed": 0}
    assert await world.surveys.tick() == {"launched": 0, "reminded": 0, "closed": 0}
    invites = await world.outbox("survey.invite")
    assert [u for u, _, _ in invites] == [ALICE, BOB]
    assert invites[0][2] == {"buttons": "survey_invite", "campaign": campaign.id, "kind": "invite"}
    assert (await world.surveys.campaign(campaign.id)).status is CampaignStatus.RUNNING


async def test_nobody_is_invited_twice_within_the_gap(world):
    await world.launch(audience="buildings:3")
    await world.surveys.tick()
    async with world.db.transaction():  # delivered (an undelivered one is withdrawn at the close)
        await world.db.execute("UPDATE outbox SET status = 'sent'")
    world.clock.advance(days=15)
    await world.launch(audience="all")
    await world.surveys.tick()
    assert [u for u, _, _ in await world.outbox("survey.invite")] == [
        ALICE,
        BOB,
        MANAGER,
        CAROL,
        DAVE,
    ]
    world.clock.advance(days=16)  # 31 days after the first: Alice and Bob may be asked again
    await world.launch(audience="all")
    await world.surveys.tick()
    assert [u for u, _, _ in await world.outbox("survey.invite")][-2:] == [ALICE, BOB]


async def test_residents_with_a_recently_closed_ticket(world):
    async with world.db.transaction():
        for ticket_id, (resident, closed_days_ago) in enumerate(((BOB, 3), (CAROL, 40)), 1):
            closed = to_db_time(START - timedelta(days=closed_days_ago))
            await world.db.execute(
                "INSERT INTO tickets (id, resident_id, kind, category, description, status,"
                " created_at, respond_by, resolve_by, closed_at) VALUES"
                " (?, ?, 'repair', 'elevator', 'x', 'closed', ?, ?, ?, ?)",
                (ticket_id, resident, closed, closed, closed, closed),
            )
    await world.launch(audience="closed:30")
    await world.surveys.tick()
    assert [u for u, _, _ in await world.outbox("survey.invite")] == [BOB]


async def test_a_future_start_waits_and_a_missed_one_happens_once_at_start_up(world):
    campaign = await world.launch(starts=START + timedelta(days=2))
    await world.surveys.tick()
    assert await world.outbox("survey.invite") == []
    world.clock.advance(days=5)  # the bot was down when it should have started
    assert (await world.surveys.tick())["launched"] == 1
    await world.surveys.tick()
    assert len(await world.outbox("survey.invite")) == 5
    assert (await world.surveys.campaign(campaign.id)).status is CampaignStatus.RUNNING


async def test_invitations_wait_for_the_end_of_quiet_hours(world):
    world.clock.set(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))  # 23:00 in Shanghai
    await world.launch()
    await world.surveys.tick()
    row = await world.db.fetchone("SELECT not_before FROM outbox WHERE key = 'survey.invite'")
    assert row[0] == "2026-03-03T00:00:00+00:00"  # 08:00 local


async def test_quarterly_campaigns_spawn_their_next_round(world):
    s = world.surveys
    first = await world.launch(every="quarterly", deadline=START + timedelta(days=10))
    await s.tick()
    second = await s.store.child_of(first.id)
    assert second.starts_at == datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
    assert second.deadline_at - second.starts_at == first.deadline_at - first.starts_at
    assert second.status is CampaignStatus.SCHEDULED and second.every == first.every
    world.clock.set(datetime(2026, 4, 1, 1, 0, 5, tzinfo=UTC))
    done = await s.tick()
    assert done == {"launched": 1, "reminded": 0, "closed": 1}  # the first round ended on day 10
    assert (await s.campaign(first.id)).status is CampaignStatus.CLOSED
    third = await s.store.child_of(second.id)
    assert third.starts_at == datetime(2026, 7, 1, 1, 0, tzinfo=UTC)


async def test_quarters_missed_while_down_launch_once_and_the_series_goes_on(world):
    s = world.surveys
    first = await world.launch(every="quarterly", deadline=START + timedelta(days=10))
    await s.tick()
    second = await s.store.child_of(first.id)
    world.clock.set(datetime(2027, 2, 1, tzinfo=UTC))  # three quarters later
    await s.tick()
    await s.tick()
    assert (await s.campaign(second.id)).status is CampaignStatus.CLOSED  # its deadline passed
    third = await s.store.child_of(second.id)
    assert third.starts_at == datetime(2027, 4, 1, 1, 0, tzinfo=UTC)  # no backlog of rounds
    statuses = [c.status for c in await s.campaigns(None)]
    assert statuses.count(CampaignStatus.SCHEDULED) == 1


async def test_cancelling_the_scheduled_round_ends_the_series(world):
    s = world.surveys
    first = await world.launch(every="monthly")
    await s.tick()
    second = await s.store.child_of(first.id)
    cancelled = await s.close(MANAGER, second.id)
    assert cancelled.status is CampaignStatus.CANCELLED
    world.clock.advance(days=60)
    assert (await s.tick())["launched"] == 0
    with pytest.raises(DomainError):
        await s.close(MANAGER, second.id)


async def test_reminders_reach_only_non_respondents_and_missed_ones_are_sent_once(world):
    s = world.surveys
    campaign = await world.launch(
        reminders=2, remind_every=timedelta(days=3), deadline=START + timedelta(days=10)
    )
    await s.tick()
    await world.answer_all(ALICE, campaign.id)
    await s.answering.decline(await world.user(BOB), campaign.id)
    await s.answering.start(await world.user(CAROL), campaign.id)  # started, not finished
    world.clock.advance(days=1)
    assert (await s.tick())["reminded"] == 0
    world.clock.advance(days=6)  # both reminders are due now: the bot was down
    assert (await s.tick())["reminded"] == 1
    assert (await s.tick())["reminded"] == 0
    reminded = [u for u, _, _ in await world.outbox("survey.reminder")]
    assert sorted(reminded) == [MANAGER, CAROL, DAVE]
    assert (await s.campaign(campaign.id)).reminders_sent == 2


async def test_deadline_closes_the_campaign_and_late_answers_are_refused(world):
    s = world.surveys
    campaign = await world.launch(deadline=START + timedelta(days=2))
    await s.tick()
    await s.answering.start(await world.user(CAROL), campaign.id)
    world.clock.advance(days=2)
    with pytest.raises(DomainError) as caught:  # after the deadline, before the close tick
        await s.answering.answer(await world.user(CAROL), campaign.id, 0, 4)
    assert caught.value.key == "survey.closed"
    assert (await s.tick())["closed"] == 1
    with pytest.raises(DomainError) as caught:
        await s.answering.start(await world.user(DAVE), campaign.id)
    assert caught.value.key == "survey.closed"


# ---- answering ---------------------------------------------------------------------------------


async def test_answers_are_saved_at_once_and_stale_or_forged_input_changes_nothing(world):
    s = world.surveys
    campaign = await world.launch()
    await s.tick()
    alice, a = await world.user(ALICE), s.answering
    step = await a.start(alice, campaign.id)
    assert (step.index, step.progress) == (0, (1, 5))
    answered = await a.answer(alice, campaign.id, 0, 2)  # a low score shows the follow-up
    assert answered.step.index == 1 and answered.step.progress == (2, 6)
    for forged in (
        a.answer(alice, campaign.id, 0, 5),  # the previous question's button
        a.answer(alice, campaign.id, 3, 5),  # a later question
        a.answer(alice, campaign.id + 1, 1, 1),  # another campaign
        a.toggle(alice, campaign.id, 1, 0),  # wrong type of action
        a.back(alice, campaign.id, 0),
    ):
        with pytest.raises(DomainError):
            await forged
    # Restart: a fresh view of the database continues exactly here.
    resumed = await a.start(alice, campaign.id)
    assert resumed.index == 1 and resumed.answers == {"clean": 2}
    typed = await a.text(alice, "楼道太脏 <b>")
    assert typed.value == "楼道太脏 <b>" and typed.step.index == 2
    assert await a.text(alice, "not a text question now") is None
    with pytest.raises(DomainError) as caught:
        await a.done(alice, campaign.id, 2)  # nothing chosen on a required multi
    assert caught.value.key == "survey.choose_one"
    step = await a.toggle(alice, campaign.id, 2, 0)
    step = await a.toggle(alice, campaign.id, 2, 1)
    step = await a.toggle(alice, campaign.id, 2, 0)
    assert step.answers["used"] == ["parcel"]
    await a.done(alice, campaign.id, 2)
    back = await a.back(alice, campaign.id, 3)
    assert back.index == 2 and back.answers["used"] == ["parcel"]
    await a.done(alice, campaign.id, 2)
    # Back twice, then change the first answer so the follow-up disappears.
    await a.back(alice, campaign.id, 3)
    await a.back(alice, campaign.id, 2)
    await a.back(alice, campaign.id, 1)
    changed = await a.answer(alice, campaign.id, 0, 5)
    assert changed.step.index == 2  # "why" is no longer shown
    await a.done(alice, campaign.id, 2)
    await a.answer(alice, campaign.id, 3, 4)
    with pytest.raises(DomainError):
        await a.skip(alice, campaign.id, 4)  # NPS is required
    await a.answer(alice, campaign.id, 4, 10)
    end = await a.skip(alice, campaign.id, 5)
    assert end.step.question is None
    await a.submit(alice, campaign.id)
    response = (await s.store.raw_responses(campaign.id))[0]
    assert response[1] == ALICE and response[4] == {
        "clean": 5,
        "used": ["parcel"],
        "overall": 4,
        "nps": 10,
    }  # the hidden follow-up's stale answer was dropped on submit
    for again in (a.start(alice, campaign.id), a.submit(alice, campaign.id)):
        with pytest.raises(DomainError) as caught:
            await again
        assert caught.value.key == "survey.already_submitted"


async def test_an_update_replayed_after_a_crash_shows_the_current_question_and_applies_nothing(
    world,
):
    """The process died after an answer was committed but before the next question went out:
    the replayed update must not apply again (a toggle would flip back) but must show the
    question now on screen, or the resident waits for ever."""
    s = world.surveys
    campaign = await world.launch()
    await s.tick()
    alice, a = await world.user(ALICE), s.answering
    await a.start(alice, campaign.id)
    first = await a.answer(alice, campaign.id, 0, 2, source="sv:cbq:1")
    replay = await a.answer(alice, campaign.id, 0, 2, source="sv:cbq:1")
    assert replay == first.step  # the follow-up question, nothing recorded twice
    with pytest.raises(DomainError):  # a second, different press of that old button is stale
        await a.answer(alice, campaign.id, 0, 2, source="sv:cbq:2")
    typed = await a.text(alice, "太脏", source="sv:msg:501:7")
    assert await a.text(alice, "太脏", source="sv:msg:501:7") == typed.step
    await a.toggle(alice, campaign.id, 2, 0, source="sv:cbq:3")
    again = await a.toggle(alice, campaign.id, 2, 0, source="sv:cbq:3")
    assert again.answers["used"] == ["repair"]  # not toggled back off
    await a.done(alice, campaign.id, 2, source="sv:cbq:4")
    await a.back(alice, campaign.id, 3, source="sv:cbq:5")
    assert (await a.back(alice, campaign.id, 3, source="sv:cbq:5")).index == 2  # not back twice
    await a.done(alice, campaign.id, 2, source="sv:cbq:6")
    await a.answer(alice, campaign.id, 3, 4, source="sv:cbq:7")
    await a.answer(alice, campaign.id, 4, 9, source="sv:cbq:8")
    end = await a.skip(alice, campaign.id, 5, source="sv:cbq:9")
    assert await a.skip(alice, campaign.id, 5, source="sv:cbq:9") == end.step
    await a.submit(alice, campaign.id, source="sv:cbq:10")
    assert (await a.submit(alice, campaign.id, source="sv:cbq:10")).id == campaign.id
    with pytest.raises(DomainError) as caught:  # a fresh press after submitting
        await a.submit(alice, campaign.id, source="sv:cbq:11")
    assert caught.value.key == "survey.already_submitted"
    response = (await s.store.raw_responses(campaign.id))[0]
    assert response[4] == {"clean": 2, "why": "太脏", "used": ["repair"], "overall": 4, "nps": 9}


async def test_people_outside_the_audience_cannot_answer(world):
    campaign = await world.launch(audience="buildings:5")
    await world.surveys.tick()
    with pytest.raises(DomainError) as caught:
        await world.surveys.answering.start(await world.user(ALICE), campaign.id)
    assert caught.value.key == "survey.not_invited"


async def test_anonymous_campaigns_keep_no_link_to_the_resident(world):
    s = world.surveys
    campaign = await world.launch(anonymous=True, deadline=START + timedelta(days=3))
    await s.tick()
    await world.answer_all(ALICE, campaign.id, scores=(5, 5, 10))
    await s.answering.start(await world.user(BOB), campaign.id)
    await s.answering.answer(await world.user(BOB), campaign.id, 0, 1)  # never finished
    rows = await world.db.fetchall(
        "SELECT user_id, building, started_at, submitted_at FROM survey_responses"
        " WHERE status = 'submitted'"
    )
    assert [tuple(r) for r in rows] == [(None, None, None, None)]
    links = await world.db.fetchall(
        "SELECT user_id, response_id FROM survey_invitations WHERE status = 'submitted'"
    )
    assert [tuple(r) for r in links] == [(ALICE, None)]
    with pytest.raises(DomainError):
        await world.answer_all(ALICE, campaign.id)  # still only once
    world.clock.advance(days=3)
    await s.tick()
    assert await world.db.fetchval("SELECT COUNT(*) FROM survey_responses") == 1
    assert (
        await world.db.fetchval(
            "SELECT COUNT(*) FROM survey_invitations WHERE response_id IS NOT NULL"
        )
        == 0
    )
    export = await s.reports.responses(MANAGER, campaign.id)
    rows = list(csv.reader(io.StringIO(as_csv(s, export, "zh").decode("utf-8-sig"))))
    assert rows[0] == ["response", "clean", "why", "used", "overall", "nps", "comment"]
    assert rows[1] == ["1", "5", "", "代收快递", "5", "10", ""]
    assert export.rows[0].respondent is None  # the service never looked anyone up
    assert "u501" not in json.dumps(report_json(export.report), ensure_ascii=False)


# ---- results -----------------------------------------------------------------------------------


async def test_results_compare_with_the_previous_round_and_export(world):
    s = world.surveys
    first = await world.launch(audience="buildings:3", deadline=START + timedelta(days=5))
    await s.tick()
    await world.answer_all(ALICE, first.id, scores=(5, 5, 10))
    await world.answer_all(BOB, first.id, scores=(4, 4, 9))
    world.clock.advance(days=40)
    second = await world.launch(audience="all", deadline=START + timedelta(days=60))
    await s.tick()
    await world.answer_all(ALICE, second.id, scores=(2, 3, 6))
    await world.answer_all(CAROL, second.id, scores=(4, 5, 9))
    report = await s.reports.report(MANAGER, second.id)
    r = report.results
    assert report.previous.id == first.id
    assert (r.invited, r.responded, r.rate) == (5, 2, 40.0)
    assert r.dimension("clean").rate == 50.0 and r.delta("clean") == (-50.0, -1.5)
    assert r.nps.score == 0.0 and r.nps_delta == -100.0
    data = report_json(report)
    assert data["campaign"]["previous_campaign"] == first.id
    assert [b["building"] for b in data["buildings"]] == ["1", "3", "5"]
    text = "\n".join(report_text(report, s.translator, "zh", SHANGHAI))
    assert "回收率：2/5 = <b>40%</b>（较上期 -60）" in text
    assert "环境卫生：满意率 50%（-50），CSAT 60，均分 3，n=2" in text
    english = "\n".join(report_text(report, s.translator, "en", SHANGHAI))
    assert "Cleaning: satisfied 50% (-50), CSAT 60, mean 3, n=2" in english
    export = await s.reports.responses(MANAGER, second.id)
    rows = list(csv.reader(io.StringIO(as_csv(s, export, "en").decode("utf-8-sig"))))
    assert rows[0][:5] == ["response", "resident_id", "name", "home", "submitted_at"]
    assert rows[1][1:4] == [str(ALICE), "u501", "3-1-501"] and rows[1][-4:] == [
        "Parcels",
        "3",
        "6",
        "",
    ]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(responses_xlsx(export, s.translator, "zh", SHANGHAI)))
    assert book.sheetnames == ["responses", "questions", "dimensions", "response_rates", "nps"]
    assert book["responses"].max_row == 3 and book["responses"]["B2"].value == ALICE
    rates = [[c.value for c in row] for row in book["response_rates"].iter_rows()]
    assert rates[1][:3] == ["(all)", report.results.invited, report.results.responded]
    nps = [[c.value for c in row] for row in book["nps"].iter_rows()]
    assert nps[1][0] == report.results.nps.n and nps[1][-1] == report.results.nps.score


async def test_csv_cells_cannot_become_formulas(world):
    s = world.surveys
    campaign = await world.launch()
    await s.tick()
    alice, a = await world.user(ALICE), s.answering
    await a.start(alice, campaign.id)
    await a.answer(alice, campaign.id, 0, 1)
    await a.text(alice, '=HYPERLINK("http://x")')
    await a.toggle(alice, campaign.id, 2, 0)
    await a.done(alice, campaign.id, 2)
    await a.answer(alice, campaign.id, 3, 1)
    await a.answer(alice, campaign.id, 4, 0)
    await a.skip(alice, campaign.id, 5)
    await a.submit(alice, campaign.id)
    export = await s.reports.responses(None, campaign.id)
    data = as_csv(s, export, "zh").decode("utf-8-sig")
    assert "'=HYPERLINK" in data


async def test_the_chart_is_a_png_and_every_label_glyph_is_in_the_font_used(world):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from bot.presentation.surveys.chart import CJK_FAMILY, chart_labels, font_properties

    s = world.surveys
    await s.ensure_builtin()
    first = await world.launch("satisfaction", deadline=START + timedelta(days=3))
    await s.tick()
    await world.delivered()
    world.clock.advance(days=40)
    second = await world.launch("satisfaction")
    await s.tick()
    report = await s.reports.report(MANAGER, second.id)
    used = font_manager.findfont(font_properties(), fallback_to_default=False)
    face = FT2Font(str(used), face_index=getattr(used, "face_index", 0))
    assert face.family_name == CJK_FAMILY
    charmap = face.get_charmap()
    for lang in ("zh", "en"):
        labels = chart_labels(report, lang, s.translator)
        assert report.previous.id == first.id and len(labels) > 10
        missing = {
            ch for label in labels for ch in label if not ch.isspace() and ord(ch) not in charmap
        }
        assert missing == set(), (lang, missing)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph … missing from font" would fail here
            png = render_chart(report, lang, s.translator)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


async def test_no_thanks_mid_survey_keeps_the_answers_and_start_resumes(world):
    s = world.surveys
    campaign = await world.launch(reminders=1, remind_every=timedelta(days=1))
    await s.tick()
    carol, a = await world.user(CAROL), s.answering
    await a.start(carol, campaign.id)
    await a.answer(carol, campaign.id, 0, 4)
    await a.decline(carol, campaign.id)
    with pytest.raises(DomainError):
        await a.answer(carol, campaign.id, 2, 0)  # declined: the old buttons do nothing
    world.clock.advance(days=1, minutes=1)
    await s.tick()
    assert CAROL not in [u for u, _, _ in await world.outbox("survey.reminder")]
    resumed = await a.start(carol, campaign.id)
    assert (resumed.index, resumed.answers) == (2, {"clean": 4})
    assert (await s.store.invitation(campaign.id, CAROL)).status.value == "started"
