"""The staff side of a relay (issue 10 B): the bot's status reply to each relayed staff
message — ✅ delivered / 🕗 held until 08:00 (with "send now") / ❌ not delivered — edited
when the outbox records the outcome; staff edits of a relayed message become corrections."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError

from bot.domain.messaging.outbox import OutboxItem, Outcome
from bot.domain.tickets.relay import RelayState
from bot.services.registry import Services
from bot.services.tickets.relay_status import RelayView
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed

log = logging.getLogger(__name__)
PATTERN = r"^rl:now:[0-9]+$"


def status_text(services: Services, view: RelayView) -> str:
    t, lang = services.translator, services.settings.default_language
    time = (
        view.held_until.astimezone(services.settings.tz).strftime("%H:%M")
        if view.held_until
        else ""
    )
    text = t.t(lang, f"relay.{view.state.value}", id=view.ticket_id, time=time)
    if view.correction:
        return t.t(lang, "relay.correction_status", status=text)
    return text


def status_markup(services: Services, view: RelayView) -> InlineKeyboardMarkup | None:
    if view.state is not RelayState.HELD:
        return None
    label = services.translator.t(services.settings.default_language, "relay.send_now")
    button = InlineKeyboardButton(label, callback_data=encode("rl", "now", view.outbox_id))
    return InlineKeyboardMarkup([[button]])


async def post_status(context: BotContext, message: Message, view: RelayView | None) -> None:
    """Answer the staff member's message with the relay's true state."""
    if view is None:
        return
    services = context.services
    try:
        sent = await context.bot.send_message(
            message.chat_id,
            status_text(services, view),
            reply_markup=status_markup(services, view),
            message_thread_id=message.message_thread_id if message.is_topic_message else None,
            reply_to_message_id=message.message_id,
            allow_sending_without_reply=True,
        )
    except TelegramError as error:  # the relay itself is queued: never invite a second send
        log.warning("cannot post a relay status for ticket %s: %s", view.ticket_id, error)
        return
    now = await services.relays.status_posted(
        view.outbox_id, sent.chat_id, sent.message_id, view.state
    )
    if now is not None:  # the outcome landed while the status was on its way
        await _edit(context.bot, services, sent.chat_id, sent.message_id, now)


async def _edit(bot, services: Services, chat_id: int, message_id: int, view: RelayView) -> None:
    try:
        await bot.edit_message_text(
            status_text(services, view),
            chat_id,
            message_id,
            reply_markup=status_markup(services, view),
        )
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            log.warning("cannot update a relay status: %s", error)
    except TelegramError as error:
        log.warning("cannot update a relay status: %s", error)


class RelayOutcomes:
    """The dispatcher's hook: a relay row's outcome updates its staff-side status message."""

    def __init__(self) -> None:
        self.bot = None
        self.services: Services | None = None

    def attach(self, bot, services: Services) -> None:
        self.bot, self.services = bot, services

    async def __call__(self, done: list[tuple[OutboxItem, Outcome]]) -> None:
        services = self.services
        if services is None:
            return
        for item, outcome in done:
            if item.extra.get("content") != "relay":
                continue
            found = await services.relays.outcome(item.id, outcome.status)
            if found is not None:
                await _edit(self.bot, services, found.chat_id, found.message_id, found.view)


async def send_now_button(update: Update, context: BotContext) -> None:
    """🕗 held → "send now": staff judged it urgent (the role is re-checked by the service)."""
    query, actor = update.callback_query, context.actor
    if query is None or actor is None:
        return
    outbox_id = require(query.data).int_arg() or -1
    view = await context.services.relays.send_now(outbox_id, actor.id)
    await answer(context, query, "relay.released", id=view.ticket_id)
    services = context.services
    await edit_pressed(query, status_text(services, view), status_markup(services, view))


async def edited_message(update: Update, context: BotContext) -> None:
    """A staff member corrected a message that was relayed: the resident gets the correction."""
    message = update.edited_message
    if message is None or context.actor is None:
        return
    view = await context.services.relays.correction(
        message.chat_id, message.message_id, context.actor.id, message.text or message.caption or ""
    )
    await post_status(context, message, view)
