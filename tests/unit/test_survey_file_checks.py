"""What a survey file says is checked before it is used: the type of every field, conditions
against the question they look at (issue 12, item 5), every problem at once with its line and
column, short echoes of what was written, and a refusal split under Telegram's limit."""

from __future__ import annotations

import copy

import pytest
import yaml

from bot.domain.surveys.definitions import DefinitionErrors
from bot.domain.surveys.files import parse_survey_file
from bot.domain.surveys.parsing import parse_definition, survey_from_json
from bot.i18n import Translator
from bot.services.surveys.files import MAX_REPORTED, MESSAGE_UNITS, refusal, split_messages
from bot.services.surveys.service import InvalidDefinition
from tests.support.survey_files import BAD_SHOW_IF, GOOD

TR = Translator("zh")
DATA = yaml.safe_load(GOOD)
Q = {q["id"]: n for n, q in enumerate(DATA["questions"])}


def refused(data) -> DefinitionErrors:
    with pytest.raises(DefinitionErrors) as caught:
        parse_survey_file(data)
    return caught.value


def explained(data, lang: str = "zh") -> list[str]:
    return refusal(TR, InvalidDefinition(refused(data)), lang)[0].splitlines()


def replaced(path: tuple, value) -> str:
    data = copy.deepcopy(DATA)
    box = data
    for step in path[:-1]:
        box = box[step]
    box[path[-1]] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_the_issue_show_if_is_refused_with_its_place_and_reason():
    error = refused(BAD_SHOW_IF)
    assert [(e.code, e.question, e.field, e.at) for e in error.errors] == [
        ("condition_need_option", 2, "show_if.value", (11, 46))
    ]
    assert explained(BAD_SHOW_IF)[1] == (
        "• 第 11 行第 46 列，第 2 题（q2）字段 show_if.value: "
        "条件的值应为题目“q1”的一个选项 id（x, y），现在是 [x]"
    )
    assert explained(BAD_SHOW_IF, "en")[1] == (
        "• line 11, column 46: question 2 (q2), field show_if.value: "
        'the condition value must be an option id of "q1" (x, y), not [x]'
    )


QS = ("questions",)


@pytest.mark.parametrize(
    "path,value,code,field",
    [
        (("id",), 5, "bad_id", "id"),
        (("format",), True, "bad_format", "format"),
        (("version",), [1], "bad_version", "version"),
        (("title",), "x", "need_text", "title"),
        (("title", "zh"), 5, "need_string", "title.zh"),
        (("title", "fr"), "x", "unknown_field", "title.fr"),
        (("intro",), None, "need_text", "intro"),
        (("dimensions",), ["lobby"], "need_mapping", "dimensions"),
        (("dimensions", "lobby"), "x", "need_text", "dimensions.lobby"),
        (QS, {"a": 1}, "need_list", "questions"),
        ((*QS, 0), "lobby", "need_mapping", "questions[1]"),
        ((*QS, 0, "id"), ["lobby"], "bad_id", "id"),
        ((*QS, 0, "type"), ["rating"], "bad_type", "type"),
        ((*QS, 0, "text"), ["x"], "need_text", "text"),
        ((*QS, 0, "dimension"), ["lobby"], "unknown_dimension", "dimension"),
        ((*QS, 1, "required"), "no", "need_bool", "required"),
        ((*QS, 1, "show_if"), 5, "need_mapping", "show_if"),
        ((*QS, 1, "show_if"), [], "need_mapping", "show_if"),
        ((*QS, 1, "show_if", "question"), ["lobby"], "bad_condition_ref", "show_if.question"),
        ((*QS, 1, "show_if", "op"), ["<="], "bad_condition_op", "show_if.op"),
        ((*QS, 1, "show_if", "value"), {"a": 1}, "condition_need_number", "show_if.value"),
        ((*QS, 2, "options"), "am, pm", "options_count", "options"),
        ((*QS, 2, "options", 0), "am", "need_mapping", "options[1]"),
        ((*QS, 2, "options", 0, "id"), 1, "bad_id", "options[1].id"),
        ((*QS, 2, "options", 0, "text"), {"zh": "a"}, "need_lang", "options[1].text.en"),
        ((*QS, 3, "show_if", 0, "value"), ["pm"], "condition_need_option", "show_if[1].value"),
        ((*QS, 4, "options"), [], "options_only_choice", "options"),
    ],
)
def test_a_wrong_type_in_any_field_is_a_problem_never_a_crash(path, value, code, field):
    errors = refused(replaced(path, value)).errors
    assert (errors[0].code, errors[0].field) == (code, field)
    assert errors[0].at is not None


EXTRA = """\
  - id: extra
    type: text
    show_if: {cond}
    text: {{zh: 追问, en: Follow-up}}
"""


@pytest.mark.parametrize(
    "cond,code,field,params",
    [
        ("{question: time, op: '<', value: am}", "condition_op_for_type", "op", {"op": "<"}),
        ("{question: time, op: includes, value: am}", "condition_op_for_type", "op", {}),
        ("{question: late, op: '==', value: desk}", "condition_op_for_type", "op", {}),
        ("{question: late, value: desk}", "condition_op_for_type", "op", {"op": "=="}),
        ("{question: why, op: '!=', value: x}", "condition_op_for_type", "op", {"type": "text"}),
        ("{question: parcel, op: '<', value: true}", "condition_op_for_type", "op", {}),
        ("{question: late, op: includes, value: gym}", "condition_need_option", "value", {}),
        ("{question: time, op: '==', value: [am]}", "condition_need_option", "value", {}),
        ("{question: parcel, op: '==', value: yes}", "condition_need_bool", "value", {}),
        ("{question: lobby, op: '<=', value: '3'}", "condition_need_number", "value", {}),
        ("{question: lobby, op: '<=', value: true}", "condition_need_number", "value", {}),
        ("{question: lobby, op: '<=', value: 2.5}", "condition_need_number", "value", {}),
        ("{question: nps, op: '>', value: 11}", "condition_need_number", "value", {"max": 10}),
        ("{question: lobby, op: in, value: 3}", "condition_need_list", "value", {}),
        ("{question: lobby, op: in, value: []}", "condition_need_list", "value", {}),
        ("{question: lobby, op: in, value: [1, 9]}", "condition_need_number", "value[2]", {}),
        ("{question: lobby, op: '<='}", "condition_need_value", "value", {}),
        ("{question: lobby, op: answered, value: 3}", "condition_no_value", "value", {}),
        ("{question: lobby, op: '=>', value: 3}", "bad_condition_op", "op", {}),
        ("{question: extra, op: answered}", "bad_condition_ref", "question", {}),
        ("{question: nobody, op: answered}", "bad_condition_ref", "question", {}),
        ("{question: lobby, op: answered, when: now}", "unknown_field", "when", {}),
        ("[{question: lobby, op: answered}, 3]", "need_mapping", "", {}),
    ],
)
def test_condition_mistakes_are_named(cond, code, field, params):
    text = GOOD + EXTRA.format(cond=cond)
    (error,) = refused(text).errors
    where = "show_if[2]" if cond.startswith("[") else "show_if"
    assert (error.code, error.field) == (code, f"{where}.{field}".rstrip("."))
    assert error.question == len(DATA["questions"]) + 1 and error.qid == "extra"
    assert params.items() <= error.params.items()
    assert error.at[0] == GOOD.count("\n") + 3  # the show_if line


def test_a_condition_on_a_question_with_problems_is_not_blamed_twice():
    text = GOOD.replace("type: single", "type: singel") + EXTRA.format(
        cond="{question: time, op: '==', value: am}"
    )
    assert [e.code for e in refused(text).errors] == ["bad_type"]


MANY = """\
id: Lobby
title: {zh: 调查, en: Survey}
intro: {zh: 你好, en: Hello, fr: Salut}
questions:
  - {id: a, type: rating, text: {zh: 题, en: Q}}
  - id: b
    type: yes_no
    text: {zh: 题, en: Q}
    text: {zh: 又一题, en: Q again}
  - id: c
    type: single
    options: [{id: x, text: {zh: X, en: X}}, {id: y, text: {zh: Y, en: Y}}]
    show_if: {question: a, op: "==", value: 7}
    text: {zh: 题, en: Q}
  - {id: c, type: nps, colour: red, text: {zh: 题, en: Q}}
"""


def test_every_problem_of_a_file_is_reported_at_once_in_file_order():
    errors = refused(MANY).errors
    assert [(e.code, e.at) for e in errors] == [
        ("duplicate_key", (9, 5)),  # the file's form first
        ("bad_id", (1, 5)),
        ("unknown_field", (3, 28)),
        ("need_dimension", (5, 5)),
        ("bad_type", (7, 11)),
        ("condition_need_number", (13, 45)),  # "a" lacks a dimension: still a rating
        ("duplicate_id", (15, 10)),
        ("unknown_field", (15, 24)),
    ]
    lines = explained(MANY)
    assert lines[0] == "❌ 问卷定义无效，未导入（8 处问题）："
    assert (
        lines[2]
        == "• 第 1 行第 5 列，字段 id: “Lobby”不是合法的 id：须以小写字母开头，只含小写字母、数字和 _，最长 24 位"
    )
    assert (
        lines[5]
        == "• 第 7 行第 11 列，第 2 题（b）字段 type: 题型须为以下之一：rating, nps, single, multi, yesno, text"
    )
    assert (
        explained(MANY, "en")[3] == "• line 3, column 28: field intro.fr: unknown field (a typo?)"
    )


def test_echoed_values_are_short_whatever_the_file_holds():
    key, value = "k" * 1000, "V" * 100_000  # (YAML keys stop at 1024 characters)
    text = GOOD.replace("id: lobby\n", f"id: {value}\n{key}: 1\n", 1)
    lines = explained(text)
    assert len(lines) == 3 and all(len(line) < 200 for line in lines)
    assert "“VVVVVVVVVVVVVVVVVVVVVVVVVVVVV…”不是合法的 id" in lines[1]


def test_a_long_list_of_problems_is_split_under_telegrams_limit():
    options = ", ".join(
        f"{{id: option_number_{n:02d}, text: {{zh: 选, en: O}}}}" for n in range(10)
    )
    follow_up = "  - {{id: f{n}, type: text, text: {{zh: 问, en: Q}}, show_if: {{question: q, value: no}}}}\n"
    text = (
        "id: x\ntitle: {zh: 调查, en: S}\nintro: {zh: 好, en: Hi}\nquestions:\n"
        f"  - {{id: q, type: single, text: {{zh: 问, en: Q}}, options: [{options}]}}\n"
        + "".join(follow_up.format(n=n) for n in range(59))
    )
    errors = refused(text).errors
    assert {e.code for e in errors} == {"condition_need_option"} and len(errors) == 59
    messages = refusal(TR, InvalidDefinition(refused(text)), "zh")
    assert len(messages) >= 2
    assert all(len(m.encode("utf-16-le")) // 2 <= MESSAGE_UNITS for m in messages)
    lines = "\n".join(messages).splitlines()
    assert lines[0].startswith("❌") and len(lines) == 1 + MAX_REPORTED + 1
    assert lines[-1] == f"……另有 {len(errors) - MAX_REPORTED} 处问题未列出。"


def test_split_messages_keeps_whole_lines_and_cuts_only_a_giant_one():
    lines = [f"line {n} " + "字" * 50 for n in range(300)] + ["😀" * 5000]
    messages = split_messages(lines, limit=1000)
    assert all(len(m.encode("utf-16-le")) // 2 <= 1000 for m in messages)
    joined = "\n".join(messages).splitlines()
    assert joined[:300] == lines[:300] and joined[300].endswith("…")


def test_definitions_stored_before_these_checks_still_load():
    data = copy.deepcopy(DATA)
    data["questions"].append(
        {
            "id": "extra",
            "type": "text",
            "text": {"zh": "追问", "en": "Follow-up"},
            "show_if": [
                {"question": "parcel", "op": "in", "value": [True]},
                {"question": "nps", "op": "not_in", "value": list(range(11))[::-1] + [10]},
            ],
        }
    )
    survey = parse_definition(data)
    assert survey_from_json(survey.canonical()) == survey


@pytest.mark.parametrize("value", ["lobby\n", 1.0, "lobby "])
def test_ids_and_format_are_exact(value):
    key = "format" if isinstance(value, float) else "id"
    assert refused(replaced((key,), value)).errors[0].code == (
        "bad_format" if key == "format" else "bad_id"
    )
