"""What the /notice conversation shows: each step's prompt and buttons, the preview exactly as
recipients get it, and the line that confirms a scheduled notice."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError
from bot.domain.notices.model import DraftStep, MediaKind, Notice, NoticeDraft
from handlers.common.callbacks import encode
from handlers.common.context import BotContext
from handlers.common.render import send
from handlers.common.updates import chat_of
from handlers.notices.broadcast import audience_label, notice_parts
from handlers.runtime.renderers import send_part

PER_ROW = 4
MAX_TOGGLES = 96  # more buildings than this are typed ("3, 5, 12") instead


def step_button(
    context: BotContext, key: str, verb: str, arg: object = "", **params
) -> InlineKeyboardButton:
    """A button of the /notice conversation (callback prefix `nt`)."""
    return InlineKeyboardButton(context.t(key, **params), callback_data=encode("nt", verb, arg))


def cancel_row(context: BotContext) -> list[InlineKeyboardButton]:
    return [step_button(context, "notice.cancel_button", "x")]


async def step_view(context: BotContext, draft: NoticeDraft) -> tuple[str, InlineKeyboardMarkup]:
    """The prompt and buttons for the step a draft is at (the preview is sent separately)."""
    step = draft.step
    if step is DraftStep.AUDIENCE:
        media = {MediaKind.PHOTO: "notice.with_photo", MediaKind.DOCUMENT: "notice.with_document"}
        extra = context.t(media[draft.media_kind]) if draft.media_kind else ""
        rows = [
            [step_button(context, "notice.to_all", "aud", "all")],
            [step_button(context, "notice.to_buildings", "aud", "bld")],
            [step_button(context, "notice.to_staff", "aud", "staff")],
            cancel_row(context),
        ]
        return context.t(
            "notice.ask_audience", chars=len(draft.body), media=extra
        ), InlineKeyboardMarkup(rows)
    if step is DraftStep.BUILDINGS:
        return await _buildings_view(context, draft)
    if step is DraftStep.ACK:
        rows = [
            [
                step_button(context, "notice.ack_yes", "ack", "y"),
                step_button(context, "notice.ack_no", "ack", "n"),
            ],
            cancel_row(context),
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
                step_button(context, "notice.send_now_button", "now"),
                step_button(context, "notice.schedule_button", "sch"),
            ],
            [step_button(context, "notice.edit_button", "edit"), *cancel_row(context)],
        ]
        return text, InlineKeyboardMarkup(rows)
    if step is DraftStep.TIME:
        return context.t(
            "notice.ask_time", tz=context.services.settings.timezone
        ), InlineKeyboardMarkup([cancel_row(context)])
    return context.t("notice.ask_text"), InlineKeyboardMarkup([cancel_row(context)])


async def _buildings_view(context: BotContext, draft: NoticeDraft):
    buildings = await context.services.notices.buildings()
    if not buildings:
        return context.t("notice.no_buildings"), InlineKeyboardMarkup([cancel_row(context)])
    toggles = [
        InlineKeyboardButton(
            ("☑️ " if b in draft.buildings else "⬜ ") + b, callback_data=encode("nt", "bt", index)
        )
        for index, b in enumerate(buildings[:MAX_TOGGLES])  # Telegram allows 100 buttons
    ]
    rows = [toggles[i : i + PER_ROW] for i in range(0, len(toggles), PER_ROW)]
    rows.append([step_button(context, "notice.done_button", "bd"), *cancel_row(context)])
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


def scheduled(context: BotContext, notice: Notice) -> dict[str, object]:
    """The parameters of "notice.scheduled": which notice goes out when, to whom."""
    at = notice.scheduled_at.astimezone(context.services.settings.tz).strftime("%Y-%m-%d %H:%M")
    label = audience_label(context.services.translator, context.lang, notice)
    return {"id": notice.id, "at": at, "audience": label}
