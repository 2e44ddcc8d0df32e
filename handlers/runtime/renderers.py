"""Turns an outbox row into the Telegram messages its reader gets, in their language.

Features plug in their own keyboards (`register_buttons`) and whole-message renderers
(`register_content`, e.g. notices split under Telegram's limits); the dispatcher that sends
the result stays feature-agnostic."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters

from bot.domain.messaging.outbox import OutboxItem
from bot.i18n import Translator
from bot.services.registry import Services
from handlers.common.render import trim

ButtonRenderer = Callable[[OutboxItem, str, Translator], InlineKeyboardMarkup | None]


@dataclass(frozen=True)
class Part:
    """One Telegram message of a row: text (HTML), or a photo/document with a caption."""

    text: str | None
    photo: str | bytes | None = None  # a file id, a URL, or an image made here (a QR code)
    document: str | None = None
    markup: InlineKeyboardMarkup | None = None
    reply_to: int | None = None  # a message in the same chat this one answers (if still there)


ContentRenderer = Callable[[OutboxItem, str], Awaitable[list[Part]]]


async def send_part(bot: Bot, chat_id: int, part: Part, **options: Any) -> Message:
    """One part as Telegram wants it: a photo or document with its caption, or a text."""
    if part.reply_to:
        options["reply_parameters"] = ReplyParameters(
            part.reply_to, allow_sending_without_reply=True
        )
    if part.photo:
        return await bot.send_photo(
            chat_id, part.photo, caption=part.text, reply_markup=part.markup, **options
        )
    if part.document:
        return await bot.send_document(
            chat_id, part.document, caption=part.text, reply_markup=part.markup, **options
        )
    if part.text is None:
        raise ValueError("a part without a photo or document needs a text")
    return await bot.send_message(chat_id, part.text, reply_markup=part.markup, **options)


class OutboxRenderer:
    def __init__(self) -> None:
        self.services: Services | None = None
        self.buttons: dict[str, ButtonRenderer] = {}
        self.contents: dict[str, ContentRenderer] = {}

    @property
    def _svc(self) -> Services:
        if self.services is None:
            raise RuntimeError("used before attach()")
        return self.services

    def register_buttons(self, name: str, render: ButtonRenderer) -> None:
        """A row with extra["buttons"] == name gets `render(item, lang, translator)`."""
        self.buttons[name] = render

    def register_content(self, name: str, render: ContentRenderer) -> None:
        """A row with extra["content"] == name becomes `await render(item, lang)`."""
        self.contents[name] = render

    async def language(self, item: OutboxItem) -> str:
        t = self._svc.translator
        if item.reader is not None:
            return t.language_for(*item.reader)
        user = await self._svc.people.find(item.user_id)
        return t.language_for(user.language if user else None, user.tg_language if user else None)

    async def parts(self, item: OutboxItem, lang: str) -> list[Part]:
        content = self.contents.get(item.extra.get("content") or "")
        if content is not None:
            return await content(item, lang)
        text = self._svc.translator.t(lang, item.key, **item.params)
        render = self.buttons.get(item.extra.get("buttons") or "")
        markup = render(item, lang, self._svc.translator) if render is not None else None
        if item.extra.get("photo"):
            return [Part(trim(text, 1024), photo=item.extra["photo"], markup=markup)]
        return [Part(trim(text), markup=markup)]
