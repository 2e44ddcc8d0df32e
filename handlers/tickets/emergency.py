"""Emergencies in chat (issue 17): the advice first, the ticket filed at once, "is anyone in
danger?", "not an emergency", and the staff's 📞 Phone button."""

from __future__ import annotations

import html

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.classifier import LOW_CONFIDENCE
from bot.domain.messaging.outbox import OutboxItem
from bot.domain.tickets.emergency import advice_key
from bot.domain.tickets.model import Draft, Ticket
from bot.i18n import Translator
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, send, trim
from handlers.common.updates import actor_of, chat_of, query_of
from handlers.tickets.resident import filed_keyboard, outbox_ticket_row
from handlers.tickets.views import (
    draft_keyboard,
    draft_text,
    edit_buttons,
    edit_text,
    kind_keyboard,
)

ALERT_LIMIT = 200  # characters Telegram shows in a callback alert


def emergency_keyboard(context: BotContext, ticket_id: int) -> InlineKeyboardMarkup:
    """Under "duty staff notified": add details, not an emergency, cancel."""
    button = InlineKeyboardButton
    return InlineKeyboardMarkup(
        [
            [button(context.t("ticket.add_details"), callback_data=encode("t", "add", ticket_id))],
            [
                button(
                    context.t("emergency.not_emergency"),
                    callback_data=encode("u", "calm", ticket_id),
                ),
                button(context.t("ticket.cancel"), callback_data=encode("t", "cancel", ticket_id)),
            ],
        ]
    )


def danger_keyboard(context: BotContext, draft_id: int) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton
    return InlineKeyboardMarkup(
        [
            [button(context.t("emergency.danger_yes"), callback_data=encode("u", "yes", draft_id))],
            [button(context.t("emergency.danger_no"), callback_data=encode("u", "no", draft_id))],
        ]
    )


def danger_question(context: BotContext, draft: Draft) -> tuple[str, InlineKeyboardMarkup]:
    return context.t("emergency.ask_danger", text=draft.text[:300]), danger_keyboard(
        context, draft.id
    )


def alert_buttons(item: OutboxItem, lang: str, t: Translator) -> InlineKeyboardMarkup | None:
    """The outbox renderer for a manager's emergency page (registered as "emergency")."""
    return outbox_ticket_row(
        item, lang, t, ("card.take", "s", "take"), ("emergency.phone_button", "u", "tel")
    )


async def show_filed(
    update: Update,
    context: BotContext,
    ticket: Ticket,
    hazard: str | None,
    query: CallbackQuery | None = None,
) -> None:
    """Advice first, then "duty staff notified #N" with its buttons; the card goes up last."""
    chat_id = chat_of(update).id
    # One more household of a known incident (issue 11B): the advice, then the incident's own
    # note (queued by the service); its card is refreshed, paced, by the incident service.
    joined = context.actor is not None and ticket.resident_id != actor_of(context).id
    try:
        advice = context.t(advice_key(hazard))
        if query is not None:  # the pressed question (or draft) turns into the advice
            await query.edit_message_text(advice, reply_markup=None)
        else:
            await send(context, chat_id, advice)
        if joined:
            return
        filed = await send(
            context,
            chat_id,
            context.t("emergency.filed", id=ticket.id),
            emergency_keyboard(context, ticket.id),
        )
        await context.services.tickets.link_resident_message(ticket.id, chat_id, filed.message_id)
    finally:  # whatever happened in this chat, the staff group gets the card
        if not joined:
            await context.services.emergency.announce(ticket.id)


async def show_follow_up(update: Update, context: BotContext, intake) -> None:
    """Words on a fresh emergency went to its staff thread; new danger gets its advice too."""
    chat_id = chat_of(update).id
    if intake.triage.emergency:
        await send(context, chat_id, context.t(advice_key(intake.triage.hazard)))
    await send(context, chat_id, context.t("emergency.follow_up", id=intake.ticket.id))


async def danger_button(update: Update, context: BotContext) -> None:
    """ "Is anyone in danger?" Yes: filed as an emergency at once. No: the usual draft."""
    query, services = query_of(update), context.services
    action = require(query.data)
    draft_id = action.int_arg() or -1
    if action.verb == "yes":
        ticket = await services.emergency.escalate(actor_of(context), draft_id)
        await answer(context, query)
        await show_filed(update, context, ticket, ticket.hazard, query)
        return
    draft = await services.emergency.no_danger(actor_of(context), draft_id)
    await answer(context, query)
    t = services.translator
    if draft.confidence < LOW_CONFIDENCE:
        text = context.t("draft.which_kind", text=draft.text[:300])
        markup = kind_keyboard(t, context.lang, draft.id)
    else:
        text, markup = (
            draft_text(t, context.lang, draft, False),
            draft_keyboard(t, context.lang, draft),
        )
    await edit_text(query, text, markup)


async def calm_button(update: Update, context: BotContext) -> None:
    """ "Not an emergency": ordinary deadlines; the managers are told."""
    query = query_of(update)
    ticket_id = require(query.data).int_arg() or -1
    change = await context.services.emergency.calm(actor_of(context), ticket_id)
    key = "emergency.calmed" if change.changed else "ticket.no_change"
    await answer(context, query, key, id=ticket_id)
    await edit_buttons(query, filed_keyboard(context, ticket_id))


async def phone_button(update: Update, context: BotContext) -> None:
    """📞 on an urgent card: the resident's phone, to the presser only (a callback alert)."""
    query = query_of(update)
    ticket_id = require(query.data).int_arg() or -1
    reveal = await context.services.emergency_desk.reveal_phone(ticket_id, actor_of(context).id)
    text = context.t(
        "emergency.phone_alert",
        id=reveal.ticket.id,
        name=reveal.name,
        home=reveal.home,
        phone=reveal.phone,
    )
    await query.answer(trim(html.unescape(text), ALERT_LIMIT), show_alert=True)
