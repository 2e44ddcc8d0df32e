"""The FAQ: import (versioned), suggestions for residents' questions, outcomes, statistics."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.faq.matching import FaqIndex
from bot.domain.faq.model import Article, FaqStats, Offer
from bot.domain.faq.parsing import parse_article
from bot.domain.people.model import User
from bot.services.faq.ports import FaqStore
from bot.services.ports import Clock, Transactions

MAX_SUGGESTIONS = 3
STATS_DAYS = 30
MAX_QUESTION = 300  # what analytics keep of a question


@dataclass(frozen=True)
class Imported:
    slug: str
    version: int
    changed: bool  # False: identical to the current version, nothing stored


class FaqService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: FaqStore,
        defaults: list[Article] | None = None,  # seeded into an empty knowledge base
    ) -> None:
        self.tx, self.clock, self.store = tx, clock, store
        self.defaults = defaults or []
        self._index: FaqIndex | None = None
        self._revision = -1

    async def index(self) -> FaqIndex:
        """The matcher over the current articles, rebuilt when any article changed (also
        by `propdesk faq import` while the bot runs)."""
        revision = await self.store.revision()
        if self._index is None or revision != self._revision:
            articles = await self.store.current_articles()
            if not articles and self.defaults:
                await self._import(self.defaults, None)
                articles = await self.store.current_articles()
            self._revision = await self.store.revision()
            self._index = FaqIndex(articles)
        return self._index

    # ---- managers: import, list, export ------------------------------------------------
    async def import_texts(self, texts: list[str], by: User | None = None) -> list[Imported]:
        """Parse every file first (one bad file changes nothing), then store what changed."""
        if by is not None and not by.is_manager:
            raise PermissionDenied()
        articles = [parse_article(text) for text in texts]
        slugs = [a.slug for a in articles]
        if len(set(slugs)) != len(slugs):
            raise DomainError("faq.duplicate_id")
        await self.index()  # the defaults first, so a manager's file is a new version
        return await self._import(articles, by.id if by else None)

    async def _import(self, articles: list[Article], by: int | None) -> list[Imported]:
        results = []
        async with self.tx.transaction():
            current = {a.slug: a for a in await self.store.current_articles()}
            for article in articles:
                old = current.get(article.slug)
                if old is not None and old.same_content(article):
                    results.append(Imported(article.slug, old.version, False))
                    continue
                stored = await self.store.add_version(article, self.clock.now(), by)
                results.append(Imported(stored.slug, stored.version, True))
        self._index = None
        return results

    async def articles(self) -> list[Article]:
        return list((await self.index()).articles.values())

    async def article(self, slug: str) -> Article:
        found = (await self.index()).articles.get(slug)
        if found is None:
            raise NotFound("faq.not_found")
        return found

    async def history(self, slug: str) -> list[Article]:
        return await self.store.history(slug)

    # ---- residents: suggestions ----------------------------------------------------------
    async def search(self, question: str, limit: int = MAX_SUGGESTIONS) -> list[Article]:
        index = await self.index()
        return [index.articles[m.slug] for m in index.search(question, limit=limit)]

    async def offer(self, user: User, draft_id: int | None, question: str) -> Offer | None:
        """Articles for a resident's question, recorded so "solved" / "still need help" can
        refer to them; None (and an "unmatched" event) when no article fits."""
        found = await self.search(question)
        now, question = self.clock.now(), question[:MAX_QUESTION]
        async with self.tx.transaction():
            if not found:
                await self.store.add_event("unmatched", None, question, user.id, now)
                return None
            return await self.store.add_offer(
                user.id, draft_id, question, tuple(a.slug for a in found), now
            )

    async def offer_of(self, user: User, offer_id: int) -> Offer:
        offer = await self.store.offer(offer_id)
        if offer is None or offer.user_id != user.id:
            raise NotFound("error.stale_button")
        return offer

    async def viewed(self, user: User, offer_id: int, index: int) -> tuple[Offer, Article]:
        offer = await self.offer_of(user, offer_id)
        if not 0 <= index < len(offer.slugs):
            raise DomainError("error.stale_button")
        article = await self.article(offer.slugs[index])
        async with self.tx.transaction():
            await self.store.add_event("viewed", article.slug, None, user.id, self.clock.now())
        return offer, article

    async def solved(self, user: User, offer_id: int) -> Offer:
        """The articles answered the question: a request the desk never had to handle."""
        offer = await self.offer_of(user, offer_id)
        async with self.tx.transaction():
            if not await self.store.decide(offer.id, "solved", self.clock.now()):
                raise DomainError("faq.already_decided")
        return replace(offer, outcome="solved")

    async def need_help(self, user: User, offer_id: int) -> Offer:
        """Not answered: each article shown counts as unhelpful; the draft goes on."""
        offer = await self.offer_of(user, offer_id)
        now = self.clock.now()
        async with self.tx.transaction():
            if not await self.store.decide(offer.id, "help", now):
                raise DomainError("faq.already_decided")
            for slug in offer.slugs:
                await self.store.add_event("unhelpful", slug, offer.question, user.id, now)
        return replace(offer, outcome="help")

    async def shown_for_ticket(self, ticket_id: int) -> list[Article]:
        """The articles a resident saw before filing this ticket (a line on the staff card)."""
        index = await self.index()
        slugs = await self.store.shown_for_ticket(ticket_id)
        return [index.articles[s] for s in slugs if s in index.articles]

    async def stats(self, user: User, recent: int = 10) -> FaqStats:
        if not user.is_manager:
            raise PermissionDenied()
        since = self.clock.now() - timedelta(days=STATS_DAYS)
        return await self.store.stats(since, recent)
