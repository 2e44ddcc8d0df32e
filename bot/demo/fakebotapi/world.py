"""The simulated Telegram world: users, chats, topics, messages, files and pending updates."""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
from typing import Any

from .models import ApiError, BotMessage, bad_request, forbidden
from .world_state import CallbackQuery, ChatState, FakeFile, StoredMessage, Topic, UserState

__all__ = [
    "TOPIC_COLORS",
    "CallbackQuery",
    "ChatState",
    "FakeFile",
    "StoredMessage",
    "Topic",
    "UserState",
    "World",
]

TOPIC_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)
DEFAULT_EXCLUDED = {"chat_member", "message_reaction", "message_reaction_count"}
UPDATE_TYPES = (
    "message",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction_count",
    "chosen_inline_result",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
    "edited_message",
    "channel_post",
    "callback_query",
    "inline_query",
    "my_chat_member",
    "chat_member",
    "message_reaction",
)


class World:
    def __init__(self, bot_id: int, bot_username: str) -> None:
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "PropDesk",
            "username": bot_username,
        }
        self.users: dict[int, UserState] = {}
        self.chats: dict[int, ChatState] = {}
        self.files: dict[str, FakeFile] = {}
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.inline_queries: dict[str, Any] = {}  # id -> methods_inline.InlineQuery
        self.commands: dict[tuple, list[dict]] = {}
        self.updates: list[dict] = []
        self.delivered_update_id = 0  # highest update_id returned by getUpdates
        self.allowed_updates: list[str] | None = None
        self.webhook: dict[str, Any] = {"url": ""}
        self.time_offset = 0.0
        self._next_update_id = 1000
        self._ids = itertools.count(1)
        self.update_event = asyncio.Event()

    # ---- time -------------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.time_offset

    def unix(self) -> int:
        return int(self.now())

    # ---- users and chats --------------------------------------------------------------------
    def add_user(self, user_id: int, first_name: str, last_name, username, language_code, started):
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = UserState(user=user, started=started)
        chat = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat["last_name"] = last_name
        if username:
            chat["username"] = username
        existing = self.chats.get(user_id)
        if existing is None:
            self.chats[user_id] = ChatState(chat=chat)
        else:
            existing.chat = chat
        return dict(user)

    def add_group(self, chat_id, title, forum, members, bot_is_admin, bot_can_read_all, admins):
        if chat_id >= 0:
            raise ValueError("group chat ids are negative (supergroups look like -100…)")
        kind = "supergroup" if forum or str(chat_id).startswith("-100") else "group"
        chat: dict[str, Any] = {"id": chat_id, "type": kind, "title": title}
        if forum:
            chat["is_forum"] = True
        self.chats[chat_id] = ChatState(
            chat=chat,
            forum=forum,
            members=set(members) | set(admins),
            admins=set(admins),
            bot_is_admin=bot_is_admin,
            bot_can_read_all=bot_can_read_all,
        )
        return dict(chat)

    def user(self, user_id: int) -> UserState:
        if user_id not in self.users:
            raise AssertionError(f"unknown user {user_id}: call add_user() first")
        return self.users[user_id]

    def chat(self, chat_id: Any) -> ChatState:
        """The chat for a Bot API chat_id parameter, or 400 chat not found."""
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for named in self.chats.values():
                if named.chat.get("username", "").lower() == chat_id[1:].lower():
                    return named
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        state = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if state is None:
            raise bad_request("chat not found")
        if state.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=state.migrated_to,
            )
        return state

    def sendable_chat(self, chat_id: Any) -> ChatState:
        """The chat for a send/edit method, applying the private-chat 403 rules."""
        state = self.chat(chat_id)
        if state.bot_removed:
            raise forbidden("bot was kicked from the group chat")
        if state.type == "private":
            user = self.users.get(state.id)
            if user is not None and user.blocked:
                raise forbidden("bot was blocked by the user")
            if user is not None and not user.started:
                raise forbidden("bot can't initiate conversation with a user")
        return state

    # ---- messages ---------------------------------------------------------------------------
    def new_message(self, state: ChatState, sender: dict, *, thread_id=None, reply_to=None) -> dict:
        message_id = state.next_message_id
        state.next_message_id += 1
        msg: dict[str, Any] = {
            "message_id": message_id,
            "from": dict(sender),
            "chat": dict(state.chat),
            "date": self.unix(),
        }
        if thread_id is not None:
            msg["message_thread_id"] = thread_id
            msg["is_topic_message"] = True
            if reply_to is None and thread_id in state.messages:
                reply_to = state.messages[thread_id]  # Telegram: topic messages reply to its root
        if reply_to is not None:
            snapshot = copy.deepcopy(reply_to.data)
            snapshot.pop("reply_to_message", None)
            msg["reply_to_message"] = snapshot
        return msg

    def store(self, state: ChatState, msg: dict, bot: BotMessage | None = None) -> StoredMessage:
        stored = StoredMessage(data=msg, from_bot=bot is not None, bot=bot)
        state.messages[msg["message_id"]] = stored
        return stored

    def message(self, state: ChatState, message_id: int | None) -> StoredMessage | None:
        if message_id is None:
            return None
        stored = state.messages.get(message_id)
        if stored is None or stored.deleted:
            return None
        return stored

    def bot_messages(self, chat_id: int) -> list[BotMessage]:
        state = self.chats.get(chat_id)
        if state is None:
            return []
        return [m.bot for m in state.messages.values() if m.bot is not None]

    def topic(self, state: ChatState, thread_id: int | None) -> Topic | None:
        """Validate message_thread_id for a send (None = no thread)."""
        if thread_id is None:
            return None
        topic = state.topics.get(thread_id) if state.forum else None
        if topic is None:
            raise bad_request("message thread not found")
        if topic.closed and not state.bot_is_admin:
            raise bad_request("TOPIC_CLOSED")
        return topic

    def new_topic(
        self,
        state: ChatState,
        name: str,
        icon_color: int | None,
        emoji: str | None,
        sender: dict | None = None,
    ) -> Topic:
        color = icon_color if icon_color is not None else TOPIC_COLORS[len(state.topics) % 6]
        msg = self.new_message(state, sender or self.bot_user)
        msg["forum_topic_created"] = {"name": name, "icon_color": color}
        if emoji:
            msg["forum_topic_created"]["icon_custom_emoji_id"] = emoji
        msg["message_thread_id"] = msg["message_id"]
        msg["is_topic_message"] = True
        self.store(state, msg)
        topic = Topic(msg["message_id"], name, color, icon_custom_emoji_id=emoji)
        state.topics[topic.thread_id] = topic
        return topic

    # ---- files ------------------------------------------------------------------------------
    def new_file(self, content: bytes, folder: str, ext: str) -> FakeFile:
        n = next(self._ids)
        fake = FakeFile(
            file_id=f"FAKE-{folder.upper()}-{n:06d}-AgADBAAD",
            file_unique_id=f"AQAD{n:06d}",
            file_path=f"{folder}/file_{n}.{ext}",
            content=content,
        )
        self.files[fake.file_id] = fake
        return fake

    def next_id(self) -> int:
        return next(self._ids)

    # ---- updates ----------------------------------------------------------------------------
    def push_update(self, update: dict) -> dict:
        if not isinstance(update.get("update_id"), int):
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
        self.updates.append(update)
        self.notify()
        return update

    def notify(self) -> None:
        """Wake every long-polling getUpdates (each waits on the event it saw)."""
        event, self.update_event = self.update_event, asyncio.Event()
        event.set()

    def deliverable(self, state: ChatState, msg: dict) -> bool:
        """Privacy mode: which group messages reach a bot that can't read all messages."""
        if state.type == "private" or state.bot_can_read_all:
            return True
        for entity in msg.get("entities") or []:
            if entity.get("type") == "bot_command" and entity.get("offset") == 0:
                command = msg["text"][: entity["length"]]
                _, _, target = command.partition("@")
                return not target or target.lower() == self.bot_user["username"].lower()
        reply = msg.get("reply_to_message")
        return bool(reply and reply.get("from", {}).get("id") == self.bot_user["id"])

    def pending_updates(self, offset: int | None) -> list[dict]:
        """Confirm (drop) updates below offset, apply allowed_updates, return the rest."""
        if offset is not None:
            if offset < 0:
                self.updates = self.updates[offset:]
            else:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
        allowed = set(self.allowed_updates or UPDATE_TYPES) - (
            set() if self.allowed_updates else DEFAULT_EXCLUDED
        )
        self.updates = [
            u
            for u in self.updates
            if _update_type(u) in allowed or _update_type(u) not in UPDATE_TYPES
        ]
        return self.updates

    def has_undelivered(self) -> bool:
        return any(u["update_id"] > self.delivered_update_id for u in self.updates)


def _update_type(update: dict) -> str | None:
    for key in update:
        if key != "update_id":
            return key
    return None
