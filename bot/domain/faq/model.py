"""An FAQ article: short answer in zh and en, with the keywords that find it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

LANGS = ("zh", "en")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_TITLE = 120
MAX_BODY = 3000
MAX_KEYWORDS = 40


@dataclass(frozen=True)
class Article:
    slug: str
    title: dict[str, str]  # lang -> title
    body: dict[str, str]  # lang -> body (plain text / light Markdown)
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    template: bool = False  # shipped default: a manager should adapt it to the estate
    version: int = 0  # 0 until stored
    created_at: datetime | None = None

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("zh") or self.title.get("en") or self.slug

    def body_in(self, lang: str) -> str:
        return self.body.get(lang) or self.body.get("zh") or self.body.get("en") or ""

    def same_content(self, other: Article) -> bool:
        """True when a re-import changes nothing (no new version)."""
        return (
            self.title == other.title
            and self.body == other.body
            and self.keywords == other.keywords
            and self.template == other.template
        )


@dataclass(frozen=True)
class Match:
    slug: str
    score: float  # normalised: 0 (nothing in common) .. about 1 (the article's own words)


@dataclass(frozen=True)
class FaqStats:
    offered: int  # questions that were shown articles
    solved: int  # ... and the resident pressed "solved" (deflected)
    escalated: int  # ... and the resident still needed help
    unhelpful: list[tuple[str, int]]  # slug, times an article shown was not enough
    unmatched: list[str]  # recent questions with no article

    @property
    def deflection_rate(self) -> float:
        return self.solved / self.offered if self.offered else 0.0


@dataclass(frozen=True)
class Offer:
    """Articles offered for one question; the question's draft waits for the answer."""

    id: int
    user_id: int
    draft_id: int | None
    question: str
    slugs: tuple[str, ...]
    outcome: str | None = None  # None (open), "solved", "help"
