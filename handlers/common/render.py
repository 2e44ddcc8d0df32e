"""Keyboards and reply helpers shared by the handler modules."""

from __future__ import annotations

import re
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest

from bot.domain.people.model import User
from bot.i18n import Translator
from handlers.common.callbacks import encode
from handlers.common.context import BotContext
from handlers.common.updates import chat_of

MAX_TEXT = 4096


_TAG = re.compile(r"<[^>]*>")
_PARTIAL = re.compile(r"(&[#a-zA-Z0-9]*|<[^>]*)$")


def utf16_len(text: str) -> int:
    """Telegram measures text in UTF-16 code units: most emoji count twice."""
    return len(text.encode("utf-16-le")) // 2


def _utf16_prefix(text: str, units: int) -> str:
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return text[:index]
    return text


def trim(text: str, limit: int = MAX_TEXT) -> str:
    """Keep rendered HTML under Telegram's limit (in UTF-16 units, as Telegram counts, and
    measured before entity parsing, so always on the safe side) without breaking a tag."""
    if utf16_len(text) <= limit:
        return text
    cut = _utf16_prefix(text, limit - 1)
    newline = cut.rfind("\n")
    if newline > limit // 2:
        cut = cut[:newline]
    cut = _PARTIAL.sub("", cut)
    opened = [m.group(1) for m in re.finditer(r"<([a-z\-]+)[^>]*>", cut)]
    closed = re.findall(r"</([a-z\-]+)>", cut)
    if sorted(opened) != sorted(closed):  # an element was cut in half: drop the markup
        cut = _TAG.sub("", cut)
    return cut + "…"


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Rendered HTML in parts that each fit one message: cut at a line break where one is
    near, never inside an entity; a part whose markup would be cut in half loses its tags."""
    parts: list[str] = []
    while utf16_len(text) > limit:
        cut = _utf16_prefix(text, limit)
        newline = cut.rfind("\n")
        if newline > limit // 2:
            cut = cut[: newline + 1]
        cut = _PARTIAL.sub("", cut) or cut
        opened = [m.group(1) for m in re.finditer(r"<([a-z\-]+)[^>]*>", cut)]
        if sorted(opened) != sorted(re.findall(r"</([a-z\-]+)>", cut)):
            cut = _PARTIAL.sub("", cut.split("<", 1)[0]) or cut  # stop before the markup
        parts.append(cut)
        text = text[len(cut) :]
    return [*parts, text] if text else parts


def menu_button_keys(user: User | None) -> list[list[str]]:
    """Reply-keyboard rows, as catalog keys, for the user's role."""
    if user is None or not user.is_registered:
        return []
    resident = [
        ["menu.repair", "menu.complaint", "menu.inquiry"],
        ["menu.mine", "menu.profile", "menu.help"],
    ]
    if not user.is_staff:
        return resident
    staff = [["menu.staff_open", "menu.staff_mine", "menu.staff_overdue"]]
    return staff + resident if user.home_id else staff + [["menu.profile", "menu.help"]]


def main_menu(
    translator: Translator, lang: str, user: User | None
) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    rows = menu_button_keys(user)
    if not rows:
        return ReplyKeyboardRemove()
    keyboard = [[KeyboardButton(translator.t(lang, key)) for key in row] for row in rows]
    return ReplyKeyboardMarkup(keyboard, resize_keyboard=True, is_persistent=True)


def menu_texts(translator: Translator, key: str) -> set[str]:
    """A menu button's label in every language, for MessageHandler filters."""
    return {translator.t(lang, key) for lang in translator.catalogs}


def contact_keyboard(context: BotContext) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(context.t("onboarding.share_phone_button"), request_contact=True)],
            [KeyboardButton(context.t("onboarding.type_home_button"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("中文", callback_data=encode("lang", "set", "zh")),
                InlineKeyboardButton("English", callback_data=encode("lang", "set", "en")),
            ]
        ]
    )


async def answer(context: BotContext, query, key: str | None = None, **params: Any) -> None:
    """Stop a pressed button's spinner, optionally with a short catalog toast."""
    await query.answer(context.t(key, **params) if key else None)


async def reply(
    update: Update, context: BotContext, key: str, markup: Any = None, **params: Any
) -> None:
    """Answer in the chat the update came from, in the actor's language."""
    await send(
        context,
        chat_of(update).id,
        context.t(key, **params),
        markup,
        thread_id=_thread(update),
    )


async def send(
    context: BotContext,
    chat_id: int,
    text: str,
    markup: Any = None,
    *,
    thread_id: int | None = None,
):
    # parse_mode=HTML and no link previews come from the application's Defaults.
    return await context.bot.send_message(
        chat_id, trim(text), reply_markup=markup, message_thread_id=thread_id
    )


def _thread(update: Update) -> int | None:
    message = update.effective_message
    if message is not None and message.is_topic_message:
        return message.message_thread_id
    return None


async def edit_pressed(query, text: str | None, markup: InlineKeyboardMarkup | None = None) -> None:
    """Re-render the message whose button was pressed (`text` None: only its buttons). A double
    tap delivers two presses of the same message; the second edit would change nothing and
    Telegram answers that with 400 "message is not modified", which is expected, not an error."""
    try:
        if text is None:
            await query.edit_message_reply_markup(reply_markup=markup)
        else:
            await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
