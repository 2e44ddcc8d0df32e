"""Residents and activities: /activities (open ones for their building, with their status),
Sign up / Not this time / Cancel my sign-up, the head count (buttons or typed), the door's
check-in link `/start ac_<id>_<token>`, and the 1–5 rating (buttons or typed)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.domain.activities.model import Activity, Seat
from bot.domain.errors import DomainError
from handlers.activities.views import (
    activities,
    heads_keyboard,
    invite_keyboard,
    resident_card,
)
from handlers.common.callbacks import Action
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send
from handlers.common.updates import actor_of, chat_of, query_of


async def list_for_resident(update: Update, context: BotContext) -> None:
    """/activities for a resident: each open activity as a card with its buttons."""
    listed = await activities(context.services).residents.visible(context.actor)
    if not listed:
        await reply(update, context, "activity.list_empty")
        return
    t, lang = context.services.translator, context.lang
    await reply(update, context, "activity.list_header")
    for entry in listed:
        text = resident_card(context, entry.activity, entry.seat)
        markup = invite_keyboard(t, lang, entry.activity, entry.seat)
        await send(context, chat_of(update).id, text, markup)


async def _signed(context: BotContext, activity: Activity, seat: Seat, heads: int) -> str:
    if seat is Seat.GOING:
        return context.t("activity.signed_up", title=activity.title, heads=heads)
    return context.t("activity.waitlisted", title=activity.title)


async def _card_after(query, context: BotContext, activity_id: int) -> None:
    """Redraw the pressed card's buttons for the person's new status (the reply says what
    changed); nothing is sent when they stay the same (Telegram refuses a no-op edit)."""
    service = activities(context.services).residents
    activity, signup = await service.view(context.actor, activity_id)
    seat = signup.seat if signup else None
    markup = invite_keyboard(context.services.translator, context.lang, activity, seat)
    current = query.message.reply_markup if query.message is not None else None
    if markup != current:
        await edit_pressed(query, None, markup)


async def resident_button(update: Update, context: BotContext, action: Action) -> None:
    """go / no / hc (head count) / cx (cancel my sign-up) / r (rating)."""
    query, service = query_of(update), activities(context.services).residents
    if action.verb in ("hc", "r"):
        numbers = action.ints(2)
        if numbers is None:
            raise DomainError("error.stale_button")
        activity_id, number = numbers
    else:
        activity_id, number = action.int_arg() or 0, 1
    if action.verb == "r":
        await service.rate(context.actor, activity_id, number)
        await answer(context, query)
        await edit_pressed(query, context.t("activity.rated", rating=number))
        return
    text = await _resident_action(update, context, action.verb, activity_id, number)
    await answer(context, query)
    if text is None:  # the head count was asked: the card itself is unchanged
        return
    if action.verb != "hc":  # the head-count question is not the card
        await _card_after(query, context, activity_id)
    else:
        await edit_pressed(query, None)
    await send(context, chat_of(update).id, text)


async def _resident_action(
    update: Update, context: BotContext, verb: str, activity_id: int, number: int
) -> str | None:
    service = activities(context.services).residents
    if verb == "go":
        activity = await service.get(activity_id)
        if activity.family and service.heads_limit(activity) > 1:
            activity = await service.want(context.actor, activity_id)
            most = service.heads_limit(activity)
            t, lang = context.services.translator, context.lang
            markup: InlineKeyboardMarkup = heads_keyboard(t, lang, activity_id, most)
            text = context.t("activity.ask_heads", title=activity.title, max=most)
            await send(context, chat_of(update).id, text, markup)
            return None
        seat = await service.sign_up(context.actor, activity_id, 1)
        return await _signed(context, activity, seat, 1)
    if verb == "hc":
        seat = await service.sign_up(context.actor, activity_id, number)
        return await _signed(context, await service.get(activity_id), seat, number)
    if verb == "cx":
        held = await service.leave(context.actor, activity_id)
        return context.t("activity.left", title=(await service.get(held.activity_id)).title)
    if verb == "no":
        activity = await service.decline(context.actor, activity_id)
        return context.t("activity.declined", title=activity.title)
    raise DomainError("error.stale_button")


async def typed_answer(update: Update, context: BotContext, kind: str, text: str) -> None:
    """A typed head count ("2") or rating ("4") for the question the bot asked."""
    service = activities(context.services).residents
    actor = actor_of(context)
    if kind == "heads":
        activity, seat, heads = await service.typed_heads(actor, text)
        await send(context, chat_of(update).id, await _signed(context, activity, seat, heads))
        return
    rating = await service.typed_rating(actor, text)
    await reply(update, context, "activity.rated", rating=rating)


async def start_from_checkin(update: Update, context: BotContext, payload: str) -> None:
    """/start ac_<id>_<token> opened at the door: attendance, once, if signed up."""
    activity = await activities(context.services).residents.check_in(context.actor, payload)
    await reply(update, context, "activity.checked_in", title=activity.title)
