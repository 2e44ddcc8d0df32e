"""Everyday messages that only look like emergencies stay routine (no manager is paged),
while the same words in a real emergency still are urgent."""

from __future__ import annotations

import pytest

from bot.classifier import classify

ROUTINE = [
    "我在打孩子的电话，一直没人接",  # 打…电话 is a phone call
    "我们在电梯里遇到邻居，他说水管坏了",  # the pipe, in another clause
    "我在电梯里捡到一张卡",  # a card, not stuck
    "I keep trying the door code and it does not work",  # a keypad
    "我在电梯里看到一张卡片广告",
]
URGENT = [
    "他在打孩子 孩子一直哭",
    "我在电梯里 电梯卡住了 快来",
    "我在电梯里，电梯坏了门打不开",
    "someone keeps trying the door handle, I am scared",
    "我和孩子在电梯里突然停了",
]


@pytest.mark.parametrize("text", ROUTINE)
def test_lookalikes_stay_routine(text):
    assert not classify(text).urgent


@pytest.mark.parametrize("text", URGENT)
def test_the_same_words_in_an_emergency_are_urgent(text):
    assert classify(text).urgent
