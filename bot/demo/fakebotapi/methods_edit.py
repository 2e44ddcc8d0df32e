"""editMessage*/deleteMessage/answerCallbackQuery handlers."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from .models import BotMessage, Files, Params, bad_request
from .validate import (
    as_int,
    check_callback_answer,
    check_caption,
    check_text,
    parse_formatted,
    validate_reply_markup,
)
from .world import ChatState, StoredMessage

if TYPE_CHECKING:
    from .fake import FakeBotApi

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
CALLBACK_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
CALLBACK_TIMEOUT = 15.0
DELETE_WINDOW = 48 * 3600


def _named(api: FakeBotApi, state: ChatState, p: Params, what: str) -> StoredMessage:
    """The message `message_id` names in the chat, for an edit or a delete."""
    message_id = as_int(p, "message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    stored = api.world.message(state, message_id)
    if stored is None:
        raise bad_request(f"message to {what} not found")
    return stored


def _target(api: FakeBotApi, p: Params) -> StoredMessage:
    stored = _named(api, api.world.sendable_chat(p.get("chat_id")), p, "edit")
    if not stored.from_bot or stored.bot is None:
        raise bad_request("message can't be edited")
    return stored


def _inline(markup: dict | None) -> dict | None:
    return markup if markup and "inline_keyboard" in markup else None


def _apply(api: FakeBotApi, stored: StoredMessage, p: Params, **changes: Any) -> dict:
    bot = stored.bot
    assert bot is not None
    msg = stored.data
    if "text" in changes:
        bot.history.append(bot.text)
        plain, entities, raw = changes["text"]
        key, entities_key = (
            ("text", "entities") if bot.kind == "text" else ("caption", "caption_entities")
        )
        bot.text, bot.entities, bot.html = (plain or None), entities, raw
        bot.parse_mode = p.get("parse_mode")
        msg.pop(key, None)
        msg.pop(entities_key, None)
        if plain:
            msg[key] = plain
            if entities:
                msg[entities_key] = entities
    markup = changes["markup"]
    bot.reply_markup = markup
    msg.pop("reply_markup", None)
    if markup:
        msg["reply_markup"] = markup
    bot.edited = True
    msg["edit_date"] = api.world.unix()
    api.transcript.bot_edit(bot)
    return copy.deepcopy(msg)


def _refuse_unchanged(bot: BotMessage, plain: str, entities: list, markup: Any) -> None:
    """Telegram refuses an edit that changes neither the words nor the buttons."""
    if (
        plain == (bot.text or "")
        and entities == bot.entities
        and markup == _inline(bot.reply_markup)
    ):
        raise bad_request(NOT_MODIFIED)


def edit_message_text(api: FakeBotApi, p: Params, files: Files) -> dict | bool:
    if p.get("text") is None:
        raise bad_request("message text is empty")
    plain, entities = parse_formatted(
        p["text"], p.get("parse_mode"), p.get("entities"), strict_html=api.strict_html
    )
    if p.get("inline_message_id"):
        check_text(plain)
        validate_reply_markup(p.get("reply_markup"), "private", inline_only=True)
        return True
    stored = _target(api, p)
    bot = stored.bot
    assert bot is not None
    if bot.kind != "text":
        raise bad_request("there is no text in the message to edit")
    check_text(plain)
    markup = validate_reply_markup(p.get("reply_markup"), "private", inline_only=True)
    _refuse_unchanged(bot, plain, entities, markup)
    return _apply(api, stored, p, text=(plain, entities, str(p["text"])), markup=markup)


def edit_message_caption(api: FakeBotApi, p: Params, files: Files) -> dict | bool:
    plain, entities = parse_formatted(
        p.get("caption") or "",
        p.get("parse_mode"),
        p.get("caption_entities"),
        strict_html=api.strict_html,
    )
    check_caption(plain)
    if p.get("inline_message_id"):
        return True
    stored = _target(api, p)
    bot = stored.bot
    assert bot is not None
    if bot.kind in ("text", "location", "contact"):
        raise bad_request("there is no caption in the message to edit")
    markup = validate_reply_markup(p.get("reply_markup"), "private", inline_only=True)
    _refuse_unchanged(bot, plain, entities, markup)
    raw = p.get("caption")
    return _apply(api, stored, p, text=(plain, entities, raw), markup=markup)


def edit_message_reply_markup(api: FakeBotApi, p: Params, files: Files) -> dict | bool:
    markup = validate_reply_markup(p.get("reply_markup"), "private", inline_only=True)
    if p.get("inline_message_id"):
        return True
    stored = _target(api, p)
    assert stored.bot is not None
    if markup == _inline(stored.bot.reply_markup):
        raise bad_request(NOT_MODIFIED)
    return _apply(api, stored, p, markup=markup)


def delete_message(api: FakeBotApi, p: Params, files: Files) -> bool:
    state = api.world.chat(p.get("chat_id"))
    stored = _named(api, state, p, "delete")
    message_id = stored.data["message_id"]
    is_group = state.type != "private"
    if is_group and not stored.from_bot and not state.bot_is_admin:
        raise bad_request("message can't be deleted")
    too_old = api.world.now() - stored.data["date"] > DELETE_WINDOW
    if too_old and not (is_group and state.bot_is_admin):
        raise bad_request("message can't be deleted for everyone")
    stored.deleted = True
    if stored.bot is not None:
        stored.bot.deleted = True
    api.transcript.bot_delete(state.id, message_id, stored.bot)
    return True


def answer_callback_query(api: FakeBotApi, p: Params, files: Files) -> bool:
    query = api.world.callback_queries.get(str(p.get("callback_query_id") or ""))
    if query is None or query.answered or api.world.now() - query.created > CALLBACK_TIMEOUT:
        raise bad_request(CALLBACK_TOO_OLD)
    check_callback_answer(p.get("text"))
    query.answered = True
    if p.get("text"):
        api.transcript.bot_answer(query.user_id, str(p["text"]), bool(p.get("show_alert")))
    return True
