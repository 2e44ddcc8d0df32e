"""Survey results from submitted responses: pure arithmetic, exact counts, rounding at the end.

Definitions (documented in the README):
- response rate = submitted responses / invitations;
- a dimension's satisfaction rate = share of its 1–5 ratings that are 4 or 5;
- CSAT index (满意度指数, 0–100) = mean rating × 20, i.e. 非常满意 100, 满意 80, 一般 60,
  不满意 40, 非常不满意 20;
- NPS = % promoters (9–10) − % detractors (0–6), in points from −100 to 100;
- the weakest dimensions are the three lowest satisfaction rates (then lowest mean), the
  summary dimension `overall` and dimensions everyone rated 4–5 excluded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from bot.domain.surveys.definitions import QType, Survey

SUMMARY_DIMENSION = "overall"


def pct(part: int, whole: int) -> float | None:
    """Percentage with one decimal (half away from zero on exact halves); None when empty."""
    if whole == 0:
        return None
    tenths = (2000 * abs(part) + whole) // (2 * whole)
    return (tenths if part >= 0 else -tenths) / 10


def ratio(total: int, n: int, digits: int = 2) -> float | None:
    """total / n rounded half-up to `digits` decimals, computed on integers (no float drift)."""
    if n == 0:
        return None
    scale = 10**digits
    return ((2 * total * scale + n) // (2 * n)) / scale


@dataclass(frozen=True)
class BuildingRate:
    building: str
    invited: int
    responded: int

    @property
    def rate(self) -> float | None:
        return pct(self.responded, self.invited)


@dataclass(frozen=True)
class QuestionStats:
    id: str
    type: QType
    shown: int  # submitted responses in which the question was shown
    answered: int
    distribution: dict[Any, int]  # value (score, option id, True/False) -> count, in order
    mean: float | None = None
    comments: tuple[str, ...] = ()

    @property
    def skipped(self) -> int:
        return self.shown - self.answered


@dataclass(frozen=True)
class DimensionStats:
    id: str
    n: int
    satisfied: int
    total: int  # sum of ratings

    @property
    def rate(self) -> float | None:
        return pct(self.satisfied, self.n)

    @property
    def mean(self) -> float | None:
        return ratio(self.total, self.n)

    @property
    def csat(self) -> float | None:
        return ratio(self.total * 20, self.n, 1)


@dataclass(frozen=True)
class NpsStats:
    n: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> float | None:
        return pct(self.promoters - self.detractors, self.n)


@dataclass(frozen=True)
class Results:
    invited: int
    responded: int
    buildings: tuple[BuildingRate, ...]
    questions: tuple[QuestionStats, ...]
    dimensions: tuple[DimensionStats, ...]
    nps: NpsStats
    weakest: tuple[str, ...]
    comments: tuple[tuple[str, str], ...]  # (question id, text)
    previous: Results | None = field(default=None, repr=False)

    @property
    def rate(self) -> float | None:
        return pct(self.responded, self.invited)

    def dimension(self, key: str) -> DimensionStats | None:
        return next((d for d in self.dimensions if d.id == key), None)

    def delta(self, key: str) -> tuple[float | None, float | None]:
        """(satisfaction rate points, mean) change against the previous campaign."""
        now = self.dimension(key)
        before = self.previous.dimension(key) if self.previous else None
        if now is None or before is None or not now.n or not before.n:
            return None, None
        return _diff(now.rate, before.rate, 1), _diff(now.mean, before.mean, 2)

    @property
    def nps_delta(self) -> float | None:
        return _diff(self.nps.score, self.previous.nps.score if self.previous else None, 1)

    @property
    def rate_delta(self) -> float | None:
        return _diff(self.rate, self.previous.rate if self.previous else None, 1)


def _diff(a: float | None, b: float | None, digits: int) -> float | None:
    return None if a is None or b is None else round(a - b, digits)


def _distribution(question, values: list[Any]) -> dict[Any, int]:
    counts = Counter()
    for value in values:
        for item in value if question.type is QType.MULTI else [value]:
            counts[item] += 1
    if question.type in (QType.RATING, QType.NPS):
        keys: list[Any] = list(range(1, 6) if question.type is QType.RATING else range(0, 11))
    elif question.type is QType.YESNO:
        keys = [True, False]
    elif question.type in (QType.SINGLE, QType.MULTI):
        keys = [o.id for o in question.options]
    else:
        return {}
    return {key: counts.get(key, 0) for key in keys}


def compute(
    survey: Survey,
    responses: list[dict[str, Any]],
    invitations: list[tuple[str | None, bool]],
    previous: Results | None = None,
) -> Results:
    """`responses`: answers of each submitted response; `invitations`: (building, submitted)."""
    kept = [survey.kept_answers(r) for r in responses]
    questions, comments = [], []
    dims: dict[str, list[int]] = {d: [] for d in survey.dimension_order}
    nps_values: list[int] = []
    for q in survey.questions:
        shown = sum(1 for answers in kept if q.visible(answers))
        values = [answers[q.id] for answers in kept if q.id in answers]
        mean = ratio(sum(values), len(values)) if q.type in (QType.RATING, QType.NPS) else None
        texts = tuple(values) if q.type is QType.TEXT else ()
        comments.extend((q.id, text) for text in texts)
        questions.append(
            QuestionStats(q.id, q.type, shown, len(values), _distribution(q, values), mean, texts)
        )
        if q.type is QType.RATING:
            dims[q.dimension].extend(values)
        elif q.type is QType.NPS:
            nps_values.extend(values)
    dim_stats = tuple(
        DimensionStats(key, len(v), sum(1 for x in v if x >= 4), sum(v)) for key, v in dims.items()
    )
    ranked = sorted(
        (d for d in dim_stats if d.n and d.satisfied < d.n and d.id != SUMMARY_DIMENSION),
        key=lambda d: (Fraction(d.satisfied, d.n), Fraction(d.total, d.n), d.id),
    )
    per_building: dict[str, list[int]] = {}
    for building, submitted in invitations:
        entry = per_building.setdefault(building or "—", [0, 0])
        entry[0] += 1
        entry[1] += int(submitted)
    nps = NpsStats(
        len(nps_values),
        sum(1 for v in nps_values if v >= 9),
        sum(1 for v in nps_values if 7 <= v <= 8),
        sum(1 for v in nps_values if v <= 6),
    )
    return Results(
        invited=len(invitations),
        responded=sum(1 for _, submitted in invitations if submitted),
        buildings=tuple(
            BuildingRate(b, i, r) for b, (i, r) in sorted(per_building.items(), key=_building_key)
        ),
        questions=tuple(questions),
        dimensions=dim_stats,
        nps=nps,
        weakest=tuple(d.id for d in ranked[:3]),
        comments=tuple(comments),
        previous=previous,
    )


def _building_key(item: tuple[str, Any]) -> tuple:
    name = item[0]
    return (0, int(name), name) if name.isdigit() else (1, 0, name)


def as_json(survey: Survey, results: Results) -> dict[str, Any]:
    """The machine-readable form (CLI --format json); text and charts read the same numbers."""

    def dim(d: DimensionStats) -> dict[str, Any]:
        delta_rate, delta_mean = results.delta(d.id)
        return {
            "id": d.id,
            "label": survey.dimensions[d.id].as_dict(),
            "n": d.n,
            "satisfied": d.satisfied,
            "satisfaction_rate": d.rate,
            "mean": d.mean,
            "csat": d.csat,
            "change_rate_points": delta_rate,
            "change_mean": delta_mean,
        }

    def question(s: QuestionStats) -> dict[str, Any]:
        return {
            "id": s.id,
            "type": s.type.value,
            "shown": s.shown,
            "answered": s.answered,
            "skipped": s.skipped,
            "distribution": {str(k).lower(): v for k, v in s.distribution.items()},
            "mean": s.mean,
        }

    return {
        "invited": results.invited,
        "responded": results.responded,
        "response_rate": results.rate,
        "response_rate_change": results.rate_delta,
        "buildings": [
            {"building": b.building, "invited": b.invited, "responded": b.responded, "rate": b.rate}
            for b in results.buildings
        ],
        "dimensions": [dim(d) for d in results.dimensions],
        "nps": {
            "n": results.nps.n,
            "promoters": results.nps.promoters,
            "passives": results.nps.passives,
            "detractors": results.nps.detractors,
            "score": results.nps.score,
            "change": results.nps_delta,
        },
        "weakest": list(results.weakest),
        "questions": [question(s) for s in results.questions],
        "comments": [{"question": q, "text": t} for q, t in results.comments],
    }
