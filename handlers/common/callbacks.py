"""Callback-data codec: short prefixes, always < 64 bytes, never trusted on decode."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
_PART = re.compile(r"^[a-z0-9_]{1,16}$")
_ARG = re.compile(r"^[a-z0-9_]{1,60}$")  # the 64-byte total is the real limit


@dataclass(frozen=True)
class Action:
    prefix: str
    verb: str
    arg: str

    def int_arg(self) -> int | None:
        return int(self.arg) if self.arg.isdecimal() and len(self.arg) < 18 else None


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


def pattern(prefix: str, verbs: str = r"[a-z0-9_]+") -> str:
    """A CallbackQueryHandler pattern for one prefix (and optional verb alternation)."""
    return rf"^{prefix}:(?:{verbs}):[a-z0-9_]*$"
