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

from .models import utf16_len

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
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\x0b\x0c"


class EntityParseError(Exception):
    """``str(err)`` is the part after "Bad Request: can't parse entities: "."""


def _byte_offset(text: str, pos: int) -> int:
    return len(text[:pos].encode("utf-8"))


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the character reference at text[pos] == "&"; returns (char, new_pos) or None."""
    end = pos + 1
    n = len(text)
    if end < n and text[end] == "#":
        end += 1
        value = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in "0123456789abcdefABCDEF":
                value = value * 16 + int(text[end], 16)
                end += 1
                if value >= 0x10FFFF:
                    return None
        else:
            while end < n and text[end].isascii() and text[end].isdigit():
                value = value * 10 + int(text[end])
                end += 1
                if value >= 0x10FFFF:
                    return None
        if value == 0 or end - pos > 10:
            return None
        char = chr(value)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in NAMED_ENTITIES:
            return None
        char = NAMED_ENTITIES[name]
    if end < n and text[end] == ";":
        end += 1
    return char, end


def _at(text: str, i: int) -> str:
    return text[i] if i < len(text) else "\0"


def _parse_attributes(text: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    attrs: dict[str, str] = {}
    while _at(text, i) != ">":
        while _at(text, i) in _SPACES and i < len(text):
            i += 1
        if _at(text, i) == ">":
            break
        name_start = i
        while i < len(text) and text[i] not in _SPACES and text[i] not in "=>":
            i += 1
        name = text[name_start:i]
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        while i < len(text) and text[i] in _SPACES:
            i += 1
        if _at(text, i) != "=":
            if tag == "blockquote" and name == "expandable":
                attrs[name] = ""
                continue
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        i += 1
        while i < len(text) and text[i] in _SPACES:
            i += 1
        if i >= len(text):
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        if text[i] not in "'\"":
            token_start = i
            while i < len(text) and (text[i].isascii() and text[i].isalnum() or text[i] in ".-"):
                i += 1
            value = text[token_start:i].lower()
            if _at(text, i) not in _SPACES + ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_start)}"
                )
        else:
            quote = text[i]
            i += 1
            chars: list[str] = []
            while i < len(text) and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_entity(text, i)
                    if decoded is not None:
                        chars.append(decoded[0])
                        i = decoded[1]
                        continue
                chars.append(text[i])
                i += 1
            if i < len(text):
                i += 1
            value = "".join(chars)
        if i >= len(text):
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        attrs[name] = value
    return attrs, i


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
    out: list[str] = []
    utf16 = 0
    stack: list[tuple[str, dict[str, str], int, int]] = []  # tag, attrs, utf16 start, begin pos
    entities: list[dict] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                utf16 += utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict:
                raise EntityParseError(
                    f'Unescaped "&" at byte offset {_byte_offset(text, i)} '
                    "(fake-strict: the Bot API docs require &amp;)"
                )
        if c != "<":
            out.append(c)
            utf16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        i += 1
        if _at(text, i) != "/":
            while i < n and text[i] not in _SPACES and text[i] != ">":
                i += 1
            if i >= n:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            tag = text[begin + 1 : i].lower()
            if tag not in ALLOWED_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            attrs, i = _parse_attributes(text, i, tag, begin)
            if tag == "span" and attrs.get("class") != "tg-spoiler":
                raise EntityParseError(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(text, begin)}"
                )
            if strict and tag == "a" and not attrs.get("href"):
                raise EntityParseError(
                    f'Tag "a" without href at byte offset {_byte_offset(text, begin)} (fake-strict)'
                )
            stack.append((tag, attrs, utf16, begin))
            i += 1
            continue
        # end tag
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
        while i < n and text[i] not in _SPACES and text[i] != ">":
            i += 1
        end_name = text[begin + 2 : i]
        while i < n and text[i] in _SPACES:
            i += 1
        if _at(text, i) != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
        tag, attrs, start, _ = stack.pop()
        if end_name and end_name != tag:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                f'expected "</{tag}>", found "</{end_name}>"'
            )
        i += 1
        if utf16 > start:
            entity = _make_entity(tag, attrs, start, utf16 - start)
            if entity is not None:
                _merge_pre_code(entities, entity, tag, attrs)
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        entity.pop("_language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


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
