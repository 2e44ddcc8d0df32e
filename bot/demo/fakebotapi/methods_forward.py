"""forwardMessage/copyMessage handlers: a stored message's content sent again, forwarded
(with its origin) or copied (optionally with a new caption)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from .methods_send import CONTENT_KEYS, caption_of, emit, prepare
from .models import Files, Params, bad_request
from .validate import as_int, validate_reply_markup
from .world import StoredMessage

if TYPE_CHECKING:
    from .fake import FakeBotApi


def _source(api: FakeBotApi, p: Params, what: str) -> StoredMessage:
    from_state = api.world.chat(p.get("from_chat_id"))
    source = api.world.message(from_state, as_int(p, "message_id"))
    if source is None:
        raise bad_request(f"message to {what} not found")
    if not any(k in source.data for k in CONTENT_KEYS):
        raise bad_request(
            "message can't be copied" if what == "copy" else "message can't be forwarded"
        )
    return source


def _kind(data: dict) -> str:
    for key in ("text", "photo", "document", "location", "contact", "video", "audio", "voice"):
        if key in data:
            return key
    return "other"


def forward_message(api: FakeBotApi, p: Params, files: Files) -> dict:
    source = _source(api, p, "forward")
    state, thread_id, _ = prepare(api, {k: v for k, v in p.items() if "reply" not in k})
    content = {k: copy.deepcopy(v) for k, v in source.data.items() if k in CONTENT_KEYS}
    sender = source.data.get("from", {})
    content["forward_origin"] = {"type": "user", "sender_user": sender, "date": source.data["date"]}
    kind = _kind(source.data)
    plain = content.pop("text", None) if kind == "text" else content.pop("caption", None)
    entities = content.pop("entities" if kind == "text" else "caption_entities", [])
    return emit(
        api,
        state,
        kind,
        {},
        raw=plain,
        plain=plain,
        entities=entities,
        markup=None,
        thread_id=thread_id,
        reply=None,
        content=content,
    )


def copy_message(api: FakeBotApi, p: Params, files: Files) -> dict:
    source = _source(api, p, "copy")
    state, thread_id, reply = prepare(api, p)
    content = {k: copy.deepcopy(v) for k, v in source.data.items() if k in CONTENT_KEYS}
    kind = _kind(source.data)
    if kind == "text":
        plain, entities, raw = content.pop("text"), content.pop("entities", []), None
    elif "caption" in p:
        raw, plain, entities = caption_of(api, p)
        content.pop("caption", None)
        content.pop("caption_entities", None)
    else:
        plain, entities, raw = (
            content.pop("caption", None),
            content.pop("caption_entities", []),
            None,
        )
    markup = validate_reply_markup(p.get("reply_markup"), state.type)
    msg = emit(
        api,
        state,
        kind,
        p,
        raw=raw or plain,
        plain=plain,
        entities=entities,
        markup=markup,
        thread_id=thread_id,
        reply=reply,
        content=content,
    )
    return {"message_id": msg["message_id"]}
