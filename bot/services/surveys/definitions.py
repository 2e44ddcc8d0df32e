"""Survey definition files as the service reads them: bounded reading (bot.domain.surveys.files),
the built-in questionnaire, and refusals explained in the manager's language."""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources
from typing import Any

from bot.domain.errors import DomainError
from bot.domain.surveys.definitions import DefinitionError, DefinitionErrors, StoredSurvey
from bot.domain.surveys.files import read_survey_file
from bot.i18n import Translator

BUILTIN = "satisfaction"


class InvalidDefinition(DomainError):
    """A definition file that was refused: `errors` lists every problem found (which line and
    column, which question, which field); `error` is the first."""

    def __init__(self, error: DefinitionError) -> None:
        super().__init__("survey.invalid")
        self.error = error
        self.errors: tuple[DefinitionError, ...] = getattr(error, "errors", (error,))


@dataclass(frozen=True)
class Imported:
    stored: StoredSurvey
    outcome: str  # created | updated | new_version | unchanged


def builtin_text() -> str:
    return (resources.files("bot") / "surveys" / "default.yaml").read_text("utf-8")


def load_definition(text: str | bytes) -> Any:
    """The data of a YAML (or JSON) file, read within the file limits, unchecked."""
    try:
        value, problems = read_survey_file(text)
    except DefinitionErrors as errors:
        raise InvalidDefinition(errors) from None
    if problems:
        raise InvalidDefinition(DefinitionErrors(problems))
    return value


def explain(translator: Translator, error: DefinitionError, lang: str | None) -> str:
    """Where (line and column, question, field) and what is wrong, as plain text in `lang`."""
    t = translator.t
    params = {k: str(v) for k, v in error.params.items()}
    text = t(lang, f"survey.def_{error.code}", **params)
    if error.field != "(file)":
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
        text = f"{where}: {text}"
    if error.at:
        text = t(lang, "survey.def_at", line=error.at[0], column=error.at[1]) + text
    return html.unescape(text)
