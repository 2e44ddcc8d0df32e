"""Notices' pure rules: splitting under Telegram's limits, schedule times, audiences."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import DomainError
from bot.domain.notices.model import (
    Audience,
    parse_audience,
    parse_local_time,
    split_text,
    utf16_len,
    validate_body,
)

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, a Monday


def squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_short_text_is_one_chunk():
    assert split_text("  你好，世界  ", 100) == ["你好，世界"]


def test_paragraphs_are_preferred_over_sentences_and_words():
    text = "第一段。" * 10 + "\n\n" + "第二段。" * 10
    assert split_text(text, 60) == ["第一段。" * 10, "第二段。" * 10]
    english = "one two three four five six seven eight"
    assert split_text(english, 15) == ["one two three", "four five six", "seven eight"]


def test_sentence_ends_are_used_when_there_is_no_paragraph():
    chunks = split_text("这是第一句话。这是第二句话。这是第三句话。", 16)
    assert chunks == ["这是第一句话。这是第二句话。", "这是第三句话。"]


def test_the_first_chunk_has_its_own_budget():
    chunks = split_text("a " * 50, 10, 30)
    assert utf16_len(chunks[0]) <= 10 and all(utf16_len(c) <= 30 for c in chunks[1:])


def test_emoji_count_twice_and_are_never_cut_in_half():
    text = "😀" * 10
    chunks = split_text(text, 5)
    assert all(utf16_len(c) <= 5 for c in chunks) and "".join(chunks) == text
    assert utf16_len("😀a") == 3


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab 中文。\n😀，.!?\t")), min_size=0, max_size=400),
    st.integers(min_value=2, max_value=60),
    st.integers(min_value=2, max_value=60),
)
def test_chunks_fit_and_nothing_but_whitespace_is_lost(text, first, rest):
    chunks = split_text(text, first, rest)
    assert all(chunk and chunk == chunk.strip() for chunk in chunks)
    assert all(utf16_len(c) <= (first if i == 0 else rest) for i, c in enumerate(chunks))
    assert squash("".join(chunks)) == squash(text)


@pytest.mark.parametrize(
    "typed,local",
    [
        ("2025-03-04 09:00", datetime(2025, 3, 4, 9, 0)),
        ("2025/3/4 9:05", datetime(2025, 3, 4, 9, 5)),
        ("3-4 18:30", datetime(2025, 3, 4, 18, 30)),
        ("3月4日 9点", datetime(2025, 3, 4, 9, 0)),
        ("15:00", datetime(2025, 3, 3, 15, 0)),  # later today
        ("9:00", datetime(2025, 3, 4, 9, 0)),  # already past today: tomorrow
        ("01-15 08:00", datetime(2026, 1, 15, 8, 0)),  # past this year: next year
        ("2025-03-03T12：00", datetime(2025, 3, 3, 12, 0)),
    ],
)
def test_local_times_are_read_in_the_estate_zone(typed, local):
    assert parse_local_time(typed, NOW, SH) == local.replace(tzinfo=SH).astimezone(UTC)


@pytest.mark.parametrize(
    "typed,key",
    [
        ("tomorrow", "notice.bad_time"),
        ("2025-02-30 09:00", "notice.bad_time"),
        ("25:00", "notice.bad_time"),
        ("2025-03-03 09:00", "notice.time_past"),
        ("2027-01-01 09:00", "notice.time_far"),
        ("", "notice.bad_time"),
    ],
)
def test_bad_or_impossible_times_are_refused(typed, key):
    with pytest.raises(DomainError) as refused:
        parse_local_time(typed, NOW, SH)
    assert refused.value.key == key


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("all", (Audience.ALL, ())),
        ("ALL", (Audience.ALL, ())),
        ("staff", (Audience.STAFF, ())),
        ("building:3,5", (Audience.BUILDINGS, ("3", "5"))),
        ("building: a , 3 ,3", (Audience.BUILDINGS, ("A", "3"))),
    ],
)
def test_audiences_from_the_command_line(typed, expected):
    assert parse_audience(typed) == expected


@pytest.mark.parametrize("typed", ["everyone", "building:", "building", "floor:3"])
def test_unknown_audiences_are_refused(typed):
    with pytest.raises(DomainError):
        parse_audience(typed)


def test_a_body_must_have_text_and_a_sane_length():
    assert validate_body("  停水通知 \n") == "停水通知"
    for bad in ("", "   ", "x" * 20_001):
        with pytest.raises(DomainError):
            validate_body(bad)
