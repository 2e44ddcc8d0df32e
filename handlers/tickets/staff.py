"""Staff act on tickets: card buttons, thread messages relayed to residents, lists."""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Awaitable, Callable

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReactionTypeEmoji,
    Update,
)
from telegram.error import TelegramError

from bot.domain.errors import DomainError
from bot.domain.tickets.model import Category
from bot.i18n import Raw
from handlers.common.callbacks import Action, encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, reply, send
from handlers.common.updates import (
    actor_of,
    chat_data_of,
    chat_of,
    message_of,
    pressed_message,
    query_of,
)
from handlers.tickets.relay_status import post_status
from handlers.tickets.resident import my_requests
from handlers.tickets.views import edit_buttons, history_for, resident_line

log = logging.getLogger(__name__)
# chat_data: staff id -> (ticket id, when they pressed Reply/Resolve, "reply" | "resolve")
PROMPTS = "staff_prompts"
PROMPT_HINT_FOR = 600.0  # seconds after the press a stray group message earns a hint
RESOLVE_IN_TOPIC_FOR = 3600.0  # after Resolve in a forum, their next topic message is the note
GROUP_LIST = 10  # tickets listed in the staff group; the full list is in private chat


async def card_button(update: Update, context: BotContext) -> None:
    """Take / Reply / Resolve / Hand over on an alert card (roles re-checked by services)."""
    actor_of(context)  # no known person (the gate loads them): a stale-button answer
    action = require(query_of(update).data)
    press = _CARD_PRESSES.get(action.verb)
    if press is not None:
        await press(update, context, action)


async def _handed_to(update: Update, context: BotContext, action: Action) -> None:
    """A name picked from the hand-over list."""
    query = query_of(update)
    ticket_id, staff_id = action.ints(2) or (-1, -1)
    change = await context.services.tickets.hand_over(ticket_id, actor_of(context).id, staff_id)
    key = "staff.handed" if change.changed else "ticket.no_change"
    await answer(context, query, key, id=change.ticket.id)
    await edit_buttons(query, None)


async def _take(update: Update, context: BotContext, action: Action) -> None:
    query, ticket_id = query_of(update), action.int_arg() or -1
    change = await context.services.tickets.take(ticket_id, actor_of(context).id)
    if change.ticket.owner_id is None:  # cancelled before anyone took it
        status = context.t(f"status.{change.ticket.status.value}")
        await answer(context, query, "ticket.now_status", id=ticket_id, status=status)
        return
    owner = await context.services.people.profile(change.ticket.owner_id)
    key = "staff.took" if change.changed else "staff.already_taken"
    await answer(context, query, key, id=ticket_id, name=owner.user.first_name)


async def _prompt(update: Update, context: BotContext, action: Action) -> None:
    """Reply or Resolve: a prompt the staff member answers with the text."""
    query, tickets, actor = query_of(update), context.services.tickets, actor_of(context)
    resolving = action.verb == "res"
    ticket = await tickets.check_can_act(action.int_arg() or -1, actor.id, resolving=resolving)
    await answer(context, query)
    key = "staff.prompt_resolve" if resolving else "staff.prompt_reply"
    if resolving and ticket.staff_thread_id:  # a forum topic: just type there
        key = "staff.prompt_resolve_topic"
    # Mentioning the staff member makes ForceReply(selective) open the reply box for them.
    who = Raw(
        f'<a href="tg://user?id={actor.id}">{html.escape(actor.first_name or str(actor.id))}</a>'
    )
    prompt = await send(
        context,
        pressed_message(query).chat_id,
        context.t(key, id=ticket.id, who=who),
        ForceReply(selective=True, input_field_placeholder=f"#{ticket.id}"),
        thread_id=ticket.staff_thread_id,
    )
    purpose = "resolve" if resolving else "reply"
    await tickets.link_staff_message(ticket.id, prompt.chat_id, prompt.message_id, purpose)
    chat_data_of(context).setdefault(PROMPTS, {})[actor.id] = (
        ticket.id,
        time.monotonic(),
        purpose,
    )


async def _hand_over(update: Update, context: BotContext, action: Action) -> None:
    """Hand over: the list of colleagues to pick from."""
    query, actor = query_of(update), actor_of(context)
    ticket = await context.services.tickets.check_can_act(action.int_arg() or -1, actor.id)
    holder = ticket.owner_id or actor.id  # a new ticket: its sender takes it first
    staff = [u for u in await context.services.people.staff_members() if u.id != holder]
    if not staff:
        raise DomainError("staff.nobody_to_hand")
    buttons = [
        [
            InlineKeyboardButton(
                u.first_name[:30], callback_data=encode("s", "to", f"{ticket.id}_{u.id}")
            )
        ]
        for u in staff[:20]
    ]
    await answer(context, query)
    await send(
        context,
        pressed_message(query).chat_id,
        context.t("staff.pick_handover", id=ticket.id),
        InlineKeyboardMarkup(buttons),
        thread_id=ticket.staff_thread_id,
    )


_CARD_PRESSES: dict[str, Callable[[Update, BotContext, Action], Awaitable[None]]] = {
    "to": _handed_to,
    "take": _take,
    "reply": _prompt,
    "res": _prompt,
    "hand": _hand_over,
}


async def thread_message(update: Update, context: BotContext) -> None:
    """Staff text/photo in a ticket's thread: a resolution note or a reply to the resident."""
    message, tickets = message_of(update), context.services.tickets
    ticket_id, purpose = await _ticket_of(update, context)
    waiting = chat_data_of(context).get(PROMPTS, {}).pop(actor_of(context).id, None)
    if ticket_id is None:
        if waiting is not None and time.monotonic() - waiting[1] < PROMPT_HINT_FOR:
            # They pressed Reply/Resolve, then wrote in the group instead of replying: once.
            await reply(update, context, "staff.reply_hint", id=waiting[0])
        return  # ordinary staff chatter
    if _resolving_in_topic(update, ticket_id, purpose, waiting):
        purpose = "resolve"  # typed in the topic right after pressing Resolve: the note
    text = message.text or message.caption or ""
    photo = message.photo[-1].file_id if message.photo else None
    if purpose != "resolve":  # a reply: staff are told what truly became of it
        source = (message.chat_id, message.message_id)
        view = await context.services.relays.staff_reply(
            ticket_id, actor_of(context).id, text, photo, source
        )
        await post_status(context, message, view)
        return
    await tickets.resolve(ticket_id, actor_of(context).id, text, photo)
    try:
        await message.set_reaction(ReactionTypeEmoji("👍"))
    except TelegramError:
        await reply(update, context, "staff.relayed", id=ticket_id)


def _resolving_in_topic(update: Update, ticket_id: int, purpose: str, waiting) -> bool:
    """The staff member pressed Resolve on this ticket and now writes in its topic (no Reply)."""
    message = message_of(update)
    if waiting is None or purpose != "reply" or not message.is_topic_message:
        return False
    if message.reply_to_message is not None and not _is_topic_root(message):
        return False  # an explicit Reply to some message in the topic is conversation
    pressed_for, pressed_at, pressed = waiting
    return (
        pressed_for == ticket_id
        and pressed == "resolve"
        and time.monotonic() - pressed_at < RESOLVE_IN_TOPIC_FOR
    )


def _is_topic_root(message) -> bool:
    """In a forum, a plain message in a topic "replies" to the topic's service message."""
    replied = message.reply_to_message
    return replied is not None and replied.message_id == message.message_thread_id


async def thread_other(update: Update, context: BotContext) -> None:
    """A voice note, file or sticker in a ticket's thread cannot reach the resident: say so
    rather than let staff believe the resident heard them."""
    ticket_id, _ = await _ticket_of(update, context)
    if ticket_id is not None:
        await reply(update, context, "staff.not_relayed", id=ticket_id)


async def _ticket_of(update: Update, context: BotContext) -> tuple[int | None, str]:
    message, tickets = message_of(update), context.services.tickets
    replied = message.reply_to_message
    if replied is not None:
        linked = await tickets.linked_ticket(message.chat_id, replied.message_id)
        if linked:
            return linked
    if message.is_topic_message and message.message_thread_id:
        ticket = await tickets.by_thread(message.chat_id, message.message_thread_id)
        if ticket:
            return ticket.id, "reply"
    return None, ""


async def tickets_command(update: Update, context: BotContext, view: str | None = None) -> None:
    """/tickets [open|mine|overdue] [building] [category] (or a staff menu button).

    A resident who types /tickets means their own requests: they get "My requests"
    (the staff list itself re-checks the role in the service)."""
    if view is None and (context.actor is None or not actor_of(context).is_staff):
        await my_requests(update, context)
        return
    args = [view] if view else [a.lower() for a in (context.args or [])][:3]
    view = next((a for a in args if a in ("open", "mine", "overdue")), "open")
    category = next((a for a in args if a in {c.value for c in Category}), None)
    building = next(
        (a.upper() for a in args if a not in ("open", "mine", "overdue") and a != category), None
    )
    found = await context.services.tickets.staff_list(
        actor_of(context).id, view, building, category
    )
    if not found:
        await reply(update, context, "staff.list_empty")
        return
    t, tz = context.services.translator, context.services.settings.tz
    shown = found if chat_of(update).type == "private" else found[:GROUP_LIST]
    lines = "\n".join(resident_line(t, context.lang, ticket, tz) for ticket in shown)
    if len(found) > len(shown):  # one short message per command in the group
        lines += "\n" + context.t("staff.list_more", more=len(found) - len(shown))
    await reply(
        update, context, "staff.list_head", view=context.t(f"staff.view_{view}"), lines=Raw(lines)
    )


async def ticket_command(update: Update, context: BotContext) -> None:
    """/ticket N — the full history (staff: any ticket; residents: their own)."""
    arg = (context.args or [""])[0].lstrip("#")
    if not arg and (topic := await _topic_ticket(update, context)) is not None:
        arg = str(topic)  # /ticket alone in a ticket's forum topic: that ticket
    if not arg.isdecimal():
        in_forum = getattr(update.effective_chat, "is_forum", False)
        raise DomainError("staff.ticket_usage_topic" if in_forum else "staff.ticket_usage")
    ticket, events, photos = await context.services.tickets.history(
        actor_of(context), int(arg[:12])
    )
    names = await context.services.people.names({e.actor_id for e in events if e.actor_id})
    text = history_for(context, ticket, events, names, len(photos))
    message = message_of(update)
    thread = message.message_thread_id if message.is_topic_message else None
    await send(context, chat_of(update).id, text, thread_id=thread)  # same topic


async def _topic_ticket(update: Update, context: BotContext) -> int | None:
    message = message_of(update)
    if not (message.is_topic_message and message.message_thread_id):
        return None
    ticket = await context.services.tickets.by_thread(message.chat_id, message.message_thread_id)
    return ticket.id if ticket else None
