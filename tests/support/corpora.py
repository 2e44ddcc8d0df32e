"""What the labelled corpus tests share: the vocabulary a corpus line may use (written out, so
a silent change to the classifier's tuples fails a test) and a strict JSON-lines reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "bot" / "classifier" / "data"
KINDS = {"repair", "complaint", "inquiry"}
CATEGORIES = {
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
}
FIELDS = {"text", "kind", "category", "urgent", "lang", "hazard"}


def load_jsonl(path: Path) -> list[dict]:
    """Every non-blank line as a JSON object; a bad line fails the test with its number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:  # pragma: no cover - failure message only
            pytest.fail(f"{path.name}:{number}: invalid JSON ({error})")
        assert isinstance(row, dict), f"{path.name}:{number}: not an object"
        rows.append(row)
    return rows
