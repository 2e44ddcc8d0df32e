"""A YAML/JSON syntax error as a problem a manager can act on: which line and column, and why,
in their language (a catalog code) instead of PyYAML's English."""

from __future__ import annotations

import re
from typing import Any

from yaml.error import MarkedYAMLError

from bot.domain.surveys.definitions import DefinitionError
from bot.domain.surveys.marks import mark_at, shown

# (pattern in PyYAML's problem text, catalog code, report at the context mark instead)
SYNTAX_CODES = (
    (re.compile(r"'\\t'|\btab\b"), "yaml_tab", False),
    (re.compile(r"found character (.+) that cannot start any token"), "yaml_bad_char", False),
    (re.compile(r"mapping values are not allowed"), "yaml_colon", False),
    (re.compile(r"could not find expected ':'"), "yaml_no_colon", True),
    (re.compile(r"expected ',' or '[\]}]'"), "yaml_unclosed", False),
    (re.compile(r"found unexpected end of stream"), "yaml_unclosed_quote", False),
    (re.compile(r"found '<stream end>'|got '<stream end>'"), "yaml_early_end", False),
    (re.compile(r"sequence entries are not allowed"), "yaml_dash", False),
    (re.compile(r"escape"), "yaml_escape", False),
    (re.compile(r"expected <block end>"), "yaml_indent", False),
    (re.compile(r"expected node content|expected the node content"), "yaml_missing_value", False),
    (re.compile(r"expected '<document start>'"), "yaml_documents", False),
)


def syntax_problem(error: MarkedYAMLError) -> DefinitionError:
    problem = error.problem or ""
    mark = error.problem_mark or error.context_mark
    opened = error.context_mark.line + 1 if error.context_mark else None
    for pattern, code, at_context in SYNTAX_CODES:
        found = pattern.search(problem)
        if found is None:
            continue
        if at_context and error.context_mark is not None:
            mark = error.context_mark
        params: dict[str, Any] = {"opened": opened or (mark.line + 1 if mark else 0)}
        if found.groups():
            params["char"] = shown(found.group(1), 10)
        return DefinitionError(code, "(file)", at=mark_at(mark), **params)
    return DefinitionError("bad_yaml", "(file)", at=mark_at(mark), detail=shown(problem, 80))
