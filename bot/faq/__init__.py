"""The shipped FAQ: default articles (templates to adapt) and the labelled evaluation set."""

from __future__ import annotations

import json
from importlib import resources

from bot.domain.faq.model import Article
from bot.domain.faq.parsing import parse_article


def default_articles() -> list[Article]:
    """bot/faq/default/*.md, parsed, by id."""
    folder = resources.files("bot.faq").joinpath("default")
    texts = [entry.read_text("utf-8") for entry in folder.iterdir() if entry.name.endswith(".md")]
    return sorted((parse_article(text) for text in texts), key=lambda a: a.slug)


def eval_set() -> list[tuple[str, str]]:
    """(question, expected article id or "none") from bot/faq/eval.jsonl."""
    text = resources.files("bot.faq").joinpath("eval.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [(row["q"], row["expected"]) for row in rows]
