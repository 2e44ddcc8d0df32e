"""A resident's own tickets: list, view, cancel, add details, confirm and rate, reopen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.messaging.outbox import OutboxItem
from bot.i18n import Raw, Translator
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, reply, send, split_text
from handlers.common.updates import actor_of, chat_of, query_of
from handlers.tickets.cancel import cancel_button
from handlers.tickets.views import edit_buttons, history_for, resident_line


def filed_keyboard(context: BotContext, ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t("ticket.add_details"), callback_data=encode("t", "add", ticket_id)
                ),
                InlineKeyboardButton(
                    context.t("ticket.cancel"), callback_data=encode("t", "cancel", ticket_id)
                ),
            ]
        ]
    )


def outbox_ticket_row(
    item: OutboxItem, lang: str, t: Translator, *buttons: tuple[str, str, str]
) -> InlineKeyboardMarkup | None:
    """One row of (label key, callback prefix, verb) buttons on the ticket an outbox row names
    (None: it names none)."""
    ticket_id = item.extra.get("ticket")
    if not isinstance(ticket_id, int):
        return None
    row = [
        InlineKeyboardButton(t.t(lang, key), callback_data=encode(prefix, verb, ticket_id))
        for key, prefix, verb in buttons
    ]
    return InlineKeyboardMarkup([row])


def resolution_buttons(item: OutboxItem, lang: str, t: Translator) -> InlineKeyboardMarkup | None:
    """The outbox renderer for "resolved — fixed?" (registered as "resolution")."""
    return outbox_ticket_row(
        item, lang, t, ("resolution.confirm", "t", "ok"), ("resolution.not_fixed", "t", "nf")
    )


def rating_keyboard(ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("⭐" * n, callback_data=encode("t", f"r{n}", ticket_id))
                for n in range(1, 6)
            ]
        ]
    )


async def my_requests(update: Update, context: BotContext) -> None:
    """ "My requests": the resident's latest tickets with status, each viewable."""
    if context.actor is None:
        await reply(update, context, "onboarding.pointer")
        return
    actor = actor_of(context)
    tickets = await context.services.tickets.mine(actor, limit=10)
    if not actor.is_registered and not tickets:
        await reply(update, context, "onboarding.pointer")
        return
    # Someone detached from a home (moved out, owner changed) still reads their own requests.
    if not tickets:
        await reply(update, context, "mine.empty")
        return
    t, tz = context.services.translator, context.services.settings.tz
    lines = [resident_line(t, context.lang, ticket, tz) for ticket in tickets]
    buttons = [
        InlineKeyboardButton(f"#{ticket.id}", callback_data=encode("t", "view", ticket.id))
        for ticket in tickets
    ]
    markup = InlineKeyboardMarkup([buttons[i : i + 5] for i in range(0, len(buttons), 5)])
    await reply(update, context, "mine.head", markup, lines=Raw("\n".join(lines)))


async def ticket_button(update: Update, context: BotContext) -> None:
    """Resident ticket buttons; every one re-checks that the ticket is the caller's."""
    actor_of(context)  # no known person (the gate loads them): a stale-button answer
    action = require(query_of(update).data)
    ticket_id, verb = action.int_arg() or -1, action.verb
    if verb.startswith("r") and verb[1:].isdecimal():
        await _rated(update, context, ticket_id, int(verb[1:]))
        return
    press = _TICKET_PRESSES.get(verb)
    if press is not None:
        await press(update, context, ticket_id)
    elif verb in ("cancel", "cx", "keep"):
        await cancel_button(update, context, verb, ticket_id)


async def _view(update: Update, context: BotContext, ticket_id: int) -> None:
    actor = actor_of(context)
    ticket, events, photos = await context.services.tickets.history(actor, ticket_id)
    text = history_for(context, ticket, events, {actor.id: context.t("history.you")}, len(photos))
    await answer(context, query_of(update))
    for part in split_text(text):  # a long description is shown whole, in parts
        await send(context, chat_of(update).id, part)


async def _add_details(update: Update, context: BotContext, ticket_id: int) -> None:
    await context.services.tickets.ask_details(actor_of(context), ticket_id)
    await answer(context, query_of(update))
    await reply(update, context, "ticket.send_details", id=ticket_id)


async def _fixed(update: Update, context: BotContext, ticket_id: int) -> None:
    """ "Fixed 👍": the stars to rate it, if it still waits for a rating."""
    query = query_of(update)
    ticket, open_for_rating = await context.services.tickets.confirmation(
        actor_of(context), ticket_id
    )
    if not open_for_rating:  # an old resolution message: say where the ticket is now
        status = context.t(f"status.{ticket.status.value}")
        await answer(context, query, "ticket.now_status", id=ticket.id, status=status)
        await edit_buttons(query, None)
        return
    await answer(context, query)
    await edit_buttons(query, rating_keyboard(ticket_id))


async def _not_fixed(update: Update, context: BotContext, ticket_id: int) -> None:
    query = query_of(update)
    await context.services.tickets.ask_reopen(actor_of(context), ticket_id)
    await answer(context, query)
    await edit_buttons(query, None)
    await reply(update, context, "ticket.ask_reason", id=ticket_id)


async def _rated(update: Update, context: BotContext, ticket_id: int, stars: int) -> None:
    query = query_of(update)
    change = await context.services.tickets.confirm(actor_of(context), ticket_id, stars)
    await answer(context, query)
    await edit_buttons(query, None)
    skip = InlineKeyboardButton(
        context.t("ticket.skip"), callback_data=encode("t", "skip", ticket_id)
    )
    if change.changed:
        markup = InlineKeyboardMarkup([[skip]])
        await reply(update, context, "ticket.ask_comment", markup, rating="⭐" * stars)
    else:
        await reply(update, context, "ticket.no_change", id=ticket_id)


async def _skip_comment(update: Update, context: BotContext, ticket_id: int) -> None:
    query = query_of(update)
    await context.services.tickets.comment(actor_of(context), ticket_id, None)
    await answer(context, query, "ticket.thanks_comment")
    await edit_buttons(query, None)


_TICKET_PRESSES: dict[str, Callable[[Update, BotContext, int], Awaitable[None]]] = {
    "view": _view,
    "add": _add_details,
    "ok": _fixed,
    "nf": _not_fixed,
    "skip": _skip_comment,
}
