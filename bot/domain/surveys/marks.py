"""Where a value came from: containers read from a file that know each item's line and column,
and `shown`, the only way a value read from a file is echoed back in a message (short).

The checks (`survey_checks`) ask `position(container, key)`; plain dicts and lists (a stored
canonical definition, a test's data) simply have no position.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.domain.surveys.definitions import DefinitionError

At = tuple[int, int] | None  # (line, column), both 1-based
SHOWN_CHARS = 40  # an echoed value is cut to this many characters


class MarkedDict(dict[Any, Any]):
    """A mapping from a file, with the position of the mapping, of each key and of each value."""

    __slots__ = ("at", "keys_at", "values_at")

    def __init__(self, at: At = None) -> None:
        super().__init__()
        self.at = at
        self.keys_at: dict[str, At] = {}
        self.values_at: dict[str, At] = {}


class MarkedList(list[Any]):
    """A sequence from a file, with the position of the sequence and of each item."""

    __slots__ = ("at", "items_at")

    def __init__(self, at: At = None) -> None:
        super().__init__()
        self.at = at
        self.items_at: list[At] = []


def mark_at(mark: Any) -> At:
    """A PyYAML mark (0-based line and column) as a position."""
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def position(container: Any, key: Any = None, *, on_key: bool = False) -> At:
    """The position of `container[key]` (or of the key itself), else of the container."""
    if isinstance(container, MarkedDict):
        table = container.keys_at if on_key else container.values_at
        if isinstance(key, str) and key in table:
            return table[key]
        return container.at
    if isinstance(container, MarkedList):
        if isinstance(key, int) and 0 <= key < len(container.items_at):
            return container.items_at[key]
        return container.at
    return None


def shown(value: Any, limit: int = SHOWN_CHARS) -> str:
    """A value as an error message may quote it: one line, at most `limit` characters, and
    never the contents of a list or a mapping (however big the file made them)."""
    if limit < 4:
        return "…"
    if value is None or isinstance(value, bool):
        text = json.dumps(value)
    elif isinstance(value, int):
        text = str(value) if value.bit_length() < 128 else "…"
    elif isinstance(value, str | float):
        text = str(value)[: limit * 4]
    elif isinstance(value, list | tuple | dict):
        text = _shown_items(value, limit)
    else:
        text = type(value).__name__
    text = " ".join(text.split()) or repr(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown_items(value: list[Any] | tuple[Any, ...] | dict[Any, Any], limit: int) -> str:
    """`[x, 3]` / `{a: 1}`, built item by item and abandoned once past `limit`; each level
    down gets a smaller budget, so even a very deep structure costs little."""
    inner, parts, size = limit - 2, [], 2
    for item in value:
        part = shown(item, inner)
        if isinstance(value, dict):
            part += f": {shown(value[item], inner)}"
        size += len(part) + 2
        parts.append(part)
        if size > limit:
            break
    text = ", ".join(parts)
    return f"{{{text}}}" if isinstance(value, dict) else f"[{text}]"


@dataclass
class Scope:
    """Collects problems; `question` / `qid` say which question is being checked."""

    errors: list[DefinitionError] = field(default_factory=list)
    question: int | None = None
    qid: str | None = None

    def fail(
        self,
        code: str,
        where: str,
        box: Any = None,
        key: Any = None,
        *,
        on_key: bool = False,
        **params: Any,
    ) -> None:
        at = position(box, key, on_key=on_key)
        self.errors.append(DefinitionError(code, where, self.question, self.qid, at=at, **params))

    def unknown_keys(self, box: dict[Any, Any], allowed: tuple[str, ...], prefix: str = "") -> bool:
        """Report every key that is not in `allowed`; True when there was none."""
        extra = [key for key in box if key not in allowed]
        for key in extra:
            self.fail("unknown_field", prefix + shown(key, 30), box, key, on_key=True)
        return not extra
