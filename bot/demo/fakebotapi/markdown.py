"""MarkdownV2 / legacy Markdown parse modes, simplified but strict about escaping.

Our bot uses HTML; this exists so that a stray ``parse_mode="MarkdownV2"`` with unescaped user
text fails the way it does on real Telegram ("Character '.' is reserved and must be escaped with
the preceding '\\'").
"""

from __future__ import annotations

from .html_entities import EntityParseError
from .models import utf16_len

RESERVED_V2 = set("_*[]()~`>#+-=|{}.!")
_V2_TOGGLES = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}
_V2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
}


def _bytes(text: str, pos: int) -> int:
    return len(text[:pos].encode("utf-8"))


class _Out:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.utf16 = 0
        self.entities: list[dict] = []

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.utf16 += utf16_len(s)

    def entity(self, kind: str, start: int, **extra: object) -> None:
        if self.utf16 > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.utf16 - start, **extra}
            )

    def result(self) -> tuple[str, list[dict]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


def _read_until(text: str, i: int, end: str, begin: int, what: str) -> tuple[str, int]:
    """Read raw code/URL content until `end`, honouring backslash escapes."""
    chars: list[str] = []
    while i < len(text):
        if text.startswith(end, i):
            return "".join(chars), i + len(end)
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        chars.append(text[i])
        i += 1
    raise EntityParseError(f"Can't find end of {what} entity at byte offset {_bytes(text, begin)}")


def parse_markdown_v2(text: str) -> tuple[str, list[dict]]:
    out = _Out()
    stack: list[tuple[str, int, int]] = []  # kind, utf16 start, char position
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and 0 < ord(text[i + 1]) < 127:
            out.add(text[i + 1])
            i += 2
        elif c not in RESERVED_V2:
            out.add(c)
            i += 1
        elif c == "`":
            i = _code_v2(text, i, out)
        else:
            i = _markup_v2(text, i, out, stack)
    if stack:
        kind, _, pos = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_V2_NAMES[kind]} entity at byte offset {_bytes(text, pos)}"
        )
    return out.result()


def _code_v2(text: str, i: int, out: _Out) -> int:
    """`code` or ```pre``` (with an optional language line); the position after it."""
    if text.startswith("```", i):
        body, j = _read_until(text, i + 3, "```", i, "Pre")
        language, sep, rest = body.partition("\n")
        start = out.utf16
        out.add(rest if sep and language.strip() and " " not in language else body)
        extra = {"language": language} if sep and language.strip() else {}
        out.entity("pre", start, **extra)
        return j
    body, j = _read_until(text, i + 1, "`", i, "Code")
    start = out.utf16
    out.add(body)
    out.entity("code", start)
    return j


def _markup_v2(text: str, i: int, out: _Out, stack: list[tuple[str, int, int]]) -> int:
    """A reserved character that opens or closes an entity; the position after it."""
    c = text[i]
    token = text[i : i + 2] if text[i : i + 2] in ("__", "||") else c
    if token in _V2_TOGGLES:
        kind = _V2_TOGGLES[token]
        if stack and stack[-1][0] == kind:
            _, start, _ = stack.pop()
            out.entity(kind, start)
        else:
            stack.append((kind, out.utf16, i))
        return i + len(token)
    if c == "[":
        stack.append(("text_link", out.utf16, i))
        return i + 1
    if c == "]" and stack and stack[-1][0] == "text_link" and text.startswith("(", i + 1):
        url, j = _read_until(text, i + 2, ")", i, "a URL")
        _, start, _ = stack.pop()
        out.entity("text_link", start, url=url)
        return j
    if c == ">" and (i == 0 or text[i - 1] == "\n"):
        return i + 1  # blockquote marker: keep it simple, no entity
    raise EntityParseError(
        f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
    )


def parse_markdown(text: str) -> tuple[str, list[dict]]:
    """Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url); no nesting."""
    out = _Out()
    i = 0
    n = len(text)
    kinds = {"*": "bold", "_": "italic"}
    while i < n:
        c = text[i]
        if c in kinds or c == "`":
            end = "```" if text.startswith("```", i) else c
            j = text.find(end, i + len(end))
            if j < 0:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {_bytes(text, i)}"
                )
            start = out.utf16
            out.add(text[i + len(end) : j])
            out.entity({"```": "pre", "`": "code"}.get(end, kinds.get(c, "bold")), start)
            i = j + len(end)
            continue
        if c == "[":
            close = text.find("](", i)
            stop = text.find(")", close + 2) if close >= 0 else -1
            if close < 0 or stop < 0:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {_bytes(text, i)}"
                )
            start = out.utf16
            out.add(text[i + 1 : close])
            out.entity("text_link", start, url=text[close + 2 : stop])
            i = stop + 1
            continue
        out.add(c)
        i += 1
    return out.result()
