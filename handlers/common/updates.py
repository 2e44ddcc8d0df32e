"""Typed access to the parts of an update a handler's filter or the gate guarantees.

Telegram types every part of an update as optional. Each handler is registered for updates
that do carry the part it reads (a CallbackQueryHandler always has a query, the gate always
records an actor), so these helpers only narrow the type; if a part is missing after all (a
replayed or odd update), the user is told the button or message is no longer valid, as for any
other stale press, and nothing changes.
"""

from __future__ import annotations

from typing import Any, TypeVar

from telegram import CallbackQuery, Chat, Document, Message, Update
from telegram import User as TgUser
from telegram.constants import ChatType

from bot.domain.errors import DomainError
from bot.domain.people.model import User
from handlers.common.context import BotContext

STALE = "error.stale_button"
T = TypeVar("T")


def present(part: T | None) -> T:
    """The part itself; a missing one reads as a stale press (nothing changes)."""
    if part is None:
        raise DomainError(STALE)
    return part


def message_of(update: Update) -> Message:
    """The message the update carries (a sent message, or the one a button sits under)."""
    return present(update.effective_message)


def chat_of(update: Update) -> Chat:
    return present(update.effective_chat)


def sender_of(update: Update) -> TgUser:
    """The Telegram account behind the update (the gate drops updates without one)."""
    return present(update.effective_user)


def private_answer(update: object, menu_labels: set[str]) -> tuple[Message, TgUser] | None:
    """A private message that may answer a waiting form: not a command, not a reply-keyboard
    label (those always pass on to their own handlers). None for anything else."""
    if not isinstance(update, Update) or update.message is None:
        return None
    message, user = update.message, sender_of(update)
    if message.chat.type != ChatType.PRIVATE:
        return None
    text = message.text
    if text and (text.startswith("/") or text in menu_labels):
        return None
    return message, user


def query_of(update: Update) -> CallbackQuery:
    return present(update.callback_query)


def pressed_message(query: CallbackQuery) -> Message:
    """The message a pressed button belongs to, if Telegram still lets the bot touch it."""
    message = query.message
    if not isinstance(message, Message):
        raise DomainError(STALE)
    return message


def actor_of(context: BotContext) -> User:
    """The person acting, loaded by the gate before any feature handler runs."""
    return present(context.actor)


def document_of(update: Update) -> Document:
    """The file a message carries (document handlers are registered with a document filter)."""
    return present(message_of(update).document)


def chat_data_of(context: BotContext) -> dict[Any, Any]:
    """The chat's own store (PTB keeps one for every update that has a chat)."""
    return present(context.chat_data)
