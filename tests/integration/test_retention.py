"""Pruning of the runtime tables on a real SQLite file: what replay can still need stays."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.app import build_application
from bot.config import load_settings
from bot.services.messaging.retention import RetentionService
from handlers.runtime.jobs import prune_storage
from storage.db import Database, to_db_time
from storage.migrate import migrate
from storage.runtime.inbox import SqliteInbox, SqliteLedger
from storage.runtime.retention import SqliteRetention
from tests.support.fakes import FakeClock

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
KEEP = timedelta(days=7)
OLD = NOW - timedelta(days=10)
RECENT = NOW - timedelta(days=2)


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "retention.sqlite3")
    await database.connect()
    await migrate(database)
    yield database
    await database.close()


def service(db: Database, batch: int = 500, store=None) -> RetentionService:
    return RetentionService(db, store or SqliteRetention(db), FakeClock(NOW), KEEP, batch)


async def receive(db: Database, update_id: int, at: datetime, done: datetime | None) -> None:
    await SqliteInbox(db).store([(update_id, f'{{"update_id": {update_id}}}')], at)
    if done is not None:
        await SqliteInbox(db).mark_done([update_id], done)


async def claim(db: Database, key: str, at: datetime) -> None:
    async with db.transaction():
        assert await SqliteLedger(db).claim(key, at)


async def outbox_row(
    db: Database, status: str, created: datetime, sent: datetime | None = None, notice=None
) -> int:
    async with db.transaction():
        cursor = await db.execute(
            "INSERT INTO outbox (user_id, key, not_before, created_at, status, sent_at,"
            " notice_id) VALUES (1, 'ticket.update', ?, ?, ?, ?, ?)",
            (to_db_time(created), to_db_time(created), status, sent and to_db_time(sent), notice),
        )
    return cursor.lastrowid


async def a_notice(db: Database) -> int:
    async with db.transaction():
        cursor = await db.execute(
            "INSERT INTO notices (body, audience, status, scheduled_at, created_at)"
            " VALUES ('停水通知', 'all', 'done', ?, ?)",
            (to_db_time(OLD), to_db_time(OLD)),
        )
    return cursor.lastrowid


async def column(db: Database, sql: str) -> list:
    return [row[0] for row in await db.fetchall(sql)]


async def test_old_handled_updates_go_and_unhandled_ones_stay_whatever_their_age(db):
    await receive(db, 1, OLD, done=OLD)  # handled long ago: replay can no longer need it
    await receive(db, 2, OLD, done=None)  # never handled: replayed at start-up, keep
    await receive(db, 3, OLD, done=RECENT)  # handled recently (after a long outage): keep
    await receive(db, 4, RECENT, done=RECENT)

    pruned = await service(db).prune()

    assert pruned.inbox == 1
    assert await column(db, "SELECT update_id FROM inbox ORDER BY update_id") == [2, 3, 4]
    assert [uid for uid, _ in await SqliteInbox(db).pending()] == [2]
    assert await SqliteInbox(db).next_offset() == 5  # Telegram never redelivers what went


async def test_effect_keys_of_updates_still_in_the_inbox_stay(db):
    waiting_since = NOW - timedelta(days=9)
    await claim(db, "msg:1:1", NOW - timedelta(days=20))  # older than anything still waiting
    await receive(db, 7, waiting_since, done=None)  # crashed mid-handling nine days ago
    await claim(db, "msg:1:7", waiting_since)  # its effect: the replay must find it
    await claim(db, "msg:1:8", NOW - timedelta(days=8))  # later than the waiting update
    await claim(db, "msg:1:9", RECENT)

    pruned = await service(db).prune()

    assert pruned.effects == 1
    assert await column(db, "SELECT key FROM effects ORDER BY key") == [
        "msg:1:7",
        "msg:1:8",
        "msg:1:9",
    ]
    assert await SqliteLedger(db).seen("msg:1:7")
    await SqliteInbox(db).mark_done([7], NOW)  # handled at last: nothing waits any more
    assert (await service(db).prune()).effects == 2
    assert await column(db, "SELECT key FROM effects") == ["msg:1:9"]


async def test_only_finished_outbox_rows_no_notice_owns_are_pruned(db):
    notice = await a_notice(db)
    gone = [
        await outbox_row(db, "sent", OLD, sent=OLD),
        await outbox_row(db, "failed", OLD),
        await outbox_row(db, "unreachable", OLD),
    ]
    kept = [
        await outbox_row(db, "pending", OLD),  # still to be delivered
        await outbox_row(db, "sent", OLD, sent=OLD, notice=notice),  # /notice_stats reads it
        await outbox_row(db, "sent", OLD, sent=RECENT),  # delivered only recently
        await outbox_row(db, "sent", RECENT, sent=RECENT),
    ]

    pruned = await service(db).prune()

    assert pruned.outbox == len(gone)
    assert await column(db, "SELECT id FROM outbox ORDER BY id") == kept


async def test_pruning_twice_changes_nothing_more(db):
    for update_id in range(1, 6):
        await receive(db, update_id, OLD, done=OLD)
        await claim(db, f"msg:1:{update_id}", OLD)
        await outbox_row(db, "sent", OLD, sent=OLD)
    await receive(db, 6, RECENT, done=None)  # waiting, but newer than the old effects

    first = await service(db).prune()
    snapshot = [await column(db, f"SELECT * FROM {t}") for t in ("inbox", "effects", "outbox")]
    second = await service(db).prune()

    assert (first.inbox, first.effects, first.outbox) == (5, 5, 5)
    assert second.total == 0
    assert [await column(db, f"SELECT * FROM {t}") for t in ("inbox", "effects", "outbox")] == (
        snapshot
    )
    assert await column(db, "SELECT update_id FROM inbox") == [6]


class Recording:
    """The real store, with every batch's size noted and a hook after the first one."""

    def __init__(self, db: Database, log: list[str], first_batch: asyncio.Event) -> None:
        self.real, self.log, self.first_batch = SqliteRetention(db), log, first_batch
        self.sizes: list[int] = []

    async def prune_inbox(self, before: datetime, limit: int) -> int:
        count = await self.real.prune_inbox(before, limit)
        self.sizes.append(count)
        self.log.append("prune batch")
        self.first_batch.set()
        return count

    async def prune_effects(self, before: datetime, limit: int) -> int:
        return await self.real.prune_effects(before, limit)

    async def prune_outbox(self, before: datetime, limit: int) -> int:
        return await self.real.prune_outbox(before, limit)


async def test_pruning_runs_in_small_batches_that_let_other_writers_in(db):
    await SqliteInbox(db).store([(i, "{}") for i in range(1, 11)], OLD)
    await SqliteInbox(db).mark_done(list(range(1, 11)), OLD)
    log: list[str] = []
    first_batch = asyncio.Event()
    store = Recording(db, log, first_batch)

    async def another_writer():
        await first_batch.wait()  # queued on the write lock while the first batch holds it
        async with db.transaction():
            await db.execute("INSERT INTO kv (key, value) VALUES ('other', 'writer')")
            log.append("other writer")

    async with asyncio.timeout(10):  # a safety net against a deadlock, not a timing check
        pruned, _ = await asyncio.gather(service(db, 3, store).prune(), another_writer())

    assert store.sizes == [3, 3, 3, 1]
    assert pruned.inbox == 10 and pruned.batches == 4 + 1 + 1
    assert log.index("other writer") == 1  # right after the first batch, not after the last
    assert await db.fetchval("SELECT COUNT(*) FROM inbox") == 0


async def test_retention_days_is_a_positive_setting():
    assert load_settings({}).inbox_retention_days == 7
    assert load_settings({"INBOX_RETENTION_DAYS": "30"}).inbox_retention_days == 30
    with pytest.raises(ValueError, match="INBOX_RETENTION_DAYS"):
        load_settings({"INBOX_RETENTION_DAYS": "0"})


async def test_the_bot_prunes_hourly_through_its_job_queue(db, tmp_path):
    app = build_application(load_settings({"DATABASE_PATH": str(tmp_path / "bot.sqlite3")}))
    assert [job.name for job in app.job_queue.jobs()].count("prune") == 1
    assert app.bot_data["services"].retention is not None
    await receive(db, 1, OLD, done=OLD)
    context = SimpleNamespace(services=SimpleNamespace(retention=service(db)))
    await prune_storage(context)
    assert await db.fetchval("SELECT COUNT(*) FROM inbox") == 0
