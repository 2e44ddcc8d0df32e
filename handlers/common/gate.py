"""First handler group: who is acting, and whether this chat is ours to answer at all."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from handlers.common.context import BotContext
from handlers.tickets.moved import press_in_previous_group

BIND_COMMAND = "/bind_staff_group"


def _is_bind_command(update: Update) -> bool:
    message = update.effective_message
    text = (message.text or "") if message else ""
    return text.split("@")[0].split(" ")[0] == BIND_COMMAND


async def identify_actor(update: Update, context: BotContext) -> None:
    """Load (or record) the acting user; drop group chatter that is not the staff group's."""
    user = update.effective_user
    if user is None or user.is_bot:
        raise ApplicationHandlerStop  # channel posts, polls, other bots: not ours
    context.tg_language = user.language_code
    chat = update.effective_chat
    in_group = chat is not None and chat.type != ChatType.PRIVATE
    binding = in_group and _is_bind_command(update)
    if (
        chat is not None
        and in_group
        and not binding
        and chat.id != await context.services.people.staff_chat_id()
    ):
        if update.callback_query is not None:  # a card left behind in a previous staff group
            await press_in_previous_group(update, context)
        raise ApplicationHandlerStop
    context.actor = await context.services.people.touch(
        user.id, (user.first_name or "")[:64], user.username, user.language_code
    )
    if in_group and not binding and not context.actor.is_staff:
        if update.callback_query is not None:  # a card button: say no, only to the presser
            await update.callback_query.answer(context.t("error.not_allowed"), show_alert=True)
        raise ApplicationHandlerStop  # residents in the staff group are ignored
