"""Line-oriented classifier front end: one message per input line, one JSON per output line."""

from __future__ import annotations

import json
from typing import TextIO

from . import classify


def run(stdin: TextIO, stdout: TextIO) -> int:
    """Classify each non-blank line of ``stdin``; write JSON lines to ``stdout``."""
    for line in stdin:
        text = line.strip()
        if not text:
            continue
        result = classify(text)
        record = {
            "kind": result.kind,
            "category": result.category,
            "urgent": result.urgent,
            "confidence": round(result.confidence, 3),
            "hazard": result.hazard,
            "ask_danger": result.ask_danger,
        }
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0
