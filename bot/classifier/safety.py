"""The life-safety net: explicit rules that recognise an emergency happening now.

A second layer beside the statistical model (issue 17). The model learns what
labelled messages look like and misses emergencies worded unlike its training
data; these rules are written from how people report danger — in Chinese,
English or both, with typos and homophone slips — so that a trapped person, a
fire or a gas smell is never filed as routine.

``assess(text)`` returns a ``SafetyVerdict``:

- ``hazard``: one of pipeline.HAZARDS when a life-safety situation is described
  as happening now (strong), else None;
- ``weak``: only weak cues were seen ("电梯里好像有人在喊", "a strange smell",
  "lights flickering and a buzzing in the meter box"); the bot then asks the
  resident "is anyone in danger?";
- ``cue``: the hazard the weak cues point at, if any; ``detail``: lift/room for
  trapped, power/water for outages; ``evidence``: the matched words.

How a match is judged (the patterns themselves are in safety_rules*.py and the generic
two-kinds-of-word frames in safety_frames.py, the vocabulary they share in
safety_lexicon.py, the spelling folds in safety_spelling.py; safety_subject.py drops a
person's hazard said of a pet, a lost thing or a past diagnosis; a "what if" question
with nothing said to be happening now is cleared, safety_calm.what_if):

1. the text is folded (safety_spelling.normalise) and cut into clauses;
2. a match is dropped when negated just before it (没有冒烟, no smoke, nobody
   trapped), hypothetical (会着火, could catch fire), or in a clause about the
   past (上周电梯困人); a habit (经常困人) makes it weak;
3. an all-clear after it about the same hazard (已经灭了 for a fire, 人救出来了 for a
   trapped person, "he's ok" for an injury; "fixed"/"false alarm" for any) cancels
   it (safety_clear.py); the verdict is ``cleared`` only when nothing is left and
   nothing after the all-clear says the danger goes on or pleads for help;
4. a power or water loss is strong only for a whole building or estate (weak
   for a question or an unknown scope, nothing for one home or a planned cut).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import safety_clear as c
from . import safety_guards as g
from .safety_broad import BROAD_RULES
from .safety_calm import calm, plain, what_if
from .safety_denial import denied
from .safety_explained import explained
from .safety_frames import FRAME_RULES
from .safety_frames_more import MORE_FRAME_RULES
from .safety_frames_people import PEOPLE_FRAME_RULES
from .safety_lexicon import COMMON_AREA, LIFT, MY_UNIT, PLANNED, SCOPE
from .safety_rule import Rule
from .safety_rules import PHYSICAL_RULES
from .safety_rules_fifth import FIFTH_RULES
from .safety_rules_gaps import GAP_RULES
from .safety_rules_more import MORE_RULES
from .safety_rules_people import PEOPLE_RULES
from .safety_rules_seventh import SEVENTH_RULES
from .safety_rules_utility import UTILITY_RULES
from .safety_spelling import normalise
from .safety_subject import not_a_person

RULES: tuple[Rule, ...] = (
    PHYSICAL_RULES
    + UTILITY_RULES
    + PEOPLE_RULES
    + MORE_RULES
    + GAP_RULES
    + BROAD_RULES
    + FIFTH_RULES
    + FRAME_RULES
    + PEOPLE_FRAME_RULES
    + MORE_FRAME_RULES
    + SEVENTH_RULES
)

# When several hazards are recognised, the verdict names the first of these.
PRIORITY = (
    "fire",
    "gas",
    "electric",
    "trapped",
    "medical",
    "vulnerable",
    "threat",
    "injury",
    "flood",
    "outage",
)

_SCOPE, _COMMON, _MINE, _PLANNED, _LIFT = (
    re.compile(p) for p in (SCOPE, COMMON_AREA, MY_UNIT, PLANNED, LIFT)
)
# "only my flat", "邻居都有电": one home's breaker, whatever else the message says.
_ONLY_MINE = re.compile(
    r"(?<!不)(?:就|只有|只是|仅)我(?:们)?家|邻居(?:家)?(?:都|也)?(?:有电|有水|正常|没事)|别人家(?:都|也)?(?:有电|有水|正常)"
    r"|(?<!not )(?<![a-z])(?:only|just) (?:my|our|mine|ours)(?! (?:building|block|estate))"
    r"|neighbou?rs?(?:'s)? (?:are|is|have|has) (?:fine|ok|okay|power|water|electricity)"
)
_ROOM = re.compile(
    r"房间|卫生间|厕所|洗手间|阳台|屋里|家里|浴室|卧室|储藏室|地下室|天台|露台|柜子|"
    r"(?<![a-z])(?:room|bedroom|bathroom|toilet|loo|balcony|terrace|roof|basement|cupboard|closet|flat|apartment|house)(?![a-z])"
)


@dataclass(frozen=True, slots=True)
class SafetyVerdict:
    hazard: str | None = None
    weak: bool = False
    cue: str | None = None
    detail: str | None = None
    evidence: tuple[str, ...] = ()
    # The message says the danger is over or absent ("没有冒烟了", "人已经救出来了",
    # "it was just a drill") and nothing else dangerous is left: triage.combine
    # then overrules a model that still says urgent.
    cleared: bool = False

    @property
    def urgent(self) -> bool:
        return self.hazard is not None


@dataclass(frozen=True, slots=True)
class Hit:
    hazard: str
    strong: bool
    detail: str | None
    start: int
    end: int
    text: str


def assess(text: str) -> SafetyVerdict:
    """Recognise a life-safety situation happening now in one resident message."""
    norm = normalise(text)
    if not norm:
        return SafetyVerdict()
    clauses = _clauses(norm)
    negated: list[str] = []
    hits = [h for r in RULES for h in _rule_hits(r, norm, clauses, negated)]
    over = c.resolutions(norm, clauses)
    hits = _outages(norm, _unresolved(hits, over))
    hits = [
        h
        for h in hits
        if not denied(norm, h.hazard, negated) and not not_a_person(norm, h.hazard, h.start, h.end)
    ]
    why, keep = explained(norm, [(h.start, h.end) for h in hits], c.goes_on(norm, 0))
    hits = [hits[i] for i in keep]
    if any(h.strong for h in hits):
        why = None
    asked_if = what_if(norm) or why
    if asked_if:
        return SafetyVerdict(cleared=True, evidence=(asked_if,))
    if not hits and (negated or over) and not _goes_on(norm, over):
        return SafetyVerdict(cleared=True, evidence=tuple(negated))
    said_calm = None if any(h.strong for h in hits) else calm(norm)
    if said_calm and not c.goes_on(norm, 0):
        return SafetyVerdict(cleared=True, evidence=(said_calm,))
    return _verdict(norm, hits)


def _clauses(norm: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in g.CLAUSE_BREAK.finditer(norm):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(norm)))
    return spans


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in clauses:
        if start <= pos <= end:
            return start, end
    return clauses[-1]


def _rule_hits(
    rule: Rule, norm: str, clauses: list[tuple[int, int]], negated: list[str]
) -> list[Hit]:
    """The rule's matches that stand; matches negated just before are noted in ``negated``."""
    if rule.drop_if and rule.drop_if.search(norm):
        return []
    if rule.requires and not rule.requires.search(norm):
        return []
    hits: list[Hit] = []
    for m in rule.pattern.finditer(norm):
        if m.end() == m.start():
            continue
        start, end = _clause_of(clauses, m.start())
        clause = norm[start : max(end, m.end())]
        prefix = norm[start : m.start()]
        if rule.drop_near and rule.drop_near.search(clause):
            continue
        if rule.hazard and (g.negated_zh(prefix) == "neg" or g.negated_en(prefix)):
            negated.append(m.group(0))
            continue
        strength = _strength(rule, norm, clause, prefix, norm[m.end() : m.end() + 20], m.group(0))
        if strength is not None:
            hits.append(Hit(rule.hazard, strength, rule.detail, m.start(), m.end(), m.group(0)))
    return hits


def _strength(
    rule: Rule, norm: str, clause: str, prefix: str, after: str, inside: str
) -> bool | None:
    """True strong, False weak, None dropped."""
    zh = g.negated_zh(prefix)
    if zh == "neg" or g.negated_en(prefix):
        return None
    if (not rule.imminent and g.hypothetical(prefix, after, inside)) or (
        not rule.now and g.past(clause, prefix)
    ):
        return None
    strong = not rule.weak and zh != "ask"
    if rule.need and not rule.need.search(norm):
        if not strong:
            return None
        strong = False
    if strong and rule.weak_if and rule.weak_if.search(plain(norm)):
        strong = False
    if strong and not rule.now and g.HABITUAL.search(clause):
        strong = False
    return strong


def _unresolved(hits: list[Hit], over: list[c.Resolution]) -> list[Hit]:
    """Drop hits that a later all-clear about the same hazard (已经灭了, he's ok) says are over."""
    for m, start, end, hazards in over:
        before = [h for h in hits if h.start < m.end() and c.clears(hazards, h.hazard)]
        doomed = [h for h in before if start <= h.start <= end] or before
        hits = [h for h in hits if h not in doomed]
    return hits


def _goes_on(norm: str, over: list[c.Resolution]) -> bool:
    """After the first all-clear, the message says the danger goes on or pleads for help."""
    first = min((m.start() for m, *_ in over), default=0)
    return c.goes_on(norm, first) or c.pleads_after(norm, first)


def _outages(norm: str, hits: list[Hit]) -> list[Hit]:
    """Whole-building power/water loss is strong; a question, unknown scope weak."""
    out = []
    wide, common = bool(_SCOPE.search(norm)), bool(_COMMON.search(norm))
    planned, mine = bool(_PLANNED.search(norm)), bool(_MINE.search(norm))
    if _ONLY_MINE.search(norm):
        wide = common = False
    asking = bool(g.QUESTION.search(norm)) and not g.URGENT_CUE.search(norm)
    for h in hits:
        if h.hazard != "outage" or (h.detail or "").startswith("risk_"):
            if not (planned and h.hazard == "outage"):
                out.append(h)
            continue
        if planned:
            continue
        if h.detail == "dark":
            strong, keep = wide, wide
        else:
            strong, keep = wide or common, wide or common or not mine
        if keep:
            strong = strong and h.strong and not asking
            out.append(Hit(h.hazard, strong, h.detail, h.start, h.end, h.text))
    return out


def _verdict(norm: str, hits: list[Hit]) -> SafetyVerdict:
    strong = [h for h in hits if h.strong]
    pool = strong or hits
    if not pool:
        return SafetyVerdict()
    named = [h for h in pool if h.hazard]
    best = min(named, key=lambda h: PRIORITY.index(h.hazard), default=None)
    if best is not None and best.hazard == "trapped" and best.detail == "room":
        best = next((h for h in named if h.hazard == "vulnerable"), best)
    hazard = best.hazard if best else None
    detail = _detail(norm, hazard, [h for h in pool if h.hazard == hazard])
    evidence = tuple(h.text for h in pool)
    if strong:
        return SafetyVerdict(hazard=hazard, detail=detail, evidence=evidence)
    return SafetyVerdict(weak=True, cue=hazard, detail=detail, evidence=evidence)


def _detail(norm: str, hazard: str | None, hits: list[Hit]) -> str | None:
    details = {h.detail for h in hits}
    if hazard == "trapped":
        if _LIFT.search(norm):
            return "lift"
        return "room" if "room" in details or _ROOM.search(norm) else "lift"
    if hazard == "outage":
        return "water" if details <= {"water", "risk_water"} else "power"
    if hazard == "medical" and "power" in details:
        return "power"
    return None
