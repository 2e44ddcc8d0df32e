"""Telegram's input rules, with Telegram's error texts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from .html_entities import EntityParseError, parse_html
from .markdown import parse_markdown, parse_markdown_v2
from .models import ApiError, bad_request, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
MAX_CALLBACK_ANSWER = 200
INLINE_ACTION_FIELDS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
    "web_app",
)
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
SCOPE_TYPES = {
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
}
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


def parse_formatted(
    text: str, parse_mode: Any, entities: Any, *, strict_html: bool = True
) -> tuple[str, list[dict]]:
    """Apply parse_mode (or explicit entities) and return (plain text, entities)."""
    if not isinstance(text, str):
        text = str(text)
    mode = parse_mode.lower() if isinstance(parse_mode, str) else None
    try:
        if mode in (None, ""):
            return text, list(entities) if isinstance(entities, list) else []
        if mode == "html":
            return parse_html(text, strict=strict_html)
        if mode == "markdownv2":
            return parse_markdown_v2(text)
        if mode == "markdown":
            return parse_markdown(text)
    except EntityParseError as err:
        raise bad_request(f"can't parse entities: {err}") from None
    raise bad_request("unsupported parse_mode")


def check_text(plain: str) -> None:
    if not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise bad_request("message is too long")


def check_caption(plain: str) -> None:
    if utf16_len(plain) > MAX_CAPTION:
        raise bad_request("message caption is too long")


def _check_url(url: Any) -> None:
    if not isinstance(url, str):
        raise bad_request('can\'t parse inline keyboard button: Field "url" must be of type String')
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return
    if parsed.scheme == "tg" and (parsed.netloc or parsed.path):
        return
    raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: Object expected")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request("can't parse inline keyboard button: Can't find field \"text\"")
    if not text.strip():
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    actions = [f for f in INLINE_ACTION_FIELDS if button.get(f) is not None]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of "
            f"{', '.join(actions)} must be used (fake-strict)"
        )
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in actions:
        _check_url(button["url"])


def _check_reply_button(button: Any, chat_type: str) -> None:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse keyboard button: Can't find field \"text\"")
    if not button["text"].strip():
        raise bad_request("can't parse keyboard button: Text must be non-empty")
    if chat_type != "private":
        if button.get("request_contact"):
            raise bad_request("phone number can be requested in private chats only")
        if button.get("request_location"):
            raise bad_request("location can be requested in private chats only")


def _rows(markup: dict, key: str, what: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(f'field "{key}" of the {what} must be an Array of Arrays')
    return rows


def validate_reply_markup(markup: Any, chat_type: str, *, inline_only: bool = False) -> dict | None:
    """Validate reply_markup; returns the normalized dict (None when absent)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = _rows(markup, "inline_keyboard", "InlineKeyboardMarkup")
        if sum(len(r) for r in rows) > MAX_INLINE_BUTTONS:
            raise bad_request("reply markup is too long")
        for row in rows:
            for button in row:
                _check_inline_button(button)
        return {"inline_keyboard": rows}
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        for row in _rows(markup, "keyboard", "ReplyKeyboardMarkup"):
            for button in row:
                _check_reply_button(button, chat_type)
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def validate_commands(commands: Any) -> list[dict]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    result = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: Object expected")
        command = item.get("command")
        description = item.get("description")
        if not isinstance(command, str) or not COMMAND_RE.match(command.removeprefix("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not description.strip():
            raise bad_request("command description must be non-empty")
        if len(description) > 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": command.removeprefix("/"), "description": description})
    return result


def scope_key(scope: Any) -> tuple:
    """A hashable key for a BotCommandScope dict (None = default)."""
    if scope is None:
        return ("default", None, None)
    if not isinstance(scope, dict) or scope.get("type") not in SCOPE_TYPES:
        raise bad_request("unsupported bot command scope type")
    kind = scope["type"]
    chat_id = scope.get("chat_id")
    user_id = scope.get("user_id")
    if kind in ("chat", "chat_administrators", "chat_member") and chat_id is None:
        raise bad_request("chat not found")
    if kind == "chat_member" and user_id is None:
        raise bad_request("user not found")
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        chat_id = int(chat_id)
    return (kind, chat_id, user_id)


def check_callback_answer(text: Any) -> None:
    if text is not None and utf16_len(str(text)) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")


def check_chat_action(action: Any) -> None:
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")


def require(params: dict[str, Any], name: str, description: str) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise bad_request(description)
    return value


def as_int(params: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise bad_request(
                f"{name} is empty" if name == "chat_id" else f"{name} is not specified"
            )
        return None
    if isinstance(value, bool):
        raise bad_request(f"invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise ApiError(400, f"Bad Request: invalid {name} specified")
