"""Telegram-side ports built before the application exists: the bot and the services are
attached once both are built (they need each other)."""

from __future__ import annotations

from telegram import Bot

from bot.services.registry import Services


class Attached:
    """The bot and services a port uses, with a clear error when used before `attach`."""

    def __init__(self) -> None:
        self.bot: Bot | None = None
        self.services: Services | None = None

    def attach(self, bot: Bot, services: Services) -> None:
        self.bot, self.services = bot, services

    @property
    def _svc(self) -> Services:
        if self.services is None:
            raise RuntimeError("used before attach()")
        return self.services

    @property
    def _bot(self) -> Bot:
        if self.bot is None:
            raise RuntimeError("used before attach()")
        return self.bot
