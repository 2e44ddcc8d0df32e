"""Managers and activities: /activity_new (the guided form in private chat), /activities (the
current ones with List CSV / XLSX, Check-in code (QR), Cancel activity), and the one button
router of the `ac` prefix. Typed answers (the form, a head count, a rating) come through
`ActivityInputHandler`, which claims a private message only while a question waits."""

from __future__ import annotations

import io

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import BaseHandler

from bot.domain.errors import DomainError
from bot.presentation.activities import (
    attendee_rows,
    attendees_csv,
    attendees_xlsx,
    rating_text,
    when,
)
from bot.presentation.qr import qr_png
from handlers.activities import resident
from handlers.activities.views import activities, manage_keyboard, step_view
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, send
from handlers.common.updates import (
    actor_of,
    chat_of,
    message_of,
    private_answer,
    query_of,
)

RESIDENT_VERBS = ("go", "no", "hc", "cx", "r")
FORM_VERBS = ("fam", "all", "pub", "ab")


async def new_command(update: Update, context: BotContext) -> None:
    """/activity_new (managers): start the guided form."""
    draft = await activities(context.services).creation.start(context.actor)
    text, markup = step_view(context, draft)
    await send(context, chat_of(update).id, text, markup)


async def activities_command(update: Update, context: BotContext) -> None:
    """/activities: managers get the office's list, everyone else the open activities."""
    actor = context.actor
    if actor is None or not actor.is_manager:
        await resident.list_for_resident(update, context)
        return
    office = activities(context.services).office
    upcoming = await office.upcoming(actor)
    t, lang, tz = context.services.translator, context.lang, context.services.settings.tz
    text = t.t(lang, "activity.manage_header")
    text += t.t(
        lang, "activity.ratings_overall", rating=rating_text(t, lang, await office.ratings(actor))
    )
    await send(context, chat_of(update).id, text)
    if not upcoming:
        await send(context, chat_of(update).id, t.t(lang, "activity.manage_empty"))
    for activity in upcoming:
        seen = await office.overview(actor, activity.id)
        line = t.t(
            lang,
            "activity.manage_line",
            id=activity.id,
            title=activity.title,
            when=when(activity, tz),
            place=activity.place,
            taken=activity.seats_taken,
            capacity=activity.capacity,
            going=seen.going,
            waiting=seen.waiting,
            attended=seen.attended,
            rating=rating_text(t, lang, seen.ratings),
        )
        await send(context, chat_of(update).id, line, manage_keyboard(t, lang, activity.id))


async def activity_button(update: Update, context: BotContext) -> None:
    """Every `ac:` button: residents' seats and ratings, the form, the managers' list."""
    action = require(query_of(update).data)
    if action.verb in RESIDENT_VERBS:
        await resident.resident_button(update, context, action)
    elif action.verb in FORM_VERBS:
        await _form_button(update, context, action.verb, action.arg)
    else:
        await _office_button(update, context, action.verb, action.int_arg())


async def _form_button(update: Update, context: BotContext, verb: str, arg: str) -> None:
    query, creation = query_of(update), activities(context.services).creation
    if verb == "ab":
        await creation.abandon(context.actor)
        await answer(context, query)
        await edit_pressed(query, context.t("activity.abandoned"))
        return
    if verb == "pub":
        published = await creation.publish(context.actor)
        await answer(context, query)
        text = context.t("activity.published", id=published.activity.id, invited=published.invited)
        await edit_pressed(query, text)
        return
    if verb == "fam" and arg in ("0", "1"):
        draft = await creation.family(context.actor, arg == "1")
    elif verb == "all":
        draft = await creation.all_buildings(context.actor)
    else:
        raise DomainError("error.stale_button")
    await answer(context, query)
    await edit_pressed(query, *step_view(context, draft))


async def _office_button(
    update: Update, context: BotContext, verb: str, activity_id: int | None
) -> None:
    query, office = query_of(update), activities(context.services).office
    if activity_id is None:
        raise DomainError("error.stale_button")
    chat_id = chat_of(update).id
    if verb in ("csv", "xls"):
        activity, people = await office.attendees(context.actor, activity_id)
        t, tz = context.services.translator, context.services.settings.tz
        rows = attendee_rows(t, context.lang, people, tz)
        data = attendees_csv(rows) if verb == "csv" else attendees_xlsx(rows)
        name = f"activity-{activity_id}.{'csv' if verb == 'csv' else 'xlsx'}"
        await answer(context, query)
        caption = context.t("activity.exported", title=activity.title, count=len(people))
        await context.bot.send_document(
            chat_id, InputFile(io.BytesIO(data), filename=name), caption=caption
        )
        return
    if verb == "qr":
        link = await office.door_link(context.actor, activity_id, context.bot.username)
        activity = await activities(context.services).residents.get(activity_id)
        await answer(context, query)
        caption = context.t("activity.door_link", title=activity.title, link=link)
        await context.bot.send_photo(
            chat_id, InputFile(io.BytesIO(qr_png(link)), filename="checkin.png"), caption=caption
        )
        return
    await _cancel_flow(update, context, verb, activity_id)


async def _cancel_flow(update: Update, context: BotContext, verb: str, activity_id: int) -> None:
    """ka: ask; kc: confirmed (everyone told); kk: keep it."""
    query, office = query_of(update), activities(context.services).office
    office.check(context.actor)
    if verb == "kk":
        await answer(context, query)
        await edit_pressed(query, context.t("activity.kept"))
        return
    if verb == "kc":
        told = await office.cancel(context.actor, activity_id)
        activity = await activities(context.services).residents.get(activity_id)
        await answer(context, query)
        await edit_pressed(
            query, context.t("activity.cancelled_done", title=activity.title, told=told)
        )
        return
    activity = await activities(context.services).residents.get(activity_id)
    t, lang = context.services.translator, context.lang
    from telegram import InlineKeyboardButton

    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.t(lang, "activity.cancel_yes"), callback_data=encode("ac", "kc", activity_id)
                ),
                InlineKeyboardButton(
                    t.t(lang, "activity.cancel_no"), callback_data=encode("ac", "kk", activity_id)
                ),
            ]
        ]
    )
    await answer(context, query)
    await send(
        context,
        chat_of(update).id,
        context.t("activity.cancel_confirm", title=activity.title),
        markup,
    )


# ---- typed answers -------------------------------------------------------------------------
async def activity_input(update: Update, context: BotContext) -> None:
    """The form's typed answer or photo, a typed head count, or a typed rating."""
    message, actor = message_of(update), actor_of(context)
    prompts = activities(context.services).prompts
    kind = prompts.kind(actor.id)
    if kind != "create":
        await resident.typed_answer(update, context, kind or "", message.text or "")
        return
    creation = activities(context.services).creation
    if message.photo:
        draft = await creation.photo(actor, message.photo[-1].file_id)
    else:
        draft = await creation.typed(actor, message.text or "")
    text, markup = step_view(context, draft)
    await send(context, chat_of(update).id, text, markup)


class ActivityInputHandler(BaseHandler):
    """Claims a private text (or a form's photo) only while an activity question waits for
    that person; commands and menu buttons always pass on."""

    def __init__(self, app, menu_labels: set[str]) -> None:
        super().__init__(activity_input)
        self.app, self.menu_labels = app, menu_labels

    def check_update(self, update: object) -> bool | None:
        found = private_answer(update, self.menu_labels)
        if found is None or not (found[0].text or found[0].photo):
            return None
        message, user = found
        services = self.app.bot_data["services"]
        if services.activities is None:
            return None
        return (
            services.activities.prompts.claims(user.id, message.text, bool(message.photo)) or None
        )
