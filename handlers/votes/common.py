"""Small helpers shared by the vote handlers."""

from __future__ import annotations

from bot.domain.errors import DomainError
from bot.services.votes.service import VoteService
from bot.services.votes.wizard import VoteWizard
from handlers.common.context import BotContext

BUTTON_CHARS = 40  # a button label stays readable on a phone


def service(context: BotContext) -> VoteService:
    votes = context.services.votes
    if votes is None:
        raise DomainError("vote.not_found")
    return votes


def wizard(context: BotContext) -> VoteWizard:
    found = context.services.vote_wizard
    if found is None:
        raise DomainError("vote.wizard_stale")
    return found


def short(text: str) -> str:
    return text if len(text) <= BUTTON_CHARS else text[: BUTTON_CHARS - 1] + "…"
