"""Message classifier: routes a resident's free text to kind, category and urgency.

Pure domain code (standard library only). ``classify`` uses one model trained
lazily, once, from the labelled set shipped in ``data/labelled.jsonl``.
"""

from __future__ import annotations

import threading

from .dataset import CATEGORIES, KINDS, Example, load_examples
from .pipeline import HAZARDS, LOW_CONFIDENCE, URGENT_THRESHOLD, Classification, Classifier

__all__ = [
    "CATEGORIES",
    "HAZARDS",
    "KINDS",
    "LOW_CONFIDENCE",
    "URGENT_THRESHOLD",
    "Classification",
    "Classifier",
    "Example",
    "classify",
    "default_classifier",
    "load_examples",
]

_lock = threading.Lock()
_default: Classifier | None = None


def default_classifier() -> Classifier:
    """The shared model, trained on first use from the shipped labelled set."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Classifier().fit(load_examples())
    return _default


def classify(text: str) -> Classification:
    """Classify one message with the shared model."""
    return default_classifier().predict(text)
