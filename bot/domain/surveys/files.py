"""Survey definition files (YAML or JSON) read as data, never as a way in.

Limits hold before anything is built: size, encoding and bracket nesting before parsing
(`survey_bytes`), then nesting depth and the number of nodes as the YAML events arrive, so no
file can make the bot build more than `MAX_NODES` values. Anchors and aliases (`&a`, `*a`) and tags (`!!python/…`, `!foo`) are
refused, not followed: an alias is never expanded, so "billion laughs" costs what its bytes
cost. Scalars follow the YAML 1.2 core schema (only true/false are booleans; `no` is text).
Every value keeps its line and column (`survey_marks`), so each problem points at its place;
`read_survey_file` reports all it can find at once.
"""

from __future__ import annotations

import math
import re
from typing import Any

from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from bot.domain.surveys.definitions import DefinitionError, DefinitionErrors, Survey
from bot.domain.surveys.file_bytes import MAX_DEPTH, checked_text
from bot.domain.surveys.file_bytes import MAX_FILE_BYTES as MAX_FILE_BYTES  # (the public limit)
from bot.domain.surveys.marks import MarkedDict, MarkedList, mark_at, shown
from bot.domain.surveys.parsing import parse_definition
from bot.domain.surveys.syntax import syntax_problem

MAX_NODES = 10_000  # keys, values and items; 60 questions of 10 options need about 7,000
MAX_NUMBER_CHARS = 32  # a longer number is refused, never converted
FILE = "(file)"


class _Stop(Exception):
    """A limit or a syntax error: nothing after this point can be read reliably."""

    def __init__(self, error: DefinitionError) -> None:
        super().__init__(error.code)
        self.error = error


class _Resolver(BaseResolver):
    """YAML 1.2 core schema: JSON's scalars plus ~, 0o17 and 0x1F; no yes/no, no 1:30."""


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
        r"|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
):
    _Resolver.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(rf"^(?:{_pattern})\Z"), list(_first)
    )


class _Events(Reader, Scanner, Parser, _Resolver):
    """PyYAML's reader, scanner and parser: events, lazily; no composer, no constructor."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Resolver.__init__(self)

    # Typed doors to PyYAML's methods, which its stubs leave untyped.
    def next_event(self) -> Event:
        return self.get_event()  # type: ignore[no-untyped-call,no-any-return]  # untyped stub

    def upcoming(self) -> Event:
        return self.peek_event()  # type: ignore[no-untyped-call,no-any-return]  # untyped stub

    def kind_of(self, value: str, implicit: tuple[bool, bool]) -> str:
        found = self.resolve(ScalarNode, value, implicit)  # type: ignore[no-untyped-call]  # stub
        return str(found)


def _number(kind: str, text: str) -> int | float:
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError("too long")
    if kind == "float":
        lowered = text.lower()
        if lowered.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        return math.nan if lowered == ".nan" else float(text)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


class _Builder:
    """Plain values (MarkedDict, MarkedList, str, int, float, bool, None) from the events,
    counting every node and refusing what a survey file has no use for."""

    def __init__(self, text: str) -> None:
        self.events = _Events(text)
        self.problems: list[DefinitionError] = []
        self.nodes = 0

    def problem(self, code: str, mark: Any, **params: Any) -> None:
        self.problems.append(DefinitionError(code, FILE, at=mark_at(mark), **params))

    def document(self) -> Any:
        events = self.events
        events.next_event()  # stream start
        if events.check_event(StreamEndEvent):
            return None  # an empty file: the checks say what is missing
        events.next_event()  # document start
        value = self.node(0)
        events.next_event()  # document end
        if not events.check_event(StreamEndEvent):
            mark = events.upcoming().start_mark
            raise _Stop(DefinitionError("yaml_documents", FILE, at=mark_at(mark)))
        return value

    def node(self, depth: int) -> Any:
        # A node event (alias, scalar, sequence or mapping start): anchor and tag are read
        # from whichever it is.
        event: Any = self.events.next_event()
        self.nodes += 1
        if self.nodes > MAX_NODES:
            error = DefinitionError(
                "too_many_nodes", FILE, at=mark_at(event.start_mark), limit=MAX_NODES
            )
            raise _Stop(error)
        if isinstance(event, AliasEvent):  # refused, and never looked up: nothing to expand
            self.problem("yaml_alias", event.start_mark, name=shown(event.anchor, 24))
            return None
        if event.anchor is not None:
            self.problem("yaml_anchor", event.start_mark, name=shown(event.anchor, 24))
        if event.tag not in (None, "!"):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)  # as the file spells it
            self.problem("yaml_tag", event.start_mark, tag=shown(tag))
        if isinstance(event, ScalarEvent):
            return self.scalar(event)
        if depth >= MAX_DEPTH:
            error = DefinitionError("too_deep", FILE, at=mark_at(event.start_mark), limit=MAX_DEPTH)
            raise _Stop(error)
        if isinstance(event, SequenceStartEvent):
            return self.sequence(event, depth + 1)
        return self.mapping(event, depth + 1)

    def scalar(self, event: ScalarEvent) -> Any:
        implicit = event.implicit if event.tag is None else (False, False)
        kind = self.events.kind_of(event.value, implicit).rsplit(":", 1)[-1]
        if kind == "null":
            return None
        if kind == "bool":
            return event.value.lower() == "true"
        if kind in ("int", "float"):
            try:
                return _number(kind, event.value)
            except (ValueError, OverflowError):
                self.problem("bad_number", event.start_mark, value=shown(event.value))
        return event.value

    def sequence(self, start: Any, depth: int) -> MarkedList:
        items = MarkedList(mark_at(start.start_mark))
        while not self.events.check_event(SequenceEndEvent):
            items.items_at.append(mark_at(self.events.upcoming().start_mark))
            items.append(self.node(depth))
        self.events.next_event()
        return items

    def mapping(self, start: Any, depth: int) -> MarkedDict:
        box = MarkedDict(mark_at(start.start_mark))
        while not self.events.check_event(MappingEndEvent):
            key_event = self.events.upcoming()
            self.node(depth)  # counted and checked like any node; a key is its source text
            value_at = mark_at(self.events.upcoming().start_mark)
            value = self.node(depth)
            if not isinstance(key_event, ScalarEvent):
                if not isinstance(key_event, AliasEvent):
                    self.problem("complex_key", key_event.start_mark)
                continue
            key = key_event.value
            if key in box:
                first = box.keys_at[key]
                line = first[0] if first else 0
                self.problem("duplicate_key", key_event.start_mark, key=shown(key, 30), line=line)
                continue  # the first one counts
            box[key] = value
            box.keys_at[key], box.values_at[key] = mark_at(key_event.start_mark), value_at
        self.events.next_event()
        return box


def read_survey_file(data: bytes | str) -> tuple[Any, list[DefinitionError]]:
    """The file's data and the problems that still let it be checked (a duplicate key, a bad
    number, an alias read as null…); DefinitionErrors when it cannot be read at all."""
    builder = _Builder(checked_text(data))
    try:
        value = builder.document()
    except _Stop as stop:
        raise DefinitionErrors([*builder.problems, stop.error]) from None
    except MarkedYAMLError as error:
        raise DefinitionErrors([*builder.problems, syntax_problem(error)]) from None
    except YAMLError as error:  # a reader error without a mark; the checks above prevent it
        problem = DefinitionError("bad_yaml", FILE, detail=shown(str(error), 80))
        raise DefinitionErrors([*builder.problems, problem]) from None
    return value, builder.problems


def parse_survey_file(data: bytes | str) -> Survey:
    """A Survey from a definition file, or DefinitionErrors with every problem found, in order."""
    value, problems = read_survey_file(data)
    try:
        survey = parse_definition(value)
    except DefinitionErrors as invalid:
        # The file's form first, then its content, each in file order; a value the reader
        # already refused (an alias, a bad number) is not reported a second time.
        refused = {p.at for p in problems}
        problems = [*problems, *(e for e in invalid.errors if e.at is None or e.at not in refused)]
    if problems:
        raise DefinitionErrors(problems)
    return survey
