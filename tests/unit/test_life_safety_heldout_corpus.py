"""The second, held-out life-safety corpus: shape, vocabularies, balance, independence.

The data is written without looking at the classifier's rules or at the first
life-safety corpus; this test only checks that the file is well formed and that
none of its texts leaked in from the other data files.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.classifier import HAZARDS
from tests.support.corpora import CATEGORIES, DATA, FIELDS, KINDS, load_jsonl

HELDOUT = DATA / "life_safety_heldout.jsonl"
OTHER_FILES = ("life_safety.jsonl", "labelled.jsonl")

EXPECTED_HAZARDS = {
    "trapped",
    "fire",
    "gas",
    "electric",
    "flood",
    "outage",
    "threat",
    "medical",
    "injury",
    "vulnerable",
}
MIN_PER_HAZARD = 16
MIN_CRITICAL = {"trapped": 30, "fire": 30, "gas": 30}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load_jsonl(HELDOUT)


def test_every_line_is_a_json_object_with_the_expected_fields(rows):
    assert len(rows) >= 300
    for row in rows:
        assert set(row) == FIELDS, row
        assert isinstance(row["text"], str) and row["text"].strip(), row
        assert isinstance(row["urgent"], bool), row


def test_vocabularies(rows):
    assert set(HAZARDS) == EXPECTED_HAZARDS
    for row in rows:
        assert row["kind"] in KINDS, row
        assert row["category"] in CATEGORIES, row
        assert row["lang"] in {"zh", "en"}, row
        assert row["hazard"] is None or row["hazard"] in HAZARDS, row


def test_urgent_rows_name_a_hazard_and_negatives_do_not(rows):
    for row in rows:
        if row["urgent"]:
            assert row["hazard"] in HAZARDS, row
        else:
            assert row["hazard"] is None, row


def test_balance(rows):
    urgent = [r for r in rows if r["urgent"]]
    negatives = [r for r in rows if not r["urgent"] and r["hazard"] is None]
    assert len(urgent) >= 220
    assert len(negatives) >= 80
    langs = Counter(r["lang"] for r in urgent)
    for lang in ("zh", "en"):
        assert langs[lang] >= 0.45 * len(urgent), langs
    per_hazard = Counter(r["hazard"] for r in urgent)
    for hazard in HAZARDS:
        assert per_hazard[hazard] >= MIN_CRITICAL.get(hazard, MIN_PER_HAZARD), per_hazard


def test_no_duplicate_texts(rows):
    counts = Counter(r["text"].strip() for r in rows)
    assert [t for t, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("name", OTHER_FILES)
def test_no_text_shared_with_other_data(rows, name):
    other = {r["text"].strip() for r in load_jsonl(DATA / name)}
    assert [r["text"] for r in rows if r["text"].strip() in other] == []
