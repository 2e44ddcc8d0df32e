"""Survey definitions from plain data (YAML or JSON, already parsed): validation that names
the question and the field of every mistake, then a frozen `Survey`."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.domain.surveys.definitions import (
    FORMAT,
    SCALES,
    AnswerError,
    Condition,
    DefinitionError,
    Option,
    QType,
    Question,
    Survey,
    Text,
)

LANGS = ("zh", "en")
MAX_QUESTIONS = 60
MAX_OPTIONS = 10
MAX_TEXT = 300
OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "includes", "answered")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,23}$")

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
