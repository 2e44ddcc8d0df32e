"""python-telegram-bot's minimal echo bot (its examples/echobot.py, trimmed), for comparison.

ECHO_CONCURRENCY=1 is the example as published (updates one at a time);
ECHO_CONCURRENCY=256 lets it process updates concurrently like propdesk does."""

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text)


def main() -> None:
    concurrency = int(os.environ.get("ECHO_CONCURRENCY", "1"))
    builder = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
    )
    if concurrency > 1:
        builder = builder.concurrent_updates(concurrency)
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
