"""How FAQ articles look in chat: the offer, an article, the line on a staff card."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.faq.model import Article, Offer
from bot.i18n import Raw, Translator
from handlers.common.callbacks import encode

MAX_BUTTON_TITLE = 60


def article_text(t: Translator, lang: str, article: Article, *, manager: bool = False) -> str:
    text = t.t(lang, "faq.article", title=article.title_in(lang), body=article.body_in(lang))
    if manager and article.template:
        text += t.t(lang, "faq.template_mark")
    return text


def offer_keyboard(
    t: Translator, lang: str, offer: Offer, titles: list[str]
) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                title[:MAX_BUTTON_TITLE], callback_data=encode("fq", "v", f"{offer.id}_{i}")
            )
        ]
        for i, title in enumerate(titles)
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t.t(lang, "faq.solved_button"), callback_data=encode("fq", "ok", offer.id)
            ),
            InlineKeyboardButton(
                t.t(lang, "faq.help_button"), callback_data=encode("fq", "help", offer.id)
            ),
        ]
    )
    return InlineKeyboardMarkup(rows)


def card_line(t: Translator, lang: str, articles: list[Article]) -> str:
    if not articles:
        return ""
    titles = "; ".join(a.title_in(lang) for a in articles)
    return t.t(lang, "faq.card_shown", titles=titles)


def stats_text(t: Translator, lang: str, stats, days: int) -> str:
    text = t.t(
        lang,
        "faq.stats",
        days=days,
        offered=stats.offered,
        solved=stats.solved,
        escalated=stats.escalated,
        rate=f"{stats.deflection_rate:.0%}",
    )
    if stats.unhelpful:
        lines = "\n".join(
            t.t(lang, "faq.stats_count_line", text=slug, count=count)
            for slug, count in stats.unhelpful
        )
        text += t.t(lang, "faq.stats_unhelpful", lines=Raw(lines))
    if stats.unmatched:
        lines = "\n".join(t.t(lang, "faq.stats_line", text=q[:100]) for q in stats.unmatched)
        text += t.t(lang, "faq.stats_unmatched", lines=Raw(lines))
    return text
