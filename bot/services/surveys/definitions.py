"""Survey definition files as the service reads them: size limit, YAML (or JSON), the
built-in questionnaire, and refusals explained in the manager's language."""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from bot.domain.errors import DomainError
from bot.domain.surveys.definitions import DefinitionError, StoredSurvey
from bot.i18n import Translator

BUILTIN = "satisfaction"
MAX_FILE = 256 * 1024


class InvalidDefinition(DomainError):
    """A definition file that was refused; `error` says which question and which field."""

    def __init__(self, error: DefinitionError) -> None:
        super().__init__("survey.invalid")
        self.error = error


@dataclass(frozen=True)
class Imported:
    stored: StoredSurvey
    outcome: str  # created | updated | new_version | unchanged


def builtin_text() -> str:
    return (resources.files("bot") / "surveys" / "default.yaml").read_text("utf-8")


def load_definition(text: str) -> Any:
    """YAML (JSON is valid YAML too); a syntax error names the line."""
    if len(text.encode("utf-8")) > MAX_FILE:
        raise InvalidDefinition(DefinitionError("too_big", "(file)", limit=MAX_FILE // 1024))
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise InvalidDefinition(DefinitionError("bad_yaml", "(file)", line=line)) from None


def explain(translator: Translator, error: DefinitionError, lang: str | None) -> str:
    """Which question, which field, what is wrong — as plain text in `lang`."""
    t = translator.t
    params = {k: str(v) for k, v in error.params.items()}
    reason = t(lang, f"survey.def_{error.code}", **params)
    if error.field == "(file)":
        return html.unescape(reason)
    if error.question:
        where = t(
            lang,
            "survey.def_where_question",
            n=error.question,
            id=error.qid or "?",
            field=error.field,
        )
    else:
        where = t(lang, "survey.def_where", field=error.field)
    return html.unescape(f"{where}: {reason}")
