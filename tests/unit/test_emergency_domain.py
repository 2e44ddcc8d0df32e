"""Emergency rules that need no database: which advice fits which danger, in which language,
and when an untaken emergency falls due for its next re-alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.classifier import HAZARDS, Classification
from bot.config import ConfigError, load_settings
from bot.domain.tickets.emergency import Triage, advice_key, hazard_key, realert_due, triage_of
from bot.i18n import Translator

T0 = datetime(2025, 3, 3, 15, 30, tzinfo=UTC)
FIVE = timedelta(minutes=5)

# What the issue asks each advice to say, in each language (a fragment of the rendered text).
MUST_SAY = {
    "zh": {
        "trapped": ["保持冷静", "警铃", "不要强行扒门", "正在赶来"],
        "fire": ["119"],
        "gas": ["不要开关", "明火", "打开门窗", "离开", "室外", "燃气公司", "119"],
        "electric": ["不要触碰", "积水"],
        "flood": ["总水阀", "确保安全", "插座"],
        "outage": ["医疗设备", "120"],
        "threat": ["锁好门", "110"],
        "medical": ["120"],
        "injury": ["120"],
        "vulnerable": ["110"],
        None: ["119", "120", "110"],
    },
    "en": {
        "trapped": ["stay calm", "alarm", "Do not force the doors", "on our way"],
        "fire": ["119"],
        "gas": ["do not switch", "no flames", "Open the windows", "leave", "outside", "gas company", "119"],
        "electric": ["do not touch", "water near wiring"],
        "flood": ["shut the main water valve", "if it is safe", "sockets"],
        "outage": ["medical equipment", "120"],
        "threat": ["lock the door", "110"],
        "medical": ["120"],
        "injury": ["120"],
        "vulnerable": ["110"],
        None: ["119", "120", "110"],
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def translator():
    return Translator("zh")


def test_every_hazard_has_advice_to_check():
    assert set(MUST_SAY["zh"]) == set(MUST_SAY["en"]) == {*HAZARDS, None}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("hazard", [*HAZARDS, None])
def test_the_advice_fits_the_danger_in_the_residents_language(translator, lang, hazard):
    text = translator.t(lang, advice_key(hazard))
    for fragment in MUST_SAY[lang][hazard]:
        assert fragment in text, (hazard, lang, fragment)
    other = "en" if lang == "zh" else "zh"
    assert text != translator.t(other, advice_key(hazard))


def test_each_danger_has_its_own_advice_and_label(translator):
    keys = {advice_key(h) for h in HAZARDS}
    assert len(keys) == len(HAZARDS) and advice_key(None) not in keys
    assert len({translator.t("zh", k) for k in keys}) == len(HAZARDS)
    for hazard in HAZARDS:
        assert translator.t("en", hazard_key(hazard))


def test_an_unknown_or_missing_danger_gets_the_generic_advice():
    assert advice_key(None) == advice_key("alien invasion") == "emergency.advice_generic"
    assert hazard_key(None) is None and hazard_key("alien invasion") is None


def _result(urgent=False, hazard=None, ask_danger=False) -> Classification:
    return Classification("repair", "other", urgent, 0.9, 0.9, 0.9, 0.9, hazard, ask_danger)


@pytest.mark.parametrize(
    "result,emergency,ask",
    [
        (_result(), False, False),
        (_result(urgent=True), True, False),
        (_result(hazard="gas"), True, False),  # the safety net overrides the model
        (_result(hazard="nonsense"), False, False),
        (_result(ask_danger=True), False, True),
        (_result(urgent=True, ask_danger=True), True, False),  # no question when it is clear
    ],
)
def test_triage(result, emergency, ask):
    triage = triage_of(result)
    assert (triage.emergency, triage.ask) == (emergency, ask)
    assert Triage().emergency is False


@pytest.mark.parametrize(
    "elapsed,announced,due",
    [
        (timedelta(0), 0, None),
        (timedelta(minutes=4, seconds=59), 0, None),
        (timedelta(minutes=5), 0, 1),
        (timedelta(minutes=9, seconds=59), 1, None),
        (timedelta(minutes=10), 1, 2),
        (timedelta(minutes=10), 2, None),  # already announced: never twice
        (timedelta(minutes=27), 2, 5),  # three intervals missed while down: one alert
        (timedelta(minutes=-1), 0, None),  # a clock behind the record: nothing
    ],
)
def test_realert_due(elapsed, announced, due):
    assert realert_due(T0, T0 + elapsed, FIVE, announced) == due


def test_a_zero_interval_never_re_alerts():
    assert realert_due(T0, T0 + timedelta(hours=1), timedelta(0), 0) is None


def test_the_re_alert_interval_is_a_setting_in_minutes():
    assert load_settings({}).urgent_realert_minutes == 5
    assert load_settings({"URGENT_REALERT_MINUTES": "0.05"}).urgent_realert_minutes == 0.05
    for bad in ("0", "-5", "soon"):
        with pytest.raises(ConfigError, match="URGENT_REALERT_MINUTES"):
            load_settings({"URGENT_REALERT_MINUTES": bad})
