"""report_facts (migration 0280) stays equal to the tickets it mirrors: after the backfill and
after every kind of write the real services make (file, take, hand over, resolve, reopen,
confirm with a rating, cancel, a deadline breach, auto-close, erasure of the resident)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.config import load_settings
from bot.domain.people.model import Role
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock, RecordingBoard, RecordingWakeup
from tests.support.report_fixture import seed
from tests.support.wiring import sqlite_services

RES, RES2, STAFF, STAFF2, MANAGER = 11, 12, 21, 22, 31
# What report_facts must hold, recomputed from the tickets and their breaches.
RECOMPUTED = (
    "SELECT t.id, unixepoch(t.created_at), t.kind, t.category, t.urgent, t.home_id,"
    " t.resident_id, t.status, unixepoch(t.respond_by), unixepoch(t.resolve_by),"
    " unixepoch(t.responded_at), unixepoch(t.resolved_at), t.rating,"
    " EXISTS (SELECT 1 FROM ticket_breaches b WHERE b.ticket_id = t.id) FROM tickets t ORDER BY 1"
)
STORED = (
    "SELECT ticket_id, created, kind, category, urgent, home_id, resident_id, status,"
    " respond_by, resolve_by, responded, resolved, rating, breached FROM report_facts ORDER BY 1"
)


async def facts_match(db: Database) -> int:
    expected = await db.fetchrows(RECOMPUTED)
    assert await db.fetchrows(STORED) == expected
    return len(expected)


async def test_the_backfill_copies_every_existing_ticket(tmp_path):
    db = Database(tmp_path / "b.sqlite3")
    await db.connect()
    await migrate(db, target=270)  # the tickets exist before the facts do
    await seed(db)
    async with db.transaction():
        await db.execute(
            "INSERT INTO ticket_breaches VALUES (4, 'response', '2026-11-20T03:00:00')"
        )
    await migrate(db)
    assert await facts_match(db) == 9
    assert await db.fetchval("SELECT breached FROM report_facts WHERE ticket_id = 4") == 1
    await db.close()


@pytest.fixture
async def stack(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "f.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    clock = FakeClock(datetime(2025, 3, 3, 2, 0, tzinfo=UTC))
    services = sqlite_services(
        settings, db, clock=clock, board=RecordingBoard(), wakeup=RecordingWakeup()
    )
    ports = services.ports
    async with db.transaction():
        home = await ports.homes.ensure("3", "2", "1102")
        for user_id, role in ((RES, Role.RESIDENT), (RES2, Role.RESIDENT), (STAFF, Role.STAFF),
                              (STAFF2, Role.STAFF)):  # fmt: skip
            await ports.users.upsert_seen(user_id, f"u{user_id}", None, "zh", clock.now())
            await ports.users.set_role(user_id, role, clock.now())
        await ports.users.set_home(RES, home.id, clock.now())
        await ports.users.set_home(RES2, home.id, clock.now())
    await services.people.touch(MANAGER, "Boss", None, "zh")
    yield services, db, clock
    await db.close()


async def _file(services, resident_id: int, text: str, key: str):
    resident = await services.ports.users.get(resident_id)
    intake = await services.intake.receive(resident, text, source_key=key)
    return await services.intake.submit(resident, intake.draft.id)


async def test_every_kind_of_write_keeps_the_facts_equal(stack):
    services, db, clock = stack
    s = services.tickets

    async def resident(user_id=RES):
        return await services.ports.users.get(user_id)

    first = await _file(services, RES, "3栋2单元电梯坏了，按钮没反应", "11:1")
    assert await facts_match(db) == 1
    second = await _file(services, RES2, "楼道里的灯不亮了", "12:1")
    third = await _file(services, RES, "物业费怎么交", "11:2")
    assert await facts_match(db) == 3
    clock.advance(timedelta(minutes=5))
    assert (await s.take(first.id, STAFF)).changed
    await facts_match(db)
    await s.hand_over(first.id, STAFF, STAFF2)
    await facts_match(db)
    clock.advance(timedelta(hours=1))
    await s.resolve(first.id, STAFF2, "已修好")
    await facts_match(db)
    await s.ask_reopen(await resident(), first.id)
    await s.reopen(await resident(), first.id, "还是不行")
    stored = await db.fetchone("SELECT status, resolved FROM report_facts WHERE ticket_id = ?",
                               (first.id,))  # fmt: skip
    assert (stored[0], stored[1]) == ("reopened", None)
    await facts_match(db)
    await s.resolve(first.id, STAFF2, "换了主板")
    await s.confirm(await resident(), first.id, 4)
    assert (
        await db.fetchval("SELECT rating FROM report_facts WHERE ticket_id = ?", (first.id,)) == 4
    )
    await facts_match(db)
    await s.cancel(await resident(RES2), second.id)
    await facts_match(db)
    clock.advance(timedelta(days=2))  # the third's deadlines pass unanswered
    await services.deadlines.check()
    assert await db.fetchval("SELECT breached FROM report_facts WHERE ticket_id = ?", (third.id,))
    await facts_match(db)
    await s.take(third.id, STAFF)
    await s.resolve(third.id, STAFF, "已回复")
    clock.advance(timedelta(days=30))
    await services.deadlines.auto_close()
    await facts_match(db)
    await services.privacy.request_erasure(RES)
    await services.privacy.run_due_erasures()
    assert await db.fetchval(
        "SELECT COUNT(*) FROM report_facts WHERE resident_id = ?", (RES,)
    ) == 0  # fmt: skip
    assert await facts_match(db) == 3
