"""Loader checks for the later life-safety corpora (third, fourth, fifth), each written by
someone who never saw the rules."""

from collections import Counter

import pytest

from bot.classifier import HAZARDS
from tests.support.corpora import CATEGORIES, DATA, FIELDS, KINDS, load_jsonl

LATER = (
    "life_safety_final.jsonl",
    "life_safety_fourth.jsonl",
    "life_safety_fifth.jsonl",
    "life_safety_sixth.jsonl",
)
ALL = ("labelled.jsonl", "life_safety.jsonl", "life_safety_heldout.jsonl", *LATER)


@pytest.fixture(scope="module", params=[n for n in LATER if (DATA / n).exists()])
def corpus(request) -> tuple[str, list[dict]]:
    return request.param, load_jsonl(DATA / request.param)


@pytest.fixture(scope="module")
def rows(corpus) -> list[dict]:
    return corpus[1]


def test_fields_and_vocabularies(rows):
    hazards = set(HAZARDS)
    for r in rows:
        assert set(r) == FIELDS, r
        assert isinstance(r["text"], str) and r["text"].strip()
        assert r["kind"] in KINDS, r
        assert r["category"] in CATEGORIES, r
        assert isinstance(r["urgent"], bool), r
        assert r["lang"] in {"zh", "en"}, r
        if r["urgent"]:
            assert r["hazard"] in hazards, r
        else:
            assert r["hazard"] is None, r


def test_hazard_vocabulary_is_fully_covered(rows):
    used = {r["hazard"] for r in rows if r["hazard"] is not None}
    assert used == set(HAZARDS)


def test_sizes_and_language_balance(rows):
    urgent = [r for r in rows if r["urgent"]]
    negatives = [r for r in rows if not r["urgent"]]
    assert len(rows) >= 260
    assert len(urgent) >= 190
    assert len(negatives) >= 70
    langs = Counter(r["lang"] for r in urgent)
    for lang in ("zh", "en"):
        assert langs[lang] >= 0.45 * len(urgent), langs


def test_per_hazard_minimums(rows):
    counts = Counter(r["hazard"] for r in rows if r["urgent"])
    for hazard in HAZARDS:
        need = 28 if hazard in {"trapped", "fire", "gas"} else 14
        assert counts[hazard] >= need, (hazard, counts[hazard])


def test_no_duplicate_texts(rows):
    dupes = [t for t, c in Counter(r["text"] for r in rows).items() if c > 1]
    assert not dupes


def test_disjoint_from_other_corpora(corpus):
    me, rows = corpus
    mine = {r["text"] for r in rows}
    for name in ALL:
        if name == me:
            continue
        path = DATA / name
        if not path.exists():
            continue
        theirs = {r["text"] for r in load_jsonl(path)}
        overlap = mine & theirs
        assert not overlap, (name, sorted(overlap))
