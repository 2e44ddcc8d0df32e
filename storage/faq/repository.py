"""FAQ articles (versioned), offers and analytics events."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.domain.faq.model import Article, FaqStats, Offer
from storage.db import Database, from_db_time, to_db_time


def _article(row: aiosqlite.Row) -> Article:
    keywords = json.loads(row["keywords"])
    return Article(
        slug=row["slug"],
        title={"zh": row["title_zh"], "en": row["title_en"]},
        body={"zh": row["body_zh"], "en": row["body_en"]},
        keywords={lang: tuple(words) for lang, words in keywords.items()},
        template=bool(row["template"]),
        version=row["version"],
        created_at=from_db_time(row["created_at"]),
    )


def _offer(row: aiosqlite.Row) -> Offer:
    slugs = tuple(s for s in row["slugs"].split(",") if s)
    return Offer(row["id"], row["user_id"], row["draft_id"], row["question"], slugs, row["outcome"])


class SqliteFaq:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def current_articles(self) -> list[Article]:
        rows = await self.db.fetchall("SELECT * FROM faq_articles WHERE current = 1 ORDER BY slug")
        return [_article(row) for row in rows]

    async def revision(self) -> int:
        return int(await self.db.fetchval("SELECT COALESCE(MAX(id), 0) FROM faq_articles") or 0)

    async def history(self, slug: str) -> list[Article]:
        rows = await self.db.fetchall(
            "SELECT * FROM faq_articles WHERE slug = ? ORDER BY version", (slug,)
        )
        return [_article(row) for row in rows]

    async def add_version(self, article: Article, now: datetime, by: int | None) -> Article:
        version = (
            await self.db.fetchval(
                "SELECT MAX(version) FROM faq_articles WHERE slug = ?", (article.slug,)
            )
            or 0
        ) + 1
        await self.db.execute("UPDATE faq_articles SET current = 0 WHERE slug = ?", (article.slug,))
        keywords = {lang: list(words) for lang, words in article.keywords.items()}
        await self.db.execute(
            "INSERT INTO faq_articles (slug, version, title_zh, title_en, body_zh, body_en,"
            " keywords, template, current, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            (
                article.slug,
                version,
                article.title_in("zh"),
                article.title_in("en"),
                article.body_in("zh"),
                article.body_in("en"),
                json.dumps(keywords, ensure_ascii=False),
                int(article.template),
                to_db_time(now),
                by,
            ),
        )
        rows = await self.history(article.slug)
        return rows[-1]

    async def add_offer(
        self,
        user_id: int,
        draft_id: int | None,
        question: str,
        slugs: tuple[str, ...],
        now: datetime,
    ) -> Offer:
        cursor = await self.db.execute(
            "INSERT INTO faq_offers (user_id, draft_id, question, slugs, offered_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (user_id, draft_id, question, ",".join(slugs), to_db_time(now)),
        )
        return Offer(cursor.lastrowid or 0, user_id, draft_id, question, slugs)

    async def offer(self, offer_id: int) -> Offer | None:
        row = await self.db.fetchone("SELECT * FROM faq_offers WHERE id = ?", (offer_id,))
        return _offer(row) if row else None

    async def decide(self, offer_id: int, outcome: str, now: datetime) -> bool:
        cursor = await self.db.execute(
            "UPDATE faq_offers SET outcome = ?, decided_at = ? WHERE id = ? AND outcome IS NULL",
            (outcome, to_db_time(now), offer_id),
        )
        return cursor.rowcount == 1

    async def add_event(
        self, kind: str, slug: str | None, question: str | None, user_id: int | None, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO faq_events (kind, slug, question, user_id, at) VALUES (?, ?, ?, ?, ?)",
            (kind, slug, question, user_id, to_db_time(now)),
        )

    async def stats(self, since: datetime, recent: int) -> FaqStats:
        start = to_db_time(since)
        counts = {
            row["outcome"]: row["n"]
            for row in await self.db.fetchall(
                "SELECT COALESCE(outcome, 'open') AS outcome, COUNT(*) AS n FROM faq_offers"
                " WHERE offered_at >= ? GROUP BY COALESCE(outcome, 'open')",
                (start,),
            )
        }
        unhelpful = await self.db.fetchall(
            "SELECT slug, COUNT(*) AS n FROM faq_events WHERE kind = 'unhelpful' AND at >= ?"
            " GROUP BY slug ORDER BY n DESC, slug LIMIT 5",
            (start,),
        )
        unmatched = await self.db.fetchall(
            "SELECT question FROM faq_events WHERE kind = 'unmatched' AND at >= ?"
            " ORDER BY id DESC LIMIT ?",
            (start, recent),
        )
        return FaqStats(
            offered=sum(counts.values()),
            solved=counts.get("solved", 0),
            escalated=counts.get("help", 0),
            unhelpful=[(row["slug"], row["n"]) for row in unhelpful],
            unmatched=[row["question"] for row in unmatched],
        )

    async def shown_for_ticket(self, ticket_id: int) -> tuple[str, ...]:
        row = await self.db.fetchone(
            "SELECT o.slugs FROM faq_offers o JOIN tickets t ON t.source_key = 'draft:' || o.draft_id"
            " WHERE t.id = ? AND o.outcome = 'help' ORDER BY o.id DESC LIMIT 1",
            (ticket_id,),
        )
        return tuple(s for s in row["slugs"].split(",") if s) if row else ()
