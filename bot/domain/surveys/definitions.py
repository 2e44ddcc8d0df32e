"""Survey definitions: questions, conditions, validation with exact locations, navigation.

A definition is plain data (parsed from YAML or JSON elsewhere); `parse_definition` turns it
into a frozen `Survey` or raises `DefinitionError` naming the question and the field. The
format is documented in `bot/surveys/default.yaml`.
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
_ID = re.compile(r"^[a-z][a-z0-9_]{0,23}$")


class QType(StrEnum):
    RATING = "rating"  # 1..5, 非常不满意 … 非常满意; names a service dimension
    NPS = "nps"  # 0..10, likelihood to recommend
    SINGLE = "single"
    MULTI = "multi"  # toggle options, then Done
    YESNO = "yesno"
    TEXT = "text"


SCALES = {QType.RATING: range(1, 6), QType.NPS: range(0, 11)}
OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "includes", "answered")


class DefinitionError(ValueError):
    """An invalid definition: `code` is a catalog suffix, `question` the 1-based position (or
    None for top-level fields), `qid` its id when known, `field` the offending field path."""

    def __init__(
        self,
        code: str,
        field: str,
        question: int | None = None,
        qid: str | None = None,
        **params: Any,
    ) -> None:
        self.code, self.field, self.question, self.qid, self.params = (
            code,
            field,
            question,
            qid,
            params,
        )
        where = f"question {question} ({qid or '?'}), " if question else ""
        super().__init__(f"{where}field '{field}': {code} {params or ''}".strip())


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
            return (got in self.value) == (self.op == "in")
        if self.op == "==":
            return got == self.value
        if self.op == "!=":
            return got != self.value
        if not isinstance(got, int) or isinstance(got, bool):
            return False
        return {
            "<": got < self.value,
            "<=": got <= self.value,
            ">": got > self.value,
            ">=": got >= self.value,
        }[self.op]

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
            if value not in {o.id for o in self.options}:
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
            "dimensions": {k: v.as_dict() for k, v in self.dimensions.items()},
            "questions": [q.as_dict() for q in self.questions],
        }

    def canonical(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)


# ---- parsing and validation -----------------------------------------------------------------

_TOP = {"format", "id", "version", "title", "intro", "dimensions", "questions"}
_QFIELDS = {"id", "type", "text", "required", "dimension", "options", "show_if"}


def _text(value: Any, field_name: str, pos: int | None = None, qid: str | None = None) -> Text:
    if not isinstance(value, dict):  # both languages, always: {zh: …, en: …}
        raise DefinitionError("need_text", field_name, pos, qid)
    for lang in LANGS:
        item = value.get(lang)
        if not isinstance(item, str) or not item.strip():
            raise DefinitionError("need_lang", f"{field_name}.{lang}", pos, qid, lang=lang)
        if len(item) > MAX_TEXT:
            raise DefinitionError("too_long", f"{field_name}.{lang}", pos, qid, limit=MAX_TEXT)
    extra = set(value) - set(LANGS)
    if extra:
        raise DefinitionError("unknown_field", f"{field_name}.{sorted(extra)[0]}", pos, qid)
    return Text(value["zh"].strip(), value["en"].strip())


def _ident(value: Any, field_name: str, pos: int | None = None, qid: str | None = None) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise DefinitionError("bad_id", field_name, pos, qid, value=str(value)[:30])
    return value


def _options(raw: Any, pos: int, qid: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_OPTIONS:
        raise DefinitionError("options_count", "options", pos, qid, max=MAX_OPTIONS)
    options, seen = [], set()
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise DefinitionError("need_mapping", f"options[{n}]", pos, qid)
        extra = set(item) - {"id", "text"}
        if extra:
            raise DefinitionError("unknown_field", f"options[{n}].{sorted(extra)[0]}", pos, qid)
        oid = _ident(item.get("id"), f"options[{n}].id", pos, qid)
        if oid in seen:
            raise DefinitionError("duplicate_id", f"options[{n}].id", pos, qid, value=oid)
        seen.add(oid)
        options.append(Option(oid, _text(item.get("text"), f"options[{n}].text", pos, qid)))
    return tuple(options)


def _condition_value(ref: Question, op: str, value: Any, where: str, pos: int, qid: str) -> Any:
    def fail() -> DefinitionError:
        return DefinitionError("bad_condition_value", where, pos, qid, ref=ref.id, op=op)

    if op == "answered":
        return None
    if op == "includes":
        if ref.type is not QType.MULTI or value not in {o.id for o in ref.options}:
            raise fail()
        return value
    if ref.type is QType.MULTI or ref.type is QType.TEXT:
        raise fail()  # only "answered" / "includes" make sense for these
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise fail()
        return [_condition_value(ref, "==", v, where, pos, qid) for v in value]
    if op in ("<", "<=", ">", ">=") and ref.type not in SCALES:
        raise fail()
    try:
        return ref.check(value)
    except AnswerError:
        raise fail() from None


def _conditions(raw: Any, earlier: dict[str, Question], pos: int, qid: str) -> tuple:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for n, item in enumerate(items, 1):
        where = f"show_if[{n}]" if isinstance(raw, list) else "show_if"
        if not isinstance(item, dict):
            raise DefinitionError("need_mapping", where, pos, qid)
        extra = set(item) - {"question", "op", "value"}
        if extra:
            raise DefinitionError("unknown_field", f"{where}.{sorted(extra)[0]}", pos, qid)
        ref_id = item.get("question")
        if ref_id not in earlier:
            raise DefinitionError("bad_condition_ref", f"{where}.question", pos, qid, ref=ref_id)
        op = item.get("op", "==")
        if op not in OPS:
            raise DefinitionError("bad_condition_op", f"{where}.op", pos, qid, ops=", ".join(OPS))
        value = _condition_value(earlier[ref_id], op, item.get("value"), f"{where}.value", pos, qid)
        out.append(Condition(ref_id, op, value))
    return tuple(out)


def _question(raw: Any, pos: int, earlier: dict[str, Question], dims: dict) -> Question:
    if not isinstance(raw, dict):
        raise DefinitionError("need_mapping", "questions", pos)
    qid = raw.get("id") if isinstance(raw.get("id"), str) else None
    extra = set(raw) - _QFIELDS
    if extra:
        raise DefinitionError("unknown_field", sorted(extra)[0], pos, qid)
    qid = _ident(raw.get("id"), "id", pos, qid)
    if qid in earlier:
        raise DefinitionError("duplicate_id", "id", pos, qid, value=qid)
    try:
        qtype = QType(raw.get("type"))
    except ValueError:
        raise DefinitionError(
            "bad_type", "type", pos, qid, types=", ".join(t.value for t in QType)
        ) from None
    required = raw.get("required", True)
    if not isinstance(required, bool):
        raise DefinitionError("need_bool", "required", pos, qid)
    dimension = raw.get("dimension")
    if qtype is QType.RATING:
        if dimension is None:
            raise DefinitionError("need_dimension", "dimension", pos, qid)
        if dimension not in dims:
            raise DefinitionError("unknown_dimension", "dimension", pos, qid, value=str(dimension))
    elif dimension is not None:
        raise DefinitionError("dimension_only_rating", "dimension", pos, qid)
    options: tuple[Option, ...] = ()
    if qtype in (QType.SINGLE, QType.MULTI):
        options = _options(raw.get("options"), pos, qid)
    elif "options" in raw:
        raise DefinitionError("options_only_choice", "options", pos, qid)
    show_if = _conditions(raw["show_if"], earlier, pos, qid) if "show_if" in raw else ()
    return Question(
        qid, qtype, _text(raw.get("text"), "text", pos, qid), required, dimension, options, show_if
    )


def parse_definition(data: Any) -> Survey:
    """Validate a definition (already parsed from YAML/JSON); DefinitionError says where."""
    if not isinstance(data, dict):
        raise DefinitionError("need_mapping", "(top)")
    extra = set(data) - _TOP
    if extra:
        raise DefinitionError("unknown_field", sorted(extra)[0])
    if data.get("format", FORMAT) != FORMAT:
        raise DefinitionError("bad_format", "format", format=FORMAT)
    key = _ident(data.get("id"), "id")
    title = _text(data.get("title"), "title")
    intro = _text(data.get("intro"), "intro")
    raw_dims = data.get("dimensions") or {}
    if not isinstance(raw_dims, dict):
        raise DefinitionError("need_mapping", "dimensions")
    dims = {_ident(k, f"dimensions.{k}"): _text(v, f"dimensions.{k}") for k, v in raw_dims.items()}
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise DefinitionError("no_questions", "questions")
    if len(raw_questions) > MAX_QUESTIONS:
        raise DefinitionError("too_many", "questions", limit=MAX_QUESTIONS)
    earlier: dict[str, Question] = {}
    for pos, raw in enumerate(raw_questions, 1):
        question = _question(raw, pos, earlier, dims)
        earlier[question.id] = question
    used = {q.dimension for q in earlier.values() if q.dimension}
    unused = [d for d in dims if d not in used]
    if unused:
        raise DefinitionError("unused_dimension", f"dimensions.{unused[0]}")
    return Survey(key, title, intro, tuple(earlier.values()), dims)


def survey_from_json(text: str) -> Survey:
    """A stored (canonical) definition back into a Survey."""
    return parse_definition(json.loads(text))


@dataclass(frozen=True)
class StoredSurvey:
    """One version of a definition as stored; campaigns point at exactly one."""

    id: int
    version: int
    survey: Survey

    @property
    def key(self) -> str:
        return self.survey.key
