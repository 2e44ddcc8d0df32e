"""Which articles answer a question: BM25-like scoring over character and word features.

Pure Python. Chinese text becomes character bigrams (and single characters at a low
weight), English text words (crudely stemmed) plus character trigrams of each word, so a
typo still shares most of its trigrams. Keywords an article lists count extra, and a
keyword found verbatim in the question adds a boost. The score is normalised by what the
question could score at best, so one threshold fits short and long questions alike.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from bot.domain.faq.model import Article, Match

K1, B = 1.2, 0.5
TITLE_WEIGHT, KEYWORD_WEIGHT, BODY_WEIGHT = 2.0, 3.0, 0.6
KEYWORD_BOOST = 0.25  # per keyword found verbatim in the question
THRESHOLD = 0.35  # below this no article is offered (tuned on bot/faq/eval.jsonl)
UNSEEN_SHARE = 0.5  # of the rarest known feature's weight
RELATIVE = 0.6  # a second or third suggestion must score at least this share of the best

_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+")
# Words that say "this is a question" rather than what it is about.
ZH_STOP = set("的了吗呢吧啊呀么我你他她它们在是有要想请问能可以会怎什哪里儿这那个一下就还都和跟")
ZH_STOP_BIGRAMS = {
    "怎么",
    "什么",
    "请问",
    "可以",
    "一下",
    "我们",
    "你们",
    "哪里",
    "哪儿",
    "是不",
    "不是",
    "如何",
    "怎样",
    "需要",
    "有没",
    "没有",
    "能不",
    "知道",
    "想问",
    "问下",
    "问一",
    "小区",
}
EN_STOP = set(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "it",
        "its",
        "they",
        "them",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "about",
        "into",
        "how",
        "what",
        "where",
        "when",
        "which",
        "who",
        "whom",
        "why",
        "there",
        "here",
        "this",
        "that",
        "these",
        "those",
        "and",
        "or",
        "but",
        "if",
        "not",
        "no",
        "any",
        "some",
        "have",
        "has",
        "had",
        "get",
        "got",
        "please",
        "hi",
        "hello",
        "thanks",
        "thank",
        "just",
        "need",
        "want",
        "know",
        "tell",
        "us",
        "anyone",
    ]
)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def features(text: str) -> Counter[str]:
    """Bag of weighted features: zh bigrams/unigrams, en stems and character trigrams."""
    text = normalise(text)
    bag: Counter[str] = Counter()
    for run in _CJK.findall(text):
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            if pair not in ZH_STOP_BIGRAMS and not (pair[0] in ZH_STOP and pair[1] in ZH_STOP):
                bag["b:" + pair] += 2
        for char in run:
            if char not in ZH_STOP:
                bag["u:" + char] += 0.5  # type: ignore[assignment]
    for word in _WORD.findall(text):
        if word in EN_STOP or (len(word) < 2 and not word.isdigit()):
            continue
        stem = _stem(word)
        bag["w:" + stem] += 2
        padded = f"#{stem}#"
        for i in range(len(padded) - 2):
            bag["t:" + padded[i : i + 3]] += 0.4  # type: ignore[assignment]
    return bag


class FaqIndex:
    """Every current article, indexed once; `search` is cheap enough to run per message."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles = {a.slug: a for a in articles}
        self.docs: dict[str, Counter[str]] = {}
        self.keywords: dict[str, tuple[str, ...]] = {}
        for slug, article in self.articles.items():
            bag: Counter[str] = Counter()
            for lang in ("zh", "en"):
                _add(bag, features(article.title.get(lang, "")), TITLE_WEIGHT)
                _add(bag, features(" . ".join(article.keywords.get(lang, ()))), KEYWORD_WEIGHT)
                _add(bag, features(article.body.get(lang, "")), BODY_WEIGHT)
            self.docs[slug] = bag
            self.keywords[slug] = tuple(
                normalise(k) for words in article.keywords.values() for k in words if len(k) >= 2
            )
        count = len(self.docs) or 1
        self.avg_len = sum(sum(d.values()) for d in self.docs.values()) / count
        df: Counter[str] = Counter()
        for bag in self.docs.values():
            df.update(bag.keys())
        self.idf = {f: math.log(1 + (count - n + 0.5) / (n + 0.5)) for f, n in df.items()}
        self.unseen = math.log(1 + (count + 0.5) / 0.5) * UNSEEN_SHARE

    def score(self, question: str) -> list[Match]:
        """Every article with its normalised score, best first."""
        query = features(question)
        # A word no article uses still counts in what the question is about: an unknown
        # feature weighs like the rarest known one, so "楼上漏水" is not an internet question.
        best = sum(weight * self.idf.get(f, self.unseen) for f, weight in query.items())
        if best <= 0:
            return []
        text = normalise(question)
        matches = []
        for slug, bag in self.docs.items():
            length = sum(bag.values())
            raw = 0.0
            for feature, weight in query.items():
                tf = bag.get(feature, 0)
                if tf:
                    norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg_len))
                    raw += weight * self.idf[feature] * norm / (K1 + 1)
            boost = KEYWORD_BOOST * sum(1 for k in self.keywords[slug] if k in text)
            matches.append(Match(slug, raw / best + min(boost, 3 * KEYWORD_BOOST)))
        return sorted(matches, key=lambda m: (-m.score, m.slug))

    def search(self, question: str, limit: int = 3, threshold: float = THRESHOLD) -> list[Match]:
        """The 0..limit articles worth offering: above the threshold and close to the best."""
        ranked = self.score(question)
        if not ranked or ranked[0].score < threshold:
            return []
        floor = max(threshold, ranked[0].score * RELATIVE)
        return [m for m in ranked[:limit] if m.score >= floor]


def _add(bag: Counter[str], part: Counter[str], weight: float) -> None:
    for feature, count in part.items():
        bag[feature] += count * weight  # type: ignore[assignment]
