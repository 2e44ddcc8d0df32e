"""Typed callback context: `context.services`, the acting user and their language."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.people.model import User
from bot.services.registry import Services


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """One per update (PTB reuses it across handler groups), so `actor` set early sticks."""

    def __init__(
        self, application: Application, chat_id: int | None = None, user_id: int | None = None
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.actor: User | None = None
        self.tg_language: str | None = None

    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]

    @property
    def lang(self) -> str:
        chosen = self.actor.language if self.actor else None
        return self.services.translator.language_for(chosen, self.tg_language)

    def t(self, key: str, /, **params: Any) -> str:
        return self.services.translator.t(self.lang, key, **params)
