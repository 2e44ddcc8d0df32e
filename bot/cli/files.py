"""Reading an import file for the command line."""

from __future__ import annotations

from pathlib import Path

from bot.domain.errors import DomainError


def read_capped(path: Path, limit: int) -> bytes:
    """At most one byte more than `limit`: the importer checks the limit, not the disk."""
    try:
        with path.open("rb") as file:
            return file.read(limit + 1)
    except OSError as error:
        raise DomainError("survey.cli_unreadable", path=str(path), reason=error.strerror) from None
