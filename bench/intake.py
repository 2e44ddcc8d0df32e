"""bench/intake: residents writing to the real bot through a fake Bot API with 50 ms latency,
against python-telegram-bot's echo bot run the same way. Prints figures, writes JSON.

    .venv/bin/python -m bench.intake [--residents 1000] [--messages 5] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from bench.common import (
    bot_env,
    cpu_seconds,
    machine,
    migrate_database,
    rss_mib,
    seed_residents,
    spawn,
    summary_ms,
    wait_until,
    write_result,
)
from bot.demo.fakebotapi import FakeBotApi

FIRST_USER = 100_000


def replies(fake, chat_id: int) -> list[float]:
    return [
        c.at
        for c in fake.calls
        if c.method == "sendMessage" and c.ok and c.params.get("chat_id") == chat_id
    ]


async def drive(fake, process, users: list[int], rounds: int) -> dict:
    """Each resident sends a message and waits for the reply before the next (like a person)."""
    await wait_until(
        lambda: any(c.method == "getUpdates" for c in fake.calls), 30, "bot never polled"
    )
    warm = users[0]
    await fake.user_sends(warm, "warm-up 电梯坏了")
    await wait_until(lambda: replies(fake, warm), 30, "no warm-up reply")
    fake.calls.clear()
    cpu_before, started = cpu_seconds(process.pid), time.monotonic()
    latencies: list[float] = []
    for round_no in range(rounds):
        sent_at = {}
        for user in users:
            sent_at[user] = time.monotonic()
            await fake.user_sends(
                user, f"第{round_no}条：{user}号楼道灯坏了，晚上很黑 light broken"
            )
        await wait_until(
            lambda n=round_no: all(len(replies(fake, u)) > n for u in users), 600, "replies missing"
        )
        latencies += [replies(fake, u)[round_no] - sent_at[u] for u in users]
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(process.pid) - cpu_before
    count = len(users) * rounds
    return {
        "messages": count,
        "seconds": round(elapsed, 2),
        "per_second": round(count / elapsed, 1),
        "cpu_ms_per_update": round(cpu / count * 1000, 3),
        "rss_mib": round(rss_mib(process.pid), 1),
        **summary_ms(latencies),
    }


async def run_one(
    label: str,
    args: list[str],
    users: list[int],
    rounds: int,
    latency: float,
    extra_env: dict[str, str],
    seed: bool,
) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        async with FakeBotApi(latency=latency) as fake:
            for user in users:
                fake.add_user(user, f"R{user}")
            env = bot_env(fake, database, **extra_env)
            if seed:
                await migrate_database(env)
                seed_residents(database, users)
            process = await spawn(args, env)
            try:
                result = await drive(fake, process, users, rounds)
            finally:
                process.kill()
                await process.wait()
            result["bad_requests"] = len(fake.errors)
    print(
        f"{label:<28} {result['per_second']:>8} msg/s  p50 {result['p50_ms']:>7} ms  p95 {result['p95_ms']:>7} ms"
        f"  p99 {result['p99_ms']:>7} ms  cpu/update {result['cpu_ms_per_update']:>6} ms  rss {result['rss_mib']} MiB"
    )
    return result


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.05)
    options = parser.parse_args()
    users = list(range(FIRST_USER, FIRST_USER + options.residents))
    print(
        f"{options.residents} residents × {options.messages} messages, {options.latency * 1000:.0f} ms API latency"
    )
    common = (users, options.messages, options.latency)
    results = {
        "propdesk": await run_one("propdesk", ["-m", "bot", "run"], *common, {}, seed=True),
        "echo_concurrent": await run_one(
            "PTB echo (concurrent 256)",
            ["bench/echo_bot.py"],
            *common,
            {"ECHO_CONCURRENCY": "256"},
            seed=False,
        ),
        # One update at a time at 50 ms per reply is ~20 msg/s: a smaller load keeps it short.
        "echo_sequential": await run_one(
            "PTB echo (as published)",
            ["bench/echo_bot.py"],
            users[:200],
            1,
            options.latency,
            {"ECHO_CONCURRENCY": "1"},
            seed=False,
        ),
    }
    ratio = (
        results["propdesk"]["cpu_ms_per_update"] / results["echo_concurrent"]["cpu_ms_per_update"]
    )
    results["cpu_cost_ratio_vs_echo"] = round(ratio, 2)
    results["machine"] = machine()
    print(f"per-update CPU cost, propdesk ÷ echo: {ratio:.2f} (goal ≤ 1.5)")
    print(f"written to {write_result('intake', results)}")


if __name__ == "__main__":
    asyncio.run(main())
