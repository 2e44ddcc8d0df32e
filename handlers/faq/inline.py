"""Inline mode: `@bot 停车` in any chat lists the matching articles."""

from __future__ import annotations

import hashlib

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update

from handlers.common.context import BotContext
from handlers.common.render import trim
from handlers.faq.views import article_text

MAX_RESULTS = 20  # Telegram allows 50; more than a screenful helps nobody
CACHE_SECONDS = 60


async def inline_query(update: Update, context: BotContext) -> None:
    """Registered people get articles; anyone else an empty list (the articles name the
    estate's phone numbers and procedures)."""
    query, actor = update.inline_query, context.actor
    assert query is not None
    faq, t, lang = context.services.faq, context.services.translator, context.lang
    if faq is None or actor is None or not actor.is_registered:
        await query.answer([], cache_time=0, is_personal=True)
        return
    words = (query.query or "").strip()[:200]
    articles = await faq.search(words, limit=MAX_RESULTS) if words else await faq.articles()
    results = [
        InlineQueryResultArticle(
            id=f"{article.slug}.{article.version}",
            title=article.title_in(lang)[:100],
            description=article.body_in(lang)[:120],
            input_message_content=InputTextMessageContent(
                trim(article_text(t, lang, article)), parse_mode="HTML"
            ),
        )
        for article in articles[:MAX_RESULTS]
    ]
    if not results and words:
        digest = hashlib.sha1(words.encode()).hexdigest()[:16]
        results.append(
            InlineQueryResultArticle(
                id=f"none.{digest}",
                title=t.t(lang, "faq.inline_none"),
                input_message_content=InputTextMessageContent(
                    t.t(lang, "faq.inline_none_text", query=words[:100]), parse_mode="HTML"
                ),
            )
        )
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True)
