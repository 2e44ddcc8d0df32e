"""bench/passes: guards verifying gate passes while a notice broadcast is going out.

The real bot runs as a subprocess against the local fake Bot API with Telegram's limits on
(30 messages/s overall, 1/s per chat) and a realistic round trip on every call. A notice goes
to ~600 residents; meanwhile 20 guards at the gates each scan 10 passes (a scan every few
seconds, as people do) and press "放行" on each. Prints p50/p95/max from the guard's message
to the bot's answer (the pass shown) and from the press to the pass marked used, how many
verifications overlapped the broadcast, and the broadcast's own rate. Writes
bench/results/passes.json. Goal: p95 of the scan below 1 s.

    .venv/bin/python -m bench.passes [--residents 600] [--guards 20] [--scans 10]
        [--latency 0.1] [--gap 3.0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import secrets
import signal
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.broadcast import MARKER, TEXT, Tally, finished, rate, start_bot
from bench.common import (
    bot_env,
    cpu_seconds,
    machine,
    migrate_database,
    percentile,
    seed_residents,
    spawn,
    wait_until,
    write_result,
)
from bot.demo.fakebotapi import FakeBotApi
from storage.db import to_db_time

FIRST_RESIDENT = 3_000_000
FIRST_GUARD = 3_900_000
LIMIT = 60.0  # seconds one answer may take before the bench gives up


def seed_passes(database: Path, owner: int, guards: list[int], count: int) -> list[str]:
    """Approved item passes valid now, and the guards on duty; the payloads to scan."""
    now = datetime.now(UTC)
    stamp = to_db_time(now)
    start, end = to_db_time(now - timedelta(hours=1)), to_db_time(now + timedelta(days=1))
    payloads = []
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "INSERT INTO users (id, first_name, created_at, updated_at) VALUES (?, ?, ?, ?)",
            [(g, f"Guard{g}", stamp, stamp) for g in guards],
        )
        conn.executemany(
            "INSERT INTO gate_guards (user_id, added_by, added_at) VALUES (?, 1, ?)",
            [(g, stamp) for g in guards],
        )
        items = json.dumps([["沙发", 1], ["纸箱", 3]], ensure_ascii=False)
        for _ in range(count):
            token = secrets.token_hex(8)
            cursor = conn.execute(
                "INSERT INTO gate_passes (kind, state, step, home_id, owner_id, token, items,"
                " plate, starts_at, ends_at, decided_by, created_at, updated_at)"
                " VALUES ('items', 'approved', 'confirm', 1, ?, ?, ?, '沪A12345', ?, ?, 1, ?, ?)",
                (owner, token, items, start, end, stamp, stamp),
            )
            payloads.append(f"gp_{cursor.lastrowid}_{token}")
    return payloads


async def answer_after(fake, chat: int, methods: tuple[str, ...], since: int) -> tuple[float, dict]:
    """When the bot's first successful `methods` call to `chat` after call `since` landed."""
    deadline = time.monotonic() + LIMIT
    seen = since
    while time.monotonic() < deadline:
        calls = fake.calls
        for call in calls[seen:]:
            if call.ok and call.method in methods and str(call.params.get("chat_id")) == str(chat):
                return call.at, call.result if isinstance(call.result, dict) else {}
        seen = len(calls)
        await asyncio.sleep(0.005)
    raise TimeoutError(f"no {methods} to {chat}")


class Gate:
    def __init__(self, fake, notice: Tally, total: int) -> None:
        self.fake, self.notice, self.total = fake, notice, total
        self.scans: list[float] = []
        self.presses: list[float] = []
        self.during_broadcast = 0

    def broadcasting(self) -> bool:
        return 0 < len(self.notice()) < self.total

    async def verify(self, guard: int, payload: str) -> None:
        during = self.broadcasting()
        mark, start = len(self.fake.calls), time.monotonic()
        await self.fake.user_sends(guard, f"/start {payload}")
        shown_at, message = await answer_after(self.fake, guard, ("sendMessage",), mark)
        self.scans.append(shown_at - start)
        buttons = (message.get("reply_markup") or {}).get("inline_keyboard") or [[{}]]
        data = buttons[0][0].get("callback_data")
        if not data:
            raise RuntimeError(f"pass {payload} shown without its button: {message}")
        mark, start = len(self.fake.calls), time.monotonic()
        await self.fake.user_presses(guard, guard, message["message_id"], data)
        marked_at, _ = await answer_after(self.fake, guard, ("editMessageText",), mark)
        self.presses.append(marked_at - start)
        self.during_broadcast += during and self.broadcasting()

    async def shift(self, guard: int, payloads: list[str], gap: float) -> None:
        for payload in payloads:
            await self.verify(guard, payload)
            await asyncio.sleep(gap)  # the guard looks at the items, the car drives through


def figures(values: list[float]) -> dict:
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 0.50) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1) if values else None,
    }


async def run(residents: int, guards: int, scans: int, latency: float, gap: float) -> dict:
    users = list(range(FIRST_RESIDENT, FIRST_RESIDENT + residents))
    guard_ids = list(range(FIRST_GUARD, FIRST_GUARD + guards))
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "passes.sqlite3"
        async with FakeBotApi(rate_limits=True, latency=latency) as fake:
            for user in users:
                fake.add_user(user, f"R{user}")
            for guard in guard_ids:
                fake.add_user(guard, f"Guard{guard}", language_code="zh")
            env = bot_env(fake, database)
            await migrate_database(env)
            seed_residents(database, users)
            payloads = seed_passes(database, users[0], guard_ids, guards * scans)
            process = await start_bot(fake, env)
            cpu_before = cpu_seconds(process.pid)
            notice = Tally(fake, set(users))
            cli = await spawn(["-m", "bot", "notice", "send", "--text", TEXT], env)
            if await cli.wait() != 0:
                raise RuntimeError("propdesk notice send failed")
            await wait_until(lambda: bool(notice()), LIMIT, "the broadcast never started")
            gate = Gate(fake, notice, len(users))
            shifts = [payloads[i::guards] for i in range(guards)]
            began = time.monotonic()
            await asyncio.gather(
                *(gate.shift(g, s, gap) for g, s in zip(guard_ids, shifts, strict=True))
            )
            gate_seconds = time.monotonic() - began
            await finished(database)
            cpu = cpu_seconds(process.pid) - cpu_before
            process.send_signal(signal.SIGTERM)
            await process.wait()
            return report(gate, fake, residents, guards, latency, gap, gate_seconds, cpu)


def report(gate, fake, residents, guards, latency, gap, gate_seconds, cpu) -> dict:
    sends = gate.notice()
    return {
        "residents": residents,
        "guards": guards,
        "verifications": len(gate.scans),
        "during_broadcast": gate.during_broadcast,
        "latency_s": latency,
        "gap_s": gap,
        "scan_to_pass_shown": figures(gate.scans),
        "press_to_marked_used": figures(gate.presses),
        "gate_seconds": round(gate_seconds, 1),
        "broadcast_sent": len({int(c.params["chat_id"]) for c in sends}),
        "broadcast_per_second": round(rate(sends), 1),
        "responses_429": fake.count_429,
        "bad_requests": len(fake.errors),
        "bot_cpu_seconds": round(cpu, 2),
        "marker": MARKER,
    }


async def main() -> None:
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=600)
    parser.add_argument("--guards", type=int, default=20)
    parser.add_argument("--scans", type=int, default=10, help="passes each guard scans")
    parser.add_argument("--latency", type=float, default=0.1, help="round trip added, seconds")
    parser.add_argument("--gap", type=float, default=3.0, help="seconds between a guard's scans")
    options = parser.parse_args()
    print(
        f"{options.guards} guards × {options.scans} scans while a notice goes to "
        f"{options.residents} residents; Telegram limits on, "
        f"{options.latency * 1000:.0f} ms round trip (fake Bot API on 127.0.0.1)"
    )
    result = await run(
        options.residents, options.guards, options.scans, options.latency, options.gap
    )
    for label, key in (
        ("scan → pass shown", "scan_to_pass_shown"),
        ("press → marked used", "press_to_marked_used"),
    ):
        f = result[key]
        print(
            f"{label:<22} p50 {f['p50_ms']} ms   p95 {f['p95_ms']} ms   max {f['max_ms']} ms"
            f"   ({f['count']} verifications)"
        )
    print(
        f"{result['during_broadcast']} of {result['verifications']} verifications while the "
        f"broadcast ran; broadcast {result['broadcast_sent']} sent at "
        f"{result['broadcast_per_second']}/s, 429s {result['responses_429']}, "
        f"bad requests {result['bad_requests']}"
    )
    path = write_result("passes", {"machine": machine(), "passes": result})
    print(f"written to {path}")


if __name__ == "__main__":
    asyncio.run(main())
