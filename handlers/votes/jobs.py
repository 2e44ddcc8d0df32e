"""The vote schedule on the JobQueue, and the outbox renderers votes plug in."""

from __future__ import annotations

import logging

from bot.services.registry import Services
from handlers.common.context import BotContext
from handlers.runtime.dispatcher import OutboxDispatcher
from handlers.votes.ballot import ballot_buttons
from handlers.votes.manage import VoteResultContent

log = logging.getLogger(__name__)
VOTES_EVERY = 2.0  # a vote opens or closes within seconds of its time (also after downtime)


async def votes_tick(context: BotContext) -> None:
    """JobQueue: open and close votes as the database says (safe to run twice)."""
    votes = context.services.votes
    if votes is None:
        return
    done = await votes.tick()
    if any(done.values()):
        log.info("votes: %s", done)
        context.application.bot_data["dispatcher"].wake()


def install(dispatcher: OutboxDispatcher, services: Services) -> None:
    dispatcher.register_buttons("vote_ballot", ballot_buttons)
    dispatcher.register_content("vote_result", VoteResultContent(services))
