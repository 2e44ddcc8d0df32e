"""What the FAQ service needs from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.domain.faq.model import Article, FaqStats, Offer


class FaqStore(Protocol):
    async def current_articles(self) -> list[Article]: ...
    async def revision(self) -> int: ...  # changes whenever any article does
    async def history(self, slug: str) -> list[Article]: ...
    async def add_version(self, article: Article, now: datetime, by: int | None) -> Article: ...
    async def add_offer(
        self,
        user_id: int,
        draft_id: int | None,
        question: str,
        slugs: tuple[str, ...],
        now: datetime,
    ) -> Offer: ...
    async def offer(self, offer_id: int) -> Offer | None: ...
    async def decide(self, offer_id: int, outcome: str, now: datetime) -> bool: ...
    async def add_event(
        self, kind: str, slug: str | None, question: str | None, user_id: int | None, now: datetime
    ) -> None: ...
    async def stats(self, since: datetime, recent: int) -> FaqStats: ...
    async def shown_for_ticket(self, ticket_id: int) -> tuple[str, ...]: ...
