"""Thanks, greetings and lone emoji are not requests; anything with substance is."""

from __future__ import annotations

import pytest

from bot.domain.tickets.small_talk import is_small_talk


@pytest.mark.parametrize(
    "text",
    ["谢谢", "谢谢！", " 好的，谢谢 ", "收到~", "在吗？", "👍", "🙏🙏", "...", "", "   ", "Thanks!",
     "thank you", "OK", "ｏｋ", "Hi there"[:2], "Good morning!", "好的，谢谢师傅", "OK, thanks!"],
)  # fmt: skip
def test_small_talk(text):
    assert is_small_talk(text)


@pytest.mark.parametrize(
    "text",
    ["谢谢，电梯又坏了", "3栋2单元1102漏水", "1102", "好的，明天上午九点能来吗", "no water",
     "thanks, but the lift is still broken", "你好，请问物业费怎么交", "ok?? the door is stuck"],
)  # fmt: skip
def test_requests_are_not_small_talk(text):
    assert not is_small_talk(text)
