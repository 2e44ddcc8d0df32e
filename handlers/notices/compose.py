"""/notice: the managers' guided conversation (text → audience → acknowledgement → preview →
send now or schedule). Every step is stored, so a restart loses nothing; every entry point
goes through a service method that checks the manager role first."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
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
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import edit_pressed, menu_texts, reply, send
from handlers.common.updates import actor_of, chat_of, message_of, query_of, sender_of
from handlers.notices.broadcast import audience_label, notice_parts
from handlers.runtime.renderers import send_part

AUDIENCES = {"all": Audience.ALL, "bld": Audience.BUILDINGS, "staff": Audience.STAFF}
PER_ROW = 4
MAX_TOGGLES = 96  # more buildings than this are typed ("3, 5, 12") instead
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


def _button(
    context: BotContext, key: str, verb: str, arg: object = "", **params
) -> InlineKeyboardButton:
    return InlineKeyboardButton(context.t(key, **params), callback_data=encode("nt", verb, arg))


def _cancel_row(context: BotContext) -> list[InlineKeyboardButton]:
    return [_button(context, "notice.cancel_button", "x")]


async def step_view(context: BotContext, draft: NoticeDraft) -> tuple[str, InlineKeyboardMarkup]:
    """The prompt and buttons for the step a draft is at (the preview is sent separately)."""
    step = draft.step
    if step is DraftStep.AUDIENCE:
        media = {MediaKind.PHOTO: "notice.with_photo", MediaKind.DOCUMENT: "notice.with_document"}
        extra = context.t(media[draft.media_kind]) if draft.media_kind else ""
        rows = [
            [_button(context, "notice.to_all", "aud", "all")],
            [_button(context, "notice.to_buildings", "aud", "bld")],
            [_button(context, "notice.to_staff", "aud", "staff")],
            _cancel_row(context),
        ]
        return context.t(
            "notice.ask_audience", chars=len(draft.body), media=extra
        ), InlineKeyboardMarkup(rows)
    if step is DraftStep.BUILDINGS:
        return await _buildings_view(context, draft)
    if step is DraftStep.ACK:
        rows = [
            [
                _button(context, "notice.ack_yes", "ack", "y"),
                _button(context, "notice.ack_no", "ack", "n"),
            ],
            _cancel_row(context),
        ]
        return context.t("notice.ask_ack"), InlineKeyboardMarkup(rows)
    if step is DraftStep.PREVIEW:
        if draft.audience is None:  # the audience is the draft's first step
            raise DomainError("error.stale_button")
        count = await context.services.notices.audience_size(draft.audience, draft.buildings)
        text = context.t(
            "notice.confirm",
            audience=audience_label(context.services.translator, context.lang, draft),
            count=count,
            ack=context.t("notice.yes" if draft.require_ack else "notice.no"),
        )
        rows = [
            [
                _button(context, "notice.send_now_button", "now"),
                _button(context, "notice.schedule_button", "sch"),
            ],
            [_button(context, "notice.edit_button", "edit"), *_cancel_row(context)],
        ]
        return text, InlineKeyboardMarkup(rows)
    if step is DraftStep.TIME:
        return context.t(
            "notice.ask_time", tz=context.services.settings.timezone
        ), InlineKeyboardMarkup([_cancel_row(context)])
    return context.t("notice.ask_text"), InlineKeyboardMarkup([_cancel_row(context)])


async def _buildings_view(context: BotContext, draft: NoticeDraft):
    buildings = await context.services.notices.buildings()
    if not buildings:
        return context.t("notice.no_buildings"), InlineKeyboardMarkup([_cancel_row(context)])
    toggles = [
        InlineKeyboardButton(
            ("☑️ " if b in draft.buildings else "⬜ ") + b, callback_data=encode("nt", "bt", index)
        )
        for index, b in enumerate(buildings[:MAX_TOGGLES])  # Telegram allows 100 buttons
    ]
    rows = [toggles[i : i + PER_ROW] for i in range(0, len(toggles), PER_ROW)]
    rows.append([_button(context, "notice.done_button", "bd"), *_cancel_row(context)])
    chosen = "、".join(draft.buildings) or context.t("notice.none_chosen")
    return context.t("notice.ask_buildings", chosen=chosen), InlineKeyboardMarkup(rows)


async def send_preview(update: Update, context: BotContext, draft: NoticeDraft) -> None:
    """Exactly what recipients get (in the manager's language), then the send/schedule choice."""
    chat_id = chat_of(update).id
    await send(context, chat_id, context.t("notice.preview_intro"))
    services = context.services
    notice = await services.notices.draft_as_notice(draft)
    parts = notice_parts(
        services.translator, context.lang, notice, services.settings.estate_name, preview=True
    )
    for part in parts:
        await send_part(context.bot, chat_id, part)
    text, markup = await step_view(context, draft)
    await send(context, chat_id, text, markup)


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
        draft = await notices.type_buildings(
            actor_of(context).id, message.text or message.caption or ""
        )
        text, markup = await step_view(context, draft)
        await send(context, chat_of(update).id, text, markup)
        return
    if draft.step is DraftStep.TIME:
        typed = message.text or message.caption or ""
        passed = await notices.just_passed(actor_of(context).id, typed)
        if passed is not None:  # "5:00" at 05:00:27: today (now) or tomorrow?
            markup = InlineKeyboardMarkup(
                [
                    [_button(context, "notice.passed_now", "now")],
                    [
                        _button(
                            context,
                            "notice.passed_tomorrow",
                            "tmr",
                            passed.replace(":", ""),
                            time=passed,
                        )
                    ],
                    _cancel_row(context),
                ]
            )
            await reply(update, context, "notice.passed_ask", markup, time=passed)
            return
        notice = await notices.schedule(actor_of(context).id, typed)
        at = notice.scheduled_at.astimezone(context.services.settings.tz).strftime("%Y-%m-%d %H:%M")
        label = audience_label(context.services.translator, context.lang, notice)
        await reply(update, context, "notice.scheduled", id=notice.id, at=at, audience=label)
        return
    media = None
    if message.photo:
        media = (MediaKind.PHOTO, message.photo[-1].file_id)
    elif message.document:
        media = (MediaKind.DOCUMENT, message.document.file_id)
    draft = await notices.give_body(
        actor_of(context).id, message.text or message.caption or "", media
    )
    if draft.step is DraftStep.TEXT:
        await reply(update, context, "notice.got_media")
        return
    text, markup = await step_view(context, draft)
    await send(context, chat_of(update).id, text, markup)


async def notice_button(update: Update, context: BotContext) -> None:
    """A button in the /notice conversation; the service re-checks the manager role."""
    query, notices, actor = query_of(update), context.services.notices, actor_of(context).id
    action = require(query.data)
    verb = action.verb
    if verb == "x":
        await notices.cancel_draft(actor)
        await query.answer()
        await edit_pressed(query, context.t("notice.draft_cancelled"))
        return
    if verb == "now":
        await _send_now(update, context)
        return
    if verb == "tmr":  # a bare time that had just passed: tomorrow at that time
        arg = action.arg if len(action.arg) == 4 and action.arg.isdecimal() else ""
        notice = await notices.schedule(actor, f"{arg[:2]}:{arg[2:]}" if arg else "")
        await query.answer()
        at = notice.scheduled_at.astimezone(context.services.settings.tz).strftime("%Y-%m-%d %H:%M")
        label = audience_label(context.services.translator, context.lang, notice)
        await edit_pressed(
            query, context.t("notice.scheduled", id=notice.id, at=at, audience=label)
        )
        return
    if verb == "aud":
        await notices.draft(actor)  # the role first, then the (possibly forged) argument
        if action.arg not in AUDIENCES:
            await query.answer(context.t("error.stale_button"), show_alert=True)
            return
        draft = await notices.choose_audience(actor, AUDIENCES[action.arg])
    elif verb == "bt":
        buildings = await notices.buildings()
        index = action.int_arg()
        await notices.draft(actor, DraftStep.BUILDINGS)
        if index is None or index >= len(buildings):
            await query.answer(context.t("error.stale_button"), show_alert=True)
            return
        draft = await notices.toggle_building(actor, buildings[index])
    elif verb == "bd":
        draft = await notices.buildings_chosen(actor)
    elif verb == "ack":
        draft = await notices.choose_ack(actor, action.arg == "y")
    elif verb == "sch":
        draft = await notices.ask_time(actor)
    else:  # "edit": start over
        draft = await notices.edit(actor)
    await query.answer()
    if draft.step is DraftStep.PREVIEW:
        choice = context.t("notice.ack_yes" if draft.require_ack else "notice.ack_no")
        await edit_pressed(query, f"{context.t('notice.ask_ack')}\n→ {choice}")
        await send_preview(update, context, draft)
        return
    text, markup = await step_view(context, draft)
    await edit_pressed(query, text, markup)


async def _send_now(update: Update, context: BotContext) -> None:
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


class NoticeInputHandler(BaseHandler):
    """Claims a manager's private text, photo or document while their /notice draft waits for
    typed input; everything else passes on to the usual handlers. The check is synchronous, so
    it asks the service's cache of waiting drafts (rebuilt from the database at start-up)."""

    def __init__(self, callback, awaiting: Callable[[int], bool], menu_labels: set[str]) -> None:
        super().__init__(callback)
        self.awaiting = awaiting
        self.menu_labels = menu_labels

    def check_update(self, update: object) -> bool | None:
        if not isinstance(update, Update) or update.message is None:
            return None
        message, user = update.message, sender_of(update)
        if user is None or message.chat.type != ChatType.PRIVATE:
            return None
        if not (message.text or message.photo or message.document):
            return None
        if message.text and (message.text.startswith("/") or message.text in self.menu_labels):
            return None
        return self.awaiting(user.id) or None


def input_handler(app, translator: Translator) -> NoticeInputHandler:
    labels = set()
    for key in MENU_KEYS:
        labels |= menu_texts(translator, key)
    return NoticeInputHandler(
        notice_input, lambda user_id: app.bot_data["services"].notices.awaits_input(user_id), labels
    )
