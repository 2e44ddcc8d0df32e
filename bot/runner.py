"""Long polling for production: the application built by the composition root."""

from __future__ import annotations

from telegram import Update

from bot.app import build_application
from bot.config import Settings


def run_polling(settings: Settings) -> None:
    app = build_application(settings)
    app.run_polling(allowed_updates=Update.ALL_TYPES)
