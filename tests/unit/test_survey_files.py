"""Survey definition files are data, never a way in (issue 12, items 4 and 5): aliases refused
and never expanded, size / depth / node limits, bytes that are not UTF-8, JSON, every field's
type, conditions, and every problem of a file reported at once with its line and column."""

from __future__ import annotations

import json
import tracemalloc

import pytest
import yaml

from bot.domain.surveys.definitions import DefinitionError, DefinitionErrors
from bot.domain.surveys.files import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    parse_survey_file,
    read_survey_file,
)
from bot.i18n import Translator
from bot.services.surveys.files import MAX_REPORTED, problem_lines
from bot.services.surveys.service import InvalidDefinition
from tests.support.survey_files import BILLION_LAUGHS, GOOD

TR = Translator("zh")


def problems(data: bytes | str) -> list[DefinitionError]:
    with pytest.raises(DefinitionErrors) as caught:
        parse_survey_file(data)
    return list(caught.value.errors)


def codes(data: bytes | str) -> list[tuple[str, tuple[int, int] | None]]:
    return [(e.code, e.at) for e in problems(data)]


def rendered(data: bytes | str, lang: str = "zh") -> list[str]:
    with pytest.raises(DefinitionErrors) as caught:
        parse_survey_file(data)
    return problem_lines(TR, InvalidDefinition(caught.value), lang)


def column(text: str, line: int, needle: str) -> tuple[int, int]:
    return line, text.splitlines()[line - 1].index(needle) + 1


def test_the_good_file_is_read():
    survey = parse_survey_file(GOOD.encode())
    assert [q.id for q in survey.questions] == ["lobby", "why", "time", "late", "parcel", "nps"]
    assert survey.questions[3].show_if[0].value == "pm"


# ---- item 4: the billion laughs -----------------------------------------------------------------


def test_the_billion_laughs_is_refused_without_expanding_anything():
    tracemalloc.start()
    try:
        errors = problems(BILLION_LAUGHS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000  # 9**9 expanded strings would be gigabytes
    kinds = [e.code for e in errors if e.code.startswith("yaml_")]
    assert kinds.count("yaml_anchor") == 10 and kinds.count("yaml_alias") == 81
    assert (errors[0].code, errors[0].at, errors[0].params) == (
        "yaml_anchor",
        (1, 6),
        {"name": "lol"},
    )
    lines = rendered(BILLION_LAUGHS)
    assert lines[0] == f"❌ 问卷定义无效，未导入（{len(errors)} 处问题）："
    assert lines[1] == "• 第 1 行第 6 列，不允许使用锚点 &lol：请把内容直接写出来"
    assert (
        "• 第 2 行第 8 列，不允许使用别名 *lol：锚点和别名不会被展开，请把内容直接写出来" in lines
    )
    assert len(lines) == 1 + MAX_REPORTED + 1 and "另有" in lines[-1]
    assert all(len(line) < 120 for line in lines) and "lol, lol" not in "".join(lines)


def test_an_alias_is_read_as_nothing_and_never_looked_up():
    """The structural bound: an alias becomes one null node, so a file can never hold more
    values than it has nodes, and it has at most MAX_NODES of those."""
    value, found = read_survey_file("a: &x [1, 2, 3]\nb: *x\nc: [*x, *x, *nowhere]\n")
    assert value == {"a": [1, 2, 3], "b": None, "c": [None, None, None]}
    assert [(p.code, p.at) for p in found] == [
        ("yaml_anchor", (1, 4)),
        ("yaml_alias", (2, 4)),
        ("yaml_alias", (3, 5)),
        ("yaml_alias", (3, 9)),
        ("yaml_alias", (3, 13)),
    ]
    value, found = read_survey_file(BILLION_LAUGHS)
    assert value["i"] == [None] * 9 and value["lol"] == ["lol"] * 9


def test_no_file_can_make_more_than_max_nodes_values():
    flat = "[" + "1," * MAX_NODES + "1]"
    assert len(flat) < MAX_FILE_BYTES
    assert codes(flat) == [("too_many_nodes", (1, 2 * MAX_NODES))]
    value, _ = read_survey_file("[" + "1," * (MAX_NODES - 2) + "1]")  # the list itself is a node
    assert len(value) == MAX_NODES - 1


def test_deep_nesting_stops_at_the_limit():
    assert codes("[" * 100_000) == [("too_deep", (1, MAX_DEPTH + 1))]
    block = "".join("  " * n + f"k{n}:\n" for n in range(MAX_DEPTH + 2))
    assert codes(block) == [("too_deep", (MAX_DEPTH + 1, 2 * MAX_DEPTH + 1))]
    value, _ = read_survey_file("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert value == [[[[[[[[]]]]]]]]  # MAX_DEPTH levels are fine
    assert "嵌套层级太深（上限 8 层）" in rendered("{a: " * 20)[1]


def test_an_oversized_file_is_refused_before_parsing():
    padded = GOOD.encode() + b"#" * (MAX_FILE_BYTES - len(GOOD.encode()))
    assert parse_survey_file(padded).key == "lobby"  # exactly the limit is fine
    assert codes(padded + b"#") == [("too_big", None)]
    assert rendered(b"[" * (MAX_FILE_BYTES + 1))[1] == "• 文件太大（256 KB，上限 256 KB）"


# ---- bytes and JSON -------------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_are_pointed_at():
    found = codes(GOOD.encode("gb18030"))  # a Chinese file saved in the wrong encoding
    assert found[:2] == [("not_utf8", column(GOOD, 2, "大")), ("not_utf8", column(GOOD, 3, "三"))]
    assert {c for c, _ in found} == {"not_utf8"}  # one per line, nothing else is guessed at
    bad = b"id: x\ntitle: {zh: \xff\xfe, en: y}\n"
    assert [(e.code, e.at, e.params) for e in problems(bad)] == [
        ("not_utf8", (2, 13), {"count": 2})
    ]
    assert (
        rendered(bad, "en")[1]
        == "• line 2, column 13: 2 byte(s) here are not UTF-8 (save the file as UTF-8)"
    )
    assert parse_survey_file(b"\xef\xbb\xbf" + GOOD.encode()).key == "lobby"  # a BOM is fine


def test_control_characters_are_refused_each_with_its_place():
    assert [(e.at, e.params["char"]) for e in problems("id: a\x07\ntitle: \x1b")] == [
        ((1, 6), "U+0007"),
        ((2, 8), "U+001B"),
    ]


def test_json_is_read_the_same_way_with_tabs_and_positions():
    data = yaml.safe_load(GOOD)
    expected = parse_survey_file(GOOD)
    for indent in (None, 2, "\t"):
        assert parse_survey_file(json.dumps(data, ensure_ascii=False, indent=indent)) == expected
    text = json.dumps(data, ensure_ascii=False, indent="\t").replace('"lobby"', '"Lobby"', 1)
    assert codes(text) == [("bad_id", column(text, 2, '"Lobby"'))]


def test_json_with_duplicate_keys_is_refused():
    text = '{\n  "id": "a",\n  "title": {"zh": "x", "en": "y"},\n  "id": "b"\n}'
    errors = problems(text)
    assert [(e.code, e.at, e.params) for e in errors][0] == (
        "duplicate_key",
        (4, 3),
        {"key": "id", "line": 2},
    )
    assert "• 第 4 行第 3 列，键“id”重复（第 2 行已有，以第一个为准）" in rendered(text)


def test_yaml_1_2_scalars_only_true_and_false_are_booleans():
    text = GOOD.replace("required: false", "required: no")
    assert codes(text) == [("need_bool", column(text, 9, "no"))]
    yes_no = GOOD.replace("id: am", "id: yes").replace("id: pm", "id: no").replace("pm}", "no}")
    assert [o.id for o in parse_survey_file(yes_no).question("time").options] == ["yes", "no"]
    value, found = read_survey_file("a: 2026-13-45\nb: 12:30\nc: 0o17\nd: " + "9" * 40)
    assert value == {"a": "2026-13-45", "b": "12:30", "c": 15, "d": "9" * 40}
    assert [(p.code, p.at) for p in found] == [("bad_number", (4, 4))]


def test_tags_are_refused():
    text = GOOD.replace("id: lobby\n", "id: !!python/object/apply:os.system [echo]\n", 1)
    assert codes(text)[0] == ("yaml_tag", (1, 5))
    assert "不允许使用标签 !!python/object/apply:os.system" in rendered(text)[1]


@pytest.mark.parametrize(
    "text,code,at",
    [
        ("id: x\n\ttitle: y\n", "yaml_tab", (2, 1)),
        ("id: x\ntitle: {zh: a\nquestions: [\n", "yaml_unclosed", (3, 10)),
        ("id: x\ntitle: {zh: [", "yaml_early_end", (2, 14)),
        ("id: x: y\n", "yaml_colon", (1, 6)),
        ("id: x\ntitle\nquestions: 1\n", "yaml_no_colon", (2, 1)),
        ("id: 'x\n", "yaml_unclosed_quote", (2, 1)),
        ('id: "\\q"\n', "yaml_escape", (1, 7)),
        ("a:\n  - 1\n - 2\n", "yaml_indent", (3, 2)),
        ("id: `x`\n", "yaml_bad_char", (1, 5)),
        ("{id: x}}\n", "yaml_documents", (1, 8)),
        ("id: x\n---\nid: y\n", "yaml_documents", (2, 1)),
        ("a: - b\n", "yaml_dash", (1, 4)),
    ],
)
def test_syntax_errors_say_where_and_why(text, code, at):
    assert codes(text) == [(code, at)]
    zh, en = rendered(text)[1], rendered(text, "en")[1]
    assert zh.startswith(f"• 第 {at[0]} 行第 {at[1]} 列，YAML/JSON 语法错误：")
    assert en.startswith(f"• line {at[0]}, column {at[1]}: YAML/JSON syntax error: ")
