"""A long ticket description is shown whole, in parts that each fit one message."""

from handlers.common.render import MAX_TEXT, split_text, utf16_len


def test_parts_fit_telegram_and_lose_nothing():
    text = "🎫 <b>#1</b> 报修 · 供排水\n\n" + "厨房水管一直滴水&amp;🙂" * 900 + "\n全文结束"
    parts = split_text(text)
    assert len(parts) > 1 and "".join(parts) == text
    assert all(utf16_len(part) <= MAX_TEXT for part in parts)
    assert not any(part.endswith(("&", "&amp", "&am")) for part in parts)  # no entity cut


def test_a_short_text_is_one_part():
    assert split_text("short") == ["short"]
