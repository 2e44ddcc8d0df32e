"""How a notice looks on the wire: escaping, splitting, captions, the 已读 button."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.domain.notices.model import CAPTION_LIMIT, TEXT_LIMIT, Audience, MediaKind, Notice
from bot.i18n import Translator
from handlers.notices.broadcast import audience_label, notice_parts, plain_len

T = Translator("zh")
NOW = datetime(2025, 3, 3, tzinfo=UTC)


def notice(body: str, **kw) -> Notice:
    return Notice(7, None, body, kw.pop("audience", Audience.ALL), NOW, NOW, **kw)


def buttons(part) -> list[str]:
    if part.markup is None:
        return []
    return [b.callback_data for row in part.markup.inline_keyboard for b in row]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_short_notice_is_one_escaped_message(lang):
    (part,) = notice_parts(T, lang, notice("水压<低> & 停水", require_ack=True), "阳光<花园>")
    assert "水压&lt;低&gt; &amp; 停水" in part.text and "阳光&lt;花园&gt;" in part.text
    assert buttons(part) == ["nt:ok:7"] and part.photo is None


def test_the_preview_button_is_inert_and_no_ack_means_no_button():
    (part,) = notice_parts(T, "zh", notice("x", require_ack=True), "e", preview=True)
    assert buttons(part) == ["nt:pv:0"]
    (plain,) = notice_parts(T, "zh", notice("x"), "e")
    assert buttons(plain) == [] and "已读" not in plain.text


@pytest.mark.parametrize("body", ["段落。" * 2500, "😀" * 5000, "<&>" * 3000, "word " * 3000])
def test_long_notices_split_under_the_limit_with_the_button_last(body):
    parts = notice_parts(T, "en", notice(body, require_ack=True), "Sunny Garden")
    assert len(parts) >= 2
    assert all(plain_len(p.text) <= TEXT_LIMIT for p in parts)
    assert [bool(buttons(p)) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert [re.search(r"\((\d+)/(\d+)\)", p.text).groups() for p in parts] == [
        (str(i), str(len(parts))) for i in range(1, len(parts) + 1)
    ]


def test_a_photo_keeps_a_short_caption_and_long_text_follows():
    short = notice_parts(
        T, "zh", notice("图示", media_kind=MediaKind.PHOTO, media_file_id="P"), "e"
    )
    assert len(short) == 1 and short[0].photo == "P" and "图示" in short[0].text
    long = notice_parts(
        T,
        "zh",
        notice("说明。" * 600, media_kind=MediaKind.DOCUMENT, media_file_id="D", require_ack=True),
        "e",
    )
    assert long[0].document == "D" and plain_len(long[0].text) <= CAPTION_LIMIT
    assert "说明" not in long[0].text and "说明" in long[1].text
    assert all(p.document is None for p in long[1:]) and buttons(long[-1]) == ["nt:ok:7"]


def test_audience_labels_are_escaped_once():
    label = audience_label(
        T, "zh", notice("x", audience=Audience.BUILDINGS, buildings=("A&B", "3"))
    )
    assert label == "A&amp;B、3 栋住户"
    assert T.t("zh", "notice.scheduled", id=1, at="t", audience=label).count("&amp;") == 1
