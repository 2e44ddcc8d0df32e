"""Where a resident is in a survey: the question on screen (or the submit screen) and what
was just recorded. Plain values the answering service returns and the handlers show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.surveys.campaigns import Campaign
from bot.domain.surveys.definitions import Question, Survey


@dataclass(frozen=True)
class Step:
    """What the resident sees next: a question (`index` < len) or the submit screen."""

    campaign: Campaign
    survey: Survey
    index: int
    answers: dict[str, Any]

    @property
    def question(self) -> Question | None:
        return (
            self.survey.questions[self.index] if self.index < len(self.survey.questions) else None
        )

    @property
    def progress(self) -> tuple[int, int]:
        return self.survey.progress(self.index, self.answers)

    @property
    def total(self) -> str:
        """How many questions in all: "12", or "10–12" while later answers decide."""
        low, high = self.survey.span(self.index, self.answers)
        position = self.progress[0]
        low, high = max(low, position), max(high, position)
        return str(low) if low == high else f"{low}–{high}"

    @property
    def can_go_back(self) -> bool:
        return self.survey.previous_index(self.index, self.answers) is not None


@dataclass(frozen=True)
class Answered:
    """An answer was recorded for `question`; `step` is what comes next."""

    question: Question
    value: Any  # None: skipped
    position: tuple[int, int]
    step: Step
