"""Dispatching a routed resident message: the thread of an active ticket, the rating prompt
after thanks, which-ticket and add-or-separate questions, typed survey answers.

Callback data `cv:<verb>:<args>` names the resident's own message id (the message is held
by the router while they choose); a press for any other message is refused as stale.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError
from bot.domain.surveys.steps import Step
from bot.services.conversation.router import Incoming, Routed
from handlers.common.callbacks import bounded_int, encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, reply, send
from handlers.common.updates import actor_of, chat_of, message_of, pressed_message, query_of
from handlers.surveys import answering as surveys
from handlers.tickets import intake
from handlers.tickets.views import labels

PATTERN = r"^cv:(to|new|add|sep|nt|drop):[0-9_]{1,40}$"


def _button(text: str, verb: str, *numbers: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode("cv", verb, "_".join(map(str, numbers))))


def _message_id(incoming: Incoming) -> int:
    return int(incoming.source_key.rsplit(":", 1)[1])


async def thread(update: Update, context: BotContext, routed: Routed, incoming: Incoming) -> None:
    """Added to the active ticket's thread, told so in one line with "a new request instead"."""
    ticket_id = routed.route.ticket_id or -1
    await _relay(context, ticket_id, incoming)
    await context.services.router.hold(actor_of(context), incoming)
    markup = InlineKeyboardMarkup(
        [[_button(context.t("conversation.new_instead"), "nt", _message_id(incoming))]]
    )
    await reply(update, context, "conversation.added", markup, id=ticket_id)


async def linked(update: Update, context: BotContext, routed: Routed, incoming: Incoming) -> None:
    """Telegram's Reply to a message of a ticket: it joins that ticket."""
    await _relay(context, routed.route.ticket_id or -1, incoming)
    await reply(update, context, "ticket.details_added", id=routed.route.ticket_id)


async def confirm(update: Update, context: BotContext, routed: Routed, incoming: Incoming) -> None:
    """Thanks after a resolution: staff see it, the resident gets the confirm/rate prompt."""
    ticket_id = routed.route.ticket_id or -1
    await _relay(context, ticket_id, incoming)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t("resolution.confirm"), callback_data=encode("t", "ok", ticket_id)
                ),
                InlineKeyboardButton(
                    context.t("resolution.not_fixed"), callback_data=encode("t", "nf", ticket_id)
                ),
            ]
        ]
    )
    await reply(update, context, "conversation.confirm", markup, id=ticket_id)


async def choose_ticket(
    update: Update, context: BotContext, routed: Routed, incoming: Incoming
) -> None:
    """Several active conversations: one question, the candidates as buttons."""
    await context.services.router.hold(actor_of(context), incoming)
    mid, t = _message_id(incoming), context.services.translator
    rows = []
    for ticket_id in routed.route.candidates[:6]:
        ticket = await context.services.tickets.get(ticket_id)
        text = context.t(
            "conversation.ticket_button",
            id=ticket_id,
            labels=labels(t, context.lang, ticket.kind, ticket.category, ticket.urgent),
        )
        rows.append([_button(text, "to", ticket_id, mid)])
    rows.append([_button(context.t("conversation.new_request"), "new", mid)])
    await reply(update, context, "conversation.which_ticket", InlineKeyboardMarkup(rows))


async def draft_choice(
    update: Update, context: BotContext, routed: Routed, incoming: Incoming
) -> None:
    """Another kind of message while a draft is open: add to it, or a separate request?"""
    await context.services.router.hold(actor_of(context), incoming)
    draft = await context.services.intake.draft_of(actor_of(context), routed.route.draft_id or -1)
    t, mid = context.services.translator, _message_id(incoming)
    markup = InlineKeyboardMarkup(
        [
            [_button(context.t("conversation.add_to_draft"), "add", mid)],
            [_button(context.t("conversation.separate"), "sep", mid)],
        ]
    )
    text = labels(t, context.lang, draft.kind, draft.category, draft.urgent)
    await reply(update, context, "conversation.draft_choice", markup, labels=text)


async def survey_answer(update: Update, context: BotContext, routed: Routed, incoming) -> None:
    """Typed while a question waits: taken as the answer and confirmed like a press."""
    message = message_of(update)
    source = f"sv:msg:{message.chat_id}:{message.message_id}"
    outcome = await context.services.surveys.answering.text(
        actor_of(context), incoming.text, source=source
    )
    if outcome is None and routed.survey is not None:
        outcome = routed.survey
    if outcome is not None:
        await surveys.show(context, chat_of(update).id, outcome)


async def survey_unclear(update: Update, context: BotContext, routed: Routed, incoming) -> None:
    """Neither an option nor a request: ask for a tap and show the question again."""
    await reply(update, context, "conversation.tap_option")
    if routed.survey is not None:
        await surveys.show(context, chat_of(update).id, routed.survey)


async def survey_reminder(update: Update, context: BotContext, step: Step) -> None:
    """One line under a request made while a survey waits, with a way back to the question."""
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t("conversation.back_to_survey"),
                    callback_data=encode("sv", "go", step.campaign.id),
                )
            ]
        ]
    )
    await reply(update, context, "conversation.survey_waiting", markup)


async def _relay(context: BotContext, ticket_id: int, incoming: Incoming) -> None:
    photo = incoming.photos[0] if incoming.photos else None
    await context.services.tickets.resident_message(
        actor_of(context), ticket_id, incoming.text, photo
    )


async def conversation_button(update: Update, context: BotContext) -> None:
    """To this ticket / a new request / add to the draft / a separate request."""
    query = query_of(update)
    action = require(query.data)
    parsed = [bounded_int(n) for n in action.arg.split("_")]
    numbers = [n for n in parsed if n is not None]
    if not numbers or len(parsed) > 2 or len(numbers) != len(parsed):
        raise DomainError("error.stale_button")
    source = f"{pressed_message(query).chat_id}:{numbers[-1]}"
    router, actor = context.services.router, actor_of(context)
    held = await router.held(actor, source)
    if held is None:  # used already, replaced by a later message, or never theirs
        raise DomainError("error.stale_button")
    await router.release(actor)
    await answer(context, query)
    await query.edit_message_reply_markup(None)
    if action.verb == "drop":
        await reply(update, context, "conversation.dropped")
        return
    if action.verb == "to" and len(numbers) == 2:
        await _relay(context, numbers[0], held)
        await reply(update, context, "conversation.added", id=numbers[0])
        return
    # Only "add to this request" joins the open draft; a new request is a draft of its own.
    await intake.receive_held(update, context, held, separate=action.verb != "add")


async def pending(update: Update, context: BotContext, routed: Routed, incoming: Incoming) -> None:
    """Registration awaits approval: the message is kept, not dropped."""
    await context.services.router.hold(actor_of(context), incoming)
    await reply(update, context, "conversation.pending_kept")


async def after_registration(context: BotContext, user_id: int, approved: bool) -> None:
    """Once approved, a message kept while the registration waited is offered for filing;
    once rejected, it is dropped with the rejection."""
    user, held = await context.services.router.after_registration(user_id, approved)
    if user is None or held is None or not approved:
        return
    t = context.services.translator
    lang = t.language_for(user.language, user.tg_language)
    mid = _message_id(held)
    markup = InlineKeyboardMarkup(
        [
            [
                _button(t.t(lang, "conversation.file_it"), "new", mid),
                _button(t.t(lang, "conversation.discard"), "drop", mid),
            ]
        ]
    )
    text = t.t(lang, "conversation.pending_earlier", text=held.text[:500] or "📷")
    await send(context, user_id, text, markup)
