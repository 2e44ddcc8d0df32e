"""A resident's "Cancel request" asks once before it cancels; afterwards the card says so."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError
from bot.domain.tickets.model import Status
from handlers.common.callbacks import encode
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed
from handlers.tickets.views import edit_buttons


def confirm_keyboard(context: BotContext, ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t("cancel.confirm"), callback_data=encode("t", "cx", ticket_id)
                ),
                InlineKeyboardButton(
                    context.t("cancel.keep"), callback_data=encode("t", "keep", ticket_id)
                ),
            ]
        ]
    )


async def cancel_button(update: Update, context: BotContext, verb: str, ticket_id: int) -> None:
    """cancel: ask (the card's buttons become ✅/↩️); cx: cancel; keep: the buttons return."""
    from handlers.tickets.resident import filed_keyboard  # (resident imports this module)

    query, tickets, actor = update.callback_query, context.services.tickets, context.actor
    assert query is not None and actor is not None  # a button press, after the gate
    if verb == "cancel":
        ticket = await tickets.visible(actor, ticket_id)
        if ticket.resident_id != actor.id:
            raise DomainError("ticket.not_found", id=ticket_id)
        if ticket.status is Status.CANCELLED:  # an old card: nothing left to ask
            await answer(context, query, "ticket.no_change", id=ticket_id)
            await edit_buttons(query, None)
            return
        if ticket.status is not Status.NEW:
            raise DomainError("ticket.cannot_cancel", id=ticket_id)
        await answer(context, query, "cancel.ask", id=ticket_id)
        await edit_buttons(query, confirm_keyboard(context, ticket_id))
        return
    if verb == "keep":
        await tickets.visible(actor, ticket_id)
        await answer(context, query, "cancel.kept", id=ticket_id)
        await edit_buttons(query, filed_keyboard(context, ticket_id))
        return
    change = await tickets.cancel(actor, ticket_id)
    await answer(
        context, query, "ticket.cancelled" if change.changed else "ticket.no_change", id=ticket_id
    )
    if change.changed:  # no more "we will keep you posted": the card shows it is cancelled
        await edit_pressed(query, context.t("cancel.card", id=ticket_id), None)
    else:
        await edit_buttons(query, None)
