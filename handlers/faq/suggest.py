"""A resident's question: articles first ("这些能解答您的问题吗？"), the draft waits."""

from __future__ import annotations

import contextlib

from telegram import Update

from bot.classifier import LOW_CONFIDENCE
from bot.domain.errors import DomainError, NotFound
from bot.domain.faq.questions import looks_like_question
from bot.domain.tickets.model import Kind
from bot.services.tickets.drafting import Intake
from handlers.common.callbacks import require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send, trim
from handlers.faq.views import article_text, offer_keyboard
from handlers.tickets.views import draft_keyboard, draft_text, kind_keyboard

PATTERN = r"^fq:(v|ok|help):[0-9_]+$"


def _worth_offering(intake: Intake, preset: Kind | None) -> bool:
    """Only a fresh, text-only question; a repair or complaint is never held up."""
    draft = intake.draft
    if draft is None or intake.merged or intake.ask_danger or not draft.text:
        return False
    if draft.photos or draft.latitude is not None or draft.urgent:
        return False
    if preset is not None:
        return preset is Kind.INQUIRY
    if draft.kind is Kind.INQUIRY:
        return True
    return intake.needs_kind and looks_like_question(draft.text)


async def offer_instead(
    update: Update, context: BotContext, intake: Intake, preset: Kind | None
) -> bool:
    """Offer articles instead of the draft card; False when there is nothing to offer."""
    faq, actor, draft = context.services.faq, context.actor, intake.draft
    if faq is None or actor is None or draft is None or not _worth_offering(intake, preset):
        return False
    offer = await faq.offer(actor, draft.id, draft.text)
    if offer is None:
        return False
    titles = [(await faq.article(slug)).title_in(context.lang) for slug in offer.slugs]
    t = context.services.translator
    await reply(update, context, "faq.offer", offer_keyboard(t, context.lang, offer, titles))
    return True


async def faq_button(update: Update, context: BotContext) -> None:
    """An article's title, "solved" or "still need help" under an offer."""
    query, faq, actor = update.callback_query, context.services.faq, context.actor
    assert query is not None
    action = require(query.data)
    if faq is None or actor is None:
        raise DomainError("error.stale_button")
    t, lang = context.services.translator, context.lang
    if action.verb == "v":
        offer_id, index = action.ints(2) or (-1, -1)
        offer, article = await faq.viewed(actor, offer_id, index)
        titles = [(await faq.article(s)).title_in(lang) for s in offer.slugs]
        await answer(context, query)
        keyboard = offer_keyboard(t, lang, offer, titles) if offer.outcome is None else None
        await edit_pressed(query, trim(article_text(t, lang, article)), keyboard)
    elif action.verb == "ok":
        offer = await faq.solved(actor, action.int_arg() or -1)
        await answer(context, query)
        await edit_pressed(query, None, None)
        if offer.draft_id is not None:
            with contextlib.suppress(NotFound):  # merged away or expired: nothing waits
                await context.services.intake.discard(actor, offer.draft_id)
        await reply(update, context, "faq.solved")
    else:
        offer = await faq.need_help(actor, action.int_arg() or -1)
        await answer(context, query)
        await edit_pressed(query, None, None)
        # The articles did not answer it: the draft card, exactly as without the FAQ.
        draft = await context.services.intake.draft_of(actor, offer.draft_id or -1)
        if draft.confidence < LOW_CONFIDENCE:  # as without the FAQ: ask what it is
            text = context.t("draft.which_kind", text=draft.text[:300])
            await send(context, draft.resident_id, text, kind_keyboard(t, lang, draft.id))
            return
        text = draft_text(t, lang, draft, False)
        await send(context, draft.resident_id, text, draft_keyboard(t, lang, draft))
