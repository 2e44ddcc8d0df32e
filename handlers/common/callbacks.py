"""Callback-data codec: short prefixes, always < 64 bytes, never trusted on decode."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
# Ids in callback data are SQLite INTEGERs: anything above this would overflow on binding.
MAX_ID = 2**63 - 1
_PART = re.compile(r"^[a-z0-9_]{1,16}$")
_ARG = re.compile(r"^[a-z0-9_]{1,60}$")  # the 64-byte total is the real limit


@dataclass(frozen=True)
class Action:
    prefix: str
    verb: str
    arg: str

    def int_arg(self) -> int | None:
        """The argument as a non-negative id within SQLite's range, else None."""
        return bounded_int(self.arg)

    def ints(self, count: int) -> tuple[int, ...] | None:
        """`count` underscore-separated non-negative ids ("12_7"), each bounded, else None."""
        parts = self.arg.split("_")
        if len(parts) != count:
            return None
        numbers = tuple(bounded_int(part) for part in parts)
        return None if any(n is None for n in numbers) else numbers  # type: ignore[return-value]


def bounded_int(text: str) -> int | None:
    """ASCII digits only (no signs, no Unicode digits), at most MAX_ID; else None."""
    if not text or len(text) > 19 or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def encode(prefix: str, verb: str, arg: object = "") -> str:
    data = f"{prefix}:{verb}:{arg}"
    if decode(data) is None:  # never build a button that our own decoder would refuse
        raise ValueError(f"invalid callback data: {data!r}")
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Action | None:
    """Split and validate; anything odd (forged, truncated, foreign) becomes None."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) != 3 or not (_PART.fullmatch(parts[0]) and _PART.fullmatch(parts[1])):
        return None
    if parts[2] and not _ARG.fullmatch(parts[2]):
        return None
    return Action(*parts)


def require(data: str | None) -> Action:
    """Decode a pressed button's data; anything malformed is a stale button to the user."""
    action = decode(data)
    if action is None:
        # Imported here: the codec itself stays free of the domain's error type.
        from bot.domain.errors import DomainError

        raise DomainError("error.stale_button")
    return action


def pattern(prefix: str, verbs: str = r"[a-z0-9_]+") -> str:
    """A CallbackQueryHandler pattern for one prefix (and optional verb alternation)."""
    return rf"^{prefix}:(?:{verbs}):[a-z0-9_]*$"
