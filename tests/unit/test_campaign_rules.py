"""Issue 12's pure rules: question ranges, forecasts in words (both languages), a bare time
that just passed, overlapping recurrences, packed reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.notices.model import just_passed
from bot.domain.surveys.files import parse_survey_file
from bot.domain.surveys.forecast import Forecast
from bot.i18n import Translator
from bot.presentation.surveys.forecast import forecast_text
from bot.presentation.surveys.text import packed
from bot.services.surveys.recurrence import normalise_every, shortest_period

SH = ZoneInfo("Asia/Shanghai")
T = Translator("zh")
SURVEY = """
id: s
title: {zh: 调查, en: Survey}
intro: {zh: 你好, en: Hello}
dimensions: {a: {zh: 甲, en: A}}
questions:
  - {id: a, type: rating, dimension: a, text: {zh: 甲？, en: "A?"}}
  - id: why
    type: text
    required: false
    show_if: {question: a, op: "<=", value: 2}
    text: {zh: 为什么？, en: "Why?"}
  - {id: used, type: yesno, text: {zh: 用过吗？, en: "Used?"}}
  - id: how
    type: rating
    dimension: a
    show_if: {question: used, op: "==", value: true}
    text: {zh: 如何？, en: "How?"}
"""


def local(moment: datetime) -> str:
    return moment.astimezone(SH).strftime("%Y-%m-%d %H:%M")


def test_the_question_count_is_a_range_until_the_deciding_answers():
    survey = parse_survey_file(SURVEY)
    assert survey.span(-1, {}) == (2, 4)  # before starting: two follow-ups undecided
    assert survey.span(0, {}) == (2, 4)  # on the first question, not answered yet
    assert survey.span(2, {"a": 5}) == (2, 3)  # `why` decided (hidden); `how` still open
    assert survey.span(3, {"a": 1, "used": True}) == (4, 4)
    assert survey.span(3, {"a": 5, "used": False}) == (2, 2)


def test_a_forecast_reads_as_numbers_in_both_languages():
    at = datetime(2026, 12, 4, 21, 4, tzinfo=UTC)  # 05:04 in Shanghai
    held = Forecast(9, 2, 30, at, datetime(2026, 12, 5, 0, 0, tzinfo=UTC))
    zh = forecast_text(T, "zh", held, local)
    assert "将邀请 <b>7</b> 位住户（对象共 9 位）" in zh and "等到 2026-12-05 08:00" in zh
    assert "2 位住户因 30 天内已收到其他调查邀请而跳过" in zh
    en = forecast_text(T, "en", held, local)
    assert "<b>7</b> residents will be invited (audience: 9)" in en and "wait until" in en
    nobody = Forecast(9, 9, 30, at)
    assert nobody.refusal() == ("survey.nobody_all_recent", {"count": 9, "days": 30})
    assert "nobody would be invited" in forecast_text(T, "en", nobody, local)
    assert Forecast(0, 0, 30, at).refusal() == ("survey.nobody_in_audience", {})


def test_a_bare_time_that_just_passed_is_noticed():
    now = datetime(2026, 12, 4, 21, 0, 27, tzinfo=UTC)  # 05:00:27 local
    assert just_passed("5:00", now, SH) == "05:00"
    assert just_passed("04:30", now, SH) == "04:30"
    assert just_passed("3:59", now, SH) is None  # more than an hour ago: tomorrow, as before
    assert just_passed("6:00", now, SH) is None  # still to come today
    assert just_passed("12-05 5:00", now, SH) is None  # a date was given


def test_recurrences_shorter_than_a_round_are_measured():
    start = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
    weekly = normalise_every("weekly")
    monthly = normalise_every("monthly")
    assert weekly and monthly
    assert shortest_period(weekly, start, SH) <= timedelta(days=7)
    assert shortest_period(monthly, start, SH) < timedelta(days=28)  # 5 Dec -> 1 Jan = 27 d


def test_report_parts_are_packed_into_few_messages():
    assert packed(["a" * 900] * 4) == ["\n\n".join(["a" * 900] * 4)]
    assert len(packed(["b" * 3000] * 3)) == 3
