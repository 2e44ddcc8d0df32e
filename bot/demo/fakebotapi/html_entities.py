"""Strict parser for Telegram's HTML parse mode.

A port of the algorithm in tdlib (``td/telegram/MessageEntity.cpp``, ``parse_html``), which is
what the Bot API runs, including its error texts and byte offsets.  Two deliberate extra checks
when ``strict=True`` (the default of the fake), marked "(fake-strict)" in the error text:

* a "&" that does not start a valid entity (``&lt; &gt; &amp; &quot; &#NN; &#xHH;``) – tdlib keeps
  it literally, but the Bot API docs require it to be escaped, and an unescaped "&" is the
  classic symptom of forgetting ``html.escape`` on user input;
* ``<a>`` without ``href`` – tdlib silently uses the link text as URL.
"""

from __future__ import annotations

from .html_lexing import (
    SPACES,
    EntityParseError,
    byte_offset,
    char_at,
    decode_reference,
    parse_attributes,
)
from .models import utf16_len

__all__ = ["EntityParseError", "html_to_plain", "parse_html"]

ALLOWED_TAGS = {
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "span",
    "pre",
    "code",
    "blockquote",
}
TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}


def _make_entity(tag: str, attrs: dict[str, str], offset: int, length: int) -> dict | None:
    if tag == "a":
        url = attrs.get("href", "")
        if url.startswith("tg://user?id=") and url[13:].isdigit():
            user = {"id": int(url[13:]), "is_bot": False, "first_name": ""}
            return {"type": "text_mention", "offset": offset, "length": length, "user": user}
        return {"type": "text_link", "offset": offset, "length": length, "url": url}
    if tag == "tg-emoji":
        emoji_id = attrs.get("emoji-id", "")
        if not emoji_id.isdigit():
            return None
        entity = {"type": "custom_emoji", "offset": offset, "length": length}
        entity["custom_emoji_id"] = emoji_id
        return entity
    entity = {"type": TAG_TYPES[tag], "offset": offset, "length": length}
    if tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    return entity


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict]]:
    """Return (plain text, entities) or raise EntityParseError."""
    return _HtmlParser(text, strict).parse()


class _HtmlParser:
    """One pass over the text: plain characters out, tags to entities (UTF-16 offsets)."""

    def __init__(self, text: str, strict: bool) -> None:
        self.text, self.strict = text, strict
        self.i = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[tuple[str, dict[str, str], int, int]] = []  # tag, attrs, start, begin
        self.entities: list[dict] = []

    def parse(self) -> tuple[str, list[dict]]:
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            if c == "&" and self._reference():
                continue
            if c != "<":
                self.out.append(c)
                self.utf16 += 2 if ord(c) > 0xFFFF else 1
                self.i += 1
            elif char_at(text, self.i + 1) != "/":
                self._start_tag()
            else:
                self._end_tag()
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"'
            )
        for entity in self.entities:
            entity.pop("_language", None)
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def _reference(self) -> bool:
        """A character reference (&amp; …) at the position: decoded; False for a bare "&"."""
        decoded = decode_reference(self.text, self.i)
        if decoded is not None:
            self.out.append(decoded[0])
            self.utf16 += utf16_len(decoded[0])
            self.i = decoded[1]
            return True
        if self.strict:
            raise EntityParseError(
                f'Unescaped "&" at byte offset {byte_offset(self.text, self.i)} '
                "(fake-strict: the Bot API docs require &amp;)"
            )
        return False

    def _start_tag(self) -> None:
        text, begin = self.text, self.i
        i, n = begin + 1, len(text)
        while i < n and text[i] not in SPACES and text[i] != ">":
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset(text, begin)}")
        tag = text[begin + 1 : i].lower()
        if tag not in ALLOWED_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {byte_offset(text, begin)}'
            )
        attrs, i = parse_attributes(text, i, tag, begin)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(text, begin)}'
            )
        if self.strict and tag == "a" and not attrs.get("href"):
            raise EntityParseError(
                f'Tag "a" without href at byte offset {byte_offset(text, begin)} (fake-strict)'
            )
        self.stack.append((tag, attrs, self.utf16, begin))
        self.i = i + 1

    def _end_tag(self) -> None:
        text, begin = self.text, self.i
        i, n = begin + 1, len(text)
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {byte_offset(text, begin)}")
        while i < n and text[i] not in SPACES and text[i] != ">":
            i += 1
        end_name = text[begin + 2 : i]
        while i < n and text[i] in SPACES:
            i += 1
        if char_at(text, i) != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {byte_offset(text, begin)}")
        tag, attrs, start, _ = self.stack.pop()
        if end_name and end_name != tag:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {byte_offset(text, begin)}, "
                f'expected "</{tag}>", found "</{end_name}>"'
            )
        self.i = i + 1
        if self.utf16 > start:
            entity = _make_entity(tag, attrs, start, self.utf16 - start)
            if entity is not None:
                _merge_pre_code(self.entities, entity, tag, attrs)


def _merge_pre_code(entities: list[dict], entity: dict, tag: str, attrs: dict[str, str]) -> None:
    """<pre><code class="language-x">…</code></pre> becomes one pre entity with a language."""
    if tag == "pre" and entities:
        last = entities[-1]
        same_span = last["offset"] == entity["offset"] and last["length"] == entity["length"]
        if last["type"] == "code" and same_span:
            entities.pop()
            language = last.pop("_language", "")
            if language:
                entity["language"] = language
    if tag == "code":
        cls = attrs.get("class", "")
        if cls.startswith("language-"):
            entity["_language"] = cls[len("language-") :]
    entities.append(entity)


def html_to_plain(text: str) -> str:
    """Best-effort readable text (for transcripts): never raises."""
    try:
        return parse_html(text, strict=False)[0]
    except EntityParseError:
        return text
