"""/cancel: whatever form or question this person has open is dropped (the rule lives in
bot/services/conversation/cancelling.py), and they are told what was dropped or that nothing
was open. Buttons stay as they were."""

from __future__ import annotations

from telegram import Update

from bot.services.conversation.cancelling import cancel_all
from handlers.common.context import BotContext
from handlers.common.render import reply


async def cancel_command(update: Update, context: BotContext) -> None:
    user = context.actor
    dropped = [] if user is None else await cancel_all(context.services, user)
    if not dropped:
        await reply(update, context, "cancel.nothing")
        return
    lines = "\n".join(context.t(key) for key in dropped)
    await reply(update, context, "cancel.done", what=lines)
