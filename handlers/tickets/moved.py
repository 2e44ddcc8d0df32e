"""A press on a button in a group that is no longer the staff group: the card says where
the ticket went, and the presser gets an alert rather than an endless spinner."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import TelegramError

from handlers.common.context import BotContext
from handlers.common.render import trim

log = logging.getLogger(__name__)


async def press_in_previous_group(update: Update, context: BotContext) -> None:
    """Only our staff cards carry buttons in groups, so this group was a staff group once."""
    query = update.callback_query
    assert query is not None  # the gate calls this for button presses only
    t, lang = context.services.translator, context.services.settings.default_language
    message = query.message
    if isinstance(message, Message) and message.reply_markup is not None:
        moved = t.t(lang, "staff.card_moved")
        try:
            await query.edit_message_text(
                trim(f"{message.text_html or ''}\n\n{moved}".strip()), reply_markup=None
            )
        except TelegramError as error:  # too old to edit, or no right to: the alert still goes
            log.info("cannot mark a card in a previous staff group: %s", error)
    await query.answer(context.t("staff.button_moved"), show_alert=True)
