"""The drill-downs worked out from the period's rows: hotspots by unit and building, missed
targets, the slowest tickets, and the tickets of a weak mirror area."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.errors import DomainError
from bot.domain.reports.drills import WEAK_DRILL, derived_ids
from bot.domain.reports.mirror import chosen, mapping_of
from bot.domain.reports.model import ReportTargets
from bot.domain.surveys.report import Report as SurveyReport
from bot.services.reports.mirror import build as build_mirror


def weak_ids(
    survey: SurveyReport | None,
    rows: list[tuple[Any, ...]],
    now: datetime,
    goal: float,
    index: int | None,
) -> list[int]:
    """The tickets of the weak area at `index` of the mirror's rows (None: of every weak
    area). Only a weak area can be opened: it is never one an anonymous campaign hides."""
    if survey is None:
        return []
    mirror = build_mirror(survey, rows, now, goal)
    if index is None:
        dimensions = [row.dimension for row in mirror.weakest]
    elif 0 <= index < len(mirror.rows) and mirror.rows[index] in mirror.weakest:
        dimensions = [mirror.rows[index].dimension]
    else:
        raise DomainError("error.stale_button")
    mapping = mapping_of(survey.survey.mirrors)
    return sorted({r[13] for d in dimensions for r in chosen(d, rows, mapping)})


def ids(
    drill: str,
    rows: list[tuple[Any, ...]],
    *,
    goals: ReportTargets,
    least: dict[str, int],
    survey: SurveyReport | None,
    now: datetime,
    index: int | None = None,
) -> list[int]:
    if drill == WEAK_DRILL:
        return weak_ids(survey, rows, now, goals.satisfaction, index)
    return derived_ids(drill, rows, goals, least)
