"""Build the mirror section from the latest closed survey's report and the period's tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.reports.mirror import (
    MIN_GROUP,
    Mirror,
    MirrorRow,
    mapping_of,
    pick_weakest,
    tickets_for,
)
from bot.domain.surveys.report import Report as SurveyReport
from bot.domain.surveys.results import SUMMARY_DIMENSION

LANGS = ("zh", "en")


def build(survey: SurveyReport, rows: list[tuple[Any, ...]], now: datetime, goal: float) -> Mirror:
    results, anonymous = survey.results, survey.campaign.anonymous
    found = []
    overall = None
    mapping = mapping_of(survey.survey.mirrors)  # the definition's, else the defaults
    for stats in results.dimensions:
        hidden = anonymous and stats.n < MIN_GROUP
        rate = None if hidden else stats.rate
        delta = None if hidden else results.delta(stats.id)[0]
        if stats.id == SUMMARY_DIMENSION:
            overall = rate
            continue
        tickets = tickets_for(stats.id, rows, now, mapping)
        text = survey.survey.dimensions.get(stats.id)
        found.append(
            MirrorRow(
                dimension=stats.id,
                labels={lang: text.get(lang) if text else stats.id for lang in LANGS},
                answers=stats.n,
                rate=rate,
                change=delta,
                tickets=tickets[0] if tickets else None,
                met=tickets[1] if tickets else None,
            )
        )
    return Mirror(
        campaign_id=survey.campaign.id,
        titles={lang: survey.survey.title.get(lang) for lang in LANGS},
        anonymous=anonymous,
        rate=overall,
        rows=tuple(found),
        weakest=pick_weakest(found, goal),
    )
