"""zh / en message catalogs (flat JSON, `str.format` placeholders).

Every parameter is HTML-escaped when rendered, because replies go out with
parse_mode=HTML and parameters are where user-typed text enters a message.
Pass `Raw(...)` only for fragments that were built from the catalog itself.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from string import Formatter
from typing import Any

LANGUAGES = ("zh", "en")


class Raw(str):
    """Already-safe HTML (built from catalog text); not escaped again."""


def load_catalog(language: str) -> dict[str, str]:
    """`zh.json` plus any per-feature part such as `zh.notices.json`; a key may live in one file only."""
    folder = resources.files("bot.i18n")
    parts = sorted(
        (
            entry
            for entry in folder.iterdir()
            if entry.name == f"{language}.json"
            or (entry.name.startswith(f"{language}.") and entry.name.endswith(".json"))
        ),
        key=lambda entry: entry.name,
    )
    catalog: dict[str, str] = {}
    for part in parts:
        entries = json.loads(part.read_text("utf-8"))
        clash = catalog.keys() & entries.keys()
        if clash:
            raise ValueError(f"catalog keys defined twice ({part.name}): {sorted(clash)[:5]}")
        catalog.update(entries)
    return catalog


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def normalise_language(code: str | None) -> str | None:
    """Map Telegram's language_code ("zh-hans", "en-US") to a catalog we have."""
    if not code:
        return None
    base = code.lower().split("-")[0].split("_")[0]
    return base if base in LANGUAGES else None


class Translator:
    def __init__(self, default: str = "zh") -> None:
        self.default = default
        self.catalogs = {lang: load_catalog(lang) for lang in LANGUAGES}

    def t(self, language: str | None, key: str, /, **params: Any) -> str:
        catalog = self.catalogs.get(language or self.default) or self.catalogs[self.default]
        template = catalog.get(key) or self.catalogs[self.default].get(key)
        if template is None:
            raise KeyError(f"missing catalog key {key!r}")
        safe = {name: self._escape(value) for name, value in params.items()}
        return template.format(**safe)

    def language_for(self, chosen: str | None, telegram_code: str | None = None) -> str:
        """Profile choice, then Telegram's language_code, then the estate's default."""
        return (
            (chosen if chosen in LANGUAGES else None)
            or normalise_language(telegram_code)
            or self.default
        )

    @staticmethod
    def _escape(value: Any) -> str:
        if isinstance(value, Raw):
            return str(value)
        return html.escape(str(value), quote=False)
