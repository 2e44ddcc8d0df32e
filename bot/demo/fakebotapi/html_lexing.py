"""The lexical pieces of Telegram's HTML parse mode (after tdlib): character references,
tag attributes and their values, and the error type with tdlib's texts and byte offsets."""

from __future__ import annotations

NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
SPACES = " \t\r\n\x0b\x0c"


class EntityParseError(Exception):
    """``str(err)`` is the part after "Bad Request: can't parse entities: "."""


def byte_offset(text: str, pos: int) -> int:
    return len(text[:pos].encode("utf-8"))


def decode_reference(text: str, pos: int) -> tuple[str, int] | None:
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


def char_at(text: str, i: int) -> str:
    return text[i] if i < len(text) else "\0"


def parse_attributes(text: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    attrs: dict[str, str] = {}
    while char_at(text, i) != ">":
        while char_at(text, i) in SPACES and i < len(text):
            i += 1
        if char_at(text, i) == ">":
            break
        name_start = i
        while i < len(text) and text[i] not in SPACES and text[i] not in "=>":
            i += 1
        name = text[name_start:i]
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {byte_offset(text, begin)}'
            )
        while i < len(text) and text[i] in SPACES:
            i += 1
        if char_at(text, i) != "=":
            if tag == "blockquote" and name == "expandable":
                attrs[name] = ""
                continue
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {byte_offset(text, begin)}'
            )
        value, i = _attribute_value(text, i + 1, tag, begin)
        if i >= len(text):
            raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset(text, begin)}")
        attrs[name] = value
    return attrs, i


def _attribute_value(text: str, i: int, tag: str, begin: int) -> tuple[str, int]:
    """The value after `=` (quoted, or a bare name token) and the position after it."""
    while i < len(text) and text[i] in SPACES:
        i += 1
    if i >= len(text):
        raise EntityParseError(
            f'Unclosed start tag "{tag}" at byte offset {byte_offset(text, begin)}'
        )
    if text[i] in "'\"":
        return _quoted_value(text, i)
    token_start = i
    while i < len(text) and (text[i].isascii() and text[i].isalnum() or text[i] in ".-"):
        i += 1
    if char_at(text, i) not in SPACES + ">":
        raise EntityParseError(
            f"Unexpected end of name token at byte offset {byte_offset(text, token_start)}"
        )
    return text[token_start:i].lower(), i


def _quoted_value(text: str, i: int) -> tuple[str, int]:
    """A quoted attribute value with its character references decoded."""
    quote = text[i]
    i += 1
    chars: list[str] = []
    while i < len(text) and text[i] != quote:
        if text[i] == "&":
            decoded = decode_reference(text, i)
            if decoded is not None:
                chars.append(decoded[0])
                i = decoded[1]
                continue
        chars.append(text[i])
        i += 1
    if i < len(text):
        i += 1
    return "".join(chars), i
