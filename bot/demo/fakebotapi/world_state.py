"""The records the simulated world keeps: users, chats with their topics and messages,
callback queries and files."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import BotMessage


@dataclass
class UserState:
    user: dict
    started: bool
    blocked: bool = False


@dataclass
class Topic:
    thread_id: int
    name: str
    icon_color: int
    closed: bool = False
    icon_custom_emoji_id: str | None = None


@dataclass
class StoredMessage:
    data: dict  # Telegram Message dict in its current state (reply_to_message is a snapshot)
    from_bot: bool
    bot: BotMessage | None = None
    deleted: bool = False


@dataclass
class ChatState:
    chat: dict
    forum: bool = False
    members: set[int] = field(default_factory=set)
    admins: set[int] = field(default_factory=set)  # users (not the bot) with administrator status
    bot_is_admin: bool = False
    bot_can_read_all: bool = True
    topics: dict[int, Topic] = field(default_factory=dict)
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    migrated_to: int | None = None  # a group Telegram upgraded to this supergroup
    bot_removed: bool = False  # an admin removed the bot: sends are refused with 403

    @property
    def type(self) -> str:
        return self.chat["type"]

    @property
    def id(self) -> int:
        return self.chat["id"]


@dataclass
class CallbackQuery:
    id: str
    user_id: int
    created: float
    answered: bool = False


@dataclass
class FakeFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
