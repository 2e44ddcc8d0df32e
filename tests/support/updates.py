"""Real Telegram `Update` objects built from the JSON Telegram would send."""

from __future__ import annotations

import itertools
import time
from typing import Any

from telegram import Bot, Update

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def user(
    user_id: int, first_name: str = "Test", language_code: str = "zh", username: str | None = None
) -> dict:
    data = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": language_code,
    }
    if username:
        data["username"] = username
    return data


def private_chat(sender: dict) -> dict:
    return {"id": sender["id"], "type": "private", "first_name": sender["first_name"]}


def group_chat(chat_id: int, title: str = "Staff") -> dict:
    return {"id": chat_id, "type": "supergroup", "title": title}


def message(
    bot: Bot, sender: dict, text: str | None = None, *, chat: dict | None = None, **extra: Any
) -> Update:
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat or private_chat(sender),
        "from": sender,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            body["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
    body.update(extra)
    return Update.de_json({"update_id": next(_update_ids), "message": body}, bot)


def contact(bot: Bot, sender: dict, phone: str, owner_id: int | None = None) -> Update:
    card = {
        "phone_number": phone,
        "first_name": sender["first_name"],
        "user_id": owner_id or sender["id"],
    }
    return message(bot, sender, contact=card)


def callback(
    bot: Bot,
    sender: dict,
    data: str,
    *,
    chat: dict | None = None,
    message_id: int = 1,
    markup: dict | None = None,
) -> Update:
    origin = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat or private_chat(sender),
        "from": {"id": 123456, "is_bot": True, "first_name": "propdesk"},
        "text": "card",
    }
    if markup:
        origin["reply_markup"] = markup
    query = {
        "id": str(next(_update_ids)),
        "from": sender,
        "chat_instance": "1",
        "data": data,
        "message": origin,
    }
    return Update.de_json({"update_id": next(_update_ids), "callback_query": query}, bot)
