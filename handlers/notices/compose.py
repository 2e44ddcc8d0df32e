"""/notice: the managers' guided conversation (text → audience → acknowledgement → preview →
send now or schedule). Every step is stored, so a restart loses nothing; every entry point
goes through a service method that checks the manager role first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler

from bot.domain.errors import DomainError
from bot.domain.notices.model import (
    Audience,
    DraftStep,
    MediaKind,
    NoticeDraft,
    NoticeStatus,
)
from bot.i18n import Translator
from handlers.common.callbacks import Action, require
from handlers.common.context import BotContext
from handlers.common.render import edit_pressed, menu_texts, reply, send
from handlers.common.updates import (
    actor_of,
    chat_of,
    message_of,
    private_answer,
    query_of,
)
from handlers.notices.compose_views import (
    cancel_row,
    scheduled,
    send_preview,
    step_button,
    step_view,
)

AUDIENCES = {"all": Audience.ALL, "bld": Audience.BUILDINGS, "staff": Audience.STAFF}
# Reply-keyboard buttons stay buttons even while a draft waits for text.
MENU_KEYS = (
    "menu.repair",
    "menu.complaint",
    "menu.inquiry",
    "menu.mine",
    "menu.profile",
    "menu.help",
    "menu.staff_open",
    "menu.staff_mine",
    "menu.staff_overdue",
)


# ---- entry points ------------------------------------------------------------------------------
async def notice_command(update: Update, context: BotContext) -> None:
    """/notice: start (or restart) writing a notice."""
    draft = await context.services.notices.start(actor_of(context).id)
    text, markup = await step_view(context, draft)
    await send(context, chat_of(update).id, text, markup)


async def notice_input(update: Update, context: BotContext) -> None:
    """Typed input while a draft waits for it: the notice itself, or the time to send it."""
    message, notices = message_of(update), context.services.notices
    if message.text and not message.photo and not message.document:
        continued = await notices.continue_body(actor_of(context).id, message.text)
        if continued is not None:  # the second half of a long pasted text
            text, markup = await step_view(context, continued)
            note = context.t("notice.continued_part", chars=len(continued.body))
            await send(context, chat_of(update).id, f"{note}\n\n{text}", markup)
            return
    draft = await notices.draft(
        actor_of(context).id, DraftStep.TEXT, DraftStep.BUILDINGS, DraftStep.TIME
    )
    if draft.step is DraftStep.BUILDINGS:
        await _typed_buildings(update, context)
    elif draft.step is DraftStep.TIME:
        await _typed_time(update, context)
    else:
        await _given_body(update, context)


async def _typed_buildings(update: Update, context: BotContext) -> None:
    message = message_of(update)
    draft = await context.services.notices.type_buildings(
        actor_of(context).id, message.text or message.caption or ""
    )
    text, markup = await step_view(context, draft)
    await send(context, chat_of(update).id, text, markup)


async def _typed_time(update: Update, context: BotContext) -> None:
    message, notices = message_of(update), context.services.notices
    typed = message.text or message.caption or ""
    passed = await notices.just_passed(actor_of(context).id, typed)
    if passed is not None:  # "5:00" at 05:00:27: today (now) or tomorrow?
        tomorrow = step_button(
            context, "notice.passed_tomorrow", "tmr", passed.replace(":", ""), time=passed
        )
        markup = InlineKeyboardMarkup(
            [[step_button(context, "notice.passed_now", "now")], [tomorrow], cancel_row(context)]
        )
        await reply(update, context, "notice.passed_ask", markup, time=passed)
        return
    notice = await notices.schedule(actor_of(context).id, typed)
    await reply(update, context, "notice.scheduled", **scheduled(context, notice))


async def _given_body(update: Update, context: BotContext) -> None:
    message = message_of(update)
    media = None
    if message.photo:
        media = (MediaKind.PHOTO, message.photo[-1].file_id)
    elif message.document:
        media = (MediaKind.DOCUMENT, message.document.file_id)
    draft = await context.services.notices.give_body(
        actor_of(context).id, message.text or message.caption or "", media
    )
    if draft.step is DraftStep.TEXT:
        await reply(update, context, "notice.got_media")
        return
    text, markup = await step_view(context, draft)
    await send(context, chat_of(update).id, text, markup)


async def notice_button(update: Update, context: BotContext) -> None:
    """A button in the /notice conversation; the service re-checks the manager role."""
    query = query_of(update)
    action = require(query.data)
    finish = _FINISHING.get(action.verb)
    if finish is not None:
        await finish(update, context, action)
        return
    draft = await _STEPS.get(action.verb, _edit)(context, action)
    if draft is None:  # a forged or stale argument
        await query.answer(context.t("error.stale_button"), show_alert=True)
        return
    await query.answer()
    if draft.step is DraftStep.PREVIEW:
        choice = context.t("notice.ack_yes" if draft.require_ack else "notice.ack_no")
        await edit_pressed(query, f"{context.t('notice.ask_ack')}\n→ {choice}")
        await send_preview(update, context, draft)
        return
    text, markup = await step_view(context, draft)
    await edit_pressed(query, text, markup)


# ---- buttons that end the conversation -----------------------------------------------------
async def _cancel(update: Update, context: BotContext, action: Action) -> None:
    query = query_of(update)
    await context.services.notices.cancel_draft(actor_of(context).id)
    await query.answer()
    await edit_pressed(query, context.t("notice.draft_cancelled"))


async def _tomorrow(update: Update, context: BotContext, action: Action) -> None:
    """A bare time that had just passed: tomorrow at that time."""
    query = query_of(update)
    arg = action.arg if len(action.arg) == 4 and action.arg.isdecimal() else ""
    notice = await context.services.notices.schedule(
        actor_of(context).id, f"{arg[:2]}:{arg[2:]}" if arg else ""
    )
    await query.answer()
    await edit_pressed(query, context.t("notice.scheduled", **scheduled(context, notice)))


# ---- buttons that move the draft on (None: the argument names nothing) ---------------------
async def _audience(context: BotContext, action: Action) -> NoticeDraft | None:
    notices, actor = context.services.notices, actor_of(context).id
    await notices.draft(actor)  # the role first, then the (possibly forged) argument
    if action.arg not in AUDIENCES:
        return None
    return await notices.choose_audience(actor, AUDIENCES[action.arg])


async def _building(context: BotContext, action: Action) -> NoticeDraft | None:
    notices, actor = context.services.notices, actor_of(context).id
    buildings = await notices.buildings()
    index = action.int_arg()
    await notices.draft(actor, DraftStep.BUILDINGS)
    if index is None or index >= len(buildings):
        return None
    return await notices.toggle_building(actor, buildings[index])


async def _buildings_done(context: BotContext, action: Action) -> NoticeDraft | None:
    return await context.services.notices.buildings_chosen(actor_of(context).id)


async def _ack(context: BotContext, action: Action) -> NoticeDraft | None:
    return await context.services.notices.choose_ack(actor_of(context).id, action.arg == "y")


async def _ask_time(context: BotContext, action: Action) -> NoticeDraft | None:
    return await context.services.notices.ask_time(actor_of(context).id)


async def _edit(context: BotContext, action: Action) -> NoticeDraft | None:
    """Start over."""
    return await context.services.notices.edit(actor_of(context).id)


async def _send_now(update: Update, context: BotContext, action: Action) -> None:
    query, services = query_of(update), context.services
    notice = await services.notices.send_now(actor_of(context).id)
    context.application.bot_data["dispatcher"].wake()
    text = context.t(
        "notice.progress", id=notice.id, sent=0, total=notice.total, failed=0, unreachable=0
    )
    await query.answer(text[:200])
    if notice.status is NoticeStatus.SENDING:
        # This message becomes the progress message. Only the notices job edits it (every
        # second, one edit at a time), so a small notice that finishes before a first
        # "sending…" edit could land never ends up showing "sending…" as its last word.
        message = query.message
        if message is None:  # only inline-mode buttons have none; notices are never inline
            raise DomainError("error.stale_button")
        await services.notices.note_progress(notice.id, message.chat.id, message.message_id, "")
    else:
        await edit_pressed(query, text, None)


_FINISHING: dict[str, Callable[[Update, BotContext, Action], Awaitable[None]]] = {
    "x": _cancel,
    "now": _send_now,
    "tmr": _tomorrow,
}
_STEPS: dict[str, Callable[[BotContext, Action], Awaitable[NoticeDraft | None]]] = {
    "aud": _audience,
    "bt": _building,
    "bd": _buildings_done,
    "ack": _ack,
    "sch": _ask_time,
    "edit": _edit,
}


class NoticeInputHandler(BaseHandler):
    """Claims a manager's private text, photo or document while their /notice draft waits for
    typed input; everything else passes on to the usual handlers. The check is synchronous, so
    it asks the service's cache of waiting drafts (rebuilt from the database at start-up)."""

    def __init__(self, callback, awaiting: Callable[[int], bool], menu_labels: set[str]) -> None:
        super().__init__(callback)
        self.awaiting = awaiting
        self.menu_labels = menu_labels

    def check_update(self, update: object) -> bool | None:
        found = private_answer(update, self.menu_labels)
        if found is None or not (found[0].text or found[0].photo or found[0].document):
            return None
        return self.awaiting(found[1].id) or None


def input_handler(app, translator: Translator) -> NoticeInputHandler:
    labels = set()
    for key in MENU_KEYS:
        labels |= menu_texts(translator, key)
    return NoticeInputHandler(
        notice_input, lambda user_id: app.bot_data["services"].notices.awaits_input(user_id), labels
    )
