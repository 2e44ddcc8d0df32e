"""Bot, chat, member, command, topic, file and webhook methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Files, Params, bad_request
from .validate import (
    as_int,
    check_chat_action,
    scope_key,
    validate_commands,
)
from .world import TOPIC_COLORS, ChatState

if TYPE_CHECKING:
    from .fake import FakeBotApi

NO_GIFTS = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


def get_me(api: FakeBotApi, p: Params, files: Files) -> dict:
    return api.world.bot_user | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def get_chat(api: FakeBotApi, p: Params, files: Files) -> dict:
    state = api.world.chat(p.get("chat_id"))
    return dict(state.chat) | {
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": NO_GIFTS,
    }


def admin_member(user: dict, forum: bool) -> dict:
    rights = ["can_manage_chat", "can_delete_messages", "can_manage_video_chats"]
    rights += ["can_restrict_members", "can_change_info", "can_invite_users", "can_pin_messages"]
    member = {"status": "administrator", "user": user, "can_be_edited": False}
    member |= {"is_anonymous": False, "can_promote_members": False}
    member |= {"can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False}
    member |= dict.fromkeys(rights, True)
    member["can_manage_topics"] = forum
    return member


def _member(api: FakeBotApi, state: ChatState, user_id: int) -> dict:
    world = api.world
    if user_id == world.bot_user["id"]:
        if state.type != "private" and state.bot_is_admin:
            return admin_member(world.bot_user, state.forum)
        return {"status": "member", "user": world.bot_user}
    user = world.users.get(user_id)
    if user is None:
        raise bad_request("user not found")
    if state.type == "private":
        if user_id != state.id:
            raise bad_request("user not found")
        return {"status": "member", "user": user.user}
    if user_id in state.admins:
        return admin_member(user.user, state.forum)
    status = "member" if user_id in state.members else "left"
    return {"status": status, "user": user.user}


def get_chat_member(api: FakeBotApi, p: Params, files: Files) -> dict:
    state = api.world.chat(p.get("chat_id"))
    user_id = as_int(p, "user_id")
    if user_id is None:
        raise bad_request("user not found")
    return _member(api, state, user_id)


def get_chat_administrators(api: FakeBotApi, p: Params, files: Files) -> list[dict]:
    state = api.world.chat(p.get("chat_id"))
    if state.type == "private":
        raise bad_request("there are no administrators in the private chat")
    ids = sorted(state.admins)
    if state.bot_is_admin:
        ids.append(api.world.bot_user["id"])
    return [_member(api, state, uid) for uid in ids]


def _commands_key(api: FakeBotApi, p: Params) -> tuple:
    key = scope_key(p.get("scope"))
    if key[1] is not None:
        api.world.chat(key[1])
    return key + (str(p.get("language_code") or ""),)


def set_my_commands(api: FakeBotApi, p: Params, files: Files) -> bool:
    commands = validate_commands(p.get("commands"))
    api.world.commands[_commands_key(api, p)] = commands
    return True


def get_my_commands(api: FakeBotApi, p: Params, files: Files) -> list[dict]:
    return list(api.world.commands.get(_commands_key(api, p), []))


def delete_my_commands(api: FakeBotApi, p: Params, files: Files) -> bool:
    api.world.commands.pop(_commands_key(api, p), None)
    return True


def _forum(api: FakeBotApi, p: Params) -> ChatState:
    state = api.world.chat(p.get("chat_id"))
    if not state.forum:
        raise bad_request("the chat is not a forum")
    if not state.bot_is_admin:
        raise bad_request("not enough rights to create a topic")
    return state


def create_forum_topic(api: FakeBotApi, p: Params, files: Files) -> dict:
    state = _forum(api, p)
    name = p.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
    color = as_int(p, "icon_color")
    if color is not None and color not in TOPIC_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    topic = api.world.new_topic(state, name, color, p.get("icon_custom_emoji_id"))
    api.transcript.bot_topic(state.id, topic.thread_id, name)
    result = {"message_thread_id": topic.thread_id, "name": name, "icon_color": topic.icon_color}
    if topic.icon_custom_emoji_id:
        result["icon_custom_emoji_id"] = topic.icon_custom_emoji_id
    return result


def _topic_op(api: FakeBotApi, p: Params, files: Files, op: str) -> bool:
    state = _forum(api, p)
    topic = state.topics.get(as_int(p, "message_thread_id") or 0)
    if topic is None:
        raise bad_request("message thread not found")
    if op in ("close", "reopen"):
        if topic.closed == (op == "close"):
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = op == "close"
    elif op == "edit":
        name = p.get("name")
        if name is not None and (not isinstance(name, str) or not 1 <= len(name) <= 128):
            raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
        emoji = p.get("icon_custom_emoji_id")
        if (name is None or name == topic.name) and (
            emoji is None or emoji == topic.icon_custom_emoji_id
        ):
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.name = name or topic.name
        topic.icon_custom_emoji_id = emoji if emoji is not None else topic.icon_custom_emoji_id
    elif op == "delete":
        del state.topics[topic.thread_id]
    return True


def close_forum_topic(api: FakeBotApi, p: Params, files: Files) -> bool:
    return _topic_op(api, p, files, "close")


def reopen_forum_topic(api: FakeBotApi, p: Params, files: Files) -> bool:
    return _topic_op(api, p, files, "reopen")


def edit_forum_topic(api: FakeBotApi, p: Params, files: Files) -> bool:
    return _topic_op(api, p, files, "edit")


def delete_forum_topic(api: FakeBotApi, p: Params, files: Files) -> bool:
    return _topic_op(api, p, files, "delete")


def get_file(api: FakeBotApi, p: Params, files: Files) -> dict:
    fake = api.world.files.get(str(p.get("file_id") or ""))
    if fake is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": fake.file_id,
        "file_unique_id": fake.file_unique_id,
        "file_size": len(fake.content),
        "file_path": fake.file_path,
    }


def set_message_reaction(api: FakeBotApi, p: Params, files: Files) -> bool:
    state = api.world.chat(p.get("chat_id"))
    if api.world.message(state, as_int(p, "message_id")) is None:
        raise bad_request("message to react not found")
    return True


def send_chat_action(api: FakeBotApi, p: Params, files: Files) -> bool:
    state = api.world.sendable_chat(p.get("chat_id"))
    api.world.topic(state, as_int(p, "message_thread_id"))
    check_chat_action(p.get("action"))
    return True


def pin_chat_message(api: FakeBotApi, p: Params, files: Files) -> bool:
    state = api.world.sendable_chat(p.get("chat_id"))
    if state.type != "private" and not state.bot_is_admin:
        raise bad_request("not enough rights to manage pinned messages in the chat")
    if api.world.message(state, as_int(p, "message_id")) is None:
        raise bad_request("message to pin not found")
    return True


def unpin_chat_message(api: FakeBotApi, p: Params, files: Files) -> bool:
    state = api.world.chat(p.get("chat_id"))
    if state.type != "private" and not state.bot_is_admin:
        raise bad_request("not enough rights to manage pinned messages in the chat")
    return True


def delete_webhook(api: FakeBotApi, p: Params, files: Files) -> bool:
    api.world.webhook = {"url": ""}
    if p.get("drop_pending_updates"):
        api.world.updates.clear()
    return True


def set_webhook(api: FakeBotApi, p: Params, files: Files) -> bool:
    api.world.webhook = {"url": str(p.get("url") or "")} | {
        k: p[k] for k in ("max_connections", "allowed_updates", "secret_token") if k in p
    }
    if p.get("drop_pending_updates"):
        api.world.updates.clear()
    return True


def get_webhook_info(api: FakeBotApi, p: Params, files: Files) -> dict:
    return {
        "url": api.world.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(api.world.updates),
    }


def ok(api: FakeBotApi, p: Params, files: Files) -> bool:
    return True
