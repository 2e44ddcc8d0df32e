"""Survey definition files a manager might send: good ones, hostile ones, and a mutator that
turns a good one into a malformed one (shared by the fuzz test and bench/survey_files)."""

from __future__ import annotations

import json
import random
from typing import Any

import yaml

from bot.domain.surveys.definitions import DefinitionErrors
from bot.domain.surveys.files import read_survey_file

GOOD = """\
id: lobby
title: {zh: 大堂服务调查, en: Lobby service survey}
intro: {zh: 三个问题，一分钟。, en: "Three questions, one minute."}
dimensions: {lobby: {zh: 大堂服务, en: Lobby service}}
questions:
  - {id: lobby, type: rating, dimension: lobby, text: {zh: 您对大堂服务满意吗？, en: "Happy?"}}
  - id: why
    type: text
    required: false
    show_if: {question: lobby, op: "<=", value: 2}
    text: {zh: 哪里需要改进？, en: "What should we improve?"}
  - id: time
    type: single
    text: {zh: 您一般几点取件？, en: "When do you collect parcels?"}
    options:
      - {id: am, text: {zh: 上午, en: Morning}}
      - {id: pm, text: {zh: 下午, en: Afternoon}}
  - id: late
    type: multi
    show_if: [{question: time, op: "==", value: pm}, {question: lobby, op: answered}]
    text: {zh: 哪些服务需要延长时间？, en: "What should open later?"}
    options:
      - {id: desk, text: {zh: 前台, en: Front desk}}
      - {id: parcels, text: {zh: 快递, en: Parcels}}
  - {id: parcel, type: yesno, text: {zh: 您用过代收快递吗？, en: "Used the parcel service?"}}
  - {id: nps, type: nps, text: {zh: 推荐指数？, en: "Would you recommend us?"}}
"""


def _billion_laughs() -> bytes:
    lines = ['lol: &lol ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip(["lol", *"abcdefgh"], "abcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


# Issue 12 item 4: nine levels of nine aliases (9**9 "lol"s once expanded), about 400 bytes.
BILLION_LAUGHS = _billion_laughs()

# Issue 12 item 5: a plausible condition with a list where an option id belongs.
BAD_SHOW_IF = """\
id: parcels
title: {zh: 快递调查, en: Parcel survey}
intro: {zh: 两个问题, en: Two questions}
questions:
  - id: q1
    type: single
    text: {zh: 您用哪家？, en: "Which one?"}
    options: [{id: x, text: {zh: X, en: X}}, {id: y, text: {zh: Y, en: Y}}]
  - id: q2
    type: text
    show_if: {question: q1, op: "==", value: [x]}
    text: {zh: 为什么？, en: "Why?"}
""".encode()

SNIPPETS = [
    "&a ", "*a", "*a ", "&a [*a, *a]", "!!python/object/apply:os.system ['true'] ", "!!binary ",
    "!foo ", "<<: *a\n", "[", "]", "{", "}", "- ", ": ", "? ", "\t", "\x00", "\x1b", "---\n",
    "...\n", "%YAML 1.1\n", '"', "'", "|", ">", "#", "\\u12", ",", "~", "-1e999", "0x", "9" * 60,
    "2026-13-45", "yes", "\ufeff", "\u202e", "\r", "\n  ", "null", "!!set {a, b}",
]  # fmt: skip
VALUES: list[Any] = [
    None, True, False, 0, -1, 6, 11, 3.5, float("inf"), "", " ", "x" * 400, "Bad Id", "<b>x</b>",
    [], ["x"], [1, [2, [3]]], {}, {"zh": 1}, {"zh": "a", "en": "b", "fr": "c"}, "10", "pm",
]  # fmt: skip


def paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


def plain(value: Any) -> Any:
    """Marked containers as plain ones, which yaml.safe_dump can write."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def swap_type(rng: random.Random, text: str) -> bytes:
    """A random value (or key) of the definition replaced with one of another type."""
    data = plain(read_survey_file(text)[0])  # (never yaml.safe_load: it expands aliases)
    path = rng.choice(paths(data)[1:])
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and rng.random() < 0.3:
        parent[rng.choice(["colour", "Type", "1", "show_if", "value", "op"])] = parent.pop(path[-1])
    else:
        parent[path[-1]] = rng.choice(VALUES)
    if rng.random() < 0.5:
        return json.dumps(data, ensure_ascii=False, indent=rng.choice([None, 2, "\t"])).encode()
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One random damage: byte flips, a cut, an inserted snippet, deep nesting, a type swap."""
    kind = rng.randrange(6)
    if kind == 0 and data:
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == 1:
        return data[: rng.randint(0, len(data))]
    at = rng.randint(0, len(data))
    if kind == 2:
        snippet = "".join(rng.choice(SNIPPETS) for _ in range(rng.randint(1, 4))).encode()
        return data[:at] + snippet + data[at:]
    if kind == 3:
        depth = rng.choice([3, 9, 50, 5000])
        opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("- ", "")])
        return data[:at] + (opener * depth + "x" + closer * depth).encode() + data[at:]
    if kind == 4:
        anchor = b"base: &b {zh: a, en: b}\n" + b"x: [" + b"*b, " * rng.randint(1, 50) + b"*b]\n"
        return anchor + data
    try:
        return swap_type(rng, data.decode("utf-8"))
    except (UnicodeDecodeError, DefinitionErrors, IndexError):  # already damaged: cut it
        return data[: len(data) // 2]


def malformed(rng: random.Random, base: str = GOOD) -> bytes:
    data = base.encode()
    for _ in range(rng.randint(1, 3)):
        data = mutate(rng, data)
    return data
