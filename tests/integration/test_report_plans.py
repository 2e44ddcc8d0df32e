"""Every statement of a report and its export reads through an index (migrations 0260, 0280):
no full scan of tickets or events, whatever their number; the plans hold without ANALYZE."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import load_settings
from bot.domain.reports.period import Period
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock
from tests.support.report_fixture import MANAGER, NOW, seed
from tests.support.wiring import sqlite_services


class Recording(Database):
    def __init__(self, path) -> None:
        super().__init__(path)
        self.statements: dict[str, tuple] = {}

    async def fetchall(self, sql, params=()):
        self.statements.setdefault(sql, tuple(params))
        return await super().fetchall(sql, params)

    async def fetchone(self, sql, params=()):
        self.statements.setdefault(sql, tuple(params))
        return await super().fetchone(sql, params)

    async def fetchrows(self, sql, params=()):
        self.statements.setdefault(sql, tuple(params))
        return await super().fetchrows(sql, params)


@pytest.mark.parametrize("building", [None, "1"])
async def test_no_statement_scans_the_tickets_or_their_events(tmp_path, building):
    settings = load_settings({"DATABASE_PATH": str(tmp_path / "p.sqlite3")})
    db = Recording(settings.database_path)
    await db.connect()
    await migrate(db)
    await seed(db)
    reports = sqlite_services(settings, db, clock=FakeClock(NOW)).reports
    november = Period(date(2026, 11, 1), date(2026, 11, 30))
    db.statements.clear()
    await reports.report(MANAGER, november, building)
    await reports.export_lines(november, building)
    plans = {}
    for sql, params in db.statements.items():
        rows = await Database.fetchall(db, "EXPLAIN QUERY PLAN " + sql, params)
        plans[sql] = [r[3] for r in rows]
    await db.close()
    scans = {
        sql[:80]: step
        for sql, plan in plans.items()
        for step in plan
        if step.startswith("SCAN")
        and any(f" {t}" in step for t in ("t", "e", "tickets", "report_facts"))
        and "USING" not in step  # an index walked in its order is fine
    }
    assert scans == {}
    used = " ".join(step for plan in plans.values() for step in plan)
    for index in (
        "report_facts_created",
        "tickets_kind_category",
        "tickets_home_category",
        "tickets_created",
        "tickets_closed",
        "tickets_open",
        "ticket_events_action",
        "ticket_events_marks",
    ):
        assert index in used, index  # fmt: skip
