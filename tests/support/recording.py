"""A PTB request class that answers the Bot API offline and records every call."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram.request import BaseRequest, RequestData

BOT = {
    "id": 123456,
    "is_bot": True,
    "first_name": "propdesk",
    "username": "propdesk_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]


class RecordingRequest(BaseRequest):
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._ids = itertools.count(1000)
        self.forum = False

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(
        self,
        url,
        method,
        request_data: RequestData | None = None,
        read_timeout=DEFAULT_NONE,
        write_timeout=DEFAULT_NONE,
        connect_timeout=DEFAULT_NONE,
        pool_timeout=DEFAULT_NONE,
    ):
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(Call(api_method, params))
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method == "createForumTopic":
            return {
                "message_thread_id": next(self._ids),
                "name": params.get("name", ""),
                "icon_color": 0,
            }
        if method in {"sendMessage", "editMessageText", "sendPhoto", "sendLocation"}:
            chat_id = int(params.get("chat_id", 0))
            chat = {
                "id": chat_id,
                "type": "private" if chat_id > 0 else "supergroup",
                "title": "staff",
            }
            message = {
                "message_id": int(params.get("message_id") or next(self._ids)),
                "date": int(time.time()),
                "chat": chat,
                "from": BOT,
                "text": params.get("text") or params.get("caption") or "",
            }
            if (
                isinstance(params.get("reply_markup"), dict)
                and "inline_keyboard" in params["reply_markup"]
            ):
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getChatMember":
            return {"status": "member", "user": BOT}
        if method == "getChat":
            chat_id = int(params.get("chat_id", 0))
            gifts = {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            }
            return {
                "id": chat_id,
                "type": "private" if chat_id > 0 else "supergroup",
                "title": "staff",
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": gifts,
                "is_forum": self.forum,
            }
        return True

    # what tests look at
    def sent(self, chat_id: int | None = None, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [
            c.params
            for c in self.calls
            if c.method == method
            and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    def texts(self, chat_id: int) -> list[str]:
        return [p["text"] for p in self.sent(chat_id)]

    def last_text(self, chat_id: int) -> str:
        texts = self.texts(chat_id)
        assert texts, f"no message to {chat_id}; calls: {[c.method for c in self.calls][-10:]}"
        return texts[-1]

    def clear(self) -> None:
        self.calls.clear()
