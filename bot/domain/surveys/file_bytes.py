"""Survey definition files before any parsing: size, encoding, control characters and the
nesting of flow brackets (`[` / `{`), each problem with its line and column."""

from __future__ import annotations

import re

from yaml.reader import Reader

from bot.domain.surveys.definitions import DefinitionError, DefinitionErrors
from bot.domain.surveys.marks import At

MAX_FILE_BYTES = 256 * 1024  # the built-in questionnaire is under 7 KB; 60 long questions ~100 KB
MAX_DEPTH = 8  # nested lists/mappings: questions > question > options > option > text is 5
FILE = "(file)"
_NON_PRINTABLE = Reader.NON_PRINTABLE  # what YAML refuses: control characters and the like
_BAD_BYTE = re.compile("[\udc80-\udcff]+")  # undecodable bytes, as surrogateescape keeps them
# Quoted texts and comments (whose brackets do not count), and the brackets themselves. A quote
# opens only where a value can start, so the apostrophe in "Don't" opens nothing.
_FLOW = re.compile(
    r"""(?<![^\s\[{,:])(?:"(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?)"""
    r"|(?<![^\s])#[^\n]*|(?P<open>[\[{])|(?P<close>[\]}])"
)


def _too_deep(text: str) -> list[DefinitionError]:
    depth = 0
    for found in _FLOW.finditer(text):
        if found.group("open"):
            depth += 1
            if depth > MAX_DEPTH:
                at = _line_column(text, found.start())
                return [DefinitionError("too_deep", FILE, at=at, limit=MAX_DEPTH)]
        elif found.group("close"):
            depth = max(depth - 1, 0)
    return []


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _bad_bytes(text: str) -> list[DefinitionError]:
    """Undecodable bytes, one problem per line: where the first is and how many there are."""
    lines: dict[int, tuple[At, int]] = {}
    for found in _BAD_BYTE.finditer(text):
        at = _line_column(text, found.start())
        first, count = lines.get(at[0], (at, 0))
        lines[at[0]] = (first, count + len(found.group()))
    return [DefinitionError("not_utf8", FILE, at=at, count=n) for at, n in lines.values()]


def checked_text(data: bytes | str) -> str:
    """The file as text, or DefinitionErrors: too big, not UTF-8, control characters, flow
    brackets nested too deeply (checked here because PyYAML's scanner slows down with each
    open bracket, before the parser has produced a single event)."""
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > MAX_FILE_BYTES:
        raise DefinitionErrors(
            [DefinitionError("too_big", FILE, limit=MAX_FILE_BYTES // 1024, size=size // 1024)]
        )
    if isinstance(data, bytes):
        data = data.decode("utf-8", "surrogateescape")
    text = data.removeprefix("\ufeff")
    problems = _bad_bytes(text)
    if not problems:  # (undecodable bytes are "non-printable" too: say it once)
        problems = [
            DefinitionError(
                "control_char", FILE, at=_line_column(text, m.start()), char=f"U+{ord(m[0]):04X}"
            )
            for m in _NON_PRINTABLE.finditer(text)
        ]
    if not problems:
        problems = _too_deep(text)
    if problems:
        raise DefinitionErrors(problems)
    if text.lstrip().startswith("{"):
        text = text.replace("\t", " ")  # JSON may indent with tabs, YAML may not; same columns
    return text
