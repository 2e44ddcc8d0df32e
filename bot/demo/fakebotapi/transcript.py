"""An ordered, human-readable log of what users and the bot did."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import BotMessage, keyboard_rows

if TYPE_CHECKING:
    from .world import World


@dataclass
class TranscriptEntry:
    actor: str  # "user" | "bot"
    action: str  # send | edit | delete | press | answer | topic
    chat_id: int
    text: str
    user_id: int | None = None
    thread_id: int | None = None
    markup: dict | None = None
    message_id: int | None = None
    at: float = field(default_factory=time.monotonic)


def _content_label(kind: str, text: str | None, extra: dict[str, Any]) -> str:
    if kind == "text":
        return text or ""
    if kind == "location" and "location" in extra:
        loc = extra["location"]
        return f"[location {loc['latitude']}, {loc['longitude']}]"
    if kind == "contact" and "contact" in extra:
        return f"[contact {extra['contact'].get('phone_number', '')}]"
    if kind == "document" and "document" in extra:
        label = f"[document {extra['document'].get('file_name', '')}]"
    else:
        label = f"[{kind}]"
    return f"{label} {text}" if text else label


def markup_suffix(markup: dict | None) -> str:
    if not markup:
        return ""
    if markup.get("remove_keyboard"):
        return "  [keyboard removed]"
    if markup.get("force_reply"):
        return "  [force reply]"
    rows = keyboard_rows(markup)
    texts = " / ".join(
        " | ".join(b if isinstance(b, str) else str(b.get("text", "")) for b in row) for row in rows
    )
    label = "buttons" if "inline_keyboard" in markup else "keyboard"
    return f"  [{label}: {texts}]" if texts else ""


class Transcript:
    def __init__(self) -> None:
        self.entries: list[TranscriptEntry] = []

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def clear(self) -> None:
        self.entries.clear()

    # ---- recording ----------------------------------------------------------------------------
    def user_message(self, user_id: int, msg: dict, kind: str) -> None:
        text = msg.get("text") or msg.get("caption")
        extra = {k: msg[k] for k in ("location", "contact", "document") if k in msg}
        self.entries.append(
            TranscriptEntry(
                "user",
                "send",
                msg["chat"]["id"],
                _content_label(kind, text, extra),
                user_id=user_id,
                thread_id=msg.get("message_thread_id"),
                message_id=msg["message_id"],
            )
        )

    def user_press(self, user_id: int, chat_id: int, button_text: str, message_id: int) -> None:
        self.entries.append(
            TranscriptEntry(
                "user", "press", chat_id, button_text, user_id=user_id, message_id=message_id
            )
        )

    def bot_message(self, bot: BotMessage) -> None:
        self._bot_entry("send", bot)

    def bot_edit(self, bot: BotMessage) -> None:
        self._bot_entry("edit", bot)

    def _bot_entry(self, action: str, bot: BotMessage) -> None:
        self.entries.append(
            TranscriptEntry(
                "bot",
                action,
                bot.chat_id,
                _content_label(bot.kind, bot.text, bot.extra),
                thread_id=bot.message_thread_id,
                markup=bot.reply_markup,
                message_id=bot.message_id,
            )
        )

    def bot_delete(self, chat_id: int, message_id: int, bot: BotMessage | None) -> None:
        text = _content_label(bot.kind, bot.text, bot.extra) if bot else "(a user message)"
        self.entries.append(TranscriptEntry("bot", "delete", chat_id, text, message_id=message_id))

    def bot_answer(self, user_id: int, text: str, alert: bool) -> None:
        self.entries.append(
            TranscriptEntry(
                "bot", "answer", user_id, text, user_id=user_id, markup={"alert": alert}
            )
        )

    def bot_topic(
        self, chat_id: int, thread_id: int, name: str, user_id: int | None = None
    ) -> None:
        actor = "bot" if user_id is None else "user"
        entry = TranscriptEntry(actor, "topic", chat_id, name, user_id=user_id, thread_id=thread_id)
        self.entries.append(entry)

    # ---- formatting ---------------------------------------------------------------------------
    def format(self, world: World, names: dict[int, str] | None = None) -> str:
        names = names or {}

        def name(chat_or_user_id: int | None) -> str:
            if chat_or_user_id is None:
                return "?"
            if chat_or_user_id in names:
                return names[chat_or_user_id]
            user = world.users.get(chat_or_user_id)
            if user is not None:
                return user.user["first_name"]
            chat = world.chats.get(chat_or_user_id)
            return chat.chat.get("title", str(chat_or_user_id)) if chat else str(chat_or_user_id)

        def where(e: TranscriptEntry) -> str:
            label = name(e.chat_id)
            chat = world.chats.get(e.chat_id)
            if e.thread_id is not None and chat is not None:
                topic = chat.topics.get(e.thread_id)
                label += f" #{topic.name if topic else e.thread_id}"
            return label

        lines = []
        for e in self.entries:
            body = e.text
            if e.actor == "user" and e.action == "send":
                target = "bot" if e.chat_id == e.user_id else where(e)
                line = f"[{name(e.user_id)} → {target}] {body}"
            elif e.action == "press":
                line = f"[{name(e.user_id)} ⟶ button] '{body}'"
            elif e.action == "send":
                line = f"[bot → {where(e)}] {body}{markup_suffix(e.markup)}"
            elif e.action == "edit":
                line = f"[bot ✎ {where(e)}] (edited) {body}{markup_suffix(e.markup)}"
            elif e.action == "delete":
                line = f"[bot ✗ {where(e)}] (deleted) {body}"
            elif e.action == "answer":
                kind = "alert" if (e.markup or {}).get("alert") else "toast"
                line = f"[bot ⓘ {name(e.user_id)}] ({kind}) {body}"
            else:
                who = "bot" if e.actor == "bot" else name(e.user_id)
                line = f"[{who} + {name(e.chat_id)}] (topic created) #{body}"
            lines.append(line.replace("\n", "\n    "))
        return "\n".join(lines)
