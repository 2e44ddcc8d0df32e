"""Life-safety net (issue 17), second round: new pattern families, spelling folds, the
"it is over" veto and the precision rule of triage.combine, in Chinese and English."""

from __future__ import annotations

import pytest

from bot.classifier import Classification, assess, classify, combine
from bot.classifier.safety import SafetyVerdict
from bot.classifier.safety_spelling import normalise

FAMILIES = [
    # ceilings sagging, collapsing, raining water
    ("楼上漏水，我家吊顶鼓起来了，感觉要掉下来", "flood"),
    ("卫生间天花板塌下来一块，水一直往下灌", "flood"),
    ("the bedroom ceiling is sagging and about to come down, water everywhere", "flood"),
    ("water is raining through the ceiling light in the hall", "flood"),
    # gas by its smell
    ("楼道里一股臭鸡蛋味，越来越浓", "gas"),
    ("strong sulphur smell on the landing, getting worse", "gas"),
    ("gas漏了 快来人", "gas"),
    # estate-wide power or water loss
    ("小区停水一整天了，家里一滴水都没有", "outage"),
    ("全楼停水停电了", "outage"),
    ("停电停水 整个3期", "outage"),
    ("lights out everywhere in tower C, lifts not moving", "outage"),
    ("the whole tower is dark and the lifts are dead", "outage"),
    # someone at the door at night
    ("有人一直在我家门口转来转去，还往猫眼里看，我一个人在家好怕", "threat"),
    ("半夜有人在拧我家门把手", "threat"),
    ("someone is trying the door handles on our floor at 2am, I'm scared", "threat"),
    # medical dependence on power or water
    ("小区停水了，我爸晚上要在家做血透", "medical"),
    ("the lights and the lift went off and my mum is on oxygen", "medical"),
    # collapsed, unconscious, fainted
    ("courier collapsed by the mailboxes and is not moving", "medical"),
    ("有个老人倒在单元门口，叫也没反应", "medical"),
    ("she fainted in the lobby", "medical"),
    # hit by a falling object
    ("a big branch snapped and landed on someone near building 3", "injury"),
    ("楼上掉下来的花盆砸到人了", "injury"),
    ("a man was hit by falling tiles from the facade", "injury"),
    # confused elderly out in the cold
    ("有个老爷爷在小区里转，说不清住哪栋，天这么冷穿得很少", "vulnerable"),
    (
        "an elderly man is wandering the car park in his slippers, he can't remember where he lives",
        "vulnerable",
    ),
    # carbon monoxide, water in a lift shaft or out of a socket
    ("CO alarm going off in our flat and we all have headaches", "gas"),
    ("the lift shaft is filling with water", "electric"),
    ("插座里在往外冒水", "electric"),
    # more wandering and street violence
    ("有个老人在路边 穿着睡衣 问他住哪也说不清", "vulnerable"),
    ("a little boy is wandering the car park alone crying", "vulnerable"),
    ("somebody has been trying our door handle tonight", "threat"),
    ("一群人在楼下砸车", "threat"),
    ("entire block has been dark for an hour", "outage"),
    # a child being touched by a stranger
    ("儿童乐园有个男的对小孩动手动脚", "threat"),
]

SLIPS = [
    ("电题里有人被捆住了", "trapped"),
    ("電梯困咗人", "trapped"),
    ("樓道好多煙，有東西燒著了", "fire"),
    ("dianti kazhu le, bei kun", "trapped"),
    ("4栋车库 zhaohuo!!", "fire"),
    ("huo!! 4栋车库", "fire"),
    ("厨房梅气味好重", "gas"),
    ("隔壁门缝在冒眼", "fire"),
    ("someone stuk in the elavator", "trapped"),
    ("ppl trapped in the lfit", "trapped"),
    ("smok coming out of the fuse box", "fire"),
    ("there is a fiyer in the bin room", "fire"),
    ("strong gaz smel in the kitchen", "gas"),
    ("全楼冇電，𨋢停咗，我阿爸用緊呼吸機", "medical"),
    ("成棟樓冇電", "outage"),
]

# the lift stopped between floors, nobody mentioned: ask, don't page
AMBIGUOUS = [
    "The lift in building 5 is broken, it stops between floors",
    "电梯停在两层中间了",
]

CLEARED = [
    "没有冒烟了",
    "人已经救出来了，没事了",
    "电梯已经修好了",
    "刚才的警报只是演习",
    "the smoke is gone",
    "it was just a drill",
    "the fire was just a drill",
    "everyone got out, we're all safe",
    "power's back on now",
]

STILL_DANGER = [
    ("火已经灭了，但是我妈晕倒了", "medical"),
    ("the smoke is gone but my son is still stuck in the lift", "trapped"),
    ("水管修好了，可是配电房里全是水", "electric"),
]

NOT_NOW = [
    "台风把树刮倒了，压在人行道上",
    "物业有急救箱吗",
    "厨房水管漏水",
    "楼上马桶堵了，有股臭鸡蛋味",
    "the drain smells of rotten eggs again",
    "the ceiling paint is peeling",
    "电梯停了 走楼梯好累",
    "someone left a box outside my door",
]


@pytest.mark.parametrize(("text", "hazard"), FAMILIES + SLIPS)
def test_new_families_and_slips_are_recognised(text, hazard):
    verdict = assess(text)
    assert verdict.hazard == hazard, (text, verdict)


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_a_lift_stopped_between_floors_with_nobody_mentioned_only_asks(text):
    verdict = assess(text)
    assert verdict.hazard is None and verdict.weak and verdict.cue == "trapped"
    result = classify(text)
    # never routine: the model may call it urgent on its own, else the resident is asked
    assert result.urgent or result.ask_danger


@pytest.mark.parametrize(
    "text", ["电梯卡在两层中间了，我在里面", "lift stuck between floors with my son inside"]
)
def test_a_lift_stopped_between_floors_with_someone_inside_is_urgent(text):
    assert assess(text).hazard == "trapped"


@pytest.mark.parametrize("text", CLEARED)
def test_an_explicit_all_clear_is_recognised(text):
    verdict = assess(text)
    assert verdict.cleared and verdict.hazard is None and not verdict.weak, (text, verdict)


@pytest.mark.parametrize(("text", "hazard"), STILL_DANGER)
def test_an_all_clear_does_not_hide_another_danger(text, hazard):
    verdict = assess(text)
    assert verdict.hazard == hazard and not verdict.cleared, (text, verdict)


@pytest.mark.parametrize("text", NOT_NOW)
def test_lookalikes_are_not_emergencies(text):
    verdict = assess(text)
    assert verdict.hazard is None and not verdict.weak, (text, verdict)


def _urgent_model(conf: float) -> Classification:
    return Classification("repair", "fire_safety", True, conf, conf, conf, conf)


@pytest.mark.parametrize("text", CLEARED)
def test_the_veto_overrules_a_confident_model(text):
    result = combine(_urgent_model(0.99), assess(text))
    assert not result.urgent and not result.ask_danger and result.hazard is None


@pytest.mark.parametrize("text", ["没有冒烟了", "the smoke is gone", "it was just a drill"])
def test_classify_never_files_an_all_clear_as_urgent(text):
    result = classify(text)
    assert not result.urgent and not result.ask_danger


def test_a_strong_hazard_is_urgent_whatever_the_model_says():
    result = combine(_urgent_model(0.1), SafetyVerdict(hazard="fire"))
    assert result.urgent and result.hazard == "fire"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("困咗", "困住"),
        ("冇電", "没电"),
        ("着伙", "着火"),
        ("梅气", "煤气"),
        ("waters coming thru", "water coming through"),
    ],
)
def test_spelling_folds(raw, folded):
    assert normalise(raw) == folded


# --- third round: an all-clear clears only its own hazard, and never a danger that goes on ---

# Not an all-clear, or an all-clear about something else: the danger is still there.
SCOPED_ALL_CLEAR = [
    ("I'm in the lift at block 9, it stopped and the doors won't open", "trapped"),
    ("电梯停了，门也打不开，我在里面", "trapped"),
    ("我女儿摸开关被电了一下，人没事，可是总闸拉不下来", "electric"),
    ("my son got zapped by the railing, he's fine but the railing is still live", "electric"),
    (
        "the oxygen concentrator died when the power cut out, we need the power back urgently",
        "medical",
    ),
    ("the fire is out but smoke is still pouring from the vent", "fire"),
    ("厨房的火灭了 但是浓烟还在往外冒", "fire"),
    ("he's breathing now but not waking up", "medical"),
    ("爷爷现在有呼吸了 但是醒不过来", "medical"),
    ("楼道着火了 我们都出来了 安全了", "fire"),
    ("地下室淹水了 不过已经来电了", "flood"),
    ("the basement is flooding, the power's come back on though", "flood"),
    # unhurt is not out: a person still in the lift is trapped
    ("电梯卡住了，我在里面，人没事", "trapped"),
    ("we're stuck in the lift at block 2, we're both ok", "trapped"),
    ("lift jammed between floors with my mum inside, nothing serious so far", "trapped"),
    # an A-not-A question about danger is not an all-clear
    ("电线掉在地上了 不知道危险不危险 还在冒火花", "fire"),
    # one danger over, another said after it
    ("老人已经醒了 但是说胸口很疼", "injury"),
    ("the gas is off now but my daughter fainted", "medical"),
    ("the power is back but the lift is stuck with people inside", "trapped"),
]

# An all-clear about the danger named, with nothing else: still vetoes.
STILL_ALL_CLEAR = [
    "烟已经散了，没事了",
    "the sparks have stopped and it's fine now",
    "刚才烟感响是我在煎鱼，没事，不用派人来了",
    "the burning smell earlier was my neighbour roasting peppers, sorry for the alarm",
    "I burned the rice and the flat smells smoky, nothing serious",
    "老人刚才摔倒了，现在没事了",
    "my dad slipped in the lobby, he's ok now",
    "我们被困在电梯里 现在已经出来了",
    "煤气味已经散了 燃气公司来看过了 说没问题",
    "the engineer checked the wiring and found nothing wrong",
]


def test_a_plea_after_an_all_clear_keeps_an_urgent_model():
    verdict = assess("the fire is out now, hurry please")
    assert not verdict.cleared
    assert combine(_urgent_model(0.7), verdict).urgent


@pytest.mark.parametrize(("text", "hazard"), SCOPED_ALL_CLEAR)
def test_an_all_clear_clears_only_its_own_hazard(text, hazard):
    verdict = assess(text)
    assert verdict.hazard == hazard and not verdict.cleared, (text, verdict)
    assert combine(_urgent_model(0.1), verdict).urgent


@pytest.mark.parametrize("text", STILL_ALL_CLEAR)
def test_an_all_clear_about_the_named_danger_still_vetoes(text):
    verdict = assess(text)
    assert verdict.cleared and verdict.hazard is None, (text, verdict)
    assert not combine(_urgent_model(0.95), verdict).urgent


@pytest.mark.parametrize(
    "text",
    [
        "火已经灭了 可是总闸关不掉",
        "the smoke has cleared but we still can't switch the power off",
        "the leak has stopped but please help asap",
        "人已经出来了 救命 快来人",
    ],
)
def test_a_danger_going_on_after_an_all_clear_keeps_an_urgent_model(text):
    verdict = assess(text)
    assert not verdict.cleared, (text, verdict)
    assert combine(_urgent_model(0.7), verdict).urgent


@pytest.mark.parametrize(
    "text", ["need the water back on today", "希望尽快来电", "waiting for the power back"]
)
def test_a_request_for_the_supply_back_is_not_an_all_clear(text):
    assert not assess(text).cleared


@pytest.mark.parametrize(
    ("text", "hazard"),
    [
        ("他已经没事了", None),  # said of a person: clears what happened to him only
        ("没事了", None),
    ],
)
def test_said_of_a_person_or_of_everything(text, hazard):
    verdict = assess(text)
    assert verdict.cleared and verdict.hazard == hazard


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("細路仔", "小孩"),
        ("暈低咗", "晕倒了"),
        ("瞓低咗", "晕倒了"),
        ("坐喺窗台度", "坐在窗台"),
        ("跟住我", "跟着我"),
        ("而家", "现在"),
        ("跌親", "摔伤"),
        ("起唔到身", "起不来"),
    ],
)
def test_cantonese_folds(raw, folded):
    assert normalise(raw) == folded
