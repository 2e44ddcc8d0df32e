"""Domain errors carry a catalog key so handlers can reply in the user's language."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


class DomainError(Exception):
    """An expected refusal (bad input, wrong role, wrong state): reply, change nothing."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class PermissionDenied(DomainError):
    """The caller's role does not allow this action."""

    def __init__(self, key: str = "error.not_allowed", **params: Any) -> None:
        super().__init__(key, **params)


class NotFound(DomainError):
    """The thing asked for does not exist (or is not the caller's to see)."""


class StorageUnavailable(Exception):
    """The database cannot be written (disk full, read-only file, I/O error)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason  # "full" | "readonly" | "other"


def found(value: T | None, key: str, **params: Any) -> T:
    """`value`, which the caller's data guarantees (a foreign key, a row just written); a
    missing one is reported as NotFound(`key`) rather than failing later on None."""
    if value is None:
        raise NotFound(key, **params)
    return value
