"""The people jobs: leases, due erasures, detached people's phones. Each step reads what is
due from the database, so running twice (or after downtime) does each thing once."""

from __future__ import annotations

import logging

from handlers.common.context import BotContext

log = logging.getLogger(__name__)
PEOPLE_EVERY = 3600.0  # hourly: a lease lapses within the hour, reminders go out once


async def people_tick(context: BotContext) -> None:
    services = context.services
    await services.privacy.record_windows()
    reminded, lapsed = await services.membership.lease_tick()
    erased = await services.privacy.run_due_erasures()
    phones = await services.privacy.purge_detached_phones()
    staff_chat = await services.people.staff_chat_id()
    if await services.privacy.weekly_roster_check(staff_chat, services.settings.tz):
        context.application.bot_data["dispatcher"].wake()
        log.info("weekly roster check queued for the staff group")
    if reminded or lapsed or erased or phones:
        log.info(
            "leases: %d reminded, %d lapsed; %d erasures done; %d detached phones deleted",
            reminded,
            lapsed,
            erased,
            phones,
        )
