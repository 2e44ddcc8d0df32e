"""The mirror: the latest closed survey beside the period's tickets; anonymous campaigns are
never broken down below five answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from bot.domain.reports.period import Period
from bot.domain.surveys.campaigns import parse_audience
from bot.presentation.reports.text import sections
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock
from tests.support.wiring import sqlite_services

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
MANAGER = 500
RESIDENTS = (501, 502, 503, 504, 505, 506)
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
MIRROR = """
id: mirr
title: {zh: 镜子调查, en: Mirror survey}
intro: {zh: 你好, en: Hello}
dimensions:
  cleaning: {zh: 环境卫生, en: Cleaning}
  facilities: {zh: 共用设施, en: Facilities}
  overall: {zh: 总体, en: Overall}
questions:
  - {id: cleaning, type: rating, dimension: cleaning, text: {zh: 卫生？, en: "Cleaning?"}}
  - {id: facilities, type: rating, dimension: facilities, text: {zh: 设施？, en: "Facilities?"}}
  - {id: overall, type: rating, dimension: overall, text: {zh: 总体？, en: "Overall?"}}
"""


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {
            "DATABASE_PATH": str(tmp_path / "m.sqlite3"),
            "MANAGER_IDS": str(MANAGER),
            "SURVEY_GAP_DAYS": "0",
        }
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    clock = FakeClock(START)
    stack = sqlite_services(settings, db, clock=clock)
    d = stack.ports
    async with d.tx.transaction():
        for user_id in (MANAGER, *RESIDENTS):
            await d.users.upsert_seen(user_id, f"u{user_id}", None, "zh", clock.now())
            home = await d.homes.ensure("3", "1", str(user_id))
            await d.users.set_home(user_id, home.id, clock.now())
            role = Role.MANAGER if user_id == MANAGER else Role.RESIDENT
            await d.users.set_role(user_id, role, clock.now())
        # Two cleaning complaints in March, never resolved, past their deadline.
        for n in (1, 2):
            await db.execute(
                "INSERT INTO tickets (resident_id, kind, category, description, created_at,"
                " respond_by, resolve_by) VALUES (501, 'complaint', 'cleaning', 'x', ?, ?, ?)",
                (f"2026-03-0{n + 2}T02:00:00+00:00", "2026-03-04T00:00:00+00:00",
                 "2026-03-05T00:00:00+00:00"),
            )  # fmt: skip
    await stack.surveys.import_text(None, MIRROR)
    yield stack, clock
    await db.close()


async def _round(stack, clock, answerers, scores, anonymous=False):
    surveys = stack.surveys
    now = clock.now()
    campaign = await surveys.launch(
        None, "mirr", parse_audience("all"), now, now + timedelta(days=2), anonymous=anonymous
    )
    await surveys.tick()
    for user_id in answerers:
        user = await stack.ports.users.get(user_id)
        await surveys.answering.start(user, campaign.id)
        for index, value in enumerate(scores):
            await surveys.answering.answer(user, campaign.id, index, value)
        await surveys.answering.submit(user, campaign.id)
    clock.advance(days=3)
    await surveys.tick()  # closes it
    return campaign


async def test_weak_areas_are_where_residents_and_tickets_both_say_so(estate):
    stack, clock = estate
    await _round(stack, clock, RESIDENTS, (2, 5, 3))
    report = await stack.reports.report(MANAGER, MARCH)
    mirror = report.mirror
    rows = {row.dimension: row for row in mirror.rows}
    assert rows["cleaning"].rate == 0.0 and rows["cleaning"].tickets == 2
    assert rows["cleaning"].met == 0.0
    assert rows["facilities"].rate == 100.0 and rows["facilities"].tickets == 0
    assert [row.dimension for row in mirror.weakest] == ["cleaning"]
    assert mirror.rate == 0.0  # overall: everyone gave 3
    targets = {t.key: t.met for t in report.targets}
    assert targets["survey_satisfaction"] is False


async def test_an_anonymous_round_under_five_answers_is_not_broken_down(estate):
    stack, clock = estate
    await _round(stack, clock, RESIDENTS, (4, 4, 4))
    second = await _round(stack, clock, RESIDENTS[:4], (1, 1, 1), anonymous=True)
    mirror = (await stack.reports.report(MANAGER, MARCH)).mirror
    assert mirror.campaign_id == second.id and mirror.anonymous
    assert all(row.rate is None and row.change is None for row in mirror.rows)
    assert mirror.rate is None and mirror.weakest == ()


async def test_no_closed_survey_no_mirror(estate):
    stack, _ = estate
    report = await stack.reports.report(MANAGER, MARCH)
    assert report.mirror is None
    assert {t.key for t in report.targets} >= {"satisfaction"}


async def test_the_mirror_chart_is_drawn(estate):
    from bot.presentation.reports.charts import chart_labels, render_charts

    stack, clock = estate
    await _round(stack, clock, RESIDENTS, (2, 5, 3))
    report = await stack.reports.report(MANAGER, MARCH)
    for lang in ("zh", "en"):
        assert "环境卫生" in chart_labels(report, "zh", stack.translator)
        png = render_charts(report, lang, stack.translator)
        assert png is not None and png[:4] == b"\x89PNG"


DECLARED = """
id: mirr
title: {zh: 镜子调查, en: Mirror survey}
intro: {zh: 你好, en: Hello}
dimensions:
  cleaning: {zh: 环境卫生, en: Cleaning, mirror: [greening]}
  facilities: {zh: 共用设施, en: Facilities, mirror: {kinds: [complaint], categories: [cleaning]}}
  overall: {zh: 总体, en: Overall}
questions:
  - {id: cleaning, type: rating, dimension: cleaning, text: {zh: 卫生？, en: "Cleaning?"}}
  - {id: facilities, type: rating, dimension: facilities, text: {zh: 设施？, en: "Facilities?"}}
  - {id: overall, type: rating, dimension: overall, text: {zh: 总体？, en: "Overall?"}}
"""


async def test_the_survey_definition_decides_which_tickets_a_dimension_mirrors(estate):
    stack, clock = estate
    await stack.surveys.import_text(None, DECLARED)  # nobody answered yet: replaces it
    await _round(stack, clock, RESIDENTS, (2, 2, 3))
    mirror = (await stack.reports.report(MANAGER, MARCH)).mirror
    rows = {row.dimension: row for row in mirror.rows}
    # cleaning now mirrors greening (none); facilities the two cleaning complaints.
    assert rows["cleaning"].tickets == 0
    assert rows["facilities"].tickets == 2 and rows["facilities"].met == 0.0
    assert [row.dimension for row in mirror.weakest] == ["facilities"]
    index = list(rows).index("facilities")
    page = await stack.reports.drill(MANAGER, MARCH, "weak", index=index)
    assert [line.id for line in page.lines] == [1, 2]
    lines = await stack.reports.export_lines(MARCH)
    assert [line.id for line in lines["weak"]] == [1, 2]
    # A dimension that is not weak cannot be opened (a forged or stale press).
    with pytest.raises(DomainError):
        await stack.reports.drill(MANAGER, MARCH, "weak", index=list(rows).index("cleaning"))


async def test_the_built_in_questionnaire_keeps_the_default_mapping(estate):
    from bot.domain.reports.mirror import DEFAULT_MAPPING, tickets_for
    from bot.domain.surveys.files import parse_survey_file
    from bot.services.surveys.definitions import builtin_text

    survey = parse_survey_file(builtin_text())
    assert survey.mirrors == {}  # no mirror keys: the defaults apply
    assert DEFAULT_MAPPING["activities"] == ((), ())
    assert tickets_for("activities", [("repair", False, "cleaning")], START) is None


async def test_a_weak_area_of_an_anonymous_round_under_five_cannot_be_opened(estate):
    stack, clock = estate
    await _round(stack, clock, RESIDENTS[:4], (1, 1, 1), anonymous=True)
    mirror = (await stack.reports.report(MANAGER, MARCH)).mirror
    assert mirror.weakest == () and all(row.rate is None for row in mirror.rows)
    for index in range(len(mirror.rows)):
        with pytest.raises(DomainError):
            await stack.reports.drill(MANAGER, MARCH, "weak", index=index)
    assert (await stack.reports.export_lines(MARCH))["weak"] == []


async def test_a_one_building_report_never_breaks_the_survey_down_by_building(estate):
    stack, clock = estate
    await _round(stack, clock, RESIDENTS[:4], (1, 1, 1), anonymous=True)
    whole = (await stack.reports.report(MANAGER, MARCH)).mirror
    one = (await stack.reports.report(MANAGER, MARCH, "3")).mirror
    assert [(r.dimension, r.rate, r.answers) for r in one.rows] == [
        (r.dimension, r.rate, r.answers) for r in whole.rows
    ]
    assert all(row.rate is None for row in one.rows)  # still four answers: hidden
    elsewhere = (await stack.reports.report(MANAGER, MARCH, "9")).mirror
    assert all(row.rate is None for row in elsewhere.rows)


WITH_ACTIVITIES = (
    MIRROR.replace("mirr", "acts")
    .replace(
        "  overall: {zh: 总体, en: Overall}",
        "  activities: {zh: 社区文化活动, en: Community activities}\n  overall: {zh: 总体, en: Overall}",
    )
    .replace(
        "  - {id: overall,",
        '  - {id: act, type: rating, dimension: activities, text: {zh: 活动？, en: "Events?"}}\n'
        "  - {id: overall,",
    )
)


async def test_activity_ratings_stand_beside_the_activities_dimension(estate):
    stack, clock = estate
    await stack.surveys.import_text(None, WITH_ACTIVITIES)
    db = stack.ports.tx  # the Database itself
    async with db.transaction():
        await db.execute(
            "INSERT INTO activities (id, title, place, starts_at, ends_at, capacity, deadline,"
            " token, created_at) VALUES (1, '灯笼', '会所', ?, ?, 20, ?, 't', ?)",
            ("2026-03-01T06:00:00+00:00", "2026-03-01T08:00:00+00:00",
             "2026-03-01T06:00:00+00:00", "2026-02-20T06:00:00+00:00"),
        )  # fmt: skip
        for position, (user_id, stars) in enumerate(((501, 5), (502, 4), (503, 3)), start=1):
            await db.execute(
                "INSERT INTO activity_signups (activity_id, user_id, seat, heads, position,"
                " updated_at, rating) VALUES (1, ?, 'going', 1, ?, ?, ?)",
                (user_id, position, "2026-02-21T06:00:00+00:00", stars),
            )
    now = clock.now()
    campaign = await stack.surveys.launch(
        None, "acts", parse_audience("all"), now, now + timedelta(days=2)
    )
    await stack.surveys.tick()
    for user_id in RESIDENTS:
        user = await stack.ports.users.get(user_id)
        await stack.surveys.answering.start(user, campaign.id)
        for index, value in enumerate((4, 4, 4, 4)):
            await stack.surveys.answering.answer(user, campaign.id, index, value)
        await stack.surveys.answering.submit(user, campaign.id)
    clock.advance(days=3)
    await stack.surveys.tick()
    report = await stack.reports.report(MANAGER, MARCH)
    assert report.mirror.activity_ratings == (3, 4.0)
    text = "\n".join(s.text for s in sections(report, stack.translator, "zh"))
    assert "活动现场评分：3 份，平均 4.0★" in text
