"""Notices on the wire: how one looks (split, captioned, with its 已读 button), and the job that
releases due notices and keeps the author's progress message current."""

from __future__ import annotations

import html
import logging
import re
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError

from bot.domain.messaging.outbox import OutboxItem
from bot.domain.notices.model import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    Audience,
    MediaKind,
    Notice,
    NoticeStatus,
    Progress,
    split_text,
    utf16_len,
)
from bot.i18n import Raw, Translator
from bot.presentation.estate import estate_label
from bot.services.registry import Services
from handlers.common.callbacks import encode
from handlers.common.context import BotContext
from handlers.runtime.dispatcher import OutboxDispatcher
from handlers.runtime.renderers import Part

log = logging.getLogger(__name__)
PROGRESS_EVERY = timedelta(seconds=3)  # the author's progress message is edited at most this often
REMINDER_KEY = "notice.reminder"
_TAGS = re.compile(r"<[^>]+>")


def plain_len(fragment: str) -> int:
    """What Telegram counts of an HTML fragment: the text after entity parsing, in UTF-16."""
    return utf16_len(html.unescape(_TAGS.sub("", fragment)))


def stop_keyboard(t: Translator, lang: str, notice_id: int) -> InlineKeyboardMarkup:
    """On the author's progress message while a notice goes out: stop it (sent by mistake)."""
    button = InlineKeyboardButton(
        t.t(lang, "notice.stop_button"), callback_data=encode("nt", "stop", notice_id)
    )
    return InlineKeyboardMarkup([[button]])


def ack_markup(t: Translator, lang: str, notice_id: int, *, preview: bool = False):
    data = encode("nt", "pv", 0) if preview else encode("nt", "ok", notice_id)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.t(lang, "notice.ack_button"), callback_data=data)]]
    )


def notice_parts(
    t: Translator,
    lang: str,
    notice: Notice,
    estate: str,
    *,
    reminder: bool = False,
    ack: bool = True,
    preview: bool = False,
) -> list[Part]:
    """The notice as its reader receives it: split under 4096, captions under 1024, the
    acknowledge button (if asked for) on the last message. The body is escaped by `t`."""
    estate = estate_label(t, lang, estate)
    header = t.t(lang, "notice.reminder_header" if reminder else "notice.header", estate=estate)
    wants_ack = notice.require_ack and ack
    footer = t.t(lang, "notice.ack_hint") if notice.require_ack else ""
    markup = ack_markup(t, lang, notice.id, preview=preview) if wants_ack else None
    media: dict[str, Any] = {}
    if notice.media_file_id:
        media = {
            "photo" if notice.media_kind is MediaKind.PHOTO else "document": notice.media_file_id
        }
    whole = t.t(
        lang, "notice.text", header=Raw(header), body=notice.body, part=Raw(""), footer=Raw(footer)
    )
    limit = CAPTION_LIMIT if media else TEXT_LIMIT
    if plain_len(whole) <= limit:
        return [Part(whole, markup=markup, **media)]
    marker = plain_len(t.t(lang, "notice.part", n=99, total=99))
    room = TEXT_LIMIT - marker - plain_len(footer)
    first = room if media else room - plain_len(header) - 2
    chunks = split_text(notice.body, first, room)
    parts = [Part(header, **media)] if media else []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        params = {
            "body": chunk,
            "part": Raw(t.t(lang, "notice.part", n=index + 1, total=len(chunks))),
            "footer": Raw(footer if last else ""),
        }
        if index == 0 and not media:
            text = t.t(lang, "notice.text", header=Raw(header), **params)
        else:
            text = t.t(lang, "notice.continued", **params)
        parts.append(Part(text, markup=markup if last else None))
    return parts


def audience_label(t: Translator, lang: str, notice_or_draft) -> Raw:
    """Who a notice goes to, as safe HTML (building names escaped) for use as a parameter."""
    audience = notice_or_draft.audience
    if audience is Audience.BUILDINGS:
        names = "、".join(notice_or_draft.buildings)
        return Raw(t.t(lang, "notice.audience_buildings", buildings=names))
    key = "notice.audience_staff" if audience is Audience.STAFF else "notice.audience_all"
    return Raw(t.t(lang, key))


class NoticeContent:
    """Renders outbox rows of notices for the dispatcher. A notice never changes, so its parts
    are rendered once per language and round, not once per recipient."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._parts: dict[tuple[int, str, bool], list[Part]] = {}

    async def __call__(self, item: OutboxItem, lang: str) -> list[Part]:
        notice_id = item.notice_id or int(item.params["notice"])
        key = (notice_id, lang, item.key == REMINDER_KEY)
        parts = self._parts.get(key)
        if parts is None:
            notice = await self.services.notices.get(notice_id)
            parts = notice_parts(
                self.services.translator,
                lang,
                notice,
                self.services.settings.estate_name,
                reminder=key[2],
            )
            if len(self._parts) > 64:
                self._parts.clear()
            self._parts[key] = parts
        return parts


def install_notices(dispatcher: OutboxDispatcher, services: Services) -> None:
    dispatcher.register_content("notice", NoticeContent(services))


# ---- the job: release what is due, report progress ----------------------------------------
async def notices_tick(context: BotContext) -> None:
    """Every second: notices whose time came (also while the bot was down) go out; authors see
    progress. Everything is read from the database, so a run is safe twice."""
    services = context.services
    dispatcher: OutboxDispatcher = context.application.bot_data["dispatcher"]
    if await services.notices.release_due():
        dispatcher.wake()
    for notice in await services.notices.sending():
        progress = await services.notices.progress(notice.id)
        if progress.finished:
            if await services.notices.finish(notice, progress):
                dispatcher.wake()  # the author's final report is an outbox row
                await show_progress(context, notice, progress, done=True)
            continue
        due = (
            notice.progress_at is None
            or not notice.progress_shown  # its first edit (with the stop button): at once
            or services.clock.now() - notice.progress_at >= PROGRESS_EVERY
        )
        if notice.author_id is not None and due and notice.progress_shown != progress.shown():
            await show_progress(context, notice, progress, done=False)


async def show_progress(
    context: BotContext, notice: Notice, progress: Progress, *, done: bool
) -> None:
    """Edit the author's progress message (or post one); never lets Telegram trouble escape."""
    services = context.services
    if notice.author_id is None or (done and notice.progress_message_id is None):
        return
    if not done and (await services.notices.get(notice.id)).status is not NoticeStatus.SENDING:
        return  # stopped by its author a moment ago: keep their "stopped" message
    author = await services.people.find(notice.author_id)
    lang = services.translator.language_for(
        author.language if author else None, author.tg_language if author else None
    )
    text = services.translator.t(
        lang,
        "notice.progress_done" if done else "notice.progress",
        id=notice.id,
        sent=progress.sent,
        total=progress.total,
        failed=progress.failed,
        unreachable=progress.unreachable,
    )
    markup = None if done else stop_keyboard(services.translator, lang, notice.id)
    try:
        if notice.progress_message_id is not None and notice.progress_chat_id is not None:
            await context.bot.edit_message_text(
                text,
                chat_id=notice.progress_chat_id,
                message_id=notice.progress_message_id,
                reply_markup=markup,
            )
            chat_id, message_id = notice.progress_chat_id, notice.progress_message_id
        else:
            message = await context.bot.send_message(notice.author_id, text, reply_markup=markup)
            chat_id, message_id = message.chat_id, message.message_id
    except BadRequest as error:  # deleted by the author, or unchanged: nothing to fix
        log.info("progress message for notice %s not updated: %s", notice.id, error)
        return
    except TelegramError as error:
        log.warning("progress message for notice %s failed: %s", notice.id, error)
        return
    await services.notices.note_progress(notice.id, chat_id, message_id, progress.shown())
