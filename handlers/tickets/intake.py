"""Resident requests in private chat: messages become drafts, drafts become tickets."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import BadRequest

from bot.domain.errors import DomainError
from bot.domain.people.model import UserState
from bot.domain.tickets.model import Kind
from handlers.common.callbacks import bounded_int, require
from handlers.common.context import BotContext
from handlers.common.render import answer, reply, send, trim
from handlers.common.updates import actor_of, chat_of, message_of, pressed_message, query_of
from handlers.faq import suggest as faq_suggest
from handlers.tickets import emergency, incident_views
from handlers.tickets.resident import filed_keyboard
from handlers.tickets.views import (
    CATEGORIES,
    KINDS,
    category_keyboard,
    draft_keyboard,
    draft_text,
    edit_buttons,
    edit_text,
    kind_keyboard,
    labels,
    local,
    versioned,
)

log = logging.getLogger(__name__)
ALBUM = "album_reply"  # chat_data: (media_group_id, message id of the reply to that album)


def source_key(message: Message) -> str:
    return f"{message.chat_id}:{message.message_id}"


def largest_photo(message: Message) -> tuple[str, ...]:
    return (message.photo[-1].file_id,) if message.photo else ()


async def compose(update: Update, context: BotContext, kind_index: int) -> None:
    """Menu button Repair / Complaint / Inquiry: the next message is filed as that kind."""
    await context.services.intake.start_composing(actor_of(context), KINDS[kind_index])
    await reply(update, context, f"compose.{KINDS[kind_index].value}")


async def receive(
    update: Update, context: BotContext, preset: Kind | None = None, *, new_request: bool = False
) -> None:
    """Text, photo (with caption) or location from a resident: show what we understood."""
    message = message_of(update)
    location = (message.location.latitude, message.location.longitude) if message.location else None
    intake = await context.services.intake.receive(
        actor_of(context),
        message.text or message.caption or "",
        source_key=source_key(message),
        photos=largest_photo(message),
        location=location,
        preset=preset,
        new_request=new_request,
    )
    await _shown(update, context, intake, preset)


async def receive_held(update: Update, context: BotContext, held, *, separate: bool) -> None:
    """A message held while the resident chose (a new request, or add to / apart from the
    open draft): filed now, the card sent as a new message."""
    intake = await context.services.intake.receive(
        actor_of(context),
        held.text,
        source_key=held.source_key,
        photos=held.photos,
        separate=separate,
    )
    await _shown(update, context, intake)


async def _shown(update: Update, context: BotContext, intake, preset: Kind | None = None) -> None:
    if intake.follow_up:
        await emergency.show_follow_up(update, context, intake)
        return
    if intake.ticket is not None:  # an emergency: filed already, advice first
        await emergency.show_filed(update, context, intake.ticket, intake.ticket.hazard)
        return
    if await faq_suggest.offer_instead(update, context, intake, preset):
        return  # articles first; the draft waits for "still need help" (issue 14)
    draft, t = intake.draft, context.services.translator
    if intake.ask_danger:
        text, markup = emergency.danger_question(context, draft)
    elif not draft.text:
        text, markup = context.t("draft.need_text"), None
    elif intake.needs_kind:
        text = context.t("draft.which_kind", text=draft.text[:300])
        markup = kind_keyboard(t, context.lang, versioned(draft))
    else:
        text, markup = (
            draft_text(t, context.lang, draft, False),
            draft_keyboard(t, context.lang, draft),
        )
    if update.callback_query is not None:
        await send(context, chat_of(update).id, text, markup)
        return
    await _show_draft(update, context, text, markup)


async def _show_draft(update: Update, context: BotContext, text: str, markup) -> None:
    """One reply per album: Telegram delivers each photo of an album as its own message, so
    the later ones update the reply to the first (its photo count) instead of repeating it."""
    message = message_of(update)
    album = message.media_group_id
    chat_data = context.chat_data if context.chat_data is not None else {}
    shown = chat_data.get(ALBUM) if album else None
    if shown is not None and shown[0] == album:
        try:
            await context.bot.edit_message_text(
                text, message.chat_id, shown[1], reply_markup=markup
            )
            return
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return
            log.info("album reply could not be updated (%s); sending a new one", error)
    sent = await message.reply_text(trim(text), reply_markup=markup)
    if album:
        chat_data[ALBUM] = (album, sent.message_id)


async def draft_button(update: Update, context: BotContext) -> None:
    """Draft card buttons: submit, change kind/category, toggle urgency, discard. A button
    on an older version of the card is refused with the current card."""
    query, services, t = query_of(update), context.services, context.services.translator
    action = require(query.data)
    draft_id, version = _draft_ref(action.arg)
    if action.verb != "x" and await _refused_as_stale(update, context, draft_id, version):
        return
    if action.prefix == "dk":
        draft = await services.intake.relabel(
            actor_of(context), draft_id, kind=_pick(KINDS, action.verb)
        )
    elif action.prefix == "dc":
        draft = await services.intake.relabel(
            actor_of(context), draft_id, category=_pick(CATEGORIES, action.verb)
        )
    elif action.verb == "urg":
        draft = await services.intake.toggle_urgent(actor_of(context), draft_id)
    elif action.verb in ("kind", "cat"):
        draft = await services.intake.draft_of(actor_of(context), draft_id)
        keyboard = kind_keyboard if action.verb == "kind" else category_keyboard
        await answer(context, query)
        await edit_buttons(query, keyboard(t, context.lang, versioned(draft)))
        return
    elif action.verb == "x":
        await services.intake.discard(actor_of(context), draft_id)
        await answer(context, query)
        await query.edit_message_text(context.t("draft.discarded"))
        return
    else:
        await submit(update, context, draft_id)
        return
    await answer(context, query)
    await edit_text(
        query, draft_text(t, context.lang, draft, False), draft_keyboard(t, context.lang, draft)
    )


def _draft_ref(arg: str) -> tuple[int, int | None]:
    """`<id>` (a card from before versions) or `<id>_<version>`."""
    parts = arg.split("_")
    numbers = [bounded_int(part) for part in parts]
    if len(parts) > 2 or any(n is None for n in numbers):
        raise DomainError("error.stale_button")
    return numbers[0] or -1, numbers[1] if len(numbers) == 2 else None


async def _refused_as_stale(
    update: Update, context: BotContext, draft_id: int, version: int | None
) -> bool:
    current = await context.services.intake.stale(actor_of(context), draft_id, version)
    if current is None:
        return False
    t, query = context.services.translator, query_of(update)
    await answer(context, query, "draft.changed")
    await edit_text(
        query, draft_text(t, context.lang, current, False), draft_keyboard(t, context.lang, current)
    )
    return True


def _pick(options: list, index: str):
    if not index.isdecimal() or int(index) >= len(options):
        raise DomainError("error.stale_button")
    return options[int(index)]


async def submit(update: Update, context: BotContext, draft_id: int) -> None:
    """File the ticket and tell the resident its number and deadlines."""
    query = query_of(update)
    ticket = await context.services.intake.submit(actor_of(context), draft_id)
    await answer(context, query)
    if ticket.resident_id != actor_of(context).id:  # it joined a known outage (issue 11B)
        await query.edit_message_text(await incident_views.filed_note(context, ticket.id))
        return
    if ticket.urgent:  # marked urgent by the resident: advice first, like any emergency
        await emergency.show_filed(update, context, ticket, ticket.hazard, query)
        return
    t, tz = context.services.translator, context.services.settings.tz
    text = context.t(
        "ticket.filed",
        id=ticket.id,
        resolve_by=local(ticket.resolve_by, tz),
        labels=labels(t, context.lang, ticket.kind, ticket.category, ticket.urgent),
    )
    await query.edit_message_text(text, reply_markup=filed_keyboard(context, ticket.id))
    await context.services.tickets.link_resident_message(
        ticket.id, pressed_message(query).chat_id, pressed_message(query).message_id
    )


async def in_state(update: Update, context: BotContext) -> bool:
    """Resident conversation steps (details, reopen reason, rating comment, composing)."""
    actor, message = actor_of(context), message_of(update)
    tickets = context.services.tickets
    if actor.state is UserState.COMPOSING:
        preset = (
            KINDS[actor.state_ref]
            if actor.state_ref is not None and actor.state_ref < len(KINDS)
            else None
        )
        await context.services.intake.stop_composing(actor)
        await receive(update, context, preset)
    elif actor.state is UserState.ADDING_DETAILS:
        # The step ends first: a ticket finished meanwhile must not trap every later message.
        await context.services.intake.stop_composing(actor)
        await tickets.resident_message(
            actor,
            actor.state_ref or -1,
            message.text or message.caption or "",
            largest_photo(message)[0] if message.photo else None,
        )
        await reply(update, context, "ticket.details_added", id=actor.state_ref)
    elif actor.state is UserState.REOPEN_REASON:
        change = await tickets.reopen(
            actor, actor.state_ref or -1, message.text or message.caption or "—"
        )
        await reply(
            update,
            context,
            "ticket.reopened" if change.changed else "ticket.no_change",
            id=change.ticket.id,
        )
    elif actor.state is UserState.RATING_COMMENT:
        await tickets.comment(actor, actor.state_ref or -1, message.text or message.caption)
        await reply(update, context, "ticket.thanks_comment")
    else:
        return False
    return True
