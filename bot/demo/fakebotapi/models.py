"""Plain data types shared by the fake Bot API modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Params = dict[str, Any]  # a method's parameters, as the bot sent them
Files = dict[str, tuple[str, bytes]]  # uploaded files: field -> (file name, content)


class ApiError(Exception):
    """Raised by method handlers; turned into a Telegram-style error response."""

    def __init__(
        self,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        if self.migrate_to_chat_id is not None:
            body["parameters"] = {"migrate_to_chat_id": self.migrate_to_chat_id}
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> ApiError:
    return ApiError(403, f"Forbidden: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for limits and entity offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    ok: bool
    error_code: int | None
    description: str | None
    at: float
    result: Any = None


@dataclass
class BotMessage:
    """A message the bot sent, kept in its current (possibly edited/deleted) state."""

    chat_id: int
    message_id: int
    text: str | None
    parse_mode: str | None
    html: str | None
    reply_markup: dict | None
    kind: str = "text"
    message_thread_id: int | None = None
    reply_to_message_id: int | None = None
    edited: bool = False
    deleted: bool = False
    entities: list[dict] = field(default_factory=list)
    media_group_id: str | None = None
    history: list[str | None] = field(default_factory=list)  # previous texts, oldest first
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific payload (photo, location…)

    def buttons(self) -> list[list[str]]:
        """Inline keyboard button texts (or reply-keyboard texts), row by row."""
        rows = keyboard_rows(self.reply_markup)
        return [[b if isinstance(b, str) else str(b.get("text", "")) for b in row] for row in rows]

    def callback_data(self) -> list[str]:
        markup = self.reply_markup or {}
        return [
            b["callback_data"]
            for row in markup.get("inline_keyboard") or []
            for b in row
            if isinstance(b, dict) and "callback_data" in b
        ]

    def button(self, text: str) -> dict | None:
        """The inline button dict with exactly this text, if any."""
        markup = self.reply_markup or {}
        for row in markup.get("inline_keyboard") or []:
            for b in row:
                if isinstance(b, dict) and b.get("text") == text:
                    return b
        return None


def keyboard_rows(markup: dict | None) -> list[list[Any]]:
    if not markup:
        return []
    if "inline_keyboard" in markup:
        return list(markup["inline_keyboard"] or [])
    if "keyboard" in markup:
        return list(markup["keyboard"] or [])
    return []
