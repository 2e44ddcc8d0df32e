"""The life-safety corpus (data/life_safety.jsonl) is well formed and balanced enough to measure with."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import bot.classifier as classifier

DATA = Path(classifier.__file__).with_name("data")
CORPUS = DATA / "life_safety.jsonl"

KINDS = {"repair", "complaint", "inquiry"}
CATEGORIES = {
    "security", "fire_safety", "cleaning", "greening", "plumbing", "electrical", "elevator",
    "facilities", "parking", "noise", "renovation", "fees", "service", "pets", "other",
}  # fmt: skip
HAZARDS = {
    "trapped", "fire", "gas", "electric", "flood",
    "outage", "threat", "medical", "injury", "vulnerable",
}  # fmt: skip
FIELDS = {"text", "kind", "category", "urgent", "lang", "hazard", "fold"}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    out = []
    for n, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"line {n} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"line {n} is not an object"
        out.append(row)
    return out


def test_vocabularies_match_the_classifier():
    assert set(classifier.KINDS) == KINDS
    assert set(classifier.CATEGORIES) == CATEGORIES
    assert set(classifier.HAZARDS) == HAZARDS


def test_every_row_uses_the_field_vocabularies(rows):
    for row in rows:
        assert set(row) == FIELDS, row
        assert isinstance(row["text"], str) and row["text"].strip(), row
        assert row["kind"] in KINDS, row
        assert row["category"] in CATEGORIES, row
        assert isinstance(row["urgent"], bool), row
        assert row["lang"] in {"zh", "en"}, row
        assert row["fold"] in range(5) and not isinstance(row["fold"], bool), row
        # urgent rows name their hazard; negatives name none
        if row["urgent"]:
            assert row["hazard"] in HAZARDS, row
        else:
            assert row["hazard"] is None, row


def test_size_and_balance(rows):
    urgent = [r for r in rows if r["urgent"]]
    negatives = [r for r in rows if not r["urgent"]]
    assert len(urgent) >= 200
    assert len(negatives) >= 60
    langs = Counter(r["lang"] for r in urgent)
    for lang in ("zh", "en"):
        assert langs[lang] >= 0.45 * len(urgent), langs
    hazards = Counter(r["hazard"] for r in urgent)
    for hazard in HAZARDS:
        assert hazards[hazard] >= 14, (hazard, hazards[hazard])
    folds = Counter(r["fold"] for r in rows)
    assert all(folds[f] > 0 for f in range(5)), folds


def test_no_duplicate_texts(rows):
    dupes = [t for t, n in Counter(r["text"] for r in rows).items() if n > 1]
    assert not dupes


def test_held_out_from_the_training_data(rows):
    training = {
        json.loads(line)["text"]
        for line in (DATA / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert not [r["text"] for r in rows if r["text"] in training]
