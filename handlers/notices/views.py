"""Reading notices back: managers' scheduled list and statistics, residents' /notices pages,
and the 已读 button. Roles are checked by the service on every entry point."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.notices.model import BuildingStats, Notice, NoticePage, NoticeStatus
from bot.i18n import Raw
from bot.services.notices.service import PAGE_SIZE
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import edit_pressed, send
from handlers.common.updates import actor_of, chat_of, pressed_message, query_of
from handlers.notices.broadcast import audience_label, notice_parts
from handlers.runtime.renderers import send_part

PREVIEW_CHARS = 80
MAX_LISTED = 10


def _when(context: BotContext, notice: Notice) -> str:
    moment = notice.released_at or notice.scheduled_at
    return moment.astimezone(context.services.settings.tz).strftime("%Y-%m-%d %H:%M")


def _preview(notice: Notice, limit: int = PREVIEW_CHARS) -> str:
    text = " ".join(notice.body.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _natural(stats: BuildingStats) -> tuple:
    b = stats.building
    return (2, 0, "") if not b else (0, int(b), "") if b.isdecimal() else (1, 0, b)


# ---- managers: scheduled notices ----------------------------------------------------------------
async def _scheduled_view(context: BotContext) -> tuple[str, InlineKeyboardMarkup | None]:
    notices = (await context.services.notices.scheduled(actor_of(context).id))[:MAX_LISTED]
    if not notices:
        return context.t("notice.scheduled_none"), None
    t, lang = context.services.translator, context.lang
    items = "\n\n".join(
        context.t(
            "notice.scheduled_item",
            id=n.id,
            at=_when(context, n),
            audience=audience_label(t, lang, n),
            preview=_preview(n),
        )
        for n in notices
    )
    buttons = [
        InlineKeyboardButton(
            context.t("notice.cancel_one", id=n.id), callback_data=encode("nt", "cs", n.id)
        )
        for n in notices
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return context.t("notice.scheduled_list", items=Raw(items)), InlineKeyboardMarkup(rows)


async def scheduled_command(update: Update, context: BotContext) -> None:
    """/notices_scheduled: what is waiting to go out, each with a cancel button."""
    text, markup = await _scheduled_view(context)
    await send(context, chat_of(update).id, text, markup)


# ---- managers: statistics ----------------------------------------------------------------------
def _row_text(
    context: BotContext, key: str, stats: BuildingStats, require_ack: bool, **params
) -> str:
    acks = (
        context.t("notice.stats_acks", acked=stats.acknowledged, unacked=stats.not_acknowledged)
        if require_ack
        else ""
    )
    problems = (
        context.t(
            "notice.stats_problems",
            unreachable=stats.unreachable,
            failed=stats.failed,
            pending=stats.pending,
        )
        if stats.unreachable or stats.failed or stats.pending
        else ""
    )
    return context.t(
        key,
        delivered=stats.delivered,
        recipients=stats.recipients,
        acks=Raw(acks),
        problems=Raw(problems),
        **params,
    )


async def stats_command(update: Update, context: BotContext) -> None:
    """/notice_stats ID: delivered, acknowledged and not yet, by building; re-send offered."""
    services, args = context.services, list(context.args or [])
    # ASCII digits only: "²".isdigit() is true, yet int("²") fails.
    number = re.fullmatch(r"#?([0-9]{1,15})", args[0]) if args else None
    notice_id = int(number.group(1)) if number else None
    if notice_id is None:
        recent = await services.notices.recent(actor_of(context).id)
        items = "\n".join(
            context.t(
                "notice.recent_item",
                id=n.id,
                at=_when(context, n),
                status=context.t(f"notice.status_{n.status.value}"),
                preview=_preview(n, 30),
            )
            for n in recent
        )
        items = items or context.t("notice.none_yet")
        await send(context, chat_of(update).id, context.t("notice.stats_usage", items=Raw(items)))
        return
    notice, rows = await services.notices.stats(actor_of(context).id, notice_id)
    text, markup = _stats_view(context, notice, rows)
    await send(context, chat_of(update).id, text, markup)


def _stats_view(context: BotContext, notice: Notice, rows: list[BuildingStats]):
    lines = []
    for stats in sorted(rows, key=_natural):
        name = (
            context.t("notice.stats_building", building=stats.building)
            if stats.building
            else context.t("notice.stats_no_home")
        )
        lines.append(
            _row_text(context, "notice.stats_row", stats, notice.require_ack, building=Raw(name))
        )
    total = BuildingStats(
        "",
        *(
            sum(getattr(s, f) for s in rows)
            for f in ("recipients", "delivered", "acknowledged", "unreachable", "failed", "pending")
        ),
    )
    text = context.t(
        "notice.stats",
        id=notice.id,
        status=context.t(f"notice.status_{notice.status.value}"),
        at=_when(context, notice),
        audience=audience_label(context.services.translator, context.lang, notice),
        preview=_preview(notice),
        rows=Raw("\n".join(lines) or context.t("notice.stats_empty")),
        total=Raw(_row_text(context, "notice.stats_total", total, notice.require_ack)),
    )
    markup = None
    active = notice.status in (NoticeStatus.SENDING, NoticeStatus.DONE)
    if notice.require_ack and active and total.not_acknowledged:
        button = InlineKeyboardButton(
            context.t("notice.resend_button", count=total.not_acknowledged),
            callback_data=encode("nt", "rs", notice.id),
        )
        markup = InlineKeyboardMarkup([[button]])
    return text, markup


# ---- residents: /notices --------------------------------------------------------------------------
def _page_view(context: BotContext, page: NoticePage) -> tuple[str, InlineKeyboardMarkup | None]:
    if not page.notices:
        return context.t("notice.list_empty"), None
    items = "\n\n".join(
        context.t("notice.list_item", id=n.id, at=_when(context, n), preview=_preview(n, 120))
        for n in page.notices
    )
    pages = max(1, -(-page.total // PAGE_SIZE))
    text = context.t(
        "notice.list", page=page.offset // PAGE_SIZE + 1, pages=pages, items=Raw(items)
    )
    rows = [
        [
            InlineKeyboardButton(
                context.t("notice.open_button", id=n.id), callback_data=encode("nt", "view", n.id)
            )
            for n in page.notices
        ]
    ]
    turn = []
    if page.offset > 0:
        turn.append(
            InlineKeyboardButton(
                context.t("notice.prev_button"),
                callback_data=encode("nt", "pg", max(0, page.offset - PAGE_SIZE)),
            )
        )
    if page.offset + PAGE_SIZE < page.total:
        turn.append(
            InlineKeyboardButton(
                context.t("notice.next_button"),
                callback_data=encode("nt", "pg", page.offset + PAGE_SIZE),
            )
        )
    if turn:
        rows.append(turn)
    return text, InlineKeyboardMarkup(rows)


async def list_command(update: Update, context: BotContext) -> None:
    """/notices: the latest notices for the reader's building, newest first, paged."""
    page = await context.services.notices.page_for(actor_of(context).id, 0)
    text, markup = _page_view(context, page)
    await send(context, chat_of(update).id, text, markup)


async def _open(update: Update, context: BotContext, notice_id: int) -> None:
    services = context.services
    notice, ack_due = await services.notices.readable(actor_of(context).id, notice_id)
    parts = notice_parts(
        services.translator, context.lang, notice, services.settings.estate_name, ack=ack_due
    )
    chat_id = chat_of(update).id
    for part in parts:
        await send_part(context.bot, chat_id, part)


async def _show_acknowledged(query, context: BotContext) -> None:
    """The message no longer asks to press 已读: its hint line becomes "✅ 已确认 HH:MM" and
    the button goes (a caption is left as it is; only its button goes)."""
    message = query.message
    text = message.text_html if message.text else None
    hint = context.t("notice.ack_hint")
    if text is None:
        await edit_pressed(query, None)
        return
    now = context.services.clock.now().astimezone(context.services.settings.tz)
    done = context.t("notice.acked_line", time=now.strftime("%H:%M"))
    text = text.replace(hint, done) if hint in text else text + done
    await edit_pressed(query, text)


# ---- buttons --------------------------------------------------------------------------------------
async def notice_view_button(update: Update, context: BotContext) -> None:
    """已读, preview, paging, opening, cancelling a scheduled notice, re-sending to non-readers."""
    query, services, actor = query_of(update), context.services, actor_of(context).id
    action = require(query.data)
    verb, arg = action.verb, action.int_arg() or 0
    if verb == "ok":
        changed = await services.notices.acknowledge(actor, arg)
        await query.answer(context.t("notice.acked" if changed else "notice.already_acked"))
        if query.message is not None and pressed_message(query).reply_markup is not None:
            await _show_acknowledged(query, context)
    elif verb == "pv":
        await query.answer(context.t("notice.preview_ack"), show_alert=True)
    elif verb == "pg":
        page = await services.notices.page_for(actor, arg)
        await query.answer()
        text, markup = _page_view(context, page)
        await edit_pressed(query, text, markup)
    elif verb == "view":
        await _open(update, context, arg)
        await query.answer()
    elif verb == "cs":
        notice = await services.notices.cancel(actor, arg)
        await query.answer(context.t("notice.cancelled", id=notice.id))
        text, markup = await _scheduled_view(context)
        await edit_pressed(query, text, markup)
    elif verb == "stop":
        dispatcher = context.application.bot_data["dispatcher"]
        notice, dropped = await services.notices.stop(actor, arg, dispatcher.stop_notice)
        await query.answer(context.t("notice.stopped_toast", id=notice.id))
        await edit_pressed(query, context.t("notice.stopped", id=notice.id, dropped=dropped))
    elif verb == "rs":
        count = await services.notices.resend_unacknowledged(actor, arg)
        context.application.bot_data["dispatcher"].wake()
        await query.answer()
        if query.message is not None and pressed_message(query).reply_markup is not None:
            await _show_acknowledged(query, context)
        await send(context, chat_of(update).id, context.t("notice.resent", count=count))
