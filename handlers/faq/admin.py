"""/faq (the articles, or a search), /faq_stats (managers), a Markdown file from a manager."""

from __future__ import annotations

import html

from telegram import Update

from bot.domain.errors import DomainError
from bot.i18n import Raw
from bot.services.faq.service import STATS_DAYS
from handlers.common.context import BotContext
from handlers.common.render import reply, send
from handlers.faq.views import article_text, stats_text
from handlers.tickets import fallback

MAX_FILE = 64 * 1024


async def faq_command(update: Update, context: BotContext) -> None:
    """/faq: every article's title (and id, version, template mark for managers);
    /faq 停车: the best matching article in full."""
    faq, t, lang = context.services.faq, context.services.translator, context.lang
    actor, chat = context.actor, update.effective_chat
    if faq is None or actor is None or chat is None:
        raise DomainError("error.unknown_command")
    if not actor.is_registered:  # like inline mode: the estate's own procedures and numbers
        raise DomainError("error.not_registered")
    words = " ".join(context.args or [])[:200]
    if words:
        found = await faq.search(words, limit=1)
        if not found:
            await reply(update, context, "faq.search_none")
            return
        text = article_text(t, lang, found[0], manager=actor.is_manager)
        await send(context, chat.id, text)
        return
    articles = await faq.articles()
    manager = actor.is_manager
    lines = [
        t.t(
            lang,
            "faq.list_line",
            title=a.title_in(lang),
            id=a.slug,
            version=a.version,
            template=Raw(t.t(lang, "faq.list_template") if a.template else ""),
        )
        if manager
        else "• " + _escape(a.title_in(lang))
        for a in articles
    ]
    head = t.t(lang, "faq.list_title", count=len(articles))
    hint = t.t(lang, "faq.list_hint") if manager else ""
    await send(context, chat.id, "\n".join([head, *lines]) + hint)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


async def faq_stats_command(update: Update, context: BotContext) -> None:
    """/faq_stats: deflection rate, unhelpful articles, recent unmatched questions."""
    faq, actor, chat = context.services.faq, context.actor, update.effective_chat
    if faq is None or actor is None or chat is None:
        raise DomainError("error.unknown_command")
    stats = await faq.stats(actor)
    text = stats_text(context.services.translator, context.lang, stats, STATS_DAYS)
    await send(context, chat.id, text)


async def import_document(update: Update, context: BotContext) -> None:
    """A .md file in private chat from a manager: an FAQ article to add or change."""
    faq, actor, message = context.services.faq, context.actor, update.effective_message
    if faq is None or actor is None or not actor.is_manager:
        await fallback.other_message(update, context)  # a file like any other: a pointer
        return
    document = message.document if message else None
    if document is None:
        return
    if document.file_size and document.file_size > MAX_FILE:
        raise DomainError("faq.file_too_big")
    file = await document.get_file()
    raw = bytes(await file.download_as_bytearray())
    if len(raw) > MAX_FILE:
        raise DomainError("faq.file_too_big")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError("faq.not_utf8") from None
    (result,) = await faq.import_texts([text], actor)
    key = "faq.imported" if result.changed else "faq.unchanged"
    await reply(update, context, key, id=result.slug, version=result.version)
