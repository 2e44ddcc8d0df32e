"""Relayed text arrives whole (issue 10 B): a long message is split into parts marked
(1/3)… under Telegram's limits, both ways — staff → resident through the outbox ("relay"
content), resident → staff in the ticket's thread. Nothing is trimmed."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup

from bot.domain.messaging.outbox import OutboxItem
from bot.domain.notices.model import CAPTION_LIMIT, split_text, utf16_len
from bot.domain.tickets.relay import PART_UNITS
from bot.i18n import Translator
from bot.services.registry import Services
from handlers.runtime.renderers import ButtonRenderer, Part

CAPTION_ROOM = CAPTION_LIMIT - 200  # a caption's template around the text


def relay_parts(
    t: Translator,
    lang: str,
    key: str,
    params: dict[str, Any],
    *,
    photo: str | None = None,
    reply_to: int | None = None,
    markup: InlineKeyboardMarkup | None = None,
    field: str = "text",
) -> list[Part]:
    """`key` rendered with params[field] split into marked parts; a photo comes first (with
    the text as its caption when it fits); buttons (`markup`) on the last part."""
    text = str(params.get(field) or "")
    if photo and utf16_len(text) <= CAPTION_ROOM:
        return [Part(t.t(lang, key, **params), photo=photo, markup=markup, reply_to=reply_to)]
    chunks = split_text(text, PART_UNITS) if utf16_len(text) > PART_UNITS else [text]
    parts = [Part(None, photo=photo, reply_to=reply_to)] if photo else []
    for index, chunk in enumerate(chunks):
        if len(chunks) > 1:
            mark = t.t(lang, "relay.part", n=index + 1, total=len(chunks))
            chunk = f"{mark}\n{chunk}"
        first, last = not parts, index == len(chunks) - 1
        parts.append(
            Part(
                t.t(lang, key, **{**params, field: chunk}),
                markup=markup if last else None,
                reply_to=reply_to if first else None,
            )
        )
    return parts


class RelayContent:
    """The outbox renderer of relayed text (extra["content"] == "relay"): staff answers,
    corrections, resolution notes, a resident's "not fixed" reason. extra["split"] names the
    param holding the text (default "text"); extra["buttons"] the last part's keyboard."""

    def __init__(self, services: Services, buttons: dict[str, ButtonRenderer]) -> None:
        self.services, self.buttons = services, buttons

    async def __call__(self, item: OutboxItem, lang: str) -> list[Part]:
        t = self.services.translator
        render = self.buttons.get(item.extra.get("buttons") or "")
        return relay_parts(
            t,
            lang,
            item.key,
            item.params,
            photo=item.extra.get("photo"),
            reply_to=item.extra.get("reply_to"),
            markup=render(item, lang, t) if render is not None else None,
            field=item.extra.get("split") or "text",
        )
