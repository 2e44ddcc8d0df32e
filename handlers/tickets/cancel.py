"""A resident's "Cancel request" asks once before it cancels; afterwards the card says so."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.domain.errors import DomainError, NotFound
from bot.domain.tickets.model import Status
from handlers.common.callbacks import encode
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed
from handlers.tickets.views import edit_buttons


def _swap(
    context: BotContext, markup: InlineKeyboardMarkup | None, ticket_id: int, asking: bool
) -> InlineKeyboardMarkup:
    """The pressed card's keyboard with its Cancel button turned into ✅/↩️ (or back); the
    other buttons (add details, an emergency's "all calm") stay where they were."""
    cancel = encode("t", "cancel", ticket_id)
    choice = {encode("t", "cx", ticket_id), encode("t", "keep", ticket_id)}
    rows: list[list[InlineKeyboardButton]] = []
    placed = False
    for row in markup.inline_keyboard if markup else ():
        kept = [b for b in row if b.callback_data not in ({cancel} | choice)]
        if len(kept) < len(row) and not placed:
            placed = True
            kept += _choice(context, ticket_id) if asking else [_cancel(context, ticket_id)]
        if kept:
            rows.append(kept)
    if not placed:
        rows.append(_choice(context, ticket_id) if asking else [_cancel(context, ticket_id)])
    return InlineKeyboardMarkup(rows)


def _choice(context: BotContext, ticket_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            context.t("cancel.confirm"), callback_data=encode("t", "cx", ticket_id)
        ),
        InlineKeyboardButton(
            context.t("cancel.keep"), callback_data=encode("t", "keep", ticket_id)
        ),
    ]


def _cancel(context: BotContext, ticket_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        context.t("ticket.cancel"), callback_data=encode("t", "cancel", ticket_id)
    )


async def cancel_button(update: Update, context: BotContext, verb: str, ticket_id: int) -> None:
    """cancel: ask (the card's buttons become ✅/↩️); cx: cancel; keep: the buttons return."""
    query, tickets, actor = update.callback_query, context.services.tickets, context.actor
    assert query is not None and actor is not None  # a button press, after the gate
    ticket = await tickets.visible(actor, ticket_id)
    if ticket.resident_id != actor.id:  # staff see every ticket; only its resident cancels
        raise NotFound("ticket.not_found", id=ticket_id)
    if verb == "cancel":
        if ticket.status is Status.CANCELLED:  # an old card: nothing left to ask
            await answer(context, query, "ticket.no_change", id=ticket_id)
            await edit_buttons(query, None)
            return
        if ticket.status is not Status.NEW:
            raise DomainError("ticket.cannot_cancel", id=ticket_id)
        await answer(context, query, "cancel.ask", id=ticket_id)
        await edit_buttons(query, _swap(context, _markup(query), ticket_id, asking=True))
        return
    if verb == "keep":
        await answer(context, query, "cancel.kept", id=ticket_id)
        await edit_buttons(query, _swap(context, _markup(query), ticket_id, asking=False))
        return
    change = await tickets.cancel(actor, ticket_id)
    await answer(
        context, query, "ticket.cancelled" if change.changed else "ticket.no_change", id=ticket_id
    )
    if change.changed:  # no more "we will keep you posted": the card shows it is cancelled
        await edit_pressed(query, context.t("cancel.card", id=ticket_id), None)
    else:
        await edit_buttons(query, None)


def _markup(query: CallbackQuery) -> InlineKeyboardMarkup | None:
    message = query.message
    return message.reply_markup if isinstance(message, Message) else None
