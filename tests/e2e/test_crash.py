"""kill -9 the bot process while residents write; after restarts every message is in
exactly one request and the database is intact."""

from __future__ import annotations

import asyncio
import random
import signal
import sqlite3
import sys
from pathlib import Path

from bench.common import bot_env
from bot.demo.fakebotapi import FakeBotApi

REPO = Path(__file__).resolve().parents[2]
RESIDENTS = 12
MESSAGES_EACH = 3


async def start_bot(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def test_kill_9_while_residents_write_loses_and_duplicates_nothing(tmp_path):
    random.seed(20261127)
    database = tmp_path / "crash.sqlite3"
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "building,unit,room,name,phone\n"
        + "".join(f"7,1,{100 + i},R{i},1380000{1000 + i}\n" for i in range(RESIDENTS)),
        "utf-8",
    )
    async with FakeBotApi() as fake:
        env = bot_env(fake, database)
        importer = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "residents",
            "import",
            str(roster),
            env=env,
            cwd=REPO,
            stdout=asyncio.subprocess.DEVNULL,
        )
        assert await importer.wait() == 0
        residents = [5000 + i for i in range(RESIDENTS)]
        for i, user in enumerate(residents):
            fake.add_user(user, f"R{i}")
        bot = await start_bot(env, REPO)
        try:
            for i, user in enumerate(residents):
                await fake.user_sends(
                    user,
                    contact={
                        "phone_number": f"1380000{1000 + i}",
                        "first_name": "R",
                        "user_id": user,
                    },
                )
            await fake.wait_for(lambda: all(fake.chat_messages(u) for u in residents), timeout=30)
            sent = []
            kills = 0
            for n in range(MESSAGES_EACH):
                for user in residents:
                    text = f"报修 {user} 第{n}条 楼道灯不亮"
                    await fake.user_sends(user, text)
                    sent.append(text)
                    await asyncio.sleep(random.uniform(0, 0.02))
                    if kills < 3 and random.random() < 0.08:  # kill -9 at a random moment
                        bot.send_signal(signal.SIGKILL)
                        await bot.wait()
                        kills += 1
                        bot = await start_bot(env, REPO)
            assert kills >= 1
            await fake.wait_idle(quiet=1.5, timeout=60)
        finally:
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = [
            row[0]
            for row in conn.execute(
                "SELECT text FROM drafts UNION ALL SELECT description FROM tickets"
            )
        ]
        unfinished = conn.execute("SELECT COUNT(*) FROM inbox WHERE done_at IS NULL").fetchone()[0]
    lines = [line for text in stored for line in text.split("\n")]
    for text in sent:
        assert lines.count(text) == 1, f"{text!r} stored {lines.count(text)} times"
    assert len(lines) == len(sent)
    assert unfinished == 0
