"""Who is in the middle of a form that captures their typed messages.

A cache of the database (rebuilt with `reset` at start-up): Telegram's handlers decide
synchronously whether a message belongs to a waiting form, so they cannot ask the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.services.ports import Clock


class Awaiting:
    """user id -> when their form last changed; a form left longer than `ttl` captures nothing."""

    def __init__(self, clock: Clock, ttl: timedelta) -> None:
        self.clock, self.ttl = clock, ttl
        self._since: dict[int, datetime] = {}

    def reset(self, rows: Iterable[tuple[int, datetime]]) -> None:
        self._since = dict(rows)

    def clear(self) -> None:
        self._since.clear()

    def mark(self, user_id: int, at: datetime | None = None) -> None:
        self._since[user_id] = at if at is not None else self.clock.now()

    def drop(self, user_id: int) -> None:
        self._since.pop(user_id, None)

    def __contains__(self, user_id: int) -> bool:
        since = self._since.get(user_id)
        return since is not None and self.clock.now() - since < self.ttl
