"""One decision from the model and the life-safety net (issue 17).

``combine`` is the only place the two meet; ``bot.classifier.classify`` (used by
the bot and by ``propdesk classify``) and the evaluation both go through it:

- urgent when the net recognises a hazard happening now;
- when the net is silent, urgent when the model says urgent (its own
  threshold, ``URGENT_THRESHOLD``): either of the two saying urgent is enough
  (an earlier rule that asked the model to be ≥ 0.8 sure cost recall on a
  corpus written independently of the rules);
- never urgent when the net reads the message as "the danger is over or absent"
  ("没有冒烟了", "人已经救出来了", "it was just a drill") and sees nothing else —
  an all-clear about one hazard leaves the others, and a danger said to go on
  after it ("人没事 但闸拉不下来", "still live") or a plea keeps the model's urgent;
- when the net recognises a hazard, a kind/category that cannot go with it
  ("inquiry / other" for a trapped person) is corrected to the hazard's route,
  and the confidences are raised so the resident is not asked to pick a kind
  while in danger;
- ``ask_danger`` when nothing is urgent but the net saw weak cues.
"""

from __future__ import annotations

from dataclasses import replace

from .pipeline import LOW_CONFIDENCE, Classification
from .safety import SafetyVerdict

# Confidence floor for kind/category once the net has fired (above LOW_CONFIDENCE,
# so no "please choose the kind" prompt), and the urgency confidence the net
# carries (its measured precision on the life-safety corpus is higher).
SAFETY_FLOOR = max(LOW_CONFIDENCE, 0.6)
SAFETY_URGENT_CONFIDENCE = 0.9

# hazard (or hazard/detail) -> (kind, category) to route to, and the categories
# that are acceptable as they are.
ROUTES: dict[str, tuple[str, str, frozenset[str]]] = {
    "trapped/lift": ("repair", "elevator", frozenset({"elevator", "electrical"})),
    "trapped/room": ("repair", "security", frozenset({"security", "facilities", "elevator"})),
    "fire": ("repair", "fire_safety", frozenset({"fire_safety", "electrical"})),
    "gas": ("repair", "fire_safety", frozenset({"fire_safety"})),
    "electric": ("repair", "electrical", frozenset({"electrical", "plumbing"})),
    "flood": ("repair", "plumbing", frozenset({"plumbing", "facilities"})),
    "outage/power": ("repair", "electrical", frozenset({"electrical"})),
    "outage/water": ("repair", "plumbing", frozenset({"plumbing"})),
    "threat": ("complaint", "security", frozenset({"security"})),
    "medical/power": ("repair", "electrical", frozenset({"electrical", "plumbing", "security"})),
    "medical": ("complaint", "security", frozenset({"security", "elevator", "facilities"})),
    "injury": (
        "complaint",
        "security",
        frozenset(
            {"security", "facilities", "elevator", "cleaning", "greening", "renovation", "pets"}
        ),
    ),
    "vulnerable": ("complaint", "security", frozenset({"security"})),
}
ROUTES["trapped"] = ROUTES["trapped/lift"]
ROUTES["outage"] = ROUTES["outage/power"]

# People in danger from other people are complaint/security (DESIGN.md); other
# emergencies are repairs.
_PEOPLE = frozenset({"threat", "vulnerable", "medical", "injury"})


def route(hazard: str, detail: str | None, kind: str, category: str) -> tuple[str, str]:
    """The (kind, category) an urgent ticket about this hazard should carry."""
    default_kind, default_category, accepted = ROUTES.get(f"{hazard}/{detail}") or ROUTES[hazard]
    if category not in accepted:
        kind, category = default_kind, default_category
    if category == "security" and (hazard in _PEOPLE or kind != "repair"):
        return "complaint", category
    if hazard == "threat":
        return "complaint", category
    return "repair", category


def combine(model: Classification, verdict: SafetyVerdict) -> Classification:
    """The model's prediction with the safety net's verdict folded in."""
    if verdict.hazard is None:
        return _without_hazard(model, verdict)
    kind, category = route(verdict.hazard, verdict.detail, model.kind, model.category)
    kind_conf = max(model.kind_confidence, SAFETY_FLOOR)
    cat_conf = max(model.category_confidence, SAFETY_FLOOR)
    urgent_conf = max(model.urgent_confidence if model.urgent else 0.0, SAFETY_URGENT_CONFIDENCE)
    return replace(
        model,
        kind=kind,
        category=category,
        urgent=True,
        confidence=min(kind_conf, cat_conf, urgent_conf),
        kind_confidence=kind_conf,
        category_confidence=cat_conf,
        urgent_confidence=urgent_conf,
        hazard=verdict.hazard,
        ask_danger=False,
    )


def _without_hazard(model: Classification, verdict: SafetyVerdict) -> Classification:
    """The net saw no danger happening now: the model's own word (its default threshold)."""
    if verdict.cleared:
        return replace(model, urgent=False, hazard=None, ask_danger=False)
    if model.urgent:
        return replace(model, hazard=verdict.cue, ask_danger=False)
    return replace(model, hazard=None, ask_danger=verdict.weak)
