"""Whose state a hit describes (issue 17): a pet's or a thing's is not an emergency.

The bodily-state and missing-person words ("一动不动", "not moving", "丢了") are
shared with animals and things: "鱼缸里的鱼一动不动", "孩子钥匙丢了". A hit for a
person's hazard is dropped when an animal is named right before the state and no
person right after it, or when the thing lost sits right before "丢了 / 不见了".
"""

from __future__ import annotations

import re

from .safety_lexicon import alt, en

PERSON_HAZARDS = frozenset({"medical", "injury", "vulnerable"})

ANIMAL_BEFORE = re.compile(
    alt(
        r"(?:鱼|猫|狗|宠物|乌龟|仓鼠|鸟|鹦鹉|兔子|金鱼|蜥蜴)(?:的|也|都|还)?\S{0,2}",
        en(
            r"(?:fish|cat|dog|pet|hamster|bird|rabbit|tortoise|turtle|plant|goldfish)s?(?:'s| is| are)?"
        )
        + r"\s?",
    )
    + r"$"
)
PERSON_NEAR = re.compile(
    alt(
        r"人|孩子|小孩|老人|我|他|她|儿子|女儿|宝宝|邻居|阿姨|大爷|小朋友",
        en(
            r"someone|somebody|child|kids?|man|woman|boy|girl|him|her|me|us|people|person|my (?!fish|cat|dog|pet)\w+"
        ),
    )
)
THING_LOST = re.compile(
    alt(
        r"(?:钥匙|手机|卡|书包|手表|车|快递|东西|衣服|鞋|玩具|钱包|包裹|证件)(?:也|都|又)?(?:丢了|不见了|找不到)",
        en(
            r"(?:keys?|phone|card|bag|wallet|bike|scooter|toy|parcel|fob)s? (?:is |are |was |got )?(?:lost|missing)"
        ),
    )
)


# "fell asleep", "fell in love": the fall word is an idiom
IDIOM_AFTER = re.compile(r"\s?(?:asleep|in love|behind|for it|ill)(?![a-z])")


# "中风后行动不便": a diagnosis in the past, not an attack now
HISTORY = re.compile(r"(?:中风|脑梗|脑溢血|心梗|骨折|手术|住院|摔伤)$")
HISTORY_AFTER = re.compile(r"(?:后|以后|之后)(?!来|面|边)")
# "球砸到我家窗户": what was hit is a thing
THING_HIT = re.compile(
    r"(?:我家|我的|他家|了)?(?:的)?(?:窗|车|玻璃|墙|门|屋顶|雨棚|空调|花盆|栏杆|地面|地上)"
)


def not_a_person(norm: str, hazard: str, start: int, end: int) -> bool:
    """The hit at norm[start:end] describes an animal's state or a lost thing."""
    if hazard not in PERSON_HAZARDS:
        return False
    text = norm[start:end]
    if IDIOM_AFTER.match(norm, end):
        return True
    if HISTORY.search(text) and HISTORY_AFTER.match(norm, end):
        return True
    if re.search(r"(?:砸|撞|打)(?:到|中)$", text) and THING_HIT.match(norm, end):
        return True
    if THING_LOST.search(text):
        return True
    if PERSON_NEAR.search(text) or PERSON_NEAR.search(norm[end : end + 24]):
        return False
    return bool(ANIMAL_BEFORE.search(norm[max(0, start - 12) : start]))
