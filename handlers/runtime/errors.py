"""The one global error handler: friendly replies for DomainErrors, logs and alerts otherwise."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.domain.errors import DomainError, StorageUnavailable
from bot.services.ports import Note
from handlers.common.context import BotContext
from handlers.common.render import trim

log = logging.getLogger(__name__)
ALERT_INTERVAL = 60.0  # seconds between "internal error" alerts to managers
_last_alert = [0.0]


def storage_problem(error: BaseException | None) -> str | None:
    """Catalog key for a database that cannot be written (disk full, read-only), else None."""
    if not isinstance(error, StorageUnavailable):
        return None
    return {"full": "error.storage_full", "readonly": "error.storage_readonly"}.get(
        error.reason, "error.storage"
    )


async def alert_managers(services, note: Note) -> None:
    """At most one alert a minute, so a failing disk does not flood the managers."""
    if time.monotonic() - _last_alert[0] < ALERT_INTERVAL:
        return
    _last_alert[0] = time.monotonic()
    try:
        await services.people.tell_managers(note)
    except Exception:  # the alert is best effort; the log line above already has the details
        log.exception("could not alert managers")


async def _language(context: BotContext, update: Update) -> str:
    user = update.effective_user
    stored = await context.services.people.find(user.id) if user else None
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
    if isinstance(error, RetryAfter):
        # Flood control is the scheduler's business (it waits and retries); telling the user
        # "something went wrong" would only be refused with another 429.
        log.warning("flood control outlasted the retries for update %s", update.update_id)
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
        if isinstance(error, BadRequest) and "message is not modified" in str(error).lower():
            # A double tap: the first press already drew this exact message; nothing to do.
            log.info("message already up to date (update %s)", update.update_id)
            return
        log.error("unhandled error in update %s", update.update_id, exc_info=error)
        storage = storage_problem(error)
        await _tell(
            update, context, translator.t(lang, "error.try_later" if storage else "error.internal")
        )
        note = Note(
            storage or "error.manager_alert",
            {"kind": type(error).__name__, "update": update.update_id},
        )
        await alert_managers(context.services, note)
    except TelegramError as nested:
        log.warning("could not report an error to the user: %s", nested)
