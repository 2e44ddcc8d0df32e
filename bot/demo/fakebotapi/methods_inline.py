"""Inline mode: `inline_query` updates and a strict answerInlineQuery (issue 14)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import bad_request
from .validate import check_text, parse_formatted, validate_reply_markup

if TYPE_CHECKING:
    from .fake import FakeBotApi

MAX_RESULTS = 50
MAX_RESULT_ID_BYTES = 64
MAX_QUERY = 256
INLINE_TIMEOUT = 10.0  # Telegram drops answers that come later than this
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
RESULT_TYPES = {"article"}  # the only kind the bot sends; others would need their own checks


@dataclass
class InlineQuery:
    id: str
    user_id: int
    query: str
    created: float
    answered: bool = False
    results: list[dict] = field(default_factory=list)


def push_inline_query(api: FakeBotApi, user_id: int, query: str, chat_type: str) -> str:
    """The user types `@bot query` in some chat: an `inline_query` update."""
    if len(query) > MAX_QUERY:
        raise AssertionError("Telegram clients send at most 256 characters of inline query")
    world = api.world
    query_id = str(5_000_000_000_000_000_000 + world.next_id())
    world.inline_queries[query_id] = InlineQuery(query_id, user_id, query, world.now())
    update = {
        "id": query_id,
        "from": dict(world.users[user_id].user),
        "query": query,
        "offset": "",
        "chat_type": chat_type,
    }
    world.push_update({"inline_query": update})
    return query_id


def _results(raw: Any) -> list[dict]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise bad_request("can't parse inline query results JSON object") from None
    if not isinstance(raw, list):
        raise bad_request("results must be an array")
    if len(raw) > MAX_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    ids = set()
    for result in raw:
        if not isinstance(result, dict) or result.get("type") not in RESULT_TYPES:
            raise bad_request("RESULT_TYPE_INVALID")
        result_id = str(result.get("id") or "")
        if not result_id or len(result_id.encode()) > MAX_RESULT_ID_BYTES:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in ids:
            raise bad_request("RESULT_ID_DUPLICATE")
        ids.add(result_id)
        if not str(result.get("title") or "").strip():
            raise bad_request("RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if not isinstance(content, dict) or "message_text" not in content:
            raise bad_request("MESSAGE_EMPTY")
        plain, _ = parse_formatted(
            content["message_text"], content.get("parse_mode"), content.get("entities")
        )
        check_text(plain)
        if "reply_markup" in result:
            validate_reply_markup(result["reply_markup"], "private", inline_only=True)
    return raw


def answer_inline_query(api: FakeBotApi, p: dict, files: dict) -> bool:
    query = api.world.inline_queries.get(str(p.get("inline_query_id") or ""))
    if query is None or query.answered or api.world.now() - query.created > INLINE_TIMEOUT:
        raise bad_request(QUERY_INVALID)
    query.results = _results(p.get("results", []))
    query.answered = True
    return True
