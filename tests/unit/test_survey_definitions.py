"""Survey definitions: the built-in questionnaire, validation with exact locations,
conditions, navigation (next / back / progress) and answer checking."""

from __future__ import annotations

import copy
import json

import pytest

from bot.domain.surveys.definitions import (
    AnswerError,
    Condition,
    DefinitionError,
    QType,
)
from bot.domain.surveys.parsing import parse_definition, survey_from_json
from bot.i18n import Translator
from bot.services.surveys.definitions import (
    InvalidDefinition,
    builtin_text,
    explain,
    load_definition,
)

TEXT = {"zh": "题目", "en": "Question"}


def definition(*questions, dimensions=None) -> dict:
    """A fresh (deep-copied) definition, so a test may mutate it."""
    return copy.deepcopy(
        {
            "id": "mini",
            "title": {"zh": "小调查", "en": "Mini survey"},
            "intro": {"zh": "你好", "en": "Hello"},
            "dimensions": dimensions if dimensions is not None else {"clean": dict(TEXT)},
            "questions": list(questions),
        }
    )


def rating(qid="clean", **extra):
    return {"id": qid, "type": "rating", "dimension": "clean", "text": dict(TEXT), **extra}


def error_of(data) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(data)
    return caught.value


# ---- the built-in questionnaire ----------------------------------------------------------------


def test_the_builtin_questionnaire_covers_every_design_dimension():
    survey = parse_definition(load_definition(builtin_text()))
    assert survey.key == "satisfaction"
    assert set(survey.dimensions) == {
        "security",
        "cleaning",
        "greening",
        "facilities",
        "repair",
        "service_centre",
        "complaints",
        "activities",
        "disclosure",
        "overall",
    }
    types = [q.type for q in survey.questions]
    assert types.count(QType.NPS) == 1 and QType.TEXT in types
    assert {q.dimension for q in survey.questions if q.type is QType.RATING} == set(
        survey.dimensions
    )
    for q in survey.questions:  # both languages, everywhere
        assert q.text.zh and q.text.en and q.text.zh != q.text.en


def test_a_definition_survives_the_canonical_round_trip():
    survey = parse_definition(load_definition(builtin_text()))
    again = survey_from_json(survey.canonical())
    assert again == survey
    assert json.loads(again.canonical()) == json.loads(survey.canonical())


def test_json_is_accepted_too():
    data = definition(rating())
    assert parse_definition(load_definition(json.dumps(data, ensure_ascii=False))).key == "mini"


# ---- validation: which question, which field ---------------------------------------------------


@pytest.mark.parametrize(
    "mutate,code,question,field",
    [
        (lambda d: d.pop("title"), "need_text", None, "title"),
        (lambda d: d["title"].pop("en"), "need_lang", None, "title.en"),
        (lambda d: d.update(id="Bad Id"), "bad_id", None, "id"),
        (lambda d: d.update(colour="red"), "unknown_field", None, "colour"),
        (lambda d: d.update(questions=[]), "no_questions", None, "questions"),
        (lambda d: d.update(format=2), "bad_format", None, "format"),
        (lambda d: d["questions"][1].update(type="ratng"), "bad_type", 2, "type"),
        (lambda d: d["questions"][1].pop("dimension"), "need_dimension", 2, "dimension"),
        (lambda d: d["questions"][1].update(dimension="lift"), "unknown_dimension", 2, "dimension"),
        (lambda d: d["questions"][1].update(id="clean"), "duplicate_id", 2, "id"),
        (lambda d: d["questions"][1].update(required="yes"), "need_bool", 2, "required"),
        (lambda d: d["questions"][1]["text"].update(en=""), "need_lang", 2, "text.en"),
        (lambda d: d["questions"][1]["text"].update(zh="长" * 301), "too_long", 2, "text.zh"),
        (lambda d: d["questions"][1].update(colour=1), "unknown_field", 2, "colour"),
        (lambda d: d["questions"][2].update(options=[]), "options_count", 3, "options"),
        (
            lambda d: d["questions"][2]["options"][1].update(id="a"),
            "duplicate_id",
            3,
            "options[2].id",
        ),
        (lambda d: d["questions"][3].update(options=[]), "options_only_choice", 4, "options"),
        (
            lambda d: d["questions"][3].update(dimension="clean"),
            "dimension_only_rating",
            4,
            "dimension",
        ),
        (
            lambda d: d["questions"][3].update(show_if={"question": "later", "op": "=="}),
            "bad_condition_ref",
            4,
            "show_if.question",
        ),
        (
            lambda d: d["questions"][3].update(show_if={"question": "clean", "op": "~"}),
            "bad_condition_op",
            4,
            "show_if.op",
        ),
        (
            lambda d: d["questions"][3].update(
                show_if={"question": "clean", "op": "<=", "value": 9}
            ),
            "condition_need_number",
            4,
            "show_if.value",
        ),
        (
            lambda d: d["questions"][3].update(
                show_if=[
                    {"question": "clean", "op": "answered"},
                    {"question": "pick", "op": ">", "value": "a"},
                ]
            ),
            "condition_op_for_type",
            4,
            "show_if[2].op",
        ),
        (
            lambda d: d["dimensions"].update(spare=TEXT),
            "unused_dimension",
            None,
            "dimensions.spare",
        ),
    ],
)
def test_invalid_definitions_name_the_question_and_the_field(mutate, code, question, field):
    data = definition(
        rating(),
        rating("again"),
        {
            "id": "pick",
            "type": "single",
            "text": TEXT,
            "options": [{"id": "a", "text": TEXT}, {"id": "b", "text": TEXT}],
        },
        {"id": "why", "type": "text", "text": TEXT, "required": False},
    )
    mutate(data)
    error = error_of(data)
    assert (error.code, error.question, error.field) == (code, question, field)


def test_the_explanation_is_readable_in_both_languages():
    data = definition(rating(), {"id": "why", "type": "txt", "text": TEXT})
    error = error_of(data)
    translator = Translator("zh")
    zh, en = explain(translator, error, "zh"), explain(translator, error, "en")
    assert zh.startswith("第 2 题（why）字段 type") and "rating" in zh
    assert en.startswith("question 2 (why), field type: type must be one of")


def test_yaml_syntax_errors_name_the_line_and_column():
    with pytest.raises(InvalidDefinition) as caught:
        load_definition("id: x\ntitle: {zh: a\nquestions: [\n")
    assert caught.value.error.code == "yaml_unclosed" and caught.value.error.at == (3, 10)


def test_oversized_files_are_refused():
    with pytest.raises(InvalidDefinition) as caught:
        load_definition("#" * (300 * 1024))
    assert caught.value.error.code == "too_big"


def test_hostile_text_is_kept_verbatim_and_escaped_only_when_rendered():
    data = definition(rating(text={"zh": "<b>清洁</b> & 卫生", "en": "<i>x</i>"}))
    survey = parse_definition(data)
    assert survey.questions[0].text.zh == "<b>清洁</b> & 卫生"
    error = error_of(definition(rating(qid="x", colour="<script>")))
    assert "<script>" not in explain(Translator("zh"), error, "en").replace("colour", "")


# ---- conditions and navigation -----------------------------------------------------------------


@pytest.mark.parametrize(
    "condition,answers,holds",
    [
        (Condition("q", "<=", 3), {"q": 3}, True),
        (Condition("q", "<=", 3), {"q": 4}, False),
        (Condition("q", "<=", 3), {}, False),  # skipped: no follow-up
        (Condition("q", ">", 8), {"q": 9}, True),
        (Condition("q", "==", True), {"q": True}, True),
        (Condition("q", "==", True), {"q": False}, False),
        (Condition("q", "!=", "a"), {"q": "b"}, True),
        (Condition("q", "in", [1, 2]), {"q": 2}, True),
        (Condition("q", "not_in", [1, 2]), {"q": 2}, False),
        (Condition("q", "includes", "x"), {"q": ["x", "y"]}, True),
        (Condition("q", "includes", "z"), {"q": ["x", "y"]}, False),
        (Condition("q", "answered"), {"q": "anything"}, True),
        (Condition("q", "<", 3), {"q": True}, False),  # a bool is not a score
    ],
)
def test_conditions(condition, answers, holds):
    assert condition.holds(answers) is holds


@pytest.fixture
def branching():
    return parse_definition(
        definition(
            rating(),
            {
                "id": "why",
                "type": "text",
                "text": TEXT,
                "required": False,
                "show_if": {"question": "clean", "op": "<=", "value": 3},
            },
            {"id": "again", "type": "yesno", "text": TEXT},
            {
                "id": "what",
                "type": "multi",
                "text": TEXT,
                "options": [{"id": "a", "text": TEXT}, {"id": "b", "text": TEXT}],
                "show_if": [
                    {"question": "again", "op": "==", "value": True},
                    {"question": "clean", "op": "answered"},
                ],
            },
            {"id": "nps", "type": "nps", "text": TEXT},
        )
    )


def test_follow_ups_appear_only_when_their_condition_holds(branching):
    s = branching
    assert s.next_index(-1, {}) == 0
    assert s.next_index(0, {"clean": 5}) == 2  # no "why" for a happy resident
    assert s.next_index(0, {"clean": 2}) == 1
    assert s.next_index(2, {"clean": 5, "again": False}) == 4
    assert s.next_index(2, {"clean": 5, "again": True}) == 3
    assert s.next_index(4, {}) == len(s.questions)


def test_back_goes_to_the_previous_shown_question(branching):
    s = branching
    assert s.previous_index(0, {}) is None
    assert s.previous_index(2, {"clean": 5}) == 0
    assert s.previous_index(2, {"clean": 1}) == 1
    assert s.previous_index(len(s.questions), {"clean": 5, "again": False, "nps": 7}) == 4


def test_progress_counts_the_questions_that_are_shown(branching):
    s = branching
    assert s.progress(0, {}) == (1, 3)  # clean, again, nps
    assert s.progress(1, {"clean": 2}) == (2, 4)
    assert s.progress(4, {"clean": 2, "again": True, "what": ["a"]}) == (5, 5)


def test_a_changed_answer_drops_the_follow_up_it_no_longer_shows(branching):
    answers = {"clean": 4, "why": "dirty stairs", "again": True, "what": ["a"], "nps": 9}
    kept = branching.kept_answers(answers)
    assert "why" not in kept and kept["what"] == ["a"]
    assert branching.missing_required({"clean": 4, "again": True}) == ["what", "nps"]


@pytest.mark.parametrize(
    "qtype,good,bad",
    [
        ("rating", [1, 5], [0, 6, True, "3", None]),
        ("nps", [0, 10], [-1, 11, 3.5, False]),
        ("yesno", [True, False], [1, 0, "yes"]),
        ("text", ["ok", " padded "], ["", "   ", None, 5]),
    ],
)
def test_answers_are_checked(qtype, good, bad):
    extra = {"dimension": "clean"} if qtype == "rating" else {}
    survey = parse_definition(
        definition(rating(), {"id": "q", "type": qtype, "text": TEXT, **extra})
    )
    question = survey.question("q")
    for value in good:
        question.check(value)
    for value in bad:
        with pytest.raises(AnswerError):
            question.check(value)


def test_choice_answers_are_normalised(branching):
    what = branching.question("what")
    assert what.check(["b", "a", "a"]) == ["a", "b"]
    for bad in ([], ["c"], "a"):
        with pytest.raises(AnswerError):
            what.check(bad)
    assert what.check(["x" * 0 + "a"]) == ["a"]
    assert branching.question("why").check("字" * 2000) == "字" * 1000


def test_the_definition_is_not_mutated_by_parsing():
    data = definition(rating())
    before = copy.deepcopy(data)
    parse_definition(data)
    assert data == before
