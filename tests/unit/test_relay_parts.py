"""Relayed text is split into marked parts under Telegram's limits, never cut (issue 10 B);
what a relayed answer's state is, from its outbox row."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.messaging.outbox import Delivery
from bot.domain.notices.model import utf16_len
from bot.domain.tickets.relay import RelayRow, RelayState, outcome_state, relay_state
from bot.i18n import Translator
from handlers.tickets.relay_parts import relay_parts

T = Translator("zh")
NOW = datetime(2025, 3, 3, 14, 30, tzinfo=UTC)
TAGS = re.compile(r"<[^>]+>")


def plain(html_text: str) -> str:
    return TAGS.sub("", html_text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.mark.parametrize(
    ("lang", "key", "mark"),
    [
        ("zh", "ticket.staff_says", "（{n}/{total}）"),
        ("en", "ticket.staff_says", "({n}/{total})"),
        ("zh", "ticket.resident_says", "（{n}/{total}）"),
        ("en", "relay.correction", "({n}/{total})"),
    ],
)
def test_a_long_text_goes_whole_in_marked_parts_under_the_limit(lang, key, mark):
    words = [f"词{n:04d}<&>" for n in range(1500)]  # 12,000 characters, with markup to escape
    text = " ".join(words)

    parts = relay_parts(T, lang, key, {"id": 7, "name": "李师傅", "text": text})

    assert len(parts) == 4
    for n, part in enumerate(parts, 1):
        assert mark.format(n=n, total=4) in part.text
        assert utf16_len(plain(part.text)) <= 4096
    body = " ".join(plain(p.text) for p in parts)
    assert all(word in body for word in words)


def test_a_short_text_is_one_message_without_marks():
    (part,) = relay_parts(T, "zh", "ticket.staff_says", {"id": 7, "name": "李", "text": "好的"})
    assert "好的" in part.text and "1/1" not in part.text


def test_astral_characters_count_as_two_units():
    text = "😀" * 3000  # 6,000 UTF-16 units
    parts = relay_parts(T, "en", "ticket.resident_says", {"id": 1, "text": text})
    assert len(parts) == 2
    assert sum(plain(p.text).count("😀") for p in parts) == 3000
    assert all(utf16_len(plain(p.text)) <= 4096 for p in parts)


def test_a_photo_carries_a_short_caption_and_goes_first_before_a_long_text():
    (single,) = relay_parts(
        T, "zh", "ticket.staff_says", {"id": 1, "name": "李", "text": "修好了"}, photo="F"
    )
    assert single.photo == "F" and "修好了" in single.text

    parts = relay_parts(
        T,
        "zh",
        "ticket.staff_says",
        {"id": 1, "name": "李", "text": "长" * 5000},
        photo="F",
        reply_to=9,
    )
    assert [p.photo for p in parts] == ["F", None, None]
    assert parts[0].text is None and parts[0].reply_to == 9 and parts[1].reply_to is None
    assert sum(plain(p.text).count("长") for p in parts[1:]) == 5000


def row(status: Delivery, not_before: datetime = NOW) -> RelayRow:
    return RelayRow(1, 2, 3, status, not_before)


def test_the_state_staff_see_follows_the_outbox_row():
    assert relay_state(row(Delivery.PENDING), NOW) is RelayState.SENDING
    assert relay_state(row(Delivery.PENDING, NOW + timedelta(hours=9)), NOW) is RelayState.HELD
    assert relay_state(row(Delivery.SENT), NOW) is RelayState.DELIVERED
    assert relay_state(row(Delivery.UNREACHABLE), NOW) is RelayState.BLOCKED
    assert relay_state(row(Delivery.FAILED), NOW) is RelayState.FAILED
    assert outcome_state(Delivery.PENDING) is None
    assert outcome_state(Delivery.UNREACHABLE) is RelayState.BLOCKED


def test_a_long_resolution_note_keeps_its_buttons_on_the_last_part():
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("👍", callback_data="t:ok:1")]])
    params = {"id": 1, "name": "李", "note": "换了灯管。" * 1000}
    parts = relay_parts(T, "zh", "ticket.resolved_resident", params, markup=markup, field="note")
    assert len(parts) == 2 and [p.markup for p in parts] == [None, markup]
    assert "（2/2）" in parts[1].text and "问题解决了吗" in parts[1].text
    assert sum(plain(p.text).count("换了灯管") for p in parts) == 1000
