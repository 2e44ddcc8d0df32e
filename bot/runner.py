"""Running for real: durable long polling, or a webhook for servers that cannot poll."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
from dataclasses import dataclass

from bot.app import build_application, start_application, stop_application
from bot.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Webhook:
    public_url: str  # https://bot.example.com (Telegram posts to <public_url>/telegram)
    listen: str = "0.0.0.0"
    port: int = 8080
    secret: str = ""


async def serve(settings: Settings, webhook: Webhook | None = None) -> None:
    """Start, run until SIGINT/SIGTERM, stop cleanly (a kill -9 loses nothing either)."""
    app = build_application(settings)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not available on Windows
            loop.add_signal_handler(signum, stopping.set)
    if webhook is None:
        await start_application(app)
    else:
        await start_application(app, polling=False)
        secret = webhook.secret or secrets.token_urlsafe(32)
        await app.bot_data["updates"].start_webhook(
            webhook.public_url, secret, webhook.listen, webhook.port
        )
        log.info("webhook listening on %s:%s", webhook.listen, webhook.port)
    log.info("propdesk is running")
    try:
        await stopping.wait()
    finally:
        await stop_application(app)


def run(settings: Settings, webhook: Webhook | None = None) -> None:
    asyncio.run(serve(settings, webhook))
