"""The activities job: the day-before reminders and the rating question after the event, each
once (derived from the database: safe to run twice, a missed run happens at start-up)."""

from __future__ import annotations

import logging

from handlers.common.context import BotContext

log = logging.getLogger(__name__)
ACTIVITIES_EVERY = 60.0


async def activities_tick(context: BotContext) -> None:
    found = context.services.activities
    if found is None:
        return
    done = await found.office.tick()
    if done.reminded or done.asked:
        log.info("activities: %s reminders, %s rating questions", done.reminded, done.asked)
