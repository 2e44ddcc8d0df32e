"""Checking a survey definition: every problem at once, each saying where it is.

The input is plain data: from a file (`survey_files`, whose containers know the line and column
of every item), or a stored canonical definition. No value is trusted: its type is checked
before it is compared, hashed or stored, so a wrong type is a problem to report, never a crash.
"""

from __future__ import annotations

from typing import Any

from bot.domain.surveys.conditions import conditions
from bot.domain.surveys.definitions import (
    _ID,
    FORMAT,
    LANGS,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MAX_TEXT,
    DefinitionErrors,
    Option,
    QType,
    Question,
    Survey,
    Text,
)
from bot.domain.surveys.marks import Scope, shown
from bot.domain.surveys.mirrors import MirrorSpec, check_mirror

_TOP = ("format", "id", "version", "title", "intro", "dimensions", "questions")
_NO_TEXT = Text("", "")  # a question's shape is known even when its text is not
_QFIELDS = ("id", "type", "text", "required", "dimension", "options", "show_if")


def _text(
    scope: Scope, box: dict[str, Any], key: str, where: str, extra: tuple[str, ...] = ()
) -> Text | None:
    value = box.get(key)
    if not isinstance(value, dict):  # both languages, always: {zh: …, en: …}
        scope.fail("need_text", where, box, key)
        return None
    ok = scope.unknown_keys(value, LANGS + extra, f"{where}.")
    for lang in LANGS:
        item = value.get(lang)
        if item is not None and not isinstance(item, str):
            scope.fail("need_string", f"{where}.{lang}", value, lang, value=shown(item))
        elif item is None or not item.strip():
            scope.fail("need_lang", f"{where}.{lang}", value, lang, lang=lang)
        elif len(item) > MAX_TEXT:
            scope.fail("too_long", f"{where}.{lang}", value, lang, limit=MAX_TEXT)
        else:
            continue
        ok = False
    return Text(value["zh"].strip(), value["en"].strip()) if ok else None


def _ident(
    scope: Scope, value: Any, where: str, box: Any, key: Any, on_key: bool = False
) -> str | None:
    if isinstance(value, str) and _ID.fullmatch(value):  # (match would allow a final newline)
        return value
    scope.fail("bad_id", where, box, key, on_key=on_key, value=shown(value, 30))
    return None


def _top(scope: Scope, data: dict[str, Any]) -> None:
    scope.unknown_keys(data, _TOP)
    if "format" in data:
        fmt = data["format"]
        if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt != FORMAT:
            scope.fail("bad_format", "format", data, "format", format=FORMAT)
    version = data.get("version")
    if version is not None and not (
        (isinstance(version, int) and not isinstance(version, bool) and version >= 0)
        or (isinstance(version, str) and 0 < len(version) <= 40)
    ):
        scope.fail("bad_version", "version", data, "version", value=shown(version))


def _dimensions(
    scope: Scope, data: dict[str, Any], mirrors: dict[str, MirrorSpec]
) -> dict[str, Text]:
    """The declared dimensions; each one's `mirror` (if declared) goes into `mirrors`."""
    raw = data.get("dimensions")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        scope.fail("need_mapping", "dimensions", data, "dimensions")
        return {}
    dims = {}
    for key in raw:
        where = f"dimensions.{shown(key, 30)}"
        dim = _ident(scope, key, where, raw, key, on_key=True)
        text = _text(scope, raw, key, where, ("mirror",))
        mirror = check_mirror(scope, raw[key], where) if isinstance(raw[key], dict) else None
        if dim is not None and text is not None:
            dims[dim] = text
            if mirror is not None:
                mirrors[dim] = mirror
    return dims


def _options(scope: Scope, raw: dict[str, Any]) -> tuple[Option, ...]:
    items = raw.get("options")
    if not isinstance(items, list) or not 2 <= len(items) <= MAX_OPTIONS:
        scope.fail("options_count", "options", raw, "options", max=MAX_OPTIONS)
        return ()
    options, seen = [], set()
    for n, item in enumerate(items, 1):
        where = f"options[{n}]"
        if not isinstance(item, dict):
            scope.fail("need_mapping", where, items, n - 1)
            continue
        scope.unknown_keys(item, ("id", "text"), f"{where}.")
        oid = _ident(scope, item.get("id"), f"{where}.id", item, "id")
        if oid is not None and oid in seen:
            scope.fail("duplicate_id", f"{where}.id", item, "id", value=oid)
            oid = None
        seen.add(oid)
        text = _text(scope, item, "text", f"{where}.text")
        if oid is not None and text is not None:
            options.append(Option(oid, text))
    return tuple(options)


def _qtype(scope: Scope, raw: dict[str, Any]) -> QType | None:
    value = raw.get("type")
    if isinstance(value, str) and value in {t.value for t in QType}:
        return QType(value)
    scope.fail("bad_type", "type", raw, "type", types=", ".join(t.value for t in QType))
    return None


def _dimension(
    scope: Scope, raw: dict[str, Any], qtype: QType | None, dims: dict[str, Any]
) -> str | None:
    dimension = raw.get("dimension")
    if qtype is not QType.RATING:
        if dimension is not None and qtype is not None:
            scope.fail("dimension_only_rating", "dimension", raw, "dimension")
        return None
    if dimension is None:
        scope.fail("need_dimension", "dimension", raw, "dimension")
    elif not isinstance(dimension, str) or dimension not in dims:
        scope.fail("unknown_dimension", "dimension", raw, "dimension", value=shown(dimension))
    else:
        return dimension
    return None


def _question(
    scope: Scope,
    raw: dict[str, Any],
    earlier: dict[str, Any],
    known: set[str],
    dims: dict[str, Any],
) -> tuple[Question | None, Question | None]:
    """One question's problems into `scope`. Returns (the Question when it has none, what a
    later condition may be checked against: id, type and options, when those are sound)."""
    before = len(scope.errors)
    scope.unknown_keys(raw, _QFIELDS)
    qid = _ident(scope, raw.get("id"), "id", raw, "id")
    if qid is not None and qid in known:
        scope.fail("duplicate_id", "id", raw, "id", value=qid)
    qtype = _qtype(scope, raw)
    required = raw.get("required", True)
    if not isinstance(required, bool):
        scope.fail("need_bool", "required", raw, "required", value=shown(required))
    dimension = _dimension(scope, raw, qtype, dims)
    options: tuple[Option, ...] = ()
    options_sound = len(scope.errors)
    if qtype in (QType.SINGLE, QType.MULTI):
        options = _options(scope, raw)
    elif "options" in raw and qtype is not None:
        scope.fail("options_only_choice", "options", raw, "options")
    options_sound = len(scope.errors) == options_sound
    show_if = conditions(scope, raw, earlier, known) if "show_if" in raw else ()
    text = _text(scope, raw, "text", "text")
    if qid is None or qtype is None:
        return None, None
    shape = Question(
        qid, qtype, text or _NO_TEXT, required is not False, dimension, options, show_if
    )
    ref = shape if options_sound and qid not in known else None
    return (shape if len(scope.errors) == before else None), ref


def _questions(scope: Scope, data: dict[str, Any], dims: dict[str, Any]) -> list[Question]:
    raw = data.get("questions")
    if raw is not None and not isinstance(raw, list):
        scope.fail("need_list", "questions", data, "questions")
        return []
    if not raw:
        scope.fail("no_questions", "questions", data, "questions")
        return []
    if len(raw) > MAX_QUESTIONS:
        scope.fail("too_many", "questions", data, "questions", limit=MAX_QUESTIONS)
    questions: list[Question] = []
    earlier: dict[str, Question] = {}  # what conditions are checked against
    known: set[str] = set()  # ids of earlier questions, sound or not: no second complaint
    for pos, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            scope.fail("need_mapping", f"questions[{pos}]", raw, pos - 1)
            continue
        qid = item.get("id")
        inner = Scope(scope.errors, pos, shown(qid, 24) if isinstance(qid, str) else None)
        question, ref = _question(inner, item, earlier, known, dims)
        if question is not None:
            questions.append(question)
        if ref is not None:
            earlier[ref.id] = ref
        if isinstance(qid, str):
            known.add(qid)
    return questions


def _unused_dimensions(scope: Scope, data: dict[str, Any], dims: dict[str, Any]) -> None:
    """Declared dimensions no question names (unless a question is too broken to tell)."""
    raw = data.get("questions")
    if not isinstance(raw, list) or not all(isinstance(q, dict) for q in raw):
        return
    named = [q["dimension"] for q in raw if "dimension" in q]
    if not all(isinstance(d, str) for d in named):
        return
    box = data.get("dimensions")
    for dim in dims:
        if dim not in named:
            scope.fail("unused_dimension", f"dimensions.{dim}", box, dim, on_key=True)


def check_definition(data: Any) -> Survey:
    """The Survey, or DefinitionErrors listing every problem (in file order when known)."""
    scope = Scope()
    if not isinstance(data, dict):
        scope.fail("need_mapping", "(top)", data)
        raise DefinitionErrors(scope.errors)
    _top(scope, data)
    key = _ident(scope, data.get("id"), "id", data, "id")
    title = _text(scope, data, "title", "title")
    intro = _text(scope, data, "intro", "intro")
    mirrors: dict[str, MirrorSpec] = {}
    dims = _dimensions(scope, data, mirrors)
    questions = _questions(scope, data, dims)
    _unused_dimensions(scope, data, dims)
    if scope.errors:
        raise DefinitionErrors(sorted(scope.errors, key=lambda e: e.at or (0, 0)))
    assert key is not None and title is not None and intro is not None  # each failure is an error
    return Survey(key, title, intro, tuple(questions), dims, mirrors)
