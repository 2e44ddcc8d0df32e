"""bench/broadcast: one notice to 5,000 residents (5 % of whom blocked the bot) through the real
bot, run as a subprocess against the local fake Bot API with Telegram's limits on (×scale).

Prints the achieved send rate ÷ the allowed rate, 429s, recipients lost and duplicates; then the
same with one kill -9 in the middle of the broadcast and a restart. Writes
bench/results/broadcast.json.

    .venv/bin/python -m bench.broadcast [--recipients 5000] [--blocked 0.05] [--scale 10]
        [--latency 0.1] [--name broadcast]

--latency adds that round trip to every Bot API call (the fake sleeps before answering).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.common import (
    bot_env,
    cpu_seconds,
    machine,
    migrate_database,
    seed_residents,
    spawn,
    wait_until,
    write_result,
)
from bot.demo.fakebotapi import FakeBotApi

FIRST_USER = 2_000_000
MARKER = "基准测试公告"
TEXT = f"{MARKER}：本周六 9:00-11:00 小区二次供水水箱清洗，期间可能水压偏低，请提前储水。"
LIMIT = 300.0  # seconds any phase may take before the bench gives up


class Tally:
    """Successful deliveries of the notice, in the order the fake accepted them; each look
    scans only calls it has not seen, so watching costs the fake (same process) nothing."""

    def __init__(self, fake, recipients: set[int]) -> None:
        self.fake, self.recipients = fake, recipients
        self.seen = 0
        self.sends: list = []

    def __call__(self) -> list:
        calls = self.fake.calls
        for call in calls[self.seen :]:
            if (
                call.method == "sendMessage"
                and call.ok
                and int(call.params.get("chat_id", 0)) in self.recipients
                and MARKER in str(call.params.get("text", ""))
            ):
                self.sends.append(call)
        self.seen = len(calls)
        return self.sends


def database_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database, timeout=10) as conn:
        rows = conn.execute(
            "SELECT status, COUNT(*) FROM outbox WHERE notice_id IS NOT NULL GROUP BY status"
        ).fetchall()
    return dict(rows)


def recorded_sent(database: Path) -> set[int]:
    with sqlite3.connect(database, timeout=10) as conn:
        rows = conn.execute(
            "SELECT user_id FROM outbox WHERE notice_id IS NOT NULL AND status = 'sent'"
        ).fetchall()
    return {r[0] for r in rows}


async def finished(database: Path) -> None:
    def done() -> bool:
        counts = database_counts(database)
        return bool(counts) and counts.get("pending", 0) == 0

    deadline = time.monotonic() + LIMIT
    while not await asyncio.to_thread(done):
        if time.monotonic() > deadline:
            raise TimeoutError("broadcast did not finish")
        await asyncio.sleep(0.25)


async def start_bot(fake, env: dict[str, str]) -> asyncio.subprocess.Process:
    start = len(fake.calls)
    process = await spawn(["-m", "bot", "run"], env)
    await wait_until(
        lambda: any(c.method == "getUpdates" for c in fake.calls[start:]), 60, "bot never polled"
    )
    return process


def rate(calls: list) -> float:
    if len(calls) < 2:
        return 0.0
    return (len(calls) - 1) / (calls[-1].at - calls[0].at)


async def run(
    recipients: int, blocked_share: float, scale: float, latency: float, kill: bool
) -> dict:
    users = list(range(FIRST_USER, FIRST_USER + recipients))
    blocked = set(users[:: round(1 / blocked_share)]) if blocked_share else set()
    reachable = set(users) - blocked
    allowed = 30 * scale
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "broadcast.sqlite3"
        async with FakeBotApi(rate_limits=True, rate_scale=scale, latency=latency) as fake:
            for user in users:
                fake.add_user(user, f"R{user}")
            for user in blocked:
                fake.block(user)
            env = bot_env(
                fake,
                database,
                SEND_RATE=str(30 * scale),
                SEND_RATE_PER_CHAT=str(1 * scale),
                SEND_RATE_PER_GROUP_MINUTE=str(20 * scale),
            )
            await migrate_database(env)
            seed_residents(database, users)
            process = await start_bot(fake, env)
            cpu_before = cpu_seconds(process.pid)
            cli = await spawn(["-m", "bot", "notice", "send", "--text", TEXT], env)
            if await cli.wait() != 0:
                raise RuntimeError("propdesk notice send failed")
            killed: dict = {}
            notice_sends = Tally(fake, reachable)
            if kill:
                await wait_until(
                    lambda: len(notice_sends()) >= len(reachable) * 0.4,
                    LIMIT,
                    "broadcast never reached 40 %",
                )
                process.send_signal(signal.SIGKILL)
                await process.wait()
                await asyncio.sleep(0.5)  # requests the dead bot had on the wire land now
                delivered = {int(c.params["chat_id"]) for c in notice_sends()}
                on_record = await asyncio.to_thread(recorded_sent, database)
                killed = {
                    "delivered_at_kill": len(delivered),
                    "recorded_at_kill": len(on_record & delivered),
                    "in_flight_at_kill": len(delivered - on_record),
                }
                sends_before = len(notice_sends())
                process = await start_bot(fake, env)
                cpu_before = cpu_seconds(process.pid)
            await finished(database)
            cpu = cpu_seconds(process.pid) - cpu_before
            process.send_signal(signal.SIGTERM)
            await process.wait()
            sends = notice_sends()
            per_user = Counter(int(c.params["chat_id"]) for c in sends)
            counts = await asyncio.to_thread(database_counts, database)
            result = {
                "recipients": recipients,
                "latency_s": latency,
                "blocked": len(blocked),
                "allowed_per_second": allowed,
                "achieved_per_second": round(rate(sends), 1),
                "rate_ratio": round(rate(sends) / allowed, 3),
                "responses_429": fake.count_429,
                "lost": len(reachable - set(per_user)),
                "duplicates": sum(n - 1 for n in per_user.values()),
                "marked_unreachable": counts.get("unreachable", 0),
                "sent_to_blocked": sum(
                    1 for c in fake.calls_to("sendMessage") if not c.ok and c.error_code == 403
                ),
                "bad_requests": len(fake.errors),
                "bot_cpu_seconds": round(cpu, 2),
                **killed,
            }
            if kill:
                before, after = sends[:sends_before], sends[sends_before:]
                result["ratio_before_kill"] = round(rate(before) / allowed, 3)
                result["ratio_after_restart"] = round(rate(after) / allowed, 3)
                result["seconds_down"] = round(after[0].at - before[-1].at, 2) if after else None
    return result


def show(label: str, r: dict) -> None:
    line = (
        f"{label:<22} rate {r['achieved_per_second']:>6}/s of {r['allowed_per_second']:.0f}/s"
        f" = {r['rate_ratio']:.3f}   429s {r['responses_429']}   lost {r['lost']}"
        f"   duplicates {r['duplicates']}   unreachable {r['marked_unreachable']}"
    )
    if "in_flight_at_kill" in r:
        line += (
            f"   in flight at kill {r['in_flight_at_kill']}\n{'':<22} rate before the kill"
            f" {r['ratio_before_kill']:.3f}, after the restart {r['ratio_after_restart']:.3f},"
            f" {r['seconds_down']} s without sending"
        )
    print(line)


async def main() -> None:
    # The killed bot's connections drop mid-request; the fake's server would log each one.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--blocked", type=float, default=0.05)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--latency", type=float, default=0.0, help="round trip added, seconds")
    parser.add_argument("--name", default="broadcast", help="results file name (without .json)")
    options = parser.parse_args()
    print(
        f"{options.recipients} recipients, {options.blocked:.0%} blocked the bot, "
        f"Telegram limits ×{options.scale:g}, {options.latency * 1000:.0f} ms round trip"
        " (fake Bot API on 127.0.0.1)"
    )
    common = (options.recipients, options.blocked, options.scale, options.latency)
    clean = await run(*common, kill=False)
    show("broadcast", clean)
    crashed = await run(*common, kill=True)
    show("kill -9 at 40 %", crashed)
    path = write_result(
        options.name, {"machine": machine(), "broadcast": clean, "kill_and_restart": crashed}
    )
    print(f"written to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    asyncio.run(main())
