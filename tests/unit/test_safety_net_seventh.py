"""Life-safety net (issue 17), eighth round: the families a sixth corpus showed
missing (safety_rules_seventh.py) and the explained-away veto (safety_explained.py).
Every sentence was written for these tests, in Chinese and English; none is copied
from a corpus."""

from __future__ import annotations

import pytest

from bot.classifier import assess, combine
from tests.support.safety import calm_model, urgent_model

URGENT = [
    # a child shut in a room or a car
    ("我女儿把卫生间反锁了，才两岁，打不开门一直在哭", ["trapped", "vulnerable"]),
    ("钥匙落在车里锁上了，孩子还在车里，车停在太阳底下", ["trapped", "vulnerable"]),
    ("my toddler is locked in the bathroom and can't work the latch", ["trapped", "vulnerable"]),
    ("I locked my keys in the car with the baby inside, it's boiling out", ["trapped"]),
    # confined where the door does not open from inside
    ("I'm locked in the bin store under Block 4, this door won't open from inside", ["trapped"]),
    ("the plant room door slammed behind us and locked, we're on the top floor", ["trapped"]),
    ("我在地下储物间，门从里面打不开，手机快没电了", ["trapped"]),
    # a battery that went pop; a live cable in water
    (
        "the scooter battery in the hallway just popped and the bikes beside it are catching.",
        ["fire"],
    ),
    ("车棚里一个电瓶刚才砰的一声炸了，旁边在冒火", ["fire"]),
    ("a wire fell off the lamp post and is lying in the puddle by the gate", ["electric"]),
    ("地库有根电线掉进水里了，水面还滋滋响", ["electric"]),
    # water in a lift pit; water over the ankles with someone who cannot walk
    ("电梯井进水了，水还在往下灌，电梯还在上下跑", ["flood", "electric"]),
    (
        "the elevator pit is flooding from the burst main and the car is still moving",
        ["flood", "electric"],
    ),
    ("屋里水已经没过脚踝了，我妈坐轮椅出不去", ["flood", "vulnerable", "trapped"]),
    (
        "water's over my ankles in the kitchen and my husband can't walk without help",
        ["flood", "injury"],
    ),
    # a medical device in an outage
    ("停电了，我爸的制氧机只剩一格电了", ["medical", "outage"]),
    ("power's out and my son's ventilator battery is low, maybe an hour left", ["medical"]),
    # a beating heard now; choking; chest pain; swelling; bleeding
    ("楼上那个男人正在打他老婆，一直在喊救命", ["threat"]),
    ("宝宝吃葡萄噎住了，嘴唇发紫了", ["medical"]),
    ("my little girl is choking on a sweet and her face is going blue", ["medical", "fire"]),
    ("我爸胸口很闷，一直出冷汗，已经打了120", ["medical"]),
    ("吃了虾以后我儿子嘴唇都肿了，说喉咙发紧", ["medical"]),
    ("after the peanut sauce my wife's lips are swelling and her voice is hoarse", ["medical"]),
    ("我爸被玻璃划破了手，血还在流，止不住", ["injury"]),
    ("she sliced her thumb with the bread knife and it won't stop bleeding", ["injury", "threat"]),
    # a toddler alone near water or climbing at a railing
    ("喷泉池边有个小孩一个人在玩，旁边没有大人", ["vulnerable"]),
    ("a little boy is climbing over the railing on the 3rd floor walkway", ["vulnerable"]),
    # ending one's life
    ("my flatmate texted that she doesn't want to live and she's on the roof", ["vulnerable"]),
    ("朋友说她不想活了，现在一个人在天台上", ["vulnerable"]),
    ("my uncle gave me his medals and said he won't be needing them any more", ["vulnerable"]),
    # the ones that used to get only "is anyone in danger?"
    ("there's knocking from inside the elevator on 3 and nobody answers the intercom", ["trapped"]),
    ("we all have headaches and my son is drowsy, the gas heater has been on for hours", ["gas"]),
    ("the outlet by the sink went bang and my daughter has a burn on her palm", ["electric"]),
    ("停电了楼道很黑，我奶奶下楼梯腿软走不动了", ["vulnerable"]),
    ("a man who has been following me home is waiting by my door right now", ["threat"]),
]

ROUTINE = [
    "我家孩子老是把房门反锁，想换个能从外面开的锁",
    "儿童房的门锁能不能换成从里面打不开的那种",
    "电梯井有点积水，不急，有空来抽一下",
    "我妈腿软，想问停电的时候楼梯有没有应急灯",
    "my son's lips are swollen from a bee sting last week, healing now",
    "血还在流吗？上次体检抽血的针眼",
    "my insulin pump is at 80%, fine, just asking when power is back",
    "制氧机电量显示正常，请问几点来电",
    "the boys are catching the bus at 8",
    "my son's lips are swollen after the dentist, can I use the lift",
    "I'm locked in a contract with the gym",
    "she was locked in the toilet at school last year",
    "please install a lock that cannot be opened from inside on the bin room?",
    "the kids are catching fish at the pond again, is that allowed?",
    "we won't be needing it any more, please cancel the repair",
    "my son threw up after the school trip, can I get the pool key anyway",
    "the boiler is making a noise but nobody is ill, can someone service it",
    "扫地机器人卡住了，一直在原地转",
    "能不能在电梯井底装个排水泵",
    "我家宝宝最近老哭，想问小区有没有儿科诊所",
    "the water feature is buzzing with bees again",
]

EXPLAINED = [
    "楼道里有股烟味，原来是楼下在烧香，没事",
    "刚才警报响了，原来是测试，麻烦下次提前通知",
    "地下室的排水沟能不能提前疏通一下，怕夏天下大雨",
    "看了一部纪录片讲燃气爆炸的，想问我们小区多久查一次燃气管",
    "万一孩子半夜发烧，小区哪个门能进车，先问清楚",
    "本户计划于下周进行卫生间改造，请问报备流程是什么",
    "could you test the smoke detectors in Block 5 as a precaution?",
    "that smoky smell on 6 is just my neighbour's incense, nothing to worry about",
    "the gas smell outside was the gas company purging a pipe, they've finished",
    "the beeping smoke alarm in 2-3 was a dead battery, swapped it now",
    "I'd like to raise the false fire alarms in Block 1, three this week",
    "有人冒充燃气公司上门，被我识破了，已经走了",
    "现在一股烟味，原来是楼下烧纸钱",
]

STILL_URGENT = [
    "原来是电梯困人了，里面有人在喊",
    "原来是煤气泄漏，现在味道很大",
    "the smell was the gas company purging but now it's getting stronger, come now",
    "as a precaution I've taken the kids outside, there's thick smoke coming from the flat below",
    "看新闻说今天有暴雨，现在地库已经进水了，车都泡了",
    "it's just my neighbour's cooking, but now the smoke alarm is going and flames are visible",
    "I was watching a film when the lift stopped, I'm stuck inside now with my son",
]


@pytest.mark.parametrize(("text", "hazards"), URGENT)
def test_the_seventh_families_are_urgent(text, hazards):
    verdict = assess(text)
    assert verdict.urgent, verdict
    assert verdict.hazard in hazards


@pytest.mark.parametrize("text", ROUTINE)
def test_their_lookalikes_are_not_urgent(text):
    assert not assess(text).urgent


@pytest.mark.parametrize("text", EXPLAINED)
def test_an_explained_away_hazard_overrules_the_model(text):
    verdict = assess(text)
    assert verdict.cleared, verdict
    result = combine(urgent_model(), verdict)
    assert not result.urgent and not result.ask_danger


@pytest.mark.parametrize("text", STILL_URGENT)
def test_an_explanation_that_points_at_danger_stays_urgent(text):
    assert combine(calm_model(), assess(text)).urgent
