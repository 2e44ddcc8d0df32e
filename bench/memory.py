"""bench/memory: resident set size of the bot with 100,000 residents and 1,000,000 tickets in
the database, idle and while 1,000 residents write. Prints figures, writes JSON.

    .venv/bin/python -m bench.memory [--residents 100000] [--tickets 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import (
    bot_env,
    machine,
    migrate_database,
    rss_mib,
    spawn,
    wait_until,
    write_result,
)
from bench.intake import FIRST_USER, drive
from bot.demo.fakebotapi import FakeBotApi

KINDS = ("repair", "complaint", "inquiry")
CATEGORIES = ("elevator", "plumbing", "electrical", "cleaning", "noise", "parking", "security")


def seed(database: Path, residents: int, tickets: int) -> float:
    """Bulk rows straight into the schema: homes, residents, and mostly closed tickets."""
    started = time.monotonic()
    now = datetime.now(UTC)
    stamp = now.isoformat(timespec="seconds")
    rng = random.Random(7)
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "INSERT INTO homes (id, building, unit, room) VALUES (?, ?, ?, ?)",
            (
                (i + 1, str(1 + i // 1000), str(1 + i % 4), str(1000 + i % 1000))
                for i in range(residents)
            ),
        )
        conn.executemany(
            "INSERT INTO users (id, first_name, role, home_id, created_at, updated_at) VALUES (?, ?, 'resident', ?, ?, ?)",
            ((FIRST_USER + i, f"R{i}", i + 1, stamp, stamp) for i in range(residents)),
        )

        def rows():
            for n in range(tickets):
                created = now - timedelta(minutes=n % 500_000)
                resident = rng.randrange(residents)
                closed = n % 50 != 0  # 2 % still open
                yield (
                    FIRST_USER + resident,
                    resident + 1,
                    KINDS[n % 3],
                    CATEGORIES[n % 7],
                    "楼道灯坏了，晚上很黑" if n % 2 else "The lift is making a grinding noise",
                    "closed" if closed else "taken",
                    created.isoformat(timespec="seconds"),
                    (created + timedelta(hours=1)).isoformat(timespec="seconds"),
                    (created + timedelta(days=3)).isoformat(timespec="seconds"),
                    created.isoformat(timespec="seconds"),
                    created.isoformat(timespec="seconds") if closed else None,
                    -100,
                    n + 10,
                )

        conn.executemany(
            "INSERT INTO tickets (resident_id, home_id, kind, category, description, status, created_at,"
            " respond_by, resolve_by, responded_at, closed_at, staff_chat_id, staff_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
    return time.monotonic() - started


async def sample_peak(pid: int, stop: asyncio.Event) -> float:
    peak = 0.0
    while not stop.is_set():
        peak = max(peak, rss_mib(pid))
        await asyncio.sleep(0.2)
    return peak


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--writers", type=int, default=1000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "memory.sqlite3"
        async with FakeBotApi(latency=0.05) as fake:
            env = bot_env(fake, database)
            await migrate_database(env)
            seconds = seed(database, options.residents, options.tickets)
            size = database.stat().st_size / 2**20
            print(
                f"seeded {options.residents} residents, {options.tickets} tickets in {seconds:.0f} s ({size:.0f} MiB)"
            )
            writers = list(range(FIRST_USER, FIRST_USER + options.writers))
            for user in writers:
                fake.add_user(user, f"R{user}")
            process = await spawn(["-m", "bot", "run"], env)
            try:
                await wait_until(
                    lambda: any(c.method == "getUpdates" for c in fake.calls),
                    120,
                    "bot never polled",
                )
                await asyncio.sleep(10)  # jobs (deadlines, cards, outbox) have all run once
                idle = rss_mib(process.pid)
                stop = asyncio.Event()
                sampler = asyncio.create_task(sample_peak(process.pid, stop))
                load = await drive(fake, process, writers, 2)
                stop.set()
                peak = await sampler
            finally:
                process.kill()
                await process.wait()
    result = {
        "residents": options.residents,
        "tickets": options.tickets,
        "db_mib": round(size, 1),
        "rss_idle_mib": round(idle, 1),
        "rss_peak_under_load_mib": round(peak, 1),
        "load": load,
        "machine": machine(),
    }
    print(
        f"RSS idle {idle:.1f} MiB, peak under load {peak:.1f} MiB "
        f"({load['per_second']} msg/s, p95 {load['p95_ms']} ms)"
    )
    print(f"written to {write_result('memory', result)}")


if __name__ == "__main__":
    asyncio.run(main())
