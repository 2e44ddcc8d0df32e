"""Shared bench helpers: run a bot process against the local fake, measure it from outside."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary_ms(values: list[float]) -> dict:
    return {
        "p50_ms": round(percentile(values, 0.50) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        "p99_ms": round(percentile(values, 0.99) * 1000, 1),
        "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None,
    }


def bot_env(fake, database: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DATABASE_", "MANAGER_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_BASE_URL=fake.base_url,
        TELEGRAM_BASE_FILE_URL=fake.base_file_url,
        DATABASE_PATH=str(database),
        LOG_LEVEL="ERROR",
        MANAGER_IDS="1",
        **extra,
    )
    return env


async def spawn(args: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def migrate_database(env: dict[str, str]) -> None:
    process = await spawn(["-m", "bot", "migrate"], env)
    if await process.wait() != 0:
        raise RuntimeError("migration failed")


def seed_residents(database: Path, user_ids: list[int]) -> None:
    """Registered residents, one home each, written straight into the schema."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "INSERT INTO homes (id, building, unit, room) VALUES (?, ?, ?, ?)",
            [
                (i + 1, str(1 + i // 400), str(1 + i % 4), str(1000 + i))
                for i in range(len(user_ids))
            ],
        )
        conn.executemany(
            "INSERT INTO users (id, first_name, role, home_id, created_at, updated_at) VALUES (?, ?, 'resident', ?, ?, ?)",
            [(uid, f"R{uid}", i + 1, stamp, stamp) for i, uid in enumerate(user_ids)],
        )


def write_result(name: str, result: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return path


async def wait_until(predicate, limit: float, what: str) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.02)
