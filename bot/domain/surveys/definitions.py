"""Survey definitions: questions, conditions, answers' canonical forms, navigation.

A definition is plain data (parsed from YAML or JSON elsewhere); `parse_definition`
(bot/domain/surveys/parsing.py) turns it into a frozen `Survey` or raises `DefinitionError`
naming the question and the field. The format is documented in `bot/surveys/default.yaml`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

LANGS = ("zh", "en")
MAX_QUESTIONS = 60
MAX_OPTIONS = 10
MAX_TEXT = 300
MAX_ANSWER = 1000
FORMAT = 1
OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "includes", "answered")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,23}$")


class QType(StrEnum):
    RATING = "rating"  # 1..5, 非常不满意 … 非常满意; names a service dimension
    NPS = "nps"  # 0..10, likelihood to recommend
    SINGLE = "single"
    MULTI = "multi"  # toggle options, then Done
    YESNO = "yesno"
    TEXT = "text"


SCALES = {QType.RATING: range(1, 6), QType.NPS: range(0, 11)}


class DefinitionError(ValueError):
    """An invalid definition: `code` is a catalog suffix, `question` the 1-based position (or
    None for top-level fields), `qid` its id when known, `field` the offending field path,
    `at` the (line, column) in the file, 1-based, when the data came from a file."""

    def __init__(
        self,
        code: str,
        field: str,
        question: int | None = None,
        qid: str | None = None,
        *,
        at: tuple[int, int] | None = None,
        **params: Any,
    ) -> None:
        self.code, self.field, self.question, self.qid, self.params = (
            code,
            field,
            question,
            qid,
            params,
        )
        self.at = at
        where = f"question {question} ({qid or '?'}), " if question else ""
        place = f"{at[0]}:{at[1]}: " if at else ""
        super().__init__(f"{place}{where}field '{field}': {code} {params or ''}".strip())


class DefinitionErrors(DefinitionError):
    """Every problem found in one definition (`errors`, in file order); the exception itself
    carries the first one's fields, so a caller interested in one problem needs nothing else."""

    def __init__(self, errors: list[DefinitionError]) -> None:
        first = errors[0]
        super().__init__(
            first.code, first.field, first.question, first.qid, at=first.at, **first.params
        )
        self.errors = tuple(errors)


class AnswerError(ValueError):
    """A value that is not a valid answer to the question (forged or stale input)."""


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: str | None) -> str:
        return self.en if lang == "en" else self.zh

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Option:
    id: str
    text: Text


@dataclass(frozen=True)
class Condition:
    question: str
    op: str
    value: Any = None

    def holds(self, answers: dict[str, Any]) -> bool:
        if self.question not in answers:
            return False  # skipped or not shown: no follow-up
        got = answers[self.question]
        if self.op == "answered":
            return True
        if self.op == "includes":
            return isinstance(got, list) and self.value in got
        if self.op in ("in", "not_in"):
            return bool(got in self.value) == (self.op == "in")
        if self.op == "==":
            return bool(got == self.value)
        if self.op == "!=":
            return bool(got != self.value)
        if not isinstance(got, int) or isinstance(got, bool):
            return False
        compared: dict[str, bool] = {
            "<": got < self.value,
            "<=": got <= self.value,
            ">": got > self.value,
            ">=": got >= self.value,
        }
        return compared[self.op]

    def as_dict(self) -> dict[str, Any]:
        out = {"question": self.question, "op": self.op}
        if self.op != "answered":
            out["value"] = self.value
        return out


@dataclass(frozen=True)
class Question:
    id: str
    type: QType
    text: Text
    required: bool = True
    dimension: str | None = None
    options: tuple[Option, ...] = ()
    show_if: tuple[Condition, ...] = ()

    def visible(self, answers: dict[str, Any]) -> bool:
        return all(c.holds(answers) for c in self.show_if)

    def option_index(self, option_id: str) -> int:
        return next(i for i, o in enumerate(self.options) if o.id == option_id)

    def check(self, value: Any) -> Any:
        """The canonical stored form of an answer, or AnswerError."""
        if self.type in SCALES:
            if isinstance(value, bool) or not isinstance(value, int):
                raise AnswerError(self.id)
            if value not in SCALES[self.type]:
                raise AnswerError(self.id)
            return value
        if self.type is QType.YESNO:
            if not isinstance(value, bool):
                raise AnswerError(self.id)
            return value
        if self.type is QType.SINGLE:
            if not isinstance(value, str) or value not in {o.id for o in self.options}:
                raise AnswerError(self.id)
            return value
        if self.type is QType.MULTI:
            ids = [o.id for o in self.options]
            if not isinstance(value, list) or not value or any(v not in ids for v in value):
                raise AnswerError(self.id)
            return [i for i in ids if i in value]  # option order, no duplicates
        text = str(value).strip() if isinstance(value, str) else ""
        if not text:
            raise AnswerError(self.id)
        return text[:MAX_ANSWER]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type.value, "text": self.text.as_dict()}
        if not self.required:
            out["required"] = False
        if self.dimension:
            out["dimension"] = self.dimension
        if self.options:
            out["options"] = [{"id": o.id, "text": o.text.as_dict()} for o in self.options]
        if self.show_if:
            out["show_if"] = [c.as_dict() for c in self.show_if]
        return out


@dataclass(frozen=True)
class Survey:
    key: str
    title: Text
    intro: Text
    questions: tuple[Question, ...]
    dimensions: dict[str, Text] = field(default_factory=dict)
    # dimension -> (ticket kinds, categories) its report mirror shows (None: any; (): none)
    mirrors: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = field(
        default_factory=dict
    )

    @property
    def dimension_order(self) -> list[str]:
        """Dimensions in the order their first rating question is asked."""
        seen: list[str] = []
        for q in self.questions:
            if q.dimension and q.dimension not in seen:
                seen.append(q.dimension)
        return seen

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)

    def visible(self, index: int, answers: dict[str, Any]) -> bool:
        return self.questions[index].visible(answers)

    def next_index(self, after: int, answers: dict[str, Any]) -> int:
        """The first visible question after `after` (-1 = from the start); len() = the end."""
        for index in range(after + 1, len(self.questions)):
            if self.visible(index, answers):
                return index
        return len(self.questions)

    def previous_index(self, before: int, answers: dict[str, Any]) -> int | None:
        for index in range(min(before, len(self.questions)) - 1, -1, -1):
            if self.visible(index, answers):
                return index
        return None

    def progress(self, index: int, answers: dict[str, Any]) -> tuple[int, int]:
        """(position, total) among the questions visible with the answers so far, 1-based."""
        shown = [i for i in range(len(self.questions)) if self.visible(i, answers)]
        position = sum(1 for i in shown if i <= index)
        return position, max(len(shown), position)

    def span(self, index: int, answers: dict[str, Any]) -> tuple[int, int]:
        """(fewest, most) questions this resident sees in all, standing at `index` (-1:
        before the first): a question whose condition looks at an answer not given yet
        (and not passed) may or may not come, so it counts only towards the most."""
        where = {q.id: i for i, q in enumerate(self.questions)}
        low = high = 0
        for i, q in enumerate(self.questions):
            decided = i <= index or all(
                c.question in answers or where.get(c.question, -1) < index for c in q.show_if
            )
            if not decided:
                high += 1
            elif q.visible(answers):
                low, high = low + 1, high + 1
        return low, high

    def kept_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Answers to questions still shown (a changed answer can hide a follow-up)."""
        kept: dict[str, Any] = {}
        for q in self.questions:  # conditions only look back, so one pass in order is exact
            if q.id in answers and q.visible(kept):
                kept[q.id] = answers[q.id]
        return kept

    def missing_required(self, answers: dict[str, Any]) -> list[str]:
        kept = self.kept_answers(answers)
        return [q.id for q in self.questions if q.required and q.visible(kept) and q.id not in kept]

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "id": self.key,
            "title": self.title.as_dict(),
            "intro": self.intro.as_dict(),
            "dimensions": {k: self._dimension_dict(k, v) for k, v in self.dimensions.items()},
            "questions": [q.as_dict() for q in self.questions],
        }

    def _dimension_dict(self, key: str, text: Text) -> dict[str, Any]:
        if key not in self.mirrors:
            return text.as_dict()
        kinds, categories = self.mirrors[key]
        mirror = {
            **({"kinds": list(kinds)} if kinds is not None else {}),
            **({"categories": list(categories)} if categories is not None else {}),
        }
        return {**text.as_dict(), "mirror": mirror}

    def canonical(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class StoredSurvey:
    """One version of a definition as stored; campaigns point at exactly one."""

    id: int
    version: int
    survey: Survey

    @property
    def key(self) -> str:
        return self.survey.key
