"""Digests on SQLite with a controllable clock: defaults, once per period, missed runs sent
once at start-up, quiet hours, a manager's changes, and the staff group's overdue list."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.errors import PermissionDenied
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock
from tests.support.report_fixture import MANAGER, S1, seed
from tests.support.wiring import sqlite_services

SHANGHAI = ZoneInfo("Asia/Shanghai")
STAFF_CHAT = -100777


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
async def desk(tmp_path):
    settings = load_settings(
        {
            "DATABASE_PATH": str(tmp_path / "d.sqlite3"),
            "MANAGER_IDS": str(MANAGER),
            "STAFF_CHAT_ID": str(STAFF_CHAT),
        }
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    await seed(db)
    clock = FakeClock(local("2026-11-26T12:00"))  # a Thursday
    stack = sqlite_services(settings, db, clock=clock)
    yield stack, clock, db
    await db.close()


async def _queued(db) -> list[tuple[int, str, str]]:
    rows = await db.fetchall("SELECT user_id, key, extra FROM outbox ORDER BY id")
    return [(r[0], r[1], r[2]) for r in rows]


async def test_digests_go_out_once_per_period_and_a_missed_one_at_start_up(desk):
    stack, clock, db = desk
    digests = stack.digests
    assert await digests.tick() == []  # a new install: counting from now, nothing old
    clock.set(local("2026-11-27T08:30"))
    assert await digests.tick() == ["daily:d2026-11-27"]
    assert await digests.tick() == []  # twice at the same moment: still once
    # The bot is down from Friday to Tuesday noon: Monday's weekly and Tuesday's daily
    # go out once when it comes back; the missed Saturday-Monday dailies do not pile up.
    clock.set(local("2026-12-01T12:00"))
    assert sorted(await digests.tick()) == ["daily:d2026-12-01", "monthly:m2026-11",
                                            "weekly:w2026-11-23"]  # fmt: skip
    assert await digests.tick() == []
    rows = await _queued(db)
    managers = [r for r in rows if r[0] == MANAGER]
    assert {('"weekly"' in r[2], '"monthly"' in r[2]) for r in managers} == {
        (True, False),
        (False, True),
    }
    assert [r[0] for r in rows if '"daily"' in r[2]] == [STAFF_CHAT, STAFF_CHAT]
    assert '"period": "20261123_20261129"' in next(r[2] for r in rows if '"weekly"' in r[2])


async def test_a_manager_moves_or_switches_off_a_digest_and_staff_cannot(desk):
    stack, clock, _ = desk
    digests = stack.digests
    await digests.change(MANAGER, "daily", at="07:00")
    await digests.change(MANAGER, "weekly", enabled=False)
    clock.set(local("2026-11-30T07:00"))  # quiet hours until 08:00
    assert await digests.tick() == []
    clock.set(local("2026-11-30T08:00"))
    assert sorted(await digests.tick()) == ["daily:d2026-11-30"]  # not the weekly
    with pytest.raises(PermissionDenied):
        await digests.change(S1, "daily", enabled=False)
    with pytest.raises(PermissionDenied):
        await digests.schedules(S1)
    saved = {s.kind.value: s for s in await digests.schedules(MANAGER)}
    assert not saved["weekly"].enabled and saved["daily"].at.hour == 7
