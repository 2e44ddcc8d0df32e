"""A refused definition file as a manager reads it: every problem on its own line (line and
column, question, field, reason) in their language, split into messages under Telegram's limit.
The chat handler and the CLI show the same list."""

from __future__ import annotations

import html

from bot.i18n import Translator
from bot.services.surveys.definitions import InvalidDefinition, explain

MAX_REPORTED = 40  # problems listed; the rest are counted
MESSAGE_UNITS = 3500  # UTF-16 units per message: under Telegram's 4096 even after escaping


def problem_lines(
    translator: Translator, invalid: InvalidDefinition, lang: str | None
) -> list[str]:
    """The header, one line per problem (the first MAX_REPORTED), then how many more."""
    errors, t = invalid.errors, translator.t
    lines = [html.unescape(t(lang, "survey.invalid", count=len(errors)))]
    lines += [f"• {explain(translator, error, lang)}" for error in errors[:MAX_REPORTED]]
    if len(errors) > MAX_REPORTED:
        more = t(lang, "survey.invalid_more", count=len(errors) - MAX_REPORTED)
        lines.append(html.unescape(more))
    return lines


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_messages(lines: list[str], limit: int = MESSAGE_UNITS) -> list[str]:
    """Whole lines packed into messages of at most `limit` UTF-16 units (a longer line is cut)."""
    messages: list[str] = []
    current = ""
    for line in lines:
        while _units(line) > limit:
            line = line[: len(line) // 2] + "…"
        candidate = f"{current}\n{line}" if current else line
        if _units(candidate) > limit:
            messages.append(current)
            candidate = line
        current = candidate
    if current:
        messages.append(current)
    return messages


def refusal(translator: Translator, invalid: InvalidDefinition, lang: str | None) -> list[str]:
    """Plain-text messages saying why the file was refused, all problems at once."""
    return split_messages(problem_lines(translator, invalid, lang))
