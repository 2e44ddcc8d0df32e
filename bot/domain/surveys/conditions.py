"""Conditions (`show_if`) of a survey definition: the operator must suit the type of the
question it looks at, and the value must be one that question can be answered with.

Checked before anything is compared or hashed: a list where an option id belongs is a problem
to report, not a TypeError.
"""

from __future__ import annotations

from typing import Any

from bot.domain.surveys.definitions import SCALES, Condition, QType, Question
from bot.domain.surveys.marks import Scope, shown

_SCALE_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "answered")
OPS_FOR = {  # which operators make sense for a condition on each question type
    QType.RATING: _SCALE_OPS,
    QType.NPS: _SCALE_OPS,
    QType.SINGLE: ("==", "!=", "in", "not_in", "answered"),
    QType.YESNO: ("==", "!=", "in", "not_in", "answered"),
    QType.MULTI: ("includes", "answered"),
    QType.TEXT: ("answered",),
}


def _fits(ref: Question, value: Any) -> bool:
    """Whether `value` is something question `ref` can be answered with (one choice for multi)."""
    if ref.type in SCALES:
        return isinstance(value, int) and not isinstance(value, bool) and value in SCALES[ref.type]
    if ref.type is QType.YESNO:
        return isinstance(value, bool)
    return isinstance(value, str) and value in {o.id for o in ref.options}


def _wrong_value(scope: Scope, ref: Question, where: str, box: Any, key: Any) -> None:
    value = shown(box[key]) if isinstance(box, dict | list) else "null"
    if ref.type in SCALES:
        scale = SCALES[ref.type]
        scope.fail(
            "condition_need_number", where, box, key, ref=ref.id, min=scale[0], max=scale[-1],
            value=value,
        )  # fmt: skip
    elif ref.type is QType.YESNO:
        scope.fail("condition_need_bool", where, box, key, ref=ref.id, value=value)
    else:
        options = ", ".join(o.id for o in ref.options)
        scope.fail(
            "condition_need_option", where, box, key, ref=ref.id, options=options, value=value
        )


def _condition_value(
    scope: Scope, ref: Question, op: str, item: dict[str, Any], where: str
) -> tuple[bool, Any]:
    """(ok, the value to store) for a condition whose operator already fits `ref`'s type."""
    if op == "answered":
        if "value" in item:
            scope.fail("condition_no_value", f"{where}.value", item, "value")
            return False, None
        return True, None
    if "value" not in item:
        scope.fail("condition_need_value", f"{where}.value", item, op=op)
        return False, None
    value = item["value"]
    if op not in ("in", "not_in"):
        if _fits(ref, value):
            return True, value
        _wrong_value(scope, ref, f"{where}.value", item, "value")
        return False, None
    if not isinstance(value, list) or not value:
        scope.fail("condition_need_list", f"{where}.value", item, "value", op=op)
        return False, None
    wrong = [n for n, v in enumerate(value) if not _fits(ref, v)]
    for n in wrong:
        _wrong_value(scope, ref, f"{where}.value[{n + 1}]", value, n)
    return not wrong, list(value)


def _condition(
    scope: Scope,
    item: Any,
    where: str,
    box: Any,
    key: Any,
    earlier: dict[str, Any],
    known: set[str],
) -> Condition | None:
    if not isinstance(item, dict):
        scope.fail("need_mapping", where, box, key)
        return None
    scope.unknown_keys(item, ("question", "op", "value"), f"{where}.")
    ref_id = item.get("question")
    if not isinstance(ref_id, str) or ref_id not in known:
        scope.fail("bad_condition_ref", f"{where}.question", item, "question", ref=shown(ref_id))
        return None
    op = item.get("op", "==")
    if not isinstance(op, str) or op not in OPS_FOR[QType.RATING] + ("includes",):
        ops = ", ".join(OPS_FOR[QType.RATING] + ("includes",))
        scope.fail("bad_condition_op", f"{where}.op", item, "op", ops=ops)
        return None
    ref = earlier.get(ref_id)
    if ref is None:
        return None  # the question it refers to has problems of its own, reported there
    if op not in OPS_FOR[ref.type]:
        ops = ", ".join(OPS_FOR[ref.type])
        qtype = ref.type.value
        scope.fail("condition_op_for_type", f"{where}.op", item, "op", op=op, type=qtype, ops=ops)
        return None
    ok, value = _condition_value(scope, ref, op, item, where)
    return Condition(ref_id, op, value) if ok else None


def conditions(
    scope: Scope, raw: dict[str, Any], earlier: dict[str, Any], known: set[str]
) -> tuple[Condition, ...]:
    show_if = raw["show_if"]
    if isinstance(show_if, list):
        checked = [
            _condition(scope, item, f"show_if[{n}]", show_if, n - 1, earlier, known)
            for n, item in enumerate(show_if, 1)
        ]
        if not show_if:
            scope.fail("need_mapping", "show_if", raw, "show_if")
    else:
        checked = [_condition(scope, show_if, "show_if", raw, "show_if", earlier, known)]
    return tuple(c for c in checked if c is not None)
