"""bench/storage_growth: the database file size, day by day, under steady traffic, with and
without the retention prune (issue 11). Prints figures, writes JSON.

    .venv/bin/python -m bench.storage_growth [--days 21] [--per-day 2000] [--retention-days 7]

At the storage level only (no bot process, no Bot API): every update goes through the real
repositories as the running bot writes it — stored in the durable inbox (polling batches of
10), handled in its own transaction (an effect key claimed, one reply queued in the outbox),
marked done, and its reply recorded as sent. A simulated clock walks through each day; with
pruning on, `RetentionService.prune` runs every simulated hour, as the bot's job does. After
each day the WAL is checkpointed and the main file measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import machine, write_result
from bot.domain.messaging.outbox import Delivery, Outcome
from bot.services.messaging.retention import RetentionService
from storage.db import Database
from storage.migrate import migrate
from storage.runtime.inbox import SqliteInbox, SqliteLedger
from storage.runtime.outbox import SqliteOutbox
from storage.runtime.retention import SqliteRetention

START = datetime(2026, 11, 1, tzinfo=UTC)
POLL_BATCH = 10  # updates per getUpdates answer under steady traffic
RESIDENTS = 1000
WORDS = [
    "电梯停了",
    "楼道灯不亮",
    "厨房漏水",
    "物业费怎么交",
    "垃圾没人清",
    "停车位被占",
    "噪音扰民",
    "门禁卡坏了",
]


class SimClock:
    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment


@dataclass
class Day:
    day: int
    file_bytes: int
    pages: int
    free_pages: int
    inbox: int
    effects: int
    outbox: int

    @property
    def mib(self) -> float:
        return self.file_bytes / 2**20


def update_payload(rng: random.Random, update_id: int, at: datetime) -> tuple[int, str, str]:
    """A resident's text message as Telegram sends it (about 0.6–0.9 KB of JSON)."""
    user = 10_000 + rng.randrange(RESIDENTS)
    message_id = update_id * 3
    person = {"id": user, "is_bot": False, "first_name": "住户", "language_code": "zh-hans"}
    text = "，".join(rng.choice(WORDS) for _ in range(rng.randint(2, 12)))
    raw = {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "from": person,
            "chat": {"id": user, "first_name": "住户", "type": "private"},
            "date": int(at.timestamp()),
            "text": text,
        },
    }
    return user, f"msg:{user}:{message_id}", json.dumps(raw, ensure_ascii=False)


async def handle(db: Database, ledger, outbox, user: int, key: str, now: datetime) -> int:
    """What a handler writes for one message: its effect key and one reply, in one transaction."""
    async with db.transaction():
        await ledger.claim(key, now)
        params = {"ticket": key, "status": "accepted", "title": "报修已受理，维修人员将尽快联系您"}
        return await outbox.enqueue(user, "ticket.accepted", params, {"ticket": 1}, now, now)


async def one_batch(db, repos, clock, rng, first_id: int, size: int, step: timedelta) -> None:
    inbox, ledger, outbox = repos
    made = []
    for update_id in range(first_id, first_id + size):
        made.append((update_id, *update_payload(rng, update_id, clock.now())))
        clock.moment += step
    await inbox.store([(uid, payload) for uid, _, _, payload in made], clock.now())
    rows = [await handle(db, ledger, outbox, user, key, clock.now()) for _, user, key, _ in made]
    await inbox.mark_done([uid for uid, *_ in made], clock.now())
    due = {item.id for item in await outbox.due(clock.now(), limit=len(rows) + 50)}
    async with db.transaction():  # the dispatcher records what it delivered
        await outbox.settle(
            [Outcome(row, Delivery.SENT, (row,)) for row in rows if row in due], clock.now()
        )


async def measure(db: Database, day: int) -> Day:
    await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = [
        await db.fetchval(f"SELECT COUNT(*) FROM {t}") for t in ("inbox", "effects", "outbox")
    ]
    return Day(
        day,
        db.path.stat().st_size,
        await db.fetchval("PRAGMA page_count"),
        await db.fetchval("PRAGMA freelist_count"),
        *counts,
    )


async def simulate(path: Path, days: int, per_day: int, keep: timedelta | None) -> dict:
    db = Database(path)
    await db.connect()
    await migrate(db)
    clock, rng = SimClock(START), random.Random(11)
    repos = (SqliteInbox(db), SqliteLedger(db), SqliteOutbox(db))
    retention = RetentionService(db, SqliteRetention(db), clock, keep) if keep else None
    step = timedelta(days=1) / per_day
    next_prune, prune_seconds, prunes, pruned_rows = START + timedelta(hours=1), 0.0, 0, 0
    daily, update_id = [], 1
    try:
        for day in range(1, days + 1):
            for _ in range(per_day // POLL_BATCH):
                await one_batch(db, repos, clock, rng, update_id, POLL_BATCH, step)
                update_id += POLL_BATCH
                while retention is not None and clock.now() >= next_prune:
                    began = time.perf_counter()
                    pruned_rows += (await retention.prune()).total
                    prune_seconds += time.perf_counter() - began
                    prunes, next_prune = prunes + 1, next_prune + timedelta(hours=1)
            daily.append(await measure(db, day))
    finally:
        await db.close()
    return {
        "days": [vars(d) | {"mib": round(d.mib, 2)} for d in daily],
        "prunes": prunes,
        "pruned_rows": pruned_rows,
        "prune_ms_mean": round(prune_seconds / prunes * 1000, 2) if prunes else None,
    }


def report(without: dict, with_prune: dict) -> None:
    print(f"{'day':>4} | {'no prune MiB':>12} {'rows i/e/o':>22} | {'pruned MiB':>10} {'rows':>20}")
    for a, b in zip(without["days"], with_prune["days"], strict=True):
        rows_a = f"{a['inbox']}/{a['effects']}/{a['outbox']}"
        rows_b = f"{b['inbox']}/{b['effects']}/{b['outbox']}"
        print(f"{a['day']:>4} | {a['mib']:>12.2f} {rows_a:>22} | {b['mib']:>10.2f} {rows_b:>20}")
    print(
        f"prune: {with_prune['prunes']} runs, {with_prune['pruned_rows']} rows deleted,"
        f" {with_prune['prune_ms_mean']} ms per run on average"
    )


async def main(days: int, per_day: int, retention_days: int) -> dict:
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        without = await simulate(Path(folder) / "without.sqlite3", days, per_day, None)
        keep = timedelta(days=retention_days)
        with_prune = await simulate(Path(folder) / "with.sqlite3", days, per_day, keep)
    report(without, with_prune)
    result = {
        "bench": "storage_growth",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "params": {"days": days, "per_day": per_day, "retention_days": retention_days},
        "without_pruning": without,
        "with_pruning": with_prune,
        "wall_seconds": round(time.perf_counter() - began, 1),
    }
    print(f"written to {write_result('storage_growth', result)}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=21)
    parser.add_argument("--per-day", type=int, default=2000)
    parser.add_argument("--retention-days", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.days, args.per_day, args.retention_days))
