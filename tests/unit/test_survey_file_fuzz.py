"""Fuzz: a malformed survey file (byte flips, cuts, inserted anchors / aliases / tags, deep
nesting, a field of the wrong type) is either read or refused with the domain's error — never
anything else, and every problem in the refusal renders. (No timing here: bench/survey_files
measures the worst case.)"""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.surveys.definitions import DefinitionErrors, Survey
from bot.domain.surveys.files import parse_survey_file
from bot.domain.surveys.parsing import survey_from_json
from bot.i18n import Translator
from bot.services.surveys.files import problem_lines
from bot.services.surveys.service import InvalidDefinition, builtin_text
from tests.support.survey_files import BAD_SHOW_IF, BILLION_LAUGHS, GOOD, malformed, paths

TR = Translator("zh")
BASES = [
    GOOD,
    builtin_text(),
    json.dumps(yaml.safe_load(GOOD), ensure_ascii=False, indent=2),
    BILLION_LAUGHS.decode(),
    BAD_SHOW_IF.decode(),
]
FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["lobby", "pm", "<=", "in", "includes", "answered", "rating", "zh"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def read_or_refuse(data: bytes | str) -> None:
    try:
        survey = parse_survey_file(data)
    except DefinitionErrors as refused:
        assert refused.errors
        for lang in ("zh", "en"):
            lines = problem_lines(TR, InvalidDefinition(refused), lang)
            assert all(len(line) < 600 for line in lines)
        return
    assert isinstance(survey, Survey)
    assert survey_from_json(survey.canonical()) == survey  # what is stored reads back


@FUZZ
@given(rng=st.randoms(use_true_random=False), base=st.sampled_from(BASES))
def test_a_damaged_file_is_read_or_refused_never_anything_else(rng, base):
    read_or_refuse(malformed(rng, base))


@FUZZ
@given(data=st.data(), as_json=st.booleans())
def test_any_value_in_any_field_is_read_or_refused(data, as_json):
    definition = yaml.safe_load(GOOD)
    path = data.draw(st.sampled_from(paths(definition)[1:]))
    box = definition
    for step in path[:-1]:
        box = box[step]
    box[path[-1]] = data.draw(VALUES)
    if as_json:
        text = json.dumps(definition, ensure_ascii=False, allow_nan=True)
    else:
        text = yaml.safe_dump(definition, allow_unicode=True, sort_keys=False)
    read_or_refuse(text)
