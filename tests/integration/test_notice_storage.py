"""Notices on a real SQLite file: the migration, fan-out, acknowledgements, statistics, paging,
and the outbox columns the dispatcher relies on."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.app import build_services
from bot.config import load_settings
from bot.domain.messaging.outbox import BULK, Delivery, Outcome
from bot.domain.notices.model import Audience, DraftStep, MediaKind, NoticeDraft, NoticeStatus
from bot.domain.people.model import Role
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock

MANAGER, STAFF, A3, B3, C5, GONE, LATE = 1, 2, 31, 32, 51, 52, 53


@pytest.fixture
async def env(tmp_path):
    settings = load_settings({"DATABASE_PATH": str(tmp_path / "n.sqlite3"), "MANAGER_IDS": "1"})
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    clock = FakeClock()
    services = build_services(settings, db, notifier=None, clock=clock)
    deps, now = services.deps, clock.now()
    async with db.transaction():
        for user_id in (MANAGER, STAFF, A3, B3, C5, GONE, LATE):
            await deps.users.upsert_seen(user_id, f"u{user_id}", None, "zh", now)
        await deps.users.set_role(MANAGER, Role.MANAGER, now)
        await deps.users.set_role(STAFF, Role.STAFF, now)
        for user_id, building in ((A3, "3"), (B3, "3"), (C5, "5"), (GONE, "5")):
            home = await deps.homes.ensure(building, "1", str(user_id))
            await deps.users.set_home(user_id, home.id, now)
            await deps.users.set_role(user_id, Role.RESIDENT, now)
        await deps.users.set_unreachable(GONE, True)
        await deps.homes.ensure("10", "1", "1")  # a building nobody lives in yet
    yield services, db, clock
    await db.close()


async def recipients(db, notice_id: int, key: str = "notice.message") -> list[int]:
    rows = await db.fetchall(
        "SELECT user_id FROM outbox WHERE notice_id = ? AND key = ? ORDER BY user_id",
        (notice_id, key),
    )
    return [r[0] for r in rows]


async def settle(services, db, notice_id: int, status: Delivery, users: set[int]) -> None:
    rows = await db.fetchall(
        "SELECT id, user_id FROM outbox WHERE notice_id = ? AND status = 'pending'", (notice_id,)
    )
    outcomes = [Outcome(r[0], status, (100 + r[1],)) for r in rows if r[1] in users]
    async with db.transaction():
        await services.deps.outbox.settle(outcomes, services.deps.clock.now())


async def test_the_outbox_gains_columns_without_touching_old_rows(tmp_path):
    db = Database(tmp_path / "old.sqlite3")
    await db.connect()
    await migrate(db, target=3)
    await db.conn.execute(
        "INSERT INTO outbox (user_id, key, not_before, created_at) VALUES (1, 'k', 'x', 'x')"
    )
    await migrate(db)
    row = await db.fetchone("SELECT * FROM outbox")
    assert (row["priority"], row["message_ids"], row["notice_id"], row["acked_at"]) == (
        0,
        "[]",
        None,
        None,
    )
    assert await db.fetchval("PRAGMA integrity_check") == "ok"
    await db.close()


@pytest.mark.parametrize(
    "audience,buildings,expected",
    [
        (Audience.ALL, (), [A3, B3, C5]),
        (Audience.BUILDINGS, ("3",), [A3, B3]),
        (Audience.BUILDINGS, ("3", "5"), [A3, B3, C5]),
        (Audience.BUILDINGS, ("10",), []),
        (Audience.STAFF, (), [MANAGER, STAFF]),
    ],
)
async def test_release_writes_one_bulk_row_per_reachable_recipient_once(
    env, audience, buildings, expected
):
    services, db, _ = env
    notices = services.notices
    assert await notices.audience_size(audience, buildings) == len(expected)
    notice = await notices.record(MANAGER, "通知", audience, buildings)
    (released,) = await notices.release_due()
    assert released.total == len(expected) and await notices.release_due() == []
    assert await recipients(db, notice.id) == expected
    rows = await db.fetchall(
        "SELECT priority, extra, params FROM outbox WHERE notice_id = ?", (notice.id,)
    )
    assert all(r[0] == BULK and json.loads(r[1]) == {"content": "notice"} for r in rows)
    stored = await notices.get(notice.id)
    assert (stored.status, stored.total) == (NoticeStatus.SENDING, len(expected))


async def test_due_brings_conversational_rows_first_with_the_readers_language(env):
    services, db, clock = env
    outbox = services.deps.outbox
    notice = await services.notices.record(None, "群发", Audience.ALL)
    await services.notices.release_due()
    async with db.transaction():
        await db.execute("UPDATE users SET language = 'en' WHERE id = ?", (C5,))
        ticket_row = await outbox.enqueue(
            A3, "ticket.taken", {"id": 1}, {}, clock.now(), clock.now()
        )
        later = await outbox.enqueue(A3, "x", {}, {}, clock.now() + timedelta(hours=1), clock.now())
    due = await outbox.due(clock.now(), 10)
    assert due[0].id == ticket_row and due[0].priority == 0
    assert [i.notice_id for i in due[1:]] == [notice.id] * 3 and later not in [i.id for i in due]
    assert {i.user_id: i.reader for i in due[1:]}[C5] == ("en", "zh")


async def test_settle_records_outcomes_and_partial_progress(env):
    services, db, clock = env
    outbox, now = services.deps.outbox, clock.now()
    async with db.transaction():
        ids = [await outbox.enqueue(u, "k", {}, {}, now, now) for u in (A3, B3, C5, STAFF, MANAGER)]
        await outbox.settle(
            [
                Outcome(ids[0], Delivery.SENT, (7, 8)),
                Outcome(ids[1], Delivery.UNREACHABLE, (), "Forbidden"),
                Outcome(
                    ids[2], Delivery.PENDING, (9,), "timeout", now + timedelta(seconds=5), False
                ),
                Outcome(ids[3], Delivery.PENDING, (), "500", now + timedelta(seconds=20), True),
                Outcome(ids[4], Delivery.PENDING, (11,)),
            ],
            now,
        )
    rows = {r["id"]: r for r in await db.fetchall("SELECT * FROM outbox")}
    assert (rows[ids[0]]["status"], json.loads(rows[ids[0]]["message_ids"])) == ("sent", [7, 8])
    assert (rows[ids[1]]["status"], rows[ids[1]]["last_error"]) == ("unreachable", "Forbidden")
    assert (rows[ids[2]]["status"], rows[ids[2]]["attempts"]) == ("pending", 0)
    assert (
        rows[ids[2]]["message_ids"] == "[9]"
        and rows[ids[2]]["not_before"] > rows[ids[4]]["not_before"]
    )
    assert rows[ids[3]]["attempts"] == 1
    assert (rows[ids[4]]["status"], rows[ids[4]]["message_ids"]) == ("pending", "[11]")
    due = await outbox.due(now + timedelta(seconds=6), 10)
    assert {i.id: i.message_ids for i in due} == {ids[2]: (9,), ids[4]: (11,)}


async def test_acknowledgements_statistics_and_reminders(env):
    services, db, clock = env
    notices = services.notices
    notice = await notices.record(MANAGER, "请确认", Audience.ALL, require_ack=True)
    await notices.release_due()
    await settle(services, db, notice.id, Delivery.SENT, {A3, B3})
    await settle(services, db, notice.id, Delivery.UNREACHABLE, {C5})
    assert await notices.acknowledge(A3, notice.id) is True
    assert await notices.acknowledge(A3, notice.id) is False
    progress = await notices.progress(notice.id)
    assert (progress.total, progress.sent, progress.unreachable, progress.pending) == (3, 2, 1, 0)
    _, stats = await notices.stats(MANAGER, notice.id)
    by = {s.building: s for s in stats}
    assert (by["3"].recipients, by["3"].delivered, by["3"].acknowledged) == (2, 2, 1)
    assert (by["5"].unreachable, by["5"].delivered) == (1, 0)
    assert await notices.resend_unacknowledged(MANAGER, notice.id) == 1
    assert await recipients(db, notice.id, "notice.reminder") == [B3]
    clock.advance(minutes=11)
    assert await notices.resend_unacknowledged(MANAGER, notice.id) == 0  # reminder still pending
    assert await notices.acknowledge(B3, notice.id) is True  # acks every row of theirs
    assert (
        await db.fetchval(
            "SELECT COUNT(*) FROM outbox WHERE notice_id = ? AND user_id = ? AND acked_at IS NULL",
            (notice.id, B3),
        )
        == 0
    )
    _, stats = await notices.stats(MANAGER, notice.id)
    assert {s.building: s.acknowledged for s in stats}["3"] == 2
    async with db.transaction():  # B3 moves to building 10 after the notice reached them
        home = await services.deps.homes.ensure("10", "1", "1")
        await services.deps.users.set_home(B3, home.id, clock.now())
    _, stats = await notices.stats(MANAGER, notice.id)
    assert {s.building: s.recipients for s in stats} == {"3": 2, "5": 1}  # where it reached them
    assert (await notices.progress(notice.id)).total == 3  # reminders are not a new round
    assert await notices.finish(await notices.get(notice.id), progress)
    report = await db.fetchone(
        "SELECT user_id, key, params FROM outbox WHERE key = 'notice.report'"
    )
    assert (report[0], report[1], json.loads(report[2])["sent"]) == (MANAGER, "notice.report", 2)


async def test_residents_pages_and_visibility(env):
    services, db, clock = env
    notices = services.notices
    made = [await notices.record(None, f"all {i}", Audience.ALL) for i in range(6)]
    five = await notices.record(None, "five", Audience.BUILDINGS, ("5",))
    staff = await notices.record(None, "staff", Audience.STAFF)
    await notices.record(None, "later", Audience.ALL, at=clock.now() + timedelta(days=1))
    await notices.release_due()
    page = await notices.page_for(A3, 0)
    assert page.total == 6 and [n.id for n in page.notices] == [m.id for m in made[::-1][:5]]
    assert [n.id for n in (await notices.page_for(C5, 0)).notices][:1] == [five.id]
    assert [n.id for n in (await notices.page_for(STAFF, 0)).notices] == [staff.id]
    assert (await notices.readable(C5, five.id))[0].body == "five"
    # A recipient keeps seeing a notice after moving out of the building it was sent to.
    async with db.transaction():
        await services.deps.users.set_home(C5, None, clock.now())
    assert five.id in [n.id for n in (await notices.page_for(C5, 0)).notices]


async def test_drafts_round_trip_and_waiting_ones_are_found(env):
    services, _, clock = env
    repo = services.deps.notices
    draft = NoticeDraft(
        MANAGER,
        DraftStep.TIME,
        clock.now(),
        body="正文 <b>",
        media_kind=MediaKind.DOCUMENT,
        media_file_id="DOC",
        audience=Audience.BUILDINGS,
        buildings=("3", "A"),
        require_ack=True,
    )
    async with services.deps.tx.transaction():
        await repo.save_draft(draft)
        await repo.save_draft(NoticeDraft(STAFF, DraftStep.ACK, clock.now()))
    assert await repo.get_draft(MANAGER) == draft
    assert await repo.drafts_awaiting_input() == [(MANAGER, clock.now())]
    assert await repo.buildings() == ["10", "3", "5"]
