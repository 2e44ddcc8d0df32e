"""Survey texts: every key the code uses exists in zh and en; callback data stays < 64 bytes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.domain.surveys.definitions import QType
from bot.i18n import load_catalog
from handlers.common.callbacks import MAX_BYTES, decode

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = load_catalog("zh"), load_catalog("en")
SOURCES = [
    *ROOT.glob("bot/services/surveys/*.py"),
    *ROOT.glob("bot/domain/surveys/*.py"),
    *ROOT.glob("bot/presentation/surveys/*.py"),
    *ROOT.glob("handlers/surveys/*.py"),
    ROOT / "bot" / "cli" / "surveys.py",
]
DYNAMIC = (
    [f"survey.rating_{n}" for n in range(1, 6)]
    + [f"survey.status_{s}" for s in ("scheduled", "running", "closed", "cancelled")]
    + [f"survey.every_{e}" for e in ("none", "monthly", "quarterly", "yearly")]
    + [f"survey.audience_{a}" for a in ("all", "buildings", "closed")]
    + [f"survey.imported_{o}" for o in ("created", "updated", "new_version", "unchanged")]
)


def literal_keys() -> dict[str, str]:
    found = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text("utf-8"))
        prefixes = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        prefixes |= {  # audit-event kinds: events.record("survey.launched", …)
            id(n.args[0])
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "record"
            and n.args
        }
        for node in ast.walk(tree):
            if id(node) in prefixes:  # f"survey.status_{x}": the DYNAMIC variants cover these
                continue
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"survey\.[a-z_0-9]+", node.value)
            ):
                found[node.value] = f"{path.name}:{node.lineno}"
    return found


def definition_error_codes() -> set[str]:
    from bot.domain.surveys.syntax import SYNTAX_CODES

    codes = {code for _, code, _ in SYNTAX_CODES}  # PyYAML's problems, translated
    for path in [*ROOT.glob("bot/domain/surveys/*.py"), *ROOT.glob("bot/services/surveys/*.py")]:
        text = path.read_text("utf-8")
        codes |= set(re.findall(r'(?:DefinitionError|fail|problem)\(\s*"([a-z_]+)"', text))
    return codes


def test_the_scan_sees_the_code():
    keys = literal_keys()
    assert {"survey.invite", "survey.stale", "survey.question"} <= keys.keys()
    assert {"need_lang", "bad_condition_ref", "bad_yaml"} <= definition_error_codes()


def test_every_survey_key_exists_in_both_languages():
    wanted = set(literal_keys()) | set(DYNAMIC)
    wanted |= {f"survey.def_{code}" for code in definition_error_codes()}
    assert sorted(k for k in wanted if k not in ZH or k not in EN) == []


def test_rating_labels_are_the_standard_scale():
    assert [ZH[f"survey.rating_{n}"] for n in range(1, 6)] == [
        "非常不满意",
        "不满意",
        "一般",
        "满意",
        "非常满意",
    ]


@pytest.mark.parametrize(
    "data",
    [
        "sv:a:999999999999_59_10",
        "sv:t:999999999999_59_9",
        "sv:later:999999999999",
        "sw:reminders:3",
        "sw:survey:999999999999",
        "sr:xlsx:999999999999",
    ],
)
def test_the_longest_callback_data_fits(data):
    assert len(data.encode()) <= MAX_BYTES and decode(data) is not None


def test_question_types_have_a_way_to_answer():
    from handlers.surveys.answering import PATTERN

    assert re.match(PATTERN, "sv:a:1_2_3") and not re.match(PATTERN, "sv:a:1_2_x")
    assert {t.value for t in QType} == {"rating", "nps", "single", "multi", "yesno", "text"}
