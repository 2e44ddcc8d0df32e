"""bench/storm: the worst day. Registered residents of one building report a water cut while
as many new people send /start, all within ~3 s, through the real bot (its own process)
against the fake Bot API enforcing Telegram's real limits (30/s, 1/s per private chat, 20/min
per group, 429 with retry_after) with a round trip added to every call.

Prints who was never answered, "something went wrong" replies, 429s the bot received,
first-reply latency and staff-group posts; writes bench/results/storm.json.

    .venv/bin/python -m bench.storm [--reporters 150] [--starters 150] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import tempfile
import time
from pathlib import Path

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

MANAGER, STAFF_GROUP = 1, -100_777
FIRST_REPORTER, FIRST_STARTER = 3_000_000, 4_000_000
SPREAD = 3.0  # seconds over which everyone writes
WRONG = ("出了点问题", "went wrong")
SENDS = {"sendmessage", "sendphoto", "senddocument", "sendlocation", "sendmediagroup"}


class FirstReplies:
    """First successful message the bot sent to each person; scans only calls not seen yet."""

    def __init__(self, fake, people: set[int]) -> None:
        self.fake, self.people = fake, people
        self.seen = 0
        self.first: dict[int, float] = {}
        self.wrong = 0
        self.group_posts = 0

    def update(self) -> int:
        calls = self.fake.calls
        for call in calls[self.seen :]:
            if not call.ok or call.method.lower() not in SENDS:
                continue
            chat = int(call.params.get("chat_id", 0))
            if chat == STAFF_GROUP:
                self.group_posts += 1
            elif chat in self.people:
                self.first.setdefault(chat, call.at)
                if any(w in str(call.params.get("text", "")) for w in WRONG):
                    self.wrong += 1
        self.seen = len(calls)
        return len(self.first)


async def start_bot(fake, env: dict[str, str]) -> asyncio.subprocess.Process:
    process = await spawn(["-m", "bot", "run"], env)
    await wait_until(
        lambda: any(c.method == "getUpdates" for c in fake.calls), 60, "bot never polled"
    )
    return process


async def bind_staff_group(fake) -> None:
    await fake.user_sends(MANAGER, "/bind_staff_group", chat_id=STAFF_GROUP)
    await wait_until(lambda: fake.chat_messages(STAFF_GROUP), 30, "staff group never bound")
    await asyncio.sleep(1.0)


async def storm(fake, reporters: list[int], starters: list[int]) -> dict[int, float]:
    """Everyone writes once, evenly spread over SPREAD seconds, reporters and starters mixed."""
    people = [p for pair in zip(reporters, starters, strict=False) for p in pair]
    people += reporters[len(starters) :] + starters[len(reporters) :]
    sent_at: dict[int, float] = {}
    gap = SPREAD / max(1, len(people))
    begin = time.monotonic()
    for n, person in enumerate(people):
        delay = begin + n * gap - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        sent_at[person] = time.monotonic()
        if person in starters:
            await fake.user_sends(person, "/start")
        else:
            await fake.user_sends(person, f"{person % 1000}室：1号楼停水了，什么时候来水？")
    return sent_at


async def run(reporters: int, starters: int, latency: float) -> dict:
    reporting = list(range(FIRST_REPORTER, FIRST_REPORTER + reporters))
    starting = list(range(FIRST_STARTER, FIRST_STARTER + starters))
    people = set(reporting) | set(starting)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "storm.sqlite3"
        async with FakeBotApi(rate_limits=True, latency=latency) as fake:
            fake.add_user(MANAGER, "王经理", language_code="zh")
            fake.add_group(STAFF_GROUP, "物业员工群", members=[MANAGER])
            for user in reporting + starting:
                fake.add_user(user, f"P{user}", language_code="zh")
            env = bot_env(fake, database)
            await migrate_database(env)
            seed_residents(database, reporting)
            process = await start_bot(fake, env)
            try:
                await bind_staff_group(fake)
                tally = FirstReplies(fake, people)
                cpu_before, count_429_before = cpu_seconds(process.pid), fake.count_429
                sent_at = await storm(fake, reporting, starting)
                with contextlib.suppress(TimeoutError):  # whoever is left is counted below
                    await wait_until(
                        lambda: tally.update() >= len(people), len(people) / 30 + 120, "replies"
                    )
                await asyncio.sleep(5.0)  # late replies (and late errors) still count
                tally.update()
                cpu = cpu_seconds(process.pid) - cpu_before
            finally:
                process.send_signal(signal.SIGTERM)
                await process.wait()
            latencies = [tally.first[p] - sent_at[p] for p in people if p in tally.first]
            result = {
                "reporters": reporters,
                "starters": starters,
                "latency_s": latency,
                "never_answered": len(people - set(tally.first)),
                "went_wrong_replies": tally.wrong,
                "responses_429": fake.count_429 - count_429_before,
                "bad_requests": len(fake.errors),
                "first_reply_p50_s": round(percentile(latencies, 0.5), 2),
                "first_reply_p99_s": round(percentile(latencies, 0.99), 2),
                "first_reply_max_s": round(max(latencies), 2) if latencies else None,
                "target_max_s": round(len(people) / 30 + 5, 1),
                "staff_group_posts": tally.group_posts,
                "bot_cpu_seconds": round(cpu, 2),
            }
    return result


def show(r: dict) -> None:
    print(
        f"{r['reporters']}+{r['starters']} people, {r['latency_s'] * 1000:.0f} ms:"
        f" never answered {r['never_answered']}, went wrong {r['went_wrong_replies']},"
        f" 429s {r['responses_429']}, 400s {r['bad_requests']};"
        f" first reply p50 {r['first_reply_p50_s']} s, p99 {r['first_reply_p99_s']} s,"
        f" max {r['first_reply_max_s']} s (target ≤ {r['target_max_s']} s);"
        f" staff-group posts {r['staff_group_posts']}"
    )


async def main() -> None:
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--reporters", type=int, default=150)
    parser.add_argument("--starters", type=int, default=150)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--name", default="storm", help="results file name (without .json)")
    options = parser.parse_args()
    result = await run(options.reporters, options.starters, options.latency)
    show(result)
    path = write_result(options.name, {"machine": machine(), "storm": result})
    print(f"written to {path}")


if __name__ == "__main__":
    asyncio.run(main())
