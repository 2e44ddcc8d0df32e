"""bench/survey: 1,000 residents answering a 12-question survey at the same time, through
the real bot (its own process, `propdesk run`) and the local fake Bot API. The campaign is
imported and launched with the `propdesk survey` CLI, so the running bot picks it up from
the database exactly as in production. Prints answers per second and p50/p95 from an
answer to the next question, checks every response in the database, writes JSON.

    .venv/bin/python -m bench.survey [--residents 1000] [--latency 0.0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
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

FIRST_USER = 200_000
DIMENSIONS = ("security", "cleaning", "greening", "facilities", "repair", "service", "fees", "info")
OPTIONS = ("wechat", "notice_board", "phone")


def definition() -> dict:
    text = {"zh": "题", "en": "Question"}
    questions = [
        {"id": f"r{i}", "type": "rating", "dimension": dim, "text": text}
        for i, dim in enumerate(DIMENSIONS)
    ]
    questions += [
        {"id": "again", "type": "yesno", "text": text},
        {
            "id": "channel",
            "type": "single",
            "text": text,
            "options": [{"id": o, "text": {"zh": o, "en": o}} for o in OPTIONS],
        },
        {"id": "nps", "type": "nps", "text": text},
        {"id": "comment", "type": "text", "text": text},
    ]
    return {
        "id": "bench12",
        "title": {"zh": "基准调查", "en": "Bench survey"},
        "intro": {"zh": "十二题", "en": "Twelve questions"},
        "dimensions": {d: {"zh": d, "en": d} for d in DIMENSIONS},
        "questions": questions,
    }


def expected(uid: int) -> dict:
    answers = {f"r{i}": 1 + (uid + i) % 5 for i in range(len(DIMENSIONS))}
    answers.update(
        again=uid % 2 == 0, channel=OPTIONS[uid % 3], nps=uid % 11, comment=f"住户{uid}的意见"
    )
    return answers


def button_value(uid: int, index: int) -> int | None:
    """The callback value for question `index` (None: typed text)."""
    if index < len(DIMENSIONS):
        return 1 + (uid + index) % 5
    return {8: int(uid % 2 == 0), 9: uid % 3, 10: uid % 11}.get(index)


class Inboxes:
    """Every bot message, per chat, as it is created in the fake (no polling of state)."""

    def __init__(self, fake) -> None:
        self.queues: dict[int, asyncio.Queue] = {}
        original = fake.transcript.bot_message

        def hook(bot_message) -> None:
            original(bot_message)
            self.queue(bot_message.chat_id).put_nowait((time.perf_counter(), bot_message))

        fake.transcript.bot_message = hook

    def queue(self, chat_id: int) -> asyncio.Queue:
        return self.queues.setdefault(chat_id, asyncio.Queue())

    async def next_question(
        self,
        chat_id: int,
        index: int,
        campaign: int = 1,
        timeout: float = 120.0,  # noqa: ASYNC109
    ):
        """The next message showing question `index` (12: the submit screen). Anything else is
        passed over, such as a question shown twice because a crash came between its sending
        and the update being marked done (the replay shows the question on screen again)."""

        def shows_it(data: str) -> bool:
            if index == 12:
                return data == f"sv:ok:{campaign}"
            verb, _, arg = data.partition(":")[2].partition(":")
            return verb in ("a", "b", "s") and arg.split("_")[:2] == [str(campaign), str(index)]

        while True:
            at, message = await asyncio.wait_for(self.queue(chat_id).get(), timeout)
            if any(shows_it(d) for d in message.callback_data()):
                return at, message


async def resident(fake, inboxes: Inboxes, uid: int, campaign: int, invitation) -> list[float]:
    latencies = []
    await fake.user_presses(uid, uid, invitation.message_id, f"sv:go:{campaign}")
    _, message = await inboxes.next_question(uid, 0, campaign)
    for index in range(12):
        value = button_value(uid, index)
        sent = time.perf_counter()
        if value is None:
            await fake.user_sends(uid, expected(uid)["comment"])
        else:
            await fake.user_presses(
                uid, uid, message.message_id, f"sv:a:{campaign}_{index}_{value}"
            )
        arrived, message = await inboxes.next_question(uid, index + 1, campaign)
        latencies.append(arrived - sent)
    await fake.user_presses(uid, uid, message.message_id, f"sv:ok:{campaign}")
    return latencies


def verify(database: Path, users: list[int], campaign: int) -> dict:
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT r.user_id, a.question_id, a.value FROM survey_responses r"
            " JOIN survey_answers a ON a.response_id = r.id"
            " WHERE r.campaign_id = ? AND r.status = 'submitted'",
            (campaign,),
        ).fetchall()
        submitted = conn.execute(
            "SELECT COUNT(*) FROM survey_invitations WHERE campaign_id = ? AND status = 'submitted'",
            (campaign,),
        ).fetchone()[0]
    stored: dict[int, dict] = {}
    for user_id, question, value in rows:
        stored.setdefault(user_id, {})[question] = json.loads(value)
    wrong = [uid for uid in users if stored.get(uid) != expected(uid)]
    return {
        "submitted": submitted,
        "complete_and_correct": len(users) - len(wrong),
        "wrong": wrong[:10],
    }


async def prepare(fake, folder: Path, users: list[int]) -> tuple[Inboxes, dict, Path]:
    """Residents in the fake and on the roster, the 12-question survey imported and launched
    to all of them with the `propdesk survey` CLI; the environment for `propdesk run`."""
    database = folder / "bench.sqlite3"
    survey_file = folder / "bench12.json"
    survey_file.write_text(json.dumps(definition(), ensure_ascii=False), "utf-8")
    for uid in users:
        fake.add_user(uid, f"R{uid}", language_code="zh")
    inboxes = Inboxes(fake)
    env = bot_env(fake, database, QUIET_HOURS_START="00:00", QUIET_HOURS_END="00:00")
    await migrate_database(env)
    seed_residents(database, users)
    for args in (
        ["survey", "import", str(survey_file)],
        ["survey", "launch", "bench12", "--audience", "all", "--deadline", "1d"],
    ):
        if await (await spawn(["-m", "bot", *args], env)).wait() != 0:
            raise RuntimeError(f"propdesk {' '.join(args)} failed")
    return inboxes, env, database


async def run(residents: int, latency: float) -> dict:
    users = list(range(FIRST_USER, FIRST_USER + residents))
    with tempfile.TemporaryDirectory() as folder:
        async with FakeBotApi(latency=latency) as fake:
            inboxes, env, database = await prepare(fake, Path(folder), users)
            process = await spawn(["-m", "bot", "run"], env)
            try:
                launched = time.perf_counter()
                await wait_until(
                    lambda: all(inboxes.queue(u).qsize() for u in users), 180, "invitations"
                )
                invitations_s = time.perf_counter() - launched
                firsts = {u: inboxes.queue(u).get_nowait()[1] for u in users}
                cpu_before, started = cpu_seconds(process.pid), time.perf_counter()
                per_resident = await asyncio.gather(
                    *(resident(fake, inboxes, u, 1, firsts[u]) for u in users)
                )
                elapsed = time.perf_counter() - started
                cpu = cpu_seconds(process.pid) - cpu_before
                rss = rss_mib(process.pid)
                await wait_until(
                    lambda: verify(database, users[:1], 1)["submitted"] == residents,
                    120,
                    "submissions",
                )
                check = verify(database, users, 1)
            finally:
                process.terminate()
                await process.wait()
            late = [c for c in fake.errors if c.method == "answerCallbackQuery"]
            errors = len(fake.errors) - len(late)
    latencies = [x for each in per_resident for x in each]
    return {
        "bench": "survey",
        "machine": machine(),
        "residents": residents,
        "questions": 12,
        "api_latency_s": latency,
        "invitations_sent_s": round(invitations_s, 2),
        "answers": len(latencies),
        "elapsed_s": round(elapsed, 2),
        "answers_per_s": round(len(latencies) / elapsed, 1),
        "answer_to_next_question": summary_ms(latencies),
        "bot_cpu_s": round(cpu, 2),
        "bot_rss_mib": round(rss, 1),
        "bot_api_400s": errors,
        # Telegram refuses to answer a callback query older than ~15 s: under this closed-loop
        # overload some spinners are stopped too late (harmless; the next question still goes).
        "late_callback_answers": len(late),
        **check,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.0, help="simulated Bot API latency (s)")
    args = parser.parse_args()
    result = asyncio.run(run(args.residents, args.latency))
    path = write_result("survey", result)
    timing = result["answer_to_next_question"]
    print(
        f"{result['residents']} residents × 12 questions: {result['answers']} answers in "
        f"{result['elapsed_s']} s = {result['answers_per_s']} answers/s; answer → next question "
        f"p50 {timing['p50_ms']} ms, p95 {timing['p95_ms']} ms; bot CPU {result['bot_cpu_s']} s; "
        f"invitations to all in {result['invitations_sent_s']} s"
    )
    print(
        f"database: {result['submitted']} submitted, {result['complete_and_correct']} complete "
        f"and correct; Bot API 400s: {result['bot_api_400s']} (+{result['late_callback_answers']}"
        f" late callback answers)  -> {path}"
    )
    if result["complete_and_correct"] != result["residents"] or result["bot_api_400s"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
