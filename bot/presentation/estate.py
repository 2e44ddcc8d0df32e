"""The estate's name as residents see it: ESTATE_NAME, or a plain default in their language
(never the software's name)."""

from __future__ import annotations

from bot.i18n import Translator


def estate_label(t: Translator, lang: str | None, name: str, *, welcome: bool = False) -> str:
    if name:
        return name
    return t.t(lang, "estate.welcome_default" if welcome else "estate.default")
