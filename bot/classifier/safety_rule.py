"""The ``Rule`` every life-safety pattern is written as.

``weak_if`` (searched in the whole message) downgrades a strong rule to weak,
``drop_if`` (whole message) and ``drop_near`` (the match's own clause) discard
the match, and ``need`` (whole message) must also be present for the rule to be
strong — without it the rule is weak; ``requires`` (whole message) must be
present for the rule to count at all; ``imminent`` rules are not dropped as
hypothetical (a ceiling that could come down, "he says he'll kill me").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .safety_lexicon import alt


@dataclass(frozen=True, slots=True)
class Rule:
    hazard: str
    pattern: re.Pattern[str]
    weak: bool = False
    detail: str | None = None
    weak_if: re.Pattern[str] | None = None
    drop_if: re.Pattern[str] | None = None
    drop_near: re.Pattern[str] | None = None
    need: re.Pattern[str] | None = None
    requires: re.Pattern[str] | None = None
    # A risk that is itself the emergency ("the ceiling is bulging, it could come
    # down"): may/could words do not make the match hypothetical.
    imminent: bool = False
    # The match itself says it is going on now ("crying for hours", "the smell is
    # back"): a past-time or habit word in its clause does not drop or weaken it.
    now: bool = False


_PATTERN_OPTIONS = ("weak_if", "drop_if", "drop_near", "need", "requires")


def rule(hazard: str, *sources: str, **options: object) -> Rule:
    compiled = {k: re.compile(v) if k in _PATTERN_OPTIONS else v for k, v in options.items()}
    return Rule(hazard, re.compile(alt(*sources)), **compiled)  # type: ignore[arg-type]


def near(n: int) -> str:
    """Up to n characters within one sentence."""
    return rf"[^。！？!?\n]{{0,{n}}}?"
