"""Things simulated users do: each creates the Update real Telegram would deliver."""

from __future__ import annotations

import copy
from typing import Any

from .methods_send import FAKE_JPEG
from .models import BotMessage, utf16_len
from .transcript import Transcript
from .world import CallbackQuery, ChatState, StoredMessage, World


def _command_entity(text: str) -> dict | None:
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return None
    command = text.split(maxsplit=1)[0] if text.split() else text
    return {"type": "bot_command", "offset": 0, "length": utf16_len(command)}


def _user_chat(world: World, user_id: int, chat_id: int | None) -> ChatState:
    user = world.user(user_id)
    chat_id = user_id if chat_id is None else chat_id
    state = world.chats.get(chat_id)
    if state is None:
        raise AssertionError(f"unknown chat {chat_id}: call add_group() first")
    if state.type == "private":
        if chat_id != user_id:
            raise AssertionError(f"user {user_id} can't write in the private chat of {chat_id}")
        user.started = True
    else:
        state.members.add(user_id)
    return state


def _photo(world: World) -> list[dict]:
    sizes = []
    for width, height in ((90, 67), (320, 240), (1280, 960)):
        fake = world.new_file(FAKE_JPEG, "photos", "jpg")
        sizes.append(
            {
                "file_id": fake.file_id,
                "file_unique_id": fake.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(FAKE_JPEG),
            }
        )
    return sizes


def user_message(
    world: World,
    transcript: Transcript,
    user_id: int,
    text: str | None,
    *,
    chat_id: int | None,
    reply_to_message_id: int | None,
    message_thread_id: int | None,
    photo: bool,
    caption: str | None,
    contact: dict | None,
    location: tuple[float, float] | None,
    document: dict | None,
    media_group_id: str | None = None,
) -> dict:
    state = _user_chat(world, user_id, chat_id)
    reply, message_thread_id = _reply_target(world, state, reply_to_message_id, message_thread_id)
    msg = world.new_message(
        state, world.users[user_id].user, thread_id=message_thread_id, reply_to=reply
    )
    kind = _attach(world, msg, user_id, photo, document, contact, location, media_group_id)
    if kind is None:
        if text is None:
            raise AssertionError("user_sends needs text, photo, document, contact or location")
        kind = "text"
    _add_words(msg, kind, text, caption)
    world.store(state, msg)
    transcript.user_message(user_id, msg, kind)
    if world.deliverable(state, msg):
        world.push_update({"message": copy.deepcopy(msg)})
    return copy.deepcopy(msg)


def _reply_target(
    world: World, state: ChatState, message_id: int | None, thread_id: int | None
) -> tuple[StoredMessage | None, int | None]:
    """The message replied to (if any) and the topic the new message belongs to."""
    if thread_id is not None and (not state.forum or thread_id not in state.topics):
        raise AssertionError(f"chat {state.id} has no forum topic {thread_id}")
    if message_id is None:
        return None, thread_id
    reply = world.message(state, message_id)
    if reply is None:
        raise AssertionError(f"no message {message_id} in chat {state.id} to reply to")
    if thread_id is None and state.forum:
        thread_id = reply.data.get("message_thread_id")
    return reply, thread_id


def _attach(
    world: World,
    msg: dict,
    user_id: int,
    photo: bool,
    document: dict | None,
    contact: dict | None,
    location: tuple[float, float] | None,
    media_group_id: str | None,
) -> str | None:
    """Put the message's photo, document, contact or location on it; its kind (None: text)."""
    if photo:
        msg["photo"] = _photo(world)
        if media_group_id is not None:
            msg["media_group_id"] = media_group_id
        return "photo"
    if document is not None:
        fake = world.new_file(document.get("content", b"%PDF-1.4 fake"), "documents", "bin")
        doc = {k: v for k, v in document.items() if k != "content"}
        doc.setdefault("file_name", "document.pdf")
        doc.setdefault("mime_type", "application/pdf")
        doc |= {"file_id": fake.file_id, "file_unique_id": fake.file_unique_id}
        doc.setdefault("file_size", len(fake.content))
        msg["document"] = doc
        return "document"
    if contact is not None:
        contact = dict(contact)
        contact.setdefault("first_name", world.users[user_id].user["first_name"])
        msg["contact"] = contact
        return "contact"
    if location is not None:
        msg["location"] = {"latitude": float(location[0]), "longitude": float(location[1])}
        return "location"
    return None


def _add_words(msg: dict, kind: str, text: str | None, caption: str | None) -> None:
    """The text (or a photo's or document's caption) with its command entity."""
    if kind == "text":
        msg["text"] = text
        entity = _command_entity(text or "")
        if entity:
            msg["entities"] = [entity]
        return
    caption = caption if caption is not None else text
    if caption and kind in ("photo", "document"):
        msg["caption"] = caption
        entity = _command_entity(caption)
        if entity:
            msg["caption_entities"] = [entity]


def user_edit(
    world: World, transcript: Transcript, user_id: int, chat_id: int, message_id: int, text: str
) -> dict:
    """A person edits their own text (or a photo's caption): Telegram sends `edited_message`."""
    state = _user_chat(world, user_id, chat_id)
    stored = world.message(state, message_id)
    if stored is None or stored.from_bot or stored.data.get("from", {}).get("id") != user_id:
        raise AssertionError(f"user {user_id} has no message {message_id} in chat {state.id}")
    msg = copy.deepcopy(stored.data)
    msg["caption" if "photo" in msg else "text"] = text
    msg["edit_date"] = int(world.now())
    stored.data = msg
    transcript.user_message(user_id, msg, "photo" if "photo" in msg else "text")
    if world.deliverable(state, msg):
        world.push_update({"edited_message": copy.deepcopy(msg)})
    return copy.deepcopy(msg)


def _find_bot_message(world: World, chat_id: int, message_id: int) -> BotMessage:
    state = world.chats.get(chat_id)
    stored = world.message(state, message_id) if state else None
    if stored is None or stored.bot is None:
        raise AssertionError(f"no (undeleted) bot message {message_id} in chat {chat_id}")
    return stored.bot


def press(
    world: World,
    transcript: Transcript,
    user_id: int,
    chat_id: int,
    message_id: int,
    callback_data: str,
    forged: bool = False,
) -> str:
    bot = _find_bot_message(world, chat_id, message_id)
    button = next(
        (
            b
            for row in (bot.reply_markup or {}).get("inline_keyboard") or []
            for b in row
            if b.get("callback_data") == callback_data
        ),
        None,
    )
    if button is None and not forged:
        raise AssertionError(
            f"message {message_id} in chat {chat_id} has no button with callback_data "
            f"{callback_data!r}; it has {bot.callback_data()!r}"
        )
    state = _user_chat(world, user_id, chat_id)
    query_id = str(4_000_000_000_000_000_000 + world.next_id())
    world.callback_queries[query_id] = CallbackQuery(query_id, user_id, world.now())
    stored = state.messages[message_id]
    query: dict[str, Any] = {
        "id": query_id,
        "from": dict(world.users[user_id].user),
        "message": copy.deepcopy(stored.data),
        "chat_instance": str(abs(chat_id) * 7919 % 10**18),
        "data": callback_data,
    }
    label = str(button.get("text")) if button else f"(stale or forged) {callback_data}"
    transcript.user_press(user_id, chat_id, label, message_id)
    world.push_update({"callback_query": query})
    return query_id


def press_text(
    world: World, transcript: Transcript, user_id: int, chat_id: int, button_text: str
) -> str:
    for bot in reversed(world.bot_messages(chat_id)):
        if bot.deleted:
            continue
        button = bot.button(button_text)
        if button is None:
            continue
        if "callback_data" not in button:
            raise AssertionError(f"button {button_text!r} has no callback_data: {button!r}")
        return press(world, transcript, user_id, chat_id, bot.message_id, button["callback_data"])
    seen = [b for m in world.bot_messages(chat_id) if not m.deleted for b in m.buttons()]
    raise AssertionError(
        f"no bot message in chat {chat_id} has a button {button_text!r}; seen {seen}"
    )
