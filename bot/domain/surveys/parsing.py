"""Survey definitions from plain data (YAML or JSON, already parsed): every mistake named by
question and field (and line and column, from a file), then a frozen `Survey`."""

from __future__ import annotations

import json
from typing import Any

from bot.domain.surveys.checks import check_definition
from bot.domain.surveys.definitions import Survey


def parse_definition(data: Any) -> Survey:
    """Validate a definition; DefinitionErrors lists every problem at once."""
    return check_definition(data)


def survey_from_json(text: str) -> Survey:
    """A stored (canonical) definition back into a Survey."""
    return parse_definition(json.loads(text))
