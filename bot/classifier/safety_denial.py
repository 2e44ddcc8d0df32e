"""Said outright that it is not the hazard: "sewage smell, not gas", "不是煤气味".

A smell said to be something else is not a gas leak, smoke said not to be a
fire is not one, a door that will not lock from outside shuts nobody in; the words are noted as a negation (so the verdict can be an
all-clear when nothing else is left).
"""

from __future__ import annotations

import re

from .safety_lexicon import alt, en

_DENIALS = {
    "gas": re.compile(
        alt(
            r"不是(?:燃气|煤气|天然气|液化气)(?:味)?|不像(?:是)?(?:燃气|煤气)(?:味)?",
            en(
                r"not (?:a )?gas(?: smell| leak)?|(?:isn't|is not|wasn't|was not|not like) (?:a )?gas"
            ),
        )
    ),
    # a door that will not shut or lock from outside shuts nobody in
    "trapped": re.compile(
        alt(
            r"(?:从外面|在外面)(?:关|锁)不(?:上|了)",
            en(
                r"(?:can'?t|cannot|won'?t|will not) (?:lock|shut|close) (?:it |the door )?from (?:the )?outside"
            ),
        )
    ),
    "fire": re.compile(
        alt(r"不是(?:着火|火灾|失火)", en(r"not (?:a )?fire|(?:isn't|is not|wasn't) (?:a )?fire"))
    ),
}


def denied(norm: str, hazard: str, negated: list[str]) -> bool:
    """The message says the hit's hazard is not what it is; the denial is noted in ``negated``."""
    pattern = _DENIALS.get(hazard)
    m = pattern.search(norm) if pattern else None
    if m is None:
        return False
    negated.append(m.group(0))
    return True
