"""Which tickets a survey dimension mirrors in the manager's report (the `mirror:` key of a
dimension in a survey file).

    dimensions:
      cleaning: {zh: 环境卫生, en: Cleaning, mirror: [cleaning]}
      lifts: {zh: 电梯, en: Lifts, mirror: {kinds: [repair], categories: [elevator]}}
      activities: {zh: 社区活动, en: Activities, mirror: []}

A list names ticket categories (of repairs and complaints); a mapping names `kinds` and/or
`categories` (one left out: any); an empty list mirrors no tickets. A dimension without the
key gets the report's default for its id. Stored with the definition (its canonical form is
always the mapping), so each version keeps the mapping it was imported with.
"""

from __future__ import annotations

from typing import Any

from bot.domain.surveys.marks import Scope, shown
from bot.domain.tickets.model import Category, Kind

# (ticket kinds, categories); None: any, (): none
MirrorSpec = tuple[tuple[str, ...] | None, tuple[str, ...] | None]
LIST_KINDS = ("repair", "complaint")  # the kinds a plain list of categories mirrors
KINDS = tuple(k.value for k in Kind)
CATEGORIES = tuple(c.value for c in Category)


def _names(
    scope: Scope, items: Any, where: str, box: Any, key: str, allowed: tuple[str, ...]
) -> tuple[str, ...] | None:
    if not isinstance(items, list):
        scope.fail("mirror_shape", where, box, key)
        return None
    code = "mirror_kind" if allowed is KINDS else "mirror_category"
    names: list[str] = []
    for n, item in enumerate(items):
        if not isinstance(item, str) or item not in allowed:
            scope.fail(code, f"{where}[{n + 1}]", items, n, value=shown(item, 30),
                       allowed=", ".join(allowed))  # fmt: skip
        elif item not in names:
            names.append(item)
    return tuple(names)


def check_mirror(scope: Scope, box: dict[str, Any], where: str) -> MirrorSpec | None:
    """The dimension's declared mirror, or None (none declared, or a problem reported)."""
    if "mirror" not in box:
        return None
    value, where = box["mirror"], f"{where}.mirror"
    if isinstance(value, list):
        categories = _names(scope, value, where, box, "mirror", CATEGORIES)
        if categories is None:
            return None
        return ((), ()) if not categories else (LIST_KINDS, categories)
    if not isinstance(value, dict):
        scope.fail("mirror_shape", where, box, "mirror")
        return None
    errors = len(scope.errors)
    scope.unknown_keys(value, ("kinds", "categories"), f"{where}.")
    kinds = categories = None
    if "kinds" in value:
        kinds = _names(scope, value["kinds"], f"{where}.kinds", value, "kinds", KINDS)
    if "categories" in value:
        categories = _names(
            scope, value["categories"], f"{where}.categories", value, "categories", CATEGORIES
        )
    return None if len(scope.errors) > errors else (kinds, categories)
