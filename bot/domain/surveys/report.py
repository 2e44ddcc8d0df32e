"""What the survey service hands to whoever shows results: plain, frozen result objects.

`Report` carries a campaign's numbers (and the campaign they are compared with);
`ResponseExport` adds its submitted responses, one `ResponseRow` each. An anonymous
campaign's rows carry no respondent and no time, only the answers. Renderers (text, JSON,
CSV, XLSX, PNG) live in bot/presentation/surveys and only read these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.surveys.campaigns import Campaign
from bot.domain.surveys.definitions import Survey
from bot.domain.surveys.results import Results


@dataclass(frozen=True)
class Report:
    campaign: Campaign
    survey: Survey
    results: Results
    previous: Campaign | None


@dataclass(frozen=True)
class Respondent:
    """Who answered (never filled in for an anonymous campaign); "" when no longer known."""

    resident_id: int | None
    name: str = ""
    home: str = ""
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class ResponseRow:
    number: int  # 1-based, in submission order
    answers: dict[str, Any]
    respondent: Respondent | None = None


@dataclass(frozen=True)
class ResponseExport:
    report: Report
    rows: tuple[ResponseRow, ...]

    @property
    def anonymous(self) -> bool:
        return self.report.campaign.anonymous
