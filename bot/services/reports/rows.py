"""Helpers for turning many stored rows into report lines quickly."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo


@contextmanager
def bulk() -> Iterator[None]:
    """No garbage collection while hundreds of thousands of lines are made at once (each
    pass would walk them all again; nothing in between awaits)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def local_minutes(tz: ZoneInfo) -> Callable[[str], str]:
    """Stored UTC text -> local "YYYY-MM-DD HH:MM", the zone worked out once per UTC hour
    (when its offset is whole hours, the minutes carry over as they are)."""
    hours: dict[str, str | None] = {}

    def convert(text: str) -> str:
        hour = text[:13]
        prefix = hours.get(hour, "")
        if prefix == "":
            prefix = hours[hour] = _local_hour(hour, tz) if text.endswith("+00:00") else None
        if prefix is None:
            return datetime.fromisoformat(text).astimezone(tz).strftime("%Y-%m-%d %H:%M")
        return prefix + text[13:16]

    return convert


def _local_hour(hour: str, tz: ZoneInfo) -> str | None:
    moment = datetime.fromisoformat(f"{hour}:00:00+00:00").astimezone(tz)
    offset = moment.utcoffset()
    whole = offset is not None and offset.total_seconds() % 3600 == 0
    return moment.strftime("%Y-%m-%d %H") if whole else None
