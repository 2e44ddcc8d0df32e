"""The article file format: Markdown with YAML front matter, or a plain YAML file.

```
---
id: parking-card
template: true
title: {zh: 停车卡怎么办？, en: How do I get a parking card?}
keywords: {zh: [停车卡, 月卡], en: [parking card, monthly pass]}
---
中文正文……
<!-- en -->
English body...
```
The body may also sit in the front matter as `body: {zh: ..., en: ...}`.
"""

from __future__ import annotations

import yaml

from bot.domain.errors import DomainError
from bot.domain.faq.model import LANGS, MAX_BODY, MAX_KEYWORDS, MAX_TITLE, SLUG, Article

EN_MARK = "<!-- en -->"


def parse_article(text: str) -> Article:
    """One article from a file's text; a clear DomainError for anything wrong."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    front, rest = _split(text)
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as error:
        raise DomainError("faq.bad_yaml", error=str(error)[:200]) from None
    if not isinstance(data, dict):
        raise DomainError("faq.bad_file")
    slug = str(data.get("id") or "").strip()
    if not SLUG.fullmatch(slug):
        raise DomainError("faq.bad_id", id=slug[:40])
    title = _per_lang(data.get("title"), "title", MAX_TITLE)
    body = _per_lang(data.get("body"), "body", MAX_BODY) if "body" in data else _body(rest)
    if set(title) != set(LANGS) or set(body) != set(LANGS):
        raise DomainError("faq.need_both", id=slug)
    return Article(
        slug=slug,
        title=title,
        body=body,
        keywords=_keywords(data.get("keywords")),
        template=bool(data.get("template", False)),
    )


def _split(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end < 0:
            raise DomainError("faq.bad_file")
        return text[4:end], text[end + 4 :].lstrip("-").strip("\n")
    return text, ""  # a plain YAML file


def _per_lang(value: object, what: str, limit: int) -> dict[str, str]:
    if not isinstance(value, dict):
        raise DomainError("faq.need_both", id=what)
    result = {}
    for lang in LANGS:
        item = str(value.get(lang) or "").strip()
        if len(item) > limit:
            raise DomainError("faq.too_long", what=what, limit=limit)
        if item:
            result[lang] = item
    return result


def _body(rest: str) -> dict[str, str]:
    zh, _, en = rest.partition(EN_MARK)
    body = {"zh": zh.strip(), "en": en.strip()}
    if any(len(part) > MAX_BODY for part in body.values()):
        raise DomainError("faq.too_long", what="body", limit=MAX_BODY)
    return {lang: part for lang, part in body.items() if part}


def _keywords(value: object) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DomainError("faq.bad_keywords")
    result = {}
    for lang in LANGS:
        items = value.get(lang) or []
        if isinstance(items, str):
            items = [part for part in items.replace("，", ",").split(",")]
        if not isinstance(items, list) or len(items) > MAX_KEYWORDS:
            raise DomainError("faq.bad_keywords")
        words = tuple(str(item).strip()[:40] for item in items if str(item).strip())
        if words:
            result[lang] = words
    return result


def dump_article(article: Article) -> str:
    """The file text that `parse_article` reads back into the same article."""
    front = {
        "id": article.slug,
        "template": article.template,
        "title": dict(article.title),
        "keywords": {lang: list(words) for lang, words in article.keywords.items()},
    }
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n{article.body_in('zh')}\n\n{EN_MARK}\n{article.body_in('en')}\n"
