"""kill -9 the bot while residents answer a survey: after restarts every response is complete
and exactly what each resident pressed; the database is intact."""

from __future__ import annotations

import asyncio
import random
import signal
import sqlite3
from pathlib import Path

from bench.common import spawn, wait_until
from bench.survey import FIRST_USER, prepare, resident, verify
from bot.demo.fakebotapi import FakeBotApi

RESIDENTS = 12


async def test_kill_9_while_residents_answer_loses_no_answer(tmp_path):
    rng = random.Random(20261127)
    users = list(range(FIRST_USER, FIRST_USER + RESIDENTS))
    async with FakeBotApi() as fake:
        inboxes, env, database = await prepare(fake, tmp_path, users)
        bots = [await spawn(["-m", "bot", "run"], env)]

        mid_survey: list[bool] = []

        async def killer() -> None:
            # Two kill -9s at random moments mid-survey, each followed by a restart.
            for _ in range(2):
                await asyncio.sleep(rng.uniform(0.8, 2.5))
                mid_survey.append(verify(database, users[:1], 1)["submitted"] < RESIDENTS)
                bots[-1].send_signal(signal.SIGKILL)
                await bots[-1].wait()
                bots.append(await spawn(["-m", "bot", "run"], env))

        try:
            await wait_until(
                lambda: all(inboxes.queue(u).qsize() for u in users), 60, "invitations"
            )
            firsts = {u: inboxes.queue(u).get_nowait()[1] for u in users}
            answering = asyncio.gather(*(resident(fake, inboxes, u, 1, firsts[u]) for u in users))
            await asyncio.gather(answering, killer())
            await wait_until(
                lambda: verify(database, users[:1], 1)["submitted"] == RESIDENTS, 60, "submissions"
            )
            check = verify(database, users, 1)
        finally:
            bots[-1].send_signal(signal.SIGKILL)
            await bots[-1].wait()
        assert len(bots) == 3 and all(mid_survey)
        other_errors = [c for c in fake.errors if c.method != "answerCallbackQuery"]
        assert other_errors == []
    assert check["complete_and_correct"] == RESIDENTS, check
    with sqlite3.connect(Path(database)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
