"""Message classifier: routes a resident's free text to kind, category and urgency.

Pure domain code (standard library only). ``classify`` uses one model trained
lazily, once, from the labelled set shipped in ``data/labelled.jsonl`` (plus the
life-safety corpus ``data/life_safety.jsonl``), and combines it with the
life-safety net (safety.py) in triage.combine: urgent when either says so.
"""

from __future__ import annotations

import threading

from .dataset import CATEGORIES, KINDS, Example, load_examples, load_training_examples
from .pipeline import HAZARDS, LOW_CONFIDENCE, URGENT_THRESHOLD, Classification, Classifier
from .safety import SafetyVerdict, assess
from .triage import combine

__all__ = [
    "CATEGORIES",
    "HAZARDS",
    "KINDS",
    "LOW_CONFIDENCE",
    "URGENT_THRESHOLD",
    "Classification",
    "Classifier",
    "Example",
    "SafetyVerdict",
    "assess",
    "classify",
    "combine",
    "default_classifier",
    "load_examples",
]

_lock = threading.Lock()
_default: Classifier | None = None


def default_classifier() -> Classifier:
    """The shared model, trained on first use from the shipped labelled sets."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Classifier().fit(*load_training_examples())
    return _default


def classify(text: str) -> Classification:
    """Classify one message: the shared model and the life-safety net, combined."""
    return combine(default_classifier().predict(text), assess(text))
