"""The report on real SQLite against the hand-computed estate of tests/support/report_fixture."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import load_settings
from bot.domain.errors import PermissionDenied
from bot.domain.reports.period import Period
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock
from tests.support.report_fixture import MANAGER, NOW, R1, S1, S2, seed
from tests.support.wiring import sqlite_services

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
async def reports(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "r.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    await seed(db)
    stack = sqlite_services(settings, db, clock=FakeClock(NOW))
    yield stack.reports
    await db.close()


async def test_volume_is_cut_at_local_midnight_and_compared_with_the_previous_period(reports):
    v = (await reports.report(MANAGER, NOVEMBER)).volume
    # #1 at 23:59 on 31 Oct local is October's; #2 at 00:00 and #6 at 23:59:59 on 30 Nov are
    # November's; #7 at 00:00 on 1 Dec is not.
    assert v.created == 6
    assert v.by_kind == {"repair": (3, 2), "complaint": (2, 0), "inquiry": (1, 0)}
    assert v.by_category["plumbing"] == (3, 1)
    assert v.previous == (2, 1, 0, 0)  # #1 and #9 created, #9 resolved in October
    assert (v.resolved, v.closed, v.cancelled) == (4, 2, 1)  # #1-#4; #2, #3; #8
    # Open at the end: #9 (resolved in Oct, reopened in Nov), #5, #6; not #4 (resolved on
    # 25 Nov, reopened only in December). All three past their deadline now.
    assert v.backlog == 3 and v.overdue == 3
    assert [i for i, _ in v.oldest] == [9, 5, 6]


async def test_a_ticket_reopened_after_the_period_is_in_the_next_periods_backlog(reports):
    december = Period(date(2026, 12, 1), date(2026, 12, 3))
    v = (await reports.report(MANAGER, december)).volume
    assert [i for i, _ in v.oldest] == [9, 4, 5, 6, 7]


async def test_speed_percentiles_and_deadline_achievement(reports):
    s = (await reports.report(MANAGER, NOVEMBER)).speed
    response = s.response["all"].wall
    # Responses of #2, #3, #4: 10 min, 30 min, 2 h.
    assert (response.count, response.median) == (3, 1800)
    assert response.p90 == pytest.approx(1800 + 0.8 * 5400)
    resolution = s.resolution["all"].wall  # #2: 26 h, #3: 2 h (#4 is reopened: unresolved)
    assert (resolution.count, resolution.median) == (2, 50400)
    assert s.response["urgent"].wall.median == 1800
    # Sunday 00:00 -> 00:10 local is no working time at all.
    assert s.response["repair"].business.count == 2
    # Response met: #2, #4 of #2 #3 #4 #5 #6 (#8 was cancelled); resolution: #2, #3 of the same.
    assert s.response_met == (2, 5) and s.resolution_met == (2, 5)
    assert s.breaches_by_category == {"plumbing": 1}


async def test_quality_ratings_people_hotspots_and_targets(reports):
    r = await reports.report(MANAGER, NOVEMBER)
    q = r.quality
    # Resolved in November: #1 #2 (one-touch), #3 (handed over), #4 (reopened later).
    assert (q.resolved, q.one_touch, q.reopened, q.handovers) == (4, 2, 1, 1)
    assert q.ratings == {5: 1, 2: 1} and q.average == 3.5
    people = {p.staff_id: p for p in r.people}
    # S1 took #1 at 00:20 on 1 Nov local (October's ticket, November's take) and #2.
    assert (people[S1].taken, people[S1].resolved, people[S1].handed_over) == (2, 3, 0)
    assert people[S1].median_resolution == 93600 and people[S1].met == (2, 3)
    assert people[S1].rating == 3.5
    assert (people[S2].taken, people[S2].resolved, people[S2].handed_over) == (2, 1, 1)
    assert [(h.category, h.place, h.tickets) for h in r.hotspots.spots] == [
        ("plumbing", "1-1-101", (2, 3, 6))
    ]
    assert {p.resident_id for p in r.hotspots.reporters} == {R1, 902}
    assert r.hotspots.heatmap[6][0] == 1  # #2: Sunday 00:00 local
    targets = {t.key: (t.value, t.met) for t in r.targets}
    assert targets == {
        "urgent_response": (0.0, False),  # #3 answered after 30 min
        "repair_resolution": (0.0, False),  # #2 took 26 h
        "complaint_response": (100.0, True),  # #4 in 2 h
        "satisfaction": (50.0, False),
    }


async def test_an_empty_period_has_zeros_and_no_percentiles(reports):
    r = await reports.report(MANAGER, Period(date(2025, 1, 1), date(2025, 1, 31)))
    assert r.volume.created == 0 and r.volume.backlog == 0
    assert r.speed.response == {} and r.speed.response_met == (0, 0)
    assert r.quality.average is None and r.hotspots.spots == ()
    assert all(t.value is None and t.met is None for t in r.targets)


async def test_drill_downs_list_the_tickets_behind_each_figure(reports):
    created = await reports.drill(MANAGER, NOVEMBER, "created")
    assert [line.id for line in created.lines] == [2, 3, 4, 5, 6, 8]
    assert created.lines[0].created_at == "2026-11-01 00:00"  # local time
    backlog = await reports.drill(MANAGER, NOVEMBER, "backlog")
    assert [line.id for line in backlog.lines] == [9, 5, 6]
    assert [x.id for x in (await reports.drill(MANAGER, NOVEMBER, "hot")).lines] == [2, 3, 6]
    assert [x.id for x in (await reports.drill(MANAGER, NOVEMBER, "breached")).lines] == [3]
    assert [x.id for x in (await reports.drill(MANAGER, NOVEMBER, "lowrated")).lines] == [3]
    assert [x.id for x in (await reports.drill(MANAGER, NOVEMBER, "reopened")).lines] == [4]


async def test_a_building_filter_keeps_only_its_tickets(reports):
    r = await reports.report(MANAGER, NOVEMBER, building="2")
    assert r.volume.created == 3 and r.people == ()
    assert (r.volume.resolved, r.volume.cancelled, r.volume.backlog) == (1, 1, 2)  # #4; #8; #9 #5
    assert (r.quality.resolved, r.quality.reopened, r.quality.one_touch) == (1, 1, 0)
    one = await reports.report(MANAGER, NOVEMBER, building="1")
    assert (one.volume.resolved, one.volume.closed, one.quality.one_touch) == (3, 2, 2)


@pytest.mark.parametrize("who", [S1, R1, 123456])
async def test_staff_and_residents_are_refused(reports, who):
    with pytest.raises(PermissionDenied):
        await reports.report(who, NOVEMBER)
    with pytest.raises(PermissionDenied):
        await reports.drill(who, NOVEMBER, "created")


async def test_the_charts_draw_every_label_with_the_cjk_font(reports):
    import warnings

    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from bot.i18n import Translator
    from bot.presentation.reports.charts import chart_labels, render_charts
    from bot.presentation.surveys.chart import font_properties

    report = await reports.report(MANAGER, NOVEMBER)
    used = font_manager.findfont(font_properties(), fallback_to_default=False)
    charmap = FT2Font(str(used), face_index=getattr(used, "face_index", 0)).get_charmap()
    translator = Translator("zh")
    for lang in ("zh", "en"):
        labels = chart_labels(report, lang, translator)
        missing = {
            c for label in labels for c in label if not c.isspace() and ord(c) not in charmap
        }
        assert missing == set(), (lang, missing)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            png = render_charts(report, lang, translator)
        assert png is not None and png[:4] == b"\x89PNG"
    empty = await reports.report(MANAGER, Period(date(2025, 1, 1), date(2025, 1, 2)))
    assert render_charts(empty, "zh", translator) is None
