"""`/surveys`: the manager runs campaigns from chat as from the CLI — each recent campaign
with its buttons: close a running round, cancel a scheduled one, stop a recurring series,
see the results. Every button re-checks the manager role in the service."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from bot.domain.surveys.campaigns import Campaign, CampaignStatus
from bot.i18n import Raw
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, reply
from handlers.surveys.admin import campaign_line, send_results

PATTERN = r"^sm:(close|stop|res):[0-9]{1,12}$"
SHOWN = 10


def _actor(context: BotContext) -> int:
    if context.actor is None:  # the gate sets it for every private update
        raise DomainError("survey.wizard_stale")
    return context.actor.id


def _buttons(context: BotContext, campaign: Campaign) -> list[InlineKeyboardButton]:
    cid, buttons = campaign.id, []
    if campaign.status is CampaignStatus.RUNNING:
        buttons.append(("survey.manage_close", "close"))
    elif campaign.status is CampaignStatus.SCHEDULED:
        buttons.append(("survey.manage_cancel", "close"))
    if campaign.every and campaign.status is not CampaignStatus.CANCELLED:
        buttons.append(("survey.manage_stop", "stop"))
    if campaign.status in (CampaignStatus.RUNNING, CampaignStatus.CLOSED):
        buttons.append(("survey.manage_results", "res"))
    return [
        InlineKeyboardButton(context.t(key, id=cid), callback_data=encode("sm", verb, cid))
        for key, verb in buttons
    ]


async def surveys_command(update: Update, context: BotContext) -> None:
    """/surveys: recent campaigns, newest first, each with what can be done to it."""
    actor = _actor(context)
    await context.services.people.ensure_role(actor, Role.MANAGER)
    surveys = context.services.surveys
    campaigns = await surveys.campaigns(actor, limit=SHOWN)
    if not campaigns:
        await reply(update, context, "survey.list_empty")
        return
    lines, rows = [], []
    for c in campaigns:
        lines.append(campaign_line(context, c))
        buttons = _buttons(context, c)
        if buttons:
            rows.append(buttons)
    markup = InlineKeyboardMarkup(rows) if rows else None
    # Each line was escaped when it was built: join them as markup, not as text.
    await reply(update, context, "survey.manage_header", markup, lines=Raw("\n".join(lines)))


async def manage_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None  # the pattern matched a callback query
    actor = _actor(context)
    action = require(query.data or "")
    surveys, campaign_id = context.services.surveys, action.int_arg() or -1
    if action.verb == "res":
        await surveys.require_manager(actor)
        await send_results(update, context, campaign_id)  # an unknown id raises before this
        await answer(context, query)
        return
    if action.verb == "stop":
        cancelled = await surveys.stop_series(actor, campaign_id)
        await answer(context, query)
        if cancelled is None:
            await reply(update, context, "survey.manage_nothing_to_stop", id=campaign_id)
        else:
            await reply(update, context, "survey.manage_stopped", id=cancelled.id)
        return
    campaign = await surveys.close(actor, campaign_id)
    await answer(context, query)
    status = context.t(f"survey.status_{campaign.status.value}")
    await reply(update, context, "survey.manage_closed", id=campaign.id, status=status)
