"""How survey numbers, answers and times read in a report: shared by every renderer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from bot.domain.surveys.campaigns import Campaign
from bot.domain.surveys.definitions import QType, Question
from bot.i18n import Translator


def fmt(value: float | None, suffix: str = "", signed: bool = False, digits: int = 1) -> str:
    """66.7 -> "66.7%", 100.0 -> "100%", None -> "—"; `signed` for changes (+2.5)."""
    if value is None:
        return "—"
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + suffix


def local(moment: datetime, tz: tzinfo) -> str:
    """A UTC moment as the estate's wall-clock time, to the minute."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def answer_label(t: Translator, question: Question, value: Any, lang: str) -> str:
    """An answer as a resident would read it: "4 满意", "是", the option's text; None: skipped."""
    if value is None:
        return t.t(lang, "survey.skipped")
    if question.type is QType.RATING:
        return f"{value} {t.t(lang, f'survey.rating_{value}')}"
    if question.type is QType.YESNO:
        return t.t(lang, "survey.yes" if value else "survey.no")
    if question.type is QType.SINGLE:
        return question.options[question.option_index(value)].text.get(lang)
    if question.type is QType.MULTI:
        return list_separator(lang).join(
            question.options[question.option_index(v)].text.get(lang) for v in value
        )
    return str(value)


def value_label(t: Translator, question: Question, key: Any, lang: str) -> str:
    """A key of an answer distribution: option text, yes/no, or the score itself."""
    if question.type in (QType.SINGLE, QType.MULTI):
        return question.options[question.option_index(key)].text.get(lang)
    if question.type is QType.YESNO:
        return t.t(lang, "survey.yes" if key else "survey.no")
    return str(key)


def list_separator(lang: str | None) -> str:
    """ "、" between items in Chinese, ", " in English."""
    return ", " if lang == "en" else "、"


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters; a cut text ends with "…"."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def campaign_line(
    translator: Translator, lang: str | None, campaign: Campaign, local: Callable[[datetime], str]
) -> str:
    """One campaign in a list (chat or command line): id, survey, status and dates."""
    return translator.t(
        lang,
        "survey.list_line",
        id=campaign.id,
        survey=campaign.survey_key,
        version=campaign.version,
        status=translator.t(lang, f"survey.status_{campaign.status.value}"),
        starts=local(campaign.starts_at),
        deadline=local(campaign.deadline_at),
    )
