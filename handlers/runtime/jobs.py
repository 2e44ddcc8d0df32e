"""Repeating jobs on PTB's JobQueue; the database says what is due, so a run is safe twice."""

from __future__ import annotations

import logging

from telegram.ext import Application

from handlers.activities.jobs import ACTIVITIES_EVERY, activities_tick
from handlers.common.context import BotContext
from handlers.notices.broadcast import notices_tick
from handlers.operations.rounds import operations_tick
from handlers.people.jobs import PEOPLE_EVERY, people_tick
from handlers.reports.digests import digest_tick
from handlers.surveys.admin import survey_tick
from handlers.votes.jobs import VOTES_EVERY, votes_tick

log = logging.getLogger(__name__)
OUTBOX_EVERY = 2.0
DEADLINES_EVERY = 30.0
OPERATIONS_EVERY = 30.0  # rounds created / reminded / aged; equipment alerts (issue 15)
AUTO_CLOSE_EVERY = 600.0
CARDS_EVERY = 60.0
NOTICES_EVERY = 1.0  # due notices (also from the CLI) go out within a second or two
SURVEYS_EVERY = 2.0  # campaigns written by the CLI start within seconds
DIGESTS_EVERY = 60.0  # digests fall on whole minutes; a missed one goes out at start-up
PRUNE_EVERY = 3600.0  # runtime rows past INBOX_RETENTION_DAYS; a day's worth is a few batches
URGENT_EVERY = 10.0  # untaken emergencies: re-alerts at most this late (or a quarter interval)


async def drain_outbox(context: BotContext) -> None:
    """Start the dispatcher if it is idle; a long broadcast keeps running between ticks."""
    context.application.bot_data["dispatcher"].wake()


async def check_deadlines(context: BotContext) -> None:
    fired = await context.services.deadlines.check()
    if fired:
        log.info("escalated %d missed deadlines", fired)


async def realert_urgent(context: BotContext) -> None:
    fired = await context.services.deadlines.realert_urgent()
    if fired:
        log.info("re-alerted %d untaken emergencies", fired)


async def auto_close(context: BotContext) -> None:
    await context.services.deadlines.auto_close()


async def republish_cards(context: BotContext) -> None:
    staff_chat = await context.services.people.staff_chat_id()
    await context.services.deadlines.republish_missing_cards(staff_chat)


async def prune_storage(context: BotContext) -> None:
    """Handled updates, old effect keys and finished outbox rows, in short batches."""
    retention = context.services.retention
    if retention is None:
        return
    pruned = await retention.prune()
    if pruned.total:
        log.info(
            "pruned %d inbox updates, %d effect keys, %d outbox rows in %d batches",
            pruned.inbox,
            pruned.effects,
            pruned.outbox,
            pruned.batches,
        )


def schedule_jobs(app: Application) -> None:
    """first=0.5 s: anything missed while the bot was down happens right after start-up."""
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("the bot needs python-telegram-bot[job-queue]")
    queue.run_repeating(drain_outbox, OUTBOX_EVERY, first=0.5, name="outbox")
    queue.run_repeating(check_deadlines, DEADLINES_EVERY, first=1.0, name="deadlines")
    queue.run_repeating(auto_close, AUTO_CLOSE_EVERY, first=2.0, name="auto_close")
    realert = app.bot_data["services"].settings.urgent_realert_minutes * 60
    urgent_every = min(URGENT_EVERY, max(0.2, realert / 4))
    queue.run_repeating(realert_urgent, urgent_every, first=1.0, name="urgent")
    queue.run_repeating(republish_cards, CARDS_EVERY, first=3.0, name="cards")
    queue.run_repeating(notices_tick, NOTICES_EVERY, first=0.5, name="notices")
    queue.run_repeating(survey_tick, SURVEYS_EVERY, first=1.5, name="surveys")
    queue.run_repeating(operations_tick, OPERATIONS_EVERY, first=2.5, name="operations")
    queue.run_repeating(prune_storage, PRUNE_EVERY, first=60.0, name="prune")
    queue.run_repeating(people_tick, PEOPLE_EVERY, first=5.0, name="people")
    queue.run_repeating(digest_tick, DIGESTS_EVERY, first=2.5, name="digests")
    queue.run_repeating(activities_tick, ACTIVITIES_EVERY, first=3.5, name="activities")
    queue.run_repeating(votes_tick, VOTES_EVERY, first=1.5, name="votes")
