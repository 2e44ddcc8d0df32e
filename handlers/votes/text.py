"""Typed text that belongs to votes: a manager's /vote_new step, or a typed ballot answer."""

from __future__ import annotations

from telegram import Update

from handlers.common.context import BotContext
from handlers.votes.ballot import take_answer
from handlers.votes.manage import take_wizard_text


async def take_text(update: Update, context: BotContext) -> bool:
    """True when the text was taken here; otherwise the usual routing goes on."""
    if await take_wizard_text(update, context):
        return True
    return await take_answer(update, context)
