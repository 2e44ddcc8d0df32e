"""The Notifier port over Telegram: renders catalog notes in each person's language."""

from __future__ import annotations

import asyncio
import logging

from telegram.error import Forbidden, RetryAfter, TelegramError

from bot.services.ports import Note
from handlers.common.menus import set_user_menu
from handlers.common.render import main_menu, trim
from handlers.runtime.attached import Attached

log = logging.getLogger(__name__)


class TelegramNotifier(Attached):
    """Attached to the bot and services after the application is built (they need each other)."""

    async def to_user(self, user_id: int, note: Note) -> bool:
        user = await self._svc.people.find(user_id)
        lang = self._svc.translator.language_for(
            user.language if user else None, user.tg_language if user else None
        )
        text = trim(self._svc.translator.t(lang, note.key, **note.params))
        markup = main_menu(self._svc.translator, lang, user) if note.menu == "main" else None
        for _attempt in range(3):
            try:
                await self._bot.send_message(user_id, text, reply_markup=markup)
                return True
            except RetryAfter as error:
                await asyncio.sleep(
                    error.retry_after
                    if isinstance(error.retry_after, int | float)
                    else error.retry_after.total_seconds()
                )
            except Forbidden:
                await self._svc.people.mark_unreachable(user_id)
                return False
            except TelegramError as error:
                log.warning("notification to a user failed: %s", error)
                return False
        return False

    async def to_managers(self, note: Note) -> int:
        delivered = 0
        for manager in await self._svc.people.managers():
            delivered += await self.to_user(manager.id, note)
        return delivered

    async def refresh_menus(self, user_id: int) -> None:
        user = await self._svc.people.find(user_id)
        if user is not None:
            lang = self._svc.translator.language_for(user.language, user.tg_language)
            await set_user_menu(self._bot, self._svc.translator, user, lang)
