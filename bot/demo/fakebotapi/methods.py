"""Method registry: lower-cased name -> (canonical name, handler). Bot API names are case-insensitive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import methods_chat as chat
from . import methods_edit as edit
from . import methods_forward as forward
from . import methods_inline as inline
from . import methods_send as send


def _get_updates(api: Any, p: dict, files: dict) -> Any:  # handled specially (long polling)
    raise NotImplementedError


_HANDLERS: dict[str, Callable[..., Any]] = {
    "getUpdates": _get_updates,
    "getMe": chat.get_me,
    "logOut": chat.ok,
    "close": chat.ok,
    "deleteWebhook": chat.delete_webhook,
    "setWebhook": chat.set_webhook,
    "getWebhookInfo": chat.get_webhook_info,
    "setMyCommands": chat.set_my_commands,
    "getMyCommands": chat.get_my_commands,
    "deleteMyCommands": chat.delete_my_commands,
    "setMyDescription": chat.ok,
    "setMyShortDescription": chat.ok,
    "setMyName": chat.ok,
    "setChatMenuButton": chat.ok,
    "sendMessage": send.send_message,
    "sendPhoto": send.send_photo,
    "sendDocument": send.send_document,
    "sendLocation": send.send_location,
    "sendMediaGroup": send.send_media_group,
    "forwardMessage": forward.forward_message,
    "copyMessage": forward.copy_message,
    "editMessageText": edit.edit_message_text,
    "editMessageCaption": edit.edit_message_caption,
    "editMessageReplyMarkup": edit.edit_message_reply_markup,
    "deleteMessage": edit.delete_message,
    "answerCallbackQuery": edit.answer_callback_query,
    "answerInlineQuery": inline.answer_inline_query,
    "getChat": chat.get_chat,
    "getChatMember": chat.get_chat_member,
    "getChatAdministrators": chat.get_chat_administrators,
    "createForumTopic": chat.create_forum_topic,
    "closeForumTopic": chat.close_forum_topic,
    "reopenForumTopic": chat.reopen_forum_topic,
    "editForumTopic": chat.edit_forum_topic,
    "deleteForumTopic": chat.delete_forum_topic,
    "getFile": chat.get_file,
    "setMessageReaction": chat.set_message_reaction,
    "sendChatAction": chat.send_chat_action,
    "pinChatMessage": chat.pin_chat_message,
    "unpinChatMessage": chat.unpin_chat_message,
}

METHODS: dict[str, tuple[str, Callable[..., Any]]] = {
    name.lower(): (name, handler) for name, handler in _HANDLERS.items()
}
