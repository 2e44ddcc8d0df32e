"""Round definition files (YAML/JSON): checkpoints, routes and plans, read with the survey
files' reader (bounded size, depth and nodes; no aliases, no tags; every value's place) and
checked here, every problem with its line and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain.calendar import cron_weekdays_as_names
from bot.domain.operations.rounds import Check, CheckType, RoutePoint
from bot.domain.surveys.campaigns import parse_duration
from bot.domain.surveys.definitions import DefinitionError, DefinitionErrors
from bot.domain.surveys.files import read_survey_file
from bot.domain.surveys.marks import position

MAX_CHECKPOINTS = 500
MAX_ROUTES = 100
MAX_POINTS = 100
MAX_CHECKS = 20
MAX_TEXT = 200
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_AT = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
_ASSIGNEE = re.compile(r"^(@[A-Za-z][A-Za-z0-9_]{3,31}|[0-9]{1,15})$")


@dataclass(frozen=True)
class Problem:
    line: int | None
    field: str
    key: str  # catalog key

    def __str__(self) -> str:
        return f"{self.line or '-'}: {self.field}: {self.key}"


@dataclass(frozen=True)
class CheckpointDef:
    key: str
    name: str
    area: str = ""
    equipment: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class RouteDef:
    key: str
    name: str
    points: tuple[RoutePoint, ...]


@dataclass(frozen=True)
class PlanDef:
    key: str
    route: str
    assignee: str
    every: str  # a 5-field crontab, local time
    window_minutes: int


@dataclass(frozen=True)
class RoundsFile:
    checkpoints: tuple[CheckpointDef, ...]
    routes: tuple[RouteDef, ...]
    plans: tuple[PlanDef, ...]


class RoundsFileErrors(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems[:5])))
        self.problems = tuple(problems)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, where: Any, key: Any, field: str, code: str) -> None:
        at = position(where, key)
        self.problems.append(Problem(at[0] if at else None, field, f"rounds.file_{code}"))

    def text(self, data: dict[str, Any], name: str, field: str, *, required: bool = True) -> str:
        value = data.get(name)
        if value is None or value == "":
            if required:
                self.fail(data, name, f"{field}.{name}", "required")
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.fail(data, name, f"{field}.{name}", "not_text")
            return ""
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            self.fail(data, name, f"{field}.{name}", "too_long")
            return ""
        return text

    def key(self, data: dict[str, Any], name: str, field: str) -> str:
        value = self.text(data, name, field)
        if value and not _KEY.match(value):
            self.fail(data, name, f"{field}.{name}", "bad_key")
            return ""
        return value

    def items(
        self, data: dict[str, Any], name: str, limit: int, *, required: bool = False
    ) -> list[Any]:
        value = data.get(name)
        if value is None:
            if required:
                self.fail(data, name, name, "required")
            return []
        if not isinstance(value, list):
            self.fail(data, name, name, "not_list")
            return []
        if len(value) > limit:
            self.fail(data, name, name, "too_many")
            return []
        return value

    def mapping(self, value: Any, parent: Any, index: int, field: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(parent, index, field, "not_mapping")
            return None
        return value


def _number(
    reader: _Reader, data: dict[str, Any], name: str, field: str, bound: float
) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > bound:
        reader.fail(data, name, f"{field}.{name}", "bad_number")
        return None
    return float(value)


def _checkpoint(reader: _Reader, data: dict[str, Any], field: str) -> CheckpointDef:
    lat = _number(reader, data, "lat", field, 90)
    lon = _number(reader, data, "lon", field, 180)
    if (lat is None) != (lon is None):
        reader.fail(data, "lat", f"{field}.lat", "lat_lon_pair")
    return CheckpointDef(
        reader.key(data, "key", field),
        reader.text(data, "name", field),
        reader.text(data, "area", field, required=False),
        reader.text(data, "equipment", field, required=False).upper(),
        lat,
        lon,
    )


def _point(reader: _Reader, data: dict[str, Any], field: str, known: set[str]) -> RoutePoint:
    checkpoint = reader.key(data, "checkpoint", field)
    if checkpoint and checkpoint not in known:
        reader.fail(data, "checkpoint", f"{field}.checkpoint", "unknown_checkpoint")
    checks = []
    for j, raw in enumerate(reader.items(data, "checks", MAX_CHECKS, required=True)):
        item = reader.mapping(raw, data.get("checks"), j, f"{field}.checks[{j + 1}]")
        if item is None:
            continue
        kind = str(item.get("type") or CheckType.OK_ABNORMAL.value)
        if kind not in {t.value for t in CheckType}:
            reader.fail(item, "type", f"{field}.checks[{j + 1}].type", "bad_type")
            kind = CheckType.OK_ABNORMAL.value
        checks.append(Check(reader.text(item, "q", f"{field}.checks[{j + 1}]"), CheckType(kind)))
    photo = data.get("photo", False)
    if not isinstance(photo, bool):
        reader.fail(data, "photo", f"{field}.photo", "not_bool")
        photo = False
    return RoutePoint(checkpoint, tuple(checks), photo)


def _every(reader: _Reader, data: dict[str, Any], field: str) -> str:
    every = reader.text(data, "every", field) or "daily"
    at = reader.text(data, "at", field, required=False) or "08:00"
    match = _AT.match(at)
    if not match:
        reader.fail(data, "at", f"{field}.at", "bad_time")
        return ""
    hour, minute = int(match.group(1)), int(match.group(2))
    if every.lower() == "daily":
        return f"{minute} {hour} * * *"
    if every.lower() == "weekly":
        return f"{minute} {hour} * * mon"
    if len(every.split()) != 5:
        reader.fail(data, "every", f"{field}.every", "bad_every")
        return ""
    return cron_weekdays_as_names(every)  # the scheduler validates the crontab itself


def _plan(reader: _Reader, data: dict[str, Any], field: str, routes: set[str]) -> PlanDef:
    route = reader.key(data, "route", field)
    if route and route not in routes:
        reader.fail(data, "route", f"{field}.route", "unknown_route")
    assignee = reader.text(data, "assignee", field)
    if assignee and not _ASSIGNEE.match(assignee):
        reader.fail(data, "assignee", f"{field}.assignee", "bad_assignee")
    window = parse_duration(reader.text(data, "window", field, required=False) or "2h")
    if window is None or not 0 < window.total_seconds() <= 86400:
        reader.fail(data, "window", f"{field}.window", "bad_window")
    minutes = int(window.total_seconds() // 60) if window else 120
    key = (
        reader.text(data, "key", field, required=False)
        or f"{route}-{field.split('[')[1].rstrip(']')}"
    )
    return PlanDef(key, route, assignee, _every(reader, data, field), minutes)


def _unique(reader: _Reader, section: list[Any], defs: list[Any], field: str) -> None:
    seen: set[str] = set()
    for index, found in enumerate(defs):
        if found.key and found.key in seen:
            reader.fail(section, index, f"{field}[{index + 1}].key", "duplicate")
        seen.add(found.key)


def _read(data: bytes | str) -> tuple[Any, _Reader]:
    """The file's YAML value, and a reader holding the problems found while reading it."""
    try:
        value, early = read_survey_file(data)
    except DefinitionErrors as error:
        raise RoundsFileErrors([_unreadable(e) for e in error.errors]) from None
    reader = _Reader()
    reader.problems += [_unreadable(e) for e in early]
    return value, reader


def _unreadable(error: DefinitionError) -> Problem:
    return Problem(error.at[0] if error.at else None, error.field, "rounds.file_unreadable")


def _routes(reader: _Reader, section: list[Any], known: set[str]) -> list[RouteDef]:
    routes = []
    for i, raw in enumerate(section):
        field = f"routes[{i + 1}]"
        if (d := reader.mapping(raw, section, i, field)) is None:
            continue
        points = [
            _point(reader, p, f"{field}.points[{j + 1}]", known)
            for j, rawp in enumerate(reader.items(d, "points", MAX_POINTS, required=True))
            if (p := reader.mapping(rawp, d.get("points"), j, f"{field}.points[{j + 1}]"))
            is not None
        ]
        routes.append(
            RouteDef(reader.key(d, "key", field), reader.text(d, "name", field), tuple(points))
        )
    return routes


def parse_rounds_file(data: bytes | str) -> RoundsFile:
    """Everything in the file, or RoundsFileErrors with every problem (line, field, key)."""
    value, reader = _read(data)
    if not isinstance(value, dict):
        raise RoundsFileErrors([*reader.problems, Problem(1, "(file)", "rounds.file_not_mapping")])
    sections = [
        (name, reader.items(value, name, limit))
        for name, limit in (
            ("checkpoints", MAX_CHECKPOINTS),
            ("routes", MAX_ROUTES),
            ("plans", MAX_ROUTES),
        )
    ]
    (_, cps), (_, rts), (_, pls) = sections
    checkpoints = [
        _checkpoint(reader, d, f"checkpoints[{i + 1}]")
        for i, raw in enumerate(cps)
        if (d := reader.mapping(raw, cps, i, f"checkpoints[{i + 1}]")) is not None
    ]
    _unique(reader, cps, checkpoints, "checkpoints")
    known = {c.key for c in checkpoints}
    routes = _routes(reader, rts, known)
    _unique(reader, rts, routes, "routes")
    names = {r.key for r in routes}
    plans = [
        _plan(reader, d, f"plans[{i + 1}]", names)
        for i, raw in enumerate(pls)
        if (d := reader.mapping(raw, pls, i, f"plans[{i + 1}]")) is not None
    ]
    if reader.problems:
        raise RoundsFileErrors(reader.problems)
    if not checkpoints and not routes and not plans:
        raise RoundsFileErrors([Problem(1, "(file)", "rounds.file_empty")])
    return RoundsFile(tuple(checkpoints), tuple(routes), tuple(plans))
