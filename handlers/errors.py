"""The one global error handler: friendly replies for DomainErrors, logs and alerts otherwise."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError, TelegramError

from bot.domain.errors import DomainError
from bot.services.ports import Note
from handlers.context import BotContext
from handlers.render import trim

log = logging.getLogger(__name__)
ALERT_INTERVAL = 60.0  # seconds between "internal error" alerts to managers
_last_alert = [0.0]


async def _language(context: BotContext, update: Update) -> str:
    user = update.effective_user
    stored = await context.services.deps.users.get(user.id) if user else None
    return context.services.translator.language_for(
        stored.language if stored else None, user.language_code if user else None
    )


async def _tell(update: Update, context: BotContext, text: str) -> None:
    query = update.callback_query
    if query is not None:
        try:
            await query.answer(trim(text, 200), show_alert=True)
            return
        except BadRequest:
            pass  # already answered by the handler: fall through to a message
    chat = update.effective_chat
    if chat is not None and (
        chat.type == ChatType.PRIVATE or isinstance(context.error, DomainError)
    ):
        await context.bot.send_message(chat.id, trim(text))


async def on_error(update: object, context: BotContext) -> None:
    """DomainError → clear reply, nothing changed; anything else → log + managers."""
    error = context.error
    if not isinstance(update, Update):
        if isinstance(error, NetworkError):
            log.warning("network trouble talking to Telegram: %s", error)
        else:
            log.error("error outside an update", exc_info=error)
        return
    try:
        lang = await _language(context, update)
        translator = context.services.translator
        if isinstance(error, DomainError):
            await _tell(update, context, translator.t(lang, error.key, **error.params))
            return
        if isinstance(error, BadRequest) and "query is too old" in str(error).lower():
            # A button pressed long ago, or replayed after a restart: the action itself ran.
            log.info("callback query expired before it was answered (update %s)", update.update_id)
            return
        log.error("unhandled error in update %s", update.update_id, exc_info=error)
        await _tell(update, context, translator.t(lang, "error.internal"))
        if time.monotonic() - _last_alert[0] > ALERT_INTERVAL:
            _last_alert[0] = time.monotonic()
            await context.services.deps.notifier.to_managers(
                Note(
                    "error.manager_alert",
                    {"kind": type(error).__name__, "update": update.update_id},
                )
            )
    except TelegramError as nested:
        log.warning("could not report an error to the user: %s", nested)
