"""send* handlers (forwardMessage/copyMessage: methods_forward.py)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .models import BotMessage, Files, Params, bad_request
from .validate import (
    as_int,
    check_caption,
    check_text,
    parse_formatted,
    validate_reply_markup,
)
from .world import ChatState, StoredMessage

if TYPE_CHECKING:
    from .fake import FakeBotApi

FAKE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01fake-photo\xff\xd9"
CONTENT_KEYS: tuple[str, ...] = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
)
CONTENT_KEYS += ("location", "contact", "video", "audio", "voice", "sticker")


def prepare(api: FakeBotApi, p: Params) -> tuple[ChatState, int | None, StoredMessage | None]:
    """Resolve chat, topic and reply target shared by all send methods."""
    world = api.world
    state = world.sendable_chat(p.get("chat_id"))
    thread_id = as_int(p, "message_thread_id")
    world.topic(state, thread_id)
    rp = p.get("reply_parameters")
    if isinstance(rp, dict):
        reply_id = rp.get("message_id")
        allow = bool(rp.get("allow_sending_without_reply"))
        reply_state = world.chat(rp["chat_id"]) if rp.get("chat_id") is not None else state
    else:
        reply_id = as_int(p, "reply_to_message_id")
        allow = bool(p.get("allow_sending_without_reply"))
        reply_state = state
    reply = world.message(reply_state, reply_id)
    if reply_id is not None and reply is None and not allow:
        raise bad_request("message to be replied not found")
    if reply is not None and thread_id is None and reply_state is state and state.forum:
        thread_id = reply.data.get("message_thread_id")
    return state, thread_id, reply


def emit(
    api: FakeBotApi,
    state: ChatState,
    kind: str,
    p: Params,
    *,
    raw: str | None,
    plain: str | None,
    entities: list[dict],
    markup: dict | None,
    thread_id: int | None,
    reply: StoredMessage | None,
    content: dict[str, Any],
    media_group_id: str | None = None,
) -> dict:
    """Create, store and log a bot message; returns the Telegram Message dict."""
    msg = api.world.new_message(state, api.world.bot_user, thread_id=thread_id, reply_to=reply)
    text_key, entities_key = (
        ("text", "entities") if kind == "text" else ("caption", "caption_entities")
    )
    if plain:
        msg[text_key] = plain
        if entities:
            msg[entities_key] = entities
    msg.update(content)
    if media_group_id:
        msg["media_group_id"] = media_group_id
    if markup and "inline_keyboard" in markup:
        msg["reply_markup"] = markup
    bot_message = BotMessage(
        chat_id=state.id,
        message_id=msg["message_id"],
        text=plain if plain else None,
        parse_mode=p.get("parse_mode"),
        html=raw,
        reply_markup=markup,
        kind=kind,
        message_thread_id=thread_id,
        reply_to_message_id=reply.data["message_id"] if reply else None,
        entities=entities,
        media_group_id=media_group_id,
        extra=content,
    )
    api.world.store(state, msg, bot_message)
    api.transcript.bot_message(bot_message)
    return copy.deepcopy(msg)


def _formatted(api: FakeBotApi, p: Params, key: str, entities_key: str) -> tuple[str, list[dict]]:
    return parse_formatted(
        p.get(key) or "", p.get("parse_mode"), p.get(entities_key), strict_html=api.strict_html
    )


def send_message(api: FakeBotApi, p: Params, files: Files) -> dict:
    state, thread_id, reply = prepare(api, p)
    text = p.get("text")
    if text is None:
        raise bad_request("message text is empty")
    plain, entities = _formatted(api, p, "text", "entities")
    check_text(plain)
    markup = validate_reply_markup(p.get("reply_markup"), state.type)
    return emit(
        api,
        state,
        "text",
        p,
        raw=str(text),
        plain=plain,
        entities=entities,
        markup=markup,
        thread_id=thread_id,
        reply=reply,
        content={},
    )


def caption_of(api: FakeBotApi, p: Params) -> tuple[str | None, str, list[dict]]:
    raw = p.get("caption")
    plain, entities = _formatted(api, p, "caption", "caption_entities")
    check_caption(plain)
    return (str(raw) if raw is not None else None), plain, entities


def resolve_file(api: FakeBotApi, value: Any, files: Files, field: str) -> tuple[str, bytes, str]:
    """(file_id, content, file_name) for an uploaded part, attach:// URI, file_id or URL."""
    name = field
    if isinstance(value, str) and value.startswith("attach://"):
        name = value[len("attach://") :]
        value = None
    if value is None:
        if name not in files:
            raise bad_request(f"there is no {field} in the request")
        filename, content = files[name]
        folder = "photos" if field == "photo" else "documents"
        ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        fake = api.world.new_file(content, folder, ext)
        return fake.file_id, content, filename
    if not isinstance(value, str) or not value:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if value.startswith(("http://", "https://")):
        fake = api.world.new_file(FAKE_JPEG, "photos" if field == "photo" else "documents", "jpg")
        return fake.file_id, FAKE_JPEG, value.rsplit("/", 1)[-1] or "file"
    known = api.world.files.get(value)
    if known is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return known.file_id, known.content, known.file_path.rsplit("/", 1)[-1]


def photo_sizes(api: FakeBotApi, file_id: str, content: bytes) -> list[dict]:
    sizes = []
    for width, height in ((90, 67), (320, 240), (1280, 960)):
        fake = api.world.new_file(content, "photos", "jpg") if width < 1280 else None
        sizes.append(
            {
                "file_id": fake.file_id if fake else file_id,
                "file_unique_id": fake.file_unique_id if fake else f"U{file_id[-12:]}",
                "width": width,
                "height": height,
                "file_size": len(content),
            }
        )
    return sizes


def document_dict(file_id: str, content: bytes, file_name: str, mime: str | None = None) -> dict:
    return {
        "file_id": file_id,
        "file_unique_id": f"U{file_id[-12:]}",
        "file_name": file_name,
        "mime_type": mime or "application/octet-stream",
        "file_size": len(content),
    }


def _send_file(
    api: FakeBotApi, p: Params, files: Files, kind: str, describe: Callable[[str, bytes, str], Any]
) -> dict:
    """sendPhoto / sendDocument: the file (uploaded or by id), its caption and buttons."""
    state, thread_id, reply = prepare(api, p)
    file_id, content, file_name = resolve_file(api, p.get(kind), files, kind)
    raw, plain, entities = caption_of(api, p)
    markup = validate_reply_markup(p.get("reply_markup"), state.type)
    return emit(
        api,
        state,
        kind,
        p,
        raw=raw,
        plain=plain,
        entities=entities,
        markup=markup,
        thread_id=thread_id,
        reply=reply,
        content={kind: describe(file_id, content, file_name)},
    )


def send_photo(api: FakeBotApi, p: Params, files: Files) -> dict:
    return _send_file(
        api, p, files, "photo", lambda file_id, content, _: photo_sizes(api, file_id, content)
    )


def send_document(api: FakeBotApi, p: Params, files: Files) -> dict:
    return _send_file(api, p, files, "document", document_dict)


def send_location(api: FakeBotApi, p: Params, files: Files) -> dict:
    state, thread_id, reply = prepare(api, p)
    try:
        lat, lon = float(p["latitude"]), float(p["longitude"])
    except (KeyError, TypeError, ValueError):
        raise bad_request("wrong latitude/longitude specified") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise bad_request("wrong latitude/longitude specified")
    markup = validate_reply_markup(p.get("reply_markup"), state.type)
    content_dict = {"location": {"latitude": lat, "longitude": lon}}
    return emit(
        api,
        state,
        "location",
        p,
        raw=None,
        plain=None,
        entities=[],
        markup=markup,
        thread_id=thread_id,
        reply=reply,
        content=content_dict,
    )


def send_media_group(api: FakeBotApi, p: Params, files: Files) -> list[dict]:
    state, thread_id, reply = prepare(api, p)
    media = p.get("media")
    if not isinstance(media, list) or not 2 <= len(media) <= 10:
        raise bad_request("wrong number of media items specified")
    kinds = {m.get("type") if isinstance(m, dict) else None for m in media}
    if not kinds <= {"photo", "video", "document", "audio"} or None in kinds:
        raise bad_request("unsupported media type in the media group")
    if len(kinds) > 1 and kinds & {"document", "audio"}:
        raise bad_request("documents/audio can't be mixed with other media types")
    prepared = []
    for item in media:
        kind = item["type"]
        file_id, content, file_name = resolve_file(api, item.get("media"), files, kind)
        parse_params = {"caption": item.get("caption"), "parse_mode": item.get("parse_mode")}
        plain, entities = _formatted(api, parse_params | item, "caption", "caption_entities")
        check_caption(plain)
        if kind == "photo":
            content_dict: dict[str, Any] = {"photo": photo_sizes(api, file_id, content)}
        else:
            content_dict = {kind: document_dict(file_id, content, file_name)}
        prepared.append((kind, item, plain, entities, content_dict))
    group_id = f"{api.world.next_id():013d}"
    return [
        emit(
            api,
            state,
            kind,
            item,
            raw=item.get("caption"),
            plain=plain,
            entities=entities,
            markup=None,
            thread_id=thread_id,
            reply=reply,
            content=content_dict,
            media_group_id=group_id,
        )
        for kind, item, plain, entities, content_dict in prepared
    ]
