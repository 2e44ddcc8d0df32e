"""The taxonomy and the hand-labelled training set that ships with the package."""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

KINDS = ("repair", "complaint", "inquiry")
CATEGORIES = (
    "security",
    "fire_safety",
    "cleaning",
    "greening",
    "plumbing",
    "electrical",
    "elevator",
    "facilities",
    "parking",
    "noise",
    "renovation",
    "fees",
    "service",
    "pets",
    "other",
)
LANGS = ("zh", "en")

DATA_FILE = Path(__file__).with_name("data") / "labelled.jsonl"
# Life-safety corpus (issue 17): emergencies and near-misses, each with the
# hazard it is about and a fold 0..4 for honest evaluation of the safety net.
LIFE_SAFETY_FILE = Path(__file__).with_name("data") / "life_safety.jsonl"


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    kind: str
    category: str
    urgent: bool
    lang: str
    hazard: str | None = None
    fold: int | None = None


def parse_example(record: dict[str, object]) -> Example:
    """Validate one JSON record against the taxonomy."""
    text, kind, category = record.get("text"), record.get("kind"), record.get("category")
    urgent, lang = record.get("urgent"), record.get("lang")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"empty text in {record!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} in {record!r}")
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r} in {record!r}")
    if not isinstance(urgent, bool):
        raise ValueError(f"urgent must be true/false in {record!r}")
    if lang not in LANGS:
        raise ValueError(f"unknown lang {lang!r} in {record!r}")
    hazard, fold = record.get("hazard"), record.get("fold")
    if hazard is not None and not isinstance(hazard, str):
        raise ValueError(f"hazard must be a string or null in {record!r}")
    if fold is not None and (not isinstance(fold, int) or isinstance(fold, bool)):
        raise ValueError(f"fold must be an integer in {record!r}")
    return Example(text, kind, category, urgent, lang, hazard or None, fold)


def load_examples(path: Path = DATA_FILE) -> list[Example]:
    """Read the labelled JSONL file (one object a line, blank lines skipped)."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                examples.append(parse_example(json.loads(line)))
            except ValueError as exc:
                raise ValueError(f"{path.name}:{number}: {exc}") from exc
    return examples


def load_life_safety(path: Path = LIFE_SAFETY_FILE) -> list[Example]:
    """The life-safety corpus, or nothing when it is not shipped."""
    return load_examples(path) if path.exists() else []


# The life-safety corpora the shipped model learns from: every one that has been measured
# once as unseen data and became development data afterwards. The newest corpus
# (life_safety_fifth.jsonl) is NOT here: it is the one measurement still unseen.
TRAINING_CORPORA = (
    "life_safety.jsonl",
    "life_safety_heldout.jsonl",
    "life_safety_final.jsonl",
    "life_safety_fourth.jsonl",
)


def load_supplement(exclude: AbstractSet[str] = frozenset()) -> list[Example]:
    """The development life-safety corpora, each text once, minus ``exclude``."""
    seen, out = set(exclude), []
    for name in TRAINING_CORPORA:
        for example in load_life_safety(LIFE_SAFETY_FILE.with_name(name)):
            if example.text.strip() not in seen:
                seen.add(example.text.strip())
                out.append(example)
    return out


def load_training_examples() -> tuple[list[Example], list[Example]]:
    """What the shipped model learns from: the labelled set, and the development
    life-safety corpora as a supplement (see Classifier.fit)."""
    examples = load_examples()
    return examples, load_supplement({e.text.strip() for e in examples})
