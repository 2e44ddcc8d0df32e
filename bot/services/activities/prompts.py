"""Who is typing an answer for activities right now (a manager's creation form, a head count,
a rating), kept in the database and mirrored in memory so the input handler can ask
synchronously (rebuilt from the database at start-up: a restart mid-form resumes)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from bot.services.activities.ports import ActivityStore
from bot.services.ports import Clock

TTL = {
    "create": timedelta(hours=24),
    "heads": timedelta(hours=1),
    "rate": timedelta(days=7),
}
SHORT_ANSWER = 12  # a head count is short; a longer text is a new request
NUMBERISH = re.compile(r"[0-9０-９一二两三四五六七八九十]")


class Prompts:
    def __init__(self, *, clock: Clock, store: ActivityStore) -> None:
        self.clock, self.store = clock, store
        self._waiting: dict[int, tuple[str, datetime]] = {}

    async def load(self) -> None:
        self._waiting = {user_id: (kind, at) for user_id, kind, at in await self.store.prompts()}

    def kind(self, user_id: int) -> str | None:
        found = self._waiting.get(user_id)
        if found is None or self.clock.now() - found[1] >= TTL[found[0]]:
            return None
        return found[0]

    def claims(self, user_id: int, text: str | None, media: bool) -> bool:
        """Does this private message answer an activity prompt? A manager's form takes any
        text or photo; a head count a short text with a number in it ("2", "3人": the latter
        gets a hint); a rating (asked for days) only a bare number, so "谢谢" or a new
        request typed meanwhile goes where it always goes."""
        kind = self.kind(user_id)
        if kind == "create":
            return True
        if kind is None or media or not text:
            return False
        answer = text.strip()
        if kind == "rate":
            return len(answer) <= 2 and bool(NUMBERISH.search(answer))
        return len(answer) <= SHORT_ANSWER and bool(NUMBERISH.search(answer))

    async def set(self, user_id: int, kind: str, data: dict[str, Any]) -> None:
        """Inside the caller's transaction."""
        now = self.clock.now()
        await self.store.set_prompt(user_id, kind, data, now)
        self._waiting[user_id] = (kind, now)

    def remember(self, user_id: int, kind: str) -> None:
        self._waiting[user_id] = (kind, self.clock.now())

    async def get(self, user_id: int, kind: str) -> dict[str, Any] | None:
        found = await self.store.prompt(user_id)
        if found is None or found[0] != kind or self.clock.now() - found[2] >= TTL[kind]:
            return None
        return found[1]

    async def clear(self, user_id: int, kind: str | None = None) -> None:
        """Inside the caller's transaction."""
        await self.store.clear_prompt(user_id, kind)
        if kind is None or self._waiting.get(user_id, ("", None))[0] == kind:
            self._waiting.pop(user_id, None)
