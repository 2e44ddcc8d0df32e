"""The outbox dispatcher on a real SQLite file with a scripted bot: every Telegram outcome,
ordering, parts, crashes and a graceful stop."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

import handlers.runtime.dispatcher as dispatcher_module
from bot.config import load_settings
from bot.domain.notices.model import Audience
from bot.domain.people.model import Role
from handlers.notices.broadcast import install_notices
from handlers.runtime.dispatcher import OutboxDispatcher
from handlers.runtime.pacing import Pacer
from storage.db import Database
from storage.migrate import migrate
from tests.support.fakes import FakeClock
from tests.support.wiring import sqlite_services

PEOPLE = list(range(1, 9))


@dataclass
class Sent:
    message_id: int
    chat_id: int


@dataclass
class ScriptedBot:
    """Answers like Telegram would, failing on demand per chat; records every attempt."""

    failures: dict[int, list[Exception]] = field(default_factory=dict)
    latency: float = 0.0
    calls: list[tuple[int, str]] = field(default_factory=list)
    delivered: list[tuple[int, str]] = field(default_factory=list)
    rate_limiter = None
    reject: object = None  # (chat_id, text) -> bool: fail this send with a timeout
    _next: int = 1

    async def send_message(self, chat_id, text, reply_markup=None, **_):
        return await self._send(chat_id, text)

    async def send_photo(self, chat_id, photo, caption=None, reply_markup=None, **_):
        return await self._send(chat_id, caption or "")

    async def send_document(self, chat_id, document, caption=None, reply_markup=None, **_):
        return await self._send(chat_id, caption or "")

    async def _send(self, chat_id: int, text: str) -> Sent:
        self.calls.append((chat_id, text))
        if self.latency:
            await asyncio.sleep(self.latency)
        queue = self.failures.get(chat_id)
        if queue:
            raise queue.pop(0)
        if self.reject is not None and self.reject(chat_id, text):
            raise NetworkError("timed out")
        self.delivered.append((chat_id, text))
        self._next += 1
        return Sent(self._next, chat_id)


@pytest.fixture
async def env(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "d.sqlite3"), "ESTATE_NAME": "阳光花园"}
    )
    db = Database(settings.database_path)
    await db.connect()
    await migrate(db)
    clock = FakeClock()
    services = sqlite_services(settings, db, clock=clock)
    now = clock.now()
    async with db.transaction():
        for user_id in PEOPLE:
            await services.ports.users.upsert_seen(user_id, f"u{user_id}", None, "zh", now)
            home = await services.ports.homes.ensure("3", "1", str(user_id))
            await services.ports.users.set_home(user_id, home.id, now)
            await services.ports.users.set_role(user_id, Role.RESIDENT, now)
    yield services, db, clock
    await db.close()


class VirtualTime:
    """The pacer's clock: waits (pacing, 429 and network pauses) pass at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


def dispatcher_for(services, bot: ScriptedBot) -> OutboxDispatcher:
    time = VirtualTime()
    fast = Pacer(clock=time.clock, sleep=time.sleep)
    dispatcher = OutboxDispatcher(fast)
    dispatcher.attach(bot, services)
    install_notices(dispatcher, services)
    return dispatcher


async def enqueue(services, db, user_id: int, key: str = "notice.ack_button", **kw) -> int:
    now = services.ports.clock.now()
    async with db.transaction():
        return await services.ports.outbox.enqueue(user_id, key, {}, {}, now, now, **kw)


async def rows(db) -> dict[int, dict]:
    return {r["id"]: dict(r) for r in await db.fetchall("SELECT * FROM outbox")}


async def test_each_recipient_gets_its_own_outcome_and_none_stops_the_others(env):
    services, db, clock = env
    bot = ScriptedBot(
        failures={
            2: [Forbidden("bot was blocked by the user")],
            3: [BadRequest("chat not found")],
            4: [RetryAfter(timedelta(seconds=3))],
            5: [NetworkError("connection refused")],
            6: [TelegramError("Internal Server Error")],
        }
    )
    ids = {u: await enqueue(services, db, u) for u in PEOPLE}
    await dispatcher_for(services, bot).drain()
    state = await rows(db)
    status = {u: state[i]["status"] for u, i in ids.items()}
    assert status == {1: "sent", 2: "unreachable", 3: "failed", 4: "pending", 5: "pending",
                      6: "pending", 7: "sent", 8: "sent"}  # fmt: skip
    assert (await services.ports.users.get(2)).unreachable
    assert state[ids[4]]["attempts"] == 0 and state[ids[5]]["attempts"] == 0  # not their fault
    assert state[ids[6]]["attempts"] == 1
    assert state[ids[6]]["not_before"] >= (clock.now() + timedelta(seconds=5)).isoformat(
        timespec="seconds"
    )
    # Later the retries go through (time moves on; the scripted failures are used up).
    clock.advance(minutes=1)
    await dispatcher_for(services, bot).drain()
    state = await rows(db)
    assert [state[ids[u]]["status"] for u in (4, 5, 6)] == ["sent"] * 3


async def test_a_row_that_keeps_failing_gives_up_after_five_attempts(env):
    services, db, clock = env
    bot = ScriptedBot(failures={1: [TelegramError("Internal Server Error")] * 9})
    row = await enqueue(services, db, 1)
    for _ in range(6):
        await dispatcher_for(services, bot).drain()
        clock.advance(hours=1)
    assert (await rows(db))[row]["status"] == "failed" and len(bot.calls) == 5


async def test_conversational_rows_go_first_and_one_chat_keeps_its_order(env):
    services, db, _ = env
    bot = ScriptedBot(latency=0.002)
    for user in PEOPLE:
        for n in range(3):
            await enqueue(services, db, user, "notice.ack_button", priority=1)
            del n
    urgent = await enqueue(services, db, 8, "notice.acked")
    await dispatcher_for(services, bot).drain()
    assert bot.calls[0][1] == "已确认，谢谢！"  # the conversational row, despite its id
    for user in PEOPLE:
        mine = [text for chat, text in bot.calls if chat == user]
        assert len(mine) == (4 if user == 8 else 3)
    assert (await rows(db))[urgent]["status"] == "sent"


async def test_a_long_notice_resumes_at_the_part_that_failed(env):
    services, db, clock = env
    body = "第一段。" * 900 + "\n\n" + "第二段。" * 900
    notice = await services.notices.record(None, body, Audience.BUILDINGS, ("3",))
    await services.notices.release_due()
    bot = ScriptedBot()
    bot.reject = lambda chat, text: chat == 1 and "第二段" in text and len(bot.calls) < 20
    await dispatcher_for(services, bot).drain()
    row = await db.fetchone(
        "SELECT * FROM outbox WHERE notice_id = ? AND user_id = 1", (notice.id,)
    )
    assert row["status"] == "pending" and len(json.loads(row["message_ids"])) == 1
    clock.advance(minutes=1)
    bot.reject = None
    await dispatcher_for(services, bot).drain()
    mine = [text for chat, text in bot.calls if chat == 1]
    assert ["第一段" in t for t in mine] == [True, False, False]  # part 1 once, part 2 twice
    assert [chat for chat, _ in bot.delivered].count(1) == 2
    assert (await services.notices.progress(notice.id)).sent == len(PEOPLE)


async def test_a_crash_after_sending_resends_only_what_was_not_recorded(env):
    services, db, _ = env
    bot = ScriptedBot()
    for user in PEOPLE[:3]:
        await enqueue(services, db, user)
    await dispatcher_for(services, bot).drain()
    for user in PEOPLE[3:]:
        await enqueue(services, db, user)
    dead = dispatcher_for(services, bot)

    async def never(batch) -> None:  # the process dies before anything is committed
        await asyncio.Event().wait()

    dead.before_commit = never
    dead.wake()
    await asyncio.wait_for(_until(lambda: len(bot.delivered) == len(PEOPLE)), 5)
    await dead.crash()
    assert sum(r["status"] == "sent" for r in (await rows(db)).values()) == 3
    await dispatcher_for(services, bot).drain()
    assert all(r["status"] == "sent" for r in (await rows(db)).values())
    per_chat = [chat for chat, _ in bot.delivered]
    assert sorted(set(per_chat)) == PEOPLE  # nobody lost
    assert len(per_chat) - len(PEOPLE) == len(PEOPLE) - 3  # only the unrecorded ones twice


async def test_a_graceful_stop_records_what_is_on_the_wire_and_sends_nothing_new(env):
    services, db, _ = env
    for user in PEOPLE:
        await enqueue(services, db, user)
    bot = ScriptedBot(latency=0.2)
    dispatcher = dispatcher_for(services, bot)
    dispatcher.wake()
    await asyncio.sleep(0.05)
    await dispatcher.stop()
    dispatcher.wake()  # ignored once stopped
    state = await rows(db)
    assert sum(r["status"] == "sent" for r in state.values()) == len(bot.delivered) > 0
    await dispatcher_for(services, bot).drain()
    assert len(bot.delivered) == len(PEOPLE)  # nothing twice


async def _until(predicate) -> None:
    while not predicate():  # noqa: ASYNC110 (polling a plain list the bot appends to)
        await asyncio.sleep(0.005)


async def test_a_stalled_commit_holds_sending_so_a_crash_repeats_little(env):
    services, db, _ = env
    now = services.ports.clock.now()
    async with db.transaction():
        for n in range(60):
            await services.ports.outbox.enqueue(
                PEOPLE[n % len(PEOPLE)], "notice.acked", {}, {}, now, now
            )
    bot = ScriptedBot()
    stalled = dispatcher_for(services, bot)

    async def disk_hangs(batch) -> None:
        await asyncio.Event().wait()

    stalled.before_commit = disk_hangs
    stalled.wake()
    await asyncio.sleep(0.3)
    held = len(bot.delivered)
    assert 0 < held <= dispatcher_module.MAX_UNRECORDED + stalled.pacer.window
    await stalled.crash()
    await dispatcher_for(services, bot).drain()
    assert all(r["status"] == "sent" for r in (await rows(db)).values())
    assert len(bot.delivered) == 60 + held  # at most what was held back went twice
