"""The real application polling a local fake Bot API: shared by the demo, e2e tests and benches."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from telegram.ext import Application

from bot.app import build_application, start_application, stop_application
from bot.config import Settings


@asynccontextmanager
async def live_bot(
    settings: Settings, fake, *, database_path: Path | None = None
) -> AsyncIterator[Application]:
    """Start the unmodified application against `fake` (a started FakeBotApi); stop it after."""
    settings = dataclasses.replace(
        settings,
        token=fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        database_path=database_path or settings.database_path,
    )
    app = build_application(settings)
    await start_application(app, poll_timeout=1)
    try:
        yield app
    finally:
        await stop_application(app)
