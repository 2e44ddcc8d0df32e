"""The real application polling a local fake Bot API: shared by the demo, e2e tests and benches."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from telegram.ext import Application

from bot.app import build_application, start_application, stop_application
from bot.config import Settings
from bot.services.ports import Clock


@asynccontextmanager
async def live_bot(
    settings: Settings, fake, *, database_path: Path | None = None, clock: Clock | None = None
) -> AsyncIterator[Application]:
    """Start the unmodified application against `fake` (a started FakeBotApi); stop it after.

    `clock` (services' time: deadlines, quiet hours, the outbox) lets tests move time."""
    settings = dataclasses.replace(
        settings,
        token=fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        database_path=database_path or settings.database_path,
    )
    app = build_application(settings, clock=clock)
    await start_application(app, poll_timeout=1)
    updates = app.bot_data["updates"]

    def handled_all() -> bool:
        return updates.settled(fake.world.delivered_update_id)

    fake.idle_checks.append(handled_all)
    try:
        yield app
    finally:
        fake.idle_checks.remove(handled_all)
        await stop_application(app)


class Script:
    """Small verbs over the fake so the scenario reads like what people do."""

    def __init__(self, fake) -> None:
        self.fake = fake

    async def _settle(self, calls_before: int) -> None:
        """Wait for the bot to react to the last action, then for it to finish reacting."""

        def reacted() -> bool:  # the bot's own polling is not a reaction
            return any(call.method != "getUpdates" for call in self.fake.calls[calls_before:])

        await self.fake.wait_for(reacted, timeout=15)
        await self.fake.wait_idle(quiet=0.15)

    async def sees(self, chat: int, fragment: str):
        """Wait until the bot's newest message in `chat` contains `fragment` (paced messages
        from the outbox can trail a direct reply by a second or so); return it."""

        def arrived() -> bool:
            last = self.fake.last_message(chat)
            return last is not None and fragment in (last.text or "")

        await self.fake.wait_for(arrived, timeout=15)
        # The outbox records which ticket a sent message belongs to a moment after sending;
        # a person reads before answering, so the script waits for the bot to settle too.
        await self.fake.wait_idle(quiet=0.1)
        return self.fake.last_message(chat)

    async def says(self, user: int, text: str | None, **options) -> dict:
        before = len(self.fake.calls)
        message = await self.fake.user_sends(user, text, **options)
        await self._settle(before)
        return message

    async def shares_contact(self, user: int, contact: dict) -> None:
        before = len(self.fake.calls)
        await self.fake.user_sends(user, contact=contact)
        await self._settle(before)

    async def shares_phone(self, user: int, phone: str) -> None:
        """The contact button: Telegram attaches the sender's own user id."""
        await self.shares_contact(user, {"phone_number": phone, "first_name": "-", "user_id": user})

    async def presses(self, user: int, chat: int, button: str) -> None:
        """Press the newest button with this text, waiting for it to arrive like a person would:
        outbox messages are paced per chat (about one a second), so they may trail replies."""
        await self.fake.wait_for(lambda: self._has_button(chat, button), timeout=15)
        before = len(self.fake.calls)
        await self.fake.user_presses_text(user, chat, button)
        await self._settle(before)

    def _has_button(self, chat: int, button: str) -> bool:
        return any(
            m.button(button) is not None for m in self.fake.chat_messages(chat) if not m.deleted
        )

    def last(self, chat: int):
        return self.fake.last_message(chat)

    def last_with_button(self, chat: int, prefix: str):
        for message in reversed(self.fake.chat_messages(chat)):
            if any(data.startswith(prefix) for data in message.callback_data()):
                return message
        raise AssertionError(f"no message with a {prefix} button in {chat}")
