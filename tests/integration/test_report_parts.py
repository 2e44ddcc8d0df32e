"""Hotspots by unit and building, the building filter, and the drill-downs behind targets and
speed, on real SQLite against the hand-computed estate of tests/support/report_fixture.

November (local) holds #2 #3 #4 #5 #6 #8. Homes: 1-1-101 (#2 #3 #6, all plumbing) and
2-1-201 (#4 service, #5 fees, #8 noise).
- urgent response ≤ 20 min: #3 (urgent repair) answered after 30 min → missed;
- repair resolution ≤ 24 h: #2 resolved after 26 h → missed (#3 is urgent: not counted);
- complaint response ≤ 48 h: #4 answered after 2 h → met; #8 never answered (cancelled);
- responses 10 min (#2), 30 min (#3), 2 h (#4): P90 = 30 min + 0.8 × 90 min = 102 min
  → only #4 at or above it; resolutions 26 h (#2), 2 h (#3): P90 = 2 h + 0.9 × 24 h → #2.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.reports.period import Period
from bot.presentation.reports.exports import csv_bytes, json_bytes
from bot.presentation.reports.text import sections
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock
from tests.support.report_fixture import MANAGER, NOW, R1, S1, seed
from tests.support.wiring import sqlite_services

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


async def _stack(tmp_path, **env):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "r.sqlite3"), "MANAGER_IDS": str(MANAGER), **env}
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    await seed(db)
    return db, sqlite_services(settings, db, clock=FakeClock(NOW))


@pytest.fixture
async def stack(tmp_path):
    db, found = await _stack(tmp_path)
    yield found
    await db.close()


@pytest.fixture
async def low_bars(tmp_path):
    db, found = await _stack(tmp_path, REPORT_HOTSPOT_MIN_UNIT="3", REPORT_HOTSPOT_MIN_BUILDING="3")
    yield found
    await db.close()


async def test_default_bars_find_no_unit_or_building_hotspot(stack):
    report = await stack.reports.report(MANAGER, NOVEMBER)
    assert [(s.scope, s.place, s.tickets) for s in report.hotspots.spots] == [
        ("home", "1-1-101", (2, 3, 6))
    ]
    assert (report.hotspot_min_unit, report.hotspot_min_building) == (5, 8)
    assert await stack.reports.ticket_ids(NOVEMBER, "hot_unit") == []


async def test_unit_and_building_hotspots_are_listed_with_their_tickets(low_bars):
    reports = low_bars.reports
    report = await reports.report(MANAGER, NOVEMBER)
    spots = [(s.scope, s.place, s.category, s.tickets) for s in report.hotspots.spots]
    assert spots == [
        ("home", "1-1-101", "plumbing", (2, 3, 6)),
        ("unit", "1-1", "plumbing", (2, 3, 6)),
        ("building", "1", "plumbing", (2, 3, 6)),
    ]
    assert await reports.ticket_ids(NOVEMBER, "hot_unit") == [2, 3, 6]
    assert await reports.ticket_ids(NOVEMBER, "hot_building") == [2, 3, 6]
    t = low_bars.translator
    zh = next(s for s in sections(report, t, "zh") if s.name == "hotspots")
    assert "同一单元同类问题 ≥ 3 次" in zh.text and "1 栋 供排水" in zh.text
    assert zh.drills == ("hot", "hot_unit", "hot_building", "repeat")
    en = next(s for s in sections(report, t, "en") if s.name == "hotspots")
    assert "Same category in one building ≥ 3 times" in en.text and "Building 1" in en.text
    data = json.loads(json_bytes(report))
    assert [s["scope"] for s in data["hotspots"]["spots"]] == ["home", "unit", "building"]
    rows = list(csv.reader(io.StringIO(csv_bytes(report).decode("utf-8-sig"))))
    assert ["hotspots", "hotspot_unit", "1-1 plumbing", "3"] in rows
    assert ["hotspots", "hotspot_building", "1 plumbing", "3"] in rows


async def test_the_tickets_that_missed_each_target(stack):
    reports = stack.reports
    assert await reports.ticket_ids(NOVEMBER, "miss_urgent") == [3]
    assert await reports.ticket_ids(NOVEMBER, "miss_repair") == [2]
    assert await reports.ticket_ids(NOVEMBER, "miss_complaint") == []
    report = await reports.report(MANAGER, NOVEMBER)
    targets = next(s for s in sections(report, stack.translator, "zh") if s.name == "targets")
    # Complaints: all in time; satisfaction 50 % of ratings 4-5 (#2 ★5, #3 ★2): missed.
    assert targets.drills == ("miss_urgent", "miss_repair", "lowrated")


async def test_the_slowest_tickets_at_or_above_the_90th_percentile(stack):
    reports = stack.reports
    assert await reports.ticket_ids(NOVEMBER, "slow_response") == [4]
    assert await reports.ticket_ids(NOVEMBER, "slow_resolution") == [2]
    page = await reports.drill(MANAGER, NOVEMBER, "slow_response")
    assert [line.id for line in page.lines] == [4] and page.total == 1


async def test_closed_cancelled_and_repeat_reporters_open_their_tickets(stack):
    reports = stack.reports
    assert await reports.ticket_ids(NOVEMBER, "closed") == [2, 3]  # confirmed in November
    assert await reports.ticket_ids(NOVEMBER, "cancelled") == [8]
    assert await reports.ticket_ids(NOVEMBER, "cancelled", "1") == []
    # 张三 filed #2 #3 #6 and Bob #4 #5 #8 in November: three each, REPORT_HOTSPOT_MIN = 3.
    assert await reports.ticket_ids(NOVEMBER, "repeat") == [2, 3, 4, 5, 6, 8]
    report = await reports.report(MANAGER, NOVEMBER)
    named = {s.name: s.drills for s in sections(report, stack.translator, "en")}
    assert named["volume"] == ("created", "resolved", "closed", "cancelled", "backlog", "overdue")
    assert named["hotspots"] == ("hot", "repeat")
    lines = await reports.export_lines(NOVEMBER)
    assert [line.id for line in lines["closed"]] == [2, 3]


async def test_one_building_only(stack):
    reports = stack.reports
    assert await reports.buildings(MANAGER, NOVEMBER) == ["1", "2"]
    report = await reports.report(MANAGER, NOVEMBER, "2")
    assert report.building == "2" and report.volume.created == 3  # #4 #5 #8
    page = await reports.drill(MANAGER, NOVEMBER, "created", building="2")
    assert [line.id for line in page.lines] == [4, 5, 8] and page.building == "2"
    assert await reports.ticket_ids(NOVEMBER, "miss_urgent", "2") == []
    _report, lines = await reports.export(MANAGER, NOVEMBER, "1")
    assert [line.id for line in lines["created"]] == [2, 3, 6]
    assert [line.id for line in lines["miss_urgent"]] == [3]


async def test_new_drill_downs_are_for_managers_only(stack):
    reports = stack.reports
    for who in (S1, R1, None):
        for drill in ("hot_unit", "miss_urgent", "slow_response", "weak"):
            with pytest.raises(PermissionDenied):
                await reports.drill(who, NOVEMBER, drill, index=0)
        with pytest.raises(PermissionDenied):
            await reports.buildings(who, NOVEMBER)


async def test_a_weak_area_without_a_survey_is_empty_and_a_forged_drill_is_stale(stack):
    page = await stack.reports.drill(MANAGER, NOVEMBER, "weak", index=0)
    assert page.total == 0
    with pytest.raises(DomainError):
        await stack.reports.drill(MANAGER, NOVEMBER, "nonsense")
