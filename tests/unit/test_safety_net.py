"""The life-safety net (issue 17): patterns, negations, weak cues, and how it combines with the model."""

from __future__ import annotations

import io
import json

import pytest

from bot.classifier import HAZARDS, LOW_CONFIDENCE, Classification, assess, classify, combine
from bot.classifier.cli import run
from bot.classifier.safety import RULES, SafetyVerdict
from bot.classifier.safety_spelling import normalise

# The four emergencies the model alone missed on unseen messages (issue 17).
MODEL_MISSES = [
    ("有个人带着狗困在电梯里，按了警铃一直没人应", "trapped"),
    ("Help, a man and his dog are stuck in the lift and nobody answers the alarm", "trapped"),
    ("地库里全是烟，烟感一直在响，不知道哪里着火了", "fire"),
    ("smoke in the underground garage, smoke alarm going off, no idea where the fire is", "fire"),
    ("整栋楼停电二十分钟了，大家都摸黑", "outage"),
    (
        "the whole building has had no power for twenty minutes, people are sitting in the dark",
        "outage",
    ),
    ("整栋楼都停电了，我爸在家用呼吸机，备用电池撑不了多久", "medical"),
    ("building-wide power cut and my father depends on his oxygen concentrator", "medical"),
]

STRONG = [
    ("the socket is really hot and crackling", "fire"),
    # trapped
    ("电梯里有人被困了！快来", "trapped"),
    ("救命 电梯卡在两层中间了", "trapped"),
    ("3号楼电梯停了，我妈在里面出不来", "trapped"),
    ("电悌困人了，快派人", "trapped"),
    ("我被困再电梯里了", "trapped"),
    ("lift里有人stuck了", "trapped"),
    ("卫生间门锁坏了，孩子在里面出不来", "trapped"),
    ("被反锁在阳台上了，进不去屋", "trapped"),
    ("我被锁在储藏室里了", "trapped"),
    ("Help! My mum is stuck in the lift between floors", "trapped"),
    ("im stuk in the elevater pls help", "trapped"),
    ("the lift is stuck and my son is inside!!", "trapped"),
    ("we are trapped in lift 2", "trapped"),
    ("elevator stopped between floors with 3 people inside", "trapped"),
    ("I'm locked out on the balcony and my baby is inside alone", "trapped"),
    ("bathroom door handle broke, my dad is locked in", "trapped"),
    ("can't get out of the lift, doors won't open", "trapped"),
    # fire
    ("楼道里冒出好多烟，好像着火了", "fire"),
    ("着伙了！！！12楼", "fire"),
    ("插座冒火花了", "fire"),
    ("电动车在楼道里充电起火了", "fire"),
    ("闻到很重的烧焦味，不知道哪里来的", "fire"),
    ("楼下浓烟滚滚", "fire"),
    ("火警铃一直在响，楼道有烟", "fire"),
    ("there's smoke coming out of the rubbish chute", "fire"),
    ("fier in the bin room!!", "fire"),
    ("smok coming out of the socket", "fire"),
    ("sparks flying from the meter box", "fire"),
    ("something is burning, strong burning plastic smell in the hallway", "fire"),
    ("the kitchen next door is on fire", "fire"),
    ("flames on the 5th floor balcony", "fire"),
    ("有smoke从电梯井冒出来", "fire"),
    # gas
    ("闻到很重的煤气味", "gas"),
    ("天燃气味好重，厨房", "gas"),
    ("燃气报警器一直在响", "gas"),
    ("楼道里一股煤汽味", "gas"),
    ("I can smell gas in the corridor outside my flat", "gas"),
    ("strong gas smell on the 3rd floor", "gas"),
    ("smells like gass in the stairwell", "gas"),
    ("gas leak in unit 502, hissing sound from the pipe", "gas"),
    # electric
    ("孩子摸了楼道的铁门被电了一下", "electric"),
    ("配电房进水了", "electric"),
    ("水漫进配电箱了", "electric"),
    ("my son got a shock from the railing in the lobby", "electric"),
    ("there is water pouring into the switch room", "electric"),
    ("someone was electrocuted near the pump room", "electric"),
    # flood
    ("我家厨房水管爆了，水流得满地都是", "flood"),
    ("水管暴了 在喷水", "flood"),
    ("地下车库被淹了", "flood"),
    ("the water main burst and the car park is flooding", "flood"),
    ("burst pipe in the ceiling, water pouring through the light", "flood"),
    ("water is gushing out under the door of 301", "flood"),
    # outage
    ("整栋楼突然全停电了，电梯都不动了", "outage"),
    ("全小区停水了，一滴水都没有", "outage"),
    ("我家停电了，邻居家也停了", "outage"),
    ("the whole block has no electricity", "outage"),
    ("blackout across the estate, everyone is in the dark", "outage"),
    ("no water in the entire building since this morning", "outage"),
    # threat
    ("有陌生人在撬我家的门锁，快派保安！", "threat"),
    ("楼下有人拿着刀在追人", "threat"),
    ("有个男的一直跟着我进了单元门", "threat"),
    ("家里进小偷了", "threat"),
    ("someone has been following my daughter in the car park", "threat"),
    ("someone is trying to break in to my flat right now", "threat"),
    ("a man is banging on my door and shouting threats", "threat"),
    ("there's a burglar in 1202", "threat"),
    ("隔壁有人喊救命", "threat"),
    # medical
    ("有个老人在大堂晕倒了", "medical"),
    ("我爸突然喘不上气，叫了救护车", "medical"),
    ("a man collapsed in the lobby and isn't breathing", "medical"),
    ("my neighbour is unconscious on the stairs", "medical"),
    ("停电了，我妈在用制氧机，怎么办", "medical"),
    ("power is out and my son's ventilator battery is running low", "medical"),
    # injury
    ("我妈在楼道摔倒了，起不来", "injury"),
    ("外墙瓷砖掉下来砸到人了", "injury"),
    ("小孩在滑梯上摔下来流了好多血", "injury"),
    ("an old lady slipped in the lobby and is bleeding", "injury"),
    ("my dad fell down the stairs and can't get up", "injury"),
    ("a tree branch fell and hit a child", "injury"),
    # vulnerable
    ("孩子爬到窗台外面了", "vulnerable"),
    ("隔壁独居老人好几天没出门了，敲门也没人应", "vulnerable"),
    ("一个小孩一个人在家一直哭，门锁着", "vulnerable"),
    ("我家孩子不见了，小区里找不到", "vulnerable"),
    ("a toddler is climbing on the window ledge on the 8th floor", "vulnerable"),
    ("the old man next door hasn't answered his door for three days", "vulnerable"),
    ("child locked in a car in the car park, it's very hot", "vulnerable"),
    # more wordings, written before the life-safety corpus was read
    ("电梯停在8楼不动了，门打不开，我和女儿在里面", "trapped"),
    ("lift doors wont open, were inside, pls", "trapped"),
    ("the elevator has been stopped with people in it for half an hour", "trapped"),
    ("整栋楼没电了，电梯里还有人", "trapped"),
    ("闻到一股烧电线的味道", "fire"),
    ("the scooter battery in the corridor is smoking and making popping sounds", "fire"),
    ("my kitchen smells strongly of gas and I feel dizzy", "gas"),
    ("楼上漏水漏到我家电箱里了，一直跳闸", "electric"),
    ("我被插座电了一下 手到现在还是麻的", "electric"),
    ("my ceiling is pouring water, upstairs flat empty", "flood"),
    ("楼里停水一整天了 老人孩子都没水喝", "outage"),
    ("有个男的在我家门口转悠好久了，还一直敲门，我一个人在家很害怕", "threat"),
    ("someone is trying to get into my flat through the balcony", "threat"),
    ("a guy is punching a woman in the car park", "threat"),
    ("我爸心脏病犯了，快帮忙开一下门禁让救护车进来", "medical"),
    ("电梯门夹住了一个小孩的手", "injury"),
    ("工人从脚手架上摔下来了", "injury"),
    ("孩子一个人在阳台上，窗户开着", "vulnerable"),
    ("3岁的孩子自己跑出去了，找不到了", "vulnerable"),
    (
        "my elderly neighbour has not been seen for a week and there's a smell from the flat",
        "vulnerable",
    ),
]

# Weak cues: ask "is anyone in danger?", never urgent on their own.
WEAK = [
    ("电梯里好像有人在喊", "trapped"),
    ("电梯警铃一直在响", "trapped"),
    ("电梯突然停了", "trapped"),
    ("闻到一点怪味", None),
    ("lights flickering and a buzzing in the meter box", "electric"),
    ("I think I can hear someone knocking inside the lift", "trapped"),
    ("the lift alarm bell keeps ringing", "trapped"),
    ("strange chemical smell in the corridor", None),
    ("停电了", "outage"),
    ("Why is there no electricity in my building today?", "outage"),
    ("整栋楼停水了，什么时候恢复？", "outage"),
    ("楼道里有个陌生人一直在徘徊", "threat"),
    ("a suspicious man is hanging around the bike shed", "threat"),
    ("楼道灯一闪一闪的，还有滋滋的声音", "electric"),
    ("救命", None),
    ("楼下有人抽烟，楼道里全是烟", "fire"),
    ("the fire alarm keeps going off again", "fire"),
]

# Not emergencies now: negated, resolved, hypothetical, past, planned, routine.
NOT_URGENT = [
    "没有冒烟了",
    "现在没有烟味了",
    "smoke is gone now",
    "电梯已经修好了",
    "电梯困人，现在人已经救出来了",
    "刚才着火了，已经扑灭了",
    "the fire is out now, thanks",
    "false alarm, it was just burnt toast",
    "the power is back on",
    "明天停水几点恢复",
    "明天上午9点到12点停电吗？",
    "will the water be cut tomorrow?",
    "请问什么时候恢复供电？",
    "我家停电了",
    "my flat has no power but the neighbours are fine, I think it's my breaker",
    "有根电线掉下来挂在楼道里，暂时没事但是挺危险",
    "exposed wiring in the stairwell, someone could get electrocuted",
    "loose tile on the outside wall, it might fall one day",
    "外墙瓷砖松了，万一掉下来砸到人怎么办",
    "乱停电动车容易引起火灾",
    "the fire door on level 3 is broken",
    "fire extinguisher on floor 2 is expired",
    "消防通道被车堵了",
    "下周消防演习是几点？",
    "上周电梯困人，到现在都没人解释",
    "last month my mum was stuck in the lift for an hour, nobody apologised",
    "楼上抽烟烟味飘到我家",
    "someone keeps smoking cigarettes in the stairwell",
    "燃气灶打不着火",
    "gas bill is too high this month",
    "燃气费怎么交",
    "没有人被困，只是电梯坏了",
    "nobody is trapped, the lift is just out of order",
    "I don't smell gas anymore",
    "you should fire that cleaner",
    "I was shocked by the bill",
    "楼道的灯坏了两个月了，还是一直不亮",
    "the gym treadmill is broken",
    "my parcel was stolen yesterday",
    "请跟踪一下我的工单",
    "The toilet in my bathroom is leaking a little onto the floor",
    "电梯经常坏，迟早要困人",
    "the lift keeps breaking down, someone will get trapped one day",
    "邻居家装修的味道太大了",
    "the bins smell awful",
    "is renovation allowed on Sundays?",
    "我的钥匙锁在家里了",
    "my car can't get out of the car park, someone blocked me",
    "楼上天天半夜蹦迪，吵死了",
    "kids screaming in the playground every evening",
    "快递员一直敲门",
    "someone is smoking in the stairwell again",
    "the lawn sprinkler is broken and spraying water onto the path",
    "就我家没电，邻居都有电，是不是跳闸了",
    "the bin room caught fire last month and the wall is still black",
]


@pytest.mark.parametrize(("text", "hazard"), MODEL_MISSES + STRONG)
def test_emergencies_are_recognised(text, hazard):
    verdict = assess(text)
    assert verdict.hazard == hazard, (text, verdict)
    assert verdict.urgent and not verdict.weak


@pytest.mark.parametrize(("text", "cue"), WEAK)
def test_weak_cues_only_ask(text, cue):
    verdict = assess(text)
    assert verdict.hazard is None and verdict.weak, (text, verdict)
    assert verdict.cue == cue


@pytest.mark.parametrize("text", NOT_URGENT)
def test_not_an_emergency_now(text):
    verdict = assess(text)
    assert verdict.hazard is None, (text, verdict)


@pytest.mark.parametrize(
    "text", ["没有冒烟了", "smoke is gone now", "电梯已经修好了", "明天停水几点恢复", "我家停电了"]
)
def test_negations_and_plans_do_not_even_ask(text):
    verdict = assess(text)
    assert verdict.hazard is None and not verdict.weak


def test_every_rule_names_a_known_hazard():
    assert {r.hazard for r in RULES} <= set(HAZARDS) | {""}
    assert {h for _, h in STRONG} == set(HAZARDS)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("ＥＬＥＶＡＴＥＲ stuk！", "elevator stuck!"),
        ("電梯裡有人", "电梯里有人"),
        ("helppp fireeee", "help fire"),
        ("天燃气", "天然气"),
        ("im stcuk", "i'm stuck"),
    ],
)
def test_normalise_folds_typos_scripts_and_width(raw, folded):
    assert normalise(raw) == folded


def _model(kind="inquiry", category="other", urgent=False, conf=0.3) -> Classification:
    return Classification(kind, category, urgent, conf, conf, conf, conf)


@pytest.mark.parametrize(
    ("hazard", "detail", "route"),
    [
        ("trapped", "lift", ("repair", "elevator")),
        ("trapped", "room", ("repair", "security")),
        ("fire", None, ("repair", "fire_safety")),
        ("gas", None, ("repair", "fire_safety")),
        ("outage", "power", ("repair", "electrical")),
        ("outage", "water", ("repair", "plumbing")),
        ("threat", None, ("complaint", "security")),
        ("flood", None, ("repair", "plumbing")),
        ("electric", None, ("repair", "electrical")),
    ],
)
def test_a_strong_hazard_corrects_an_incompatible_route(hazard, detail, route):
    result = combine(_model(), SafetyVerdict(hazard=hazard, detail=detail))
    assert (result.kind, result.category) == route
    assert result.urgent and result.hazard == hazard and not result.ask_danger
    assert not result.is_low_confidence
    assert result.confidence == min(
        result.kind_confidence, result.category_confidence, result.urgent_confidence
    )


def test_a_compatible_route_is_kept():
    model = _model("repair", "electrical", False, 0.8)
    result = combine(model, SafetyVerdict(hazard="fire"))
    assert (result.kind, result.category, result.urgent) == ("repair", "electrical", True)
    assert result.kind_confidence == 0.8


def test_weak_cues_ask_only_when_nothing_is_urgent():
    weak = SafetyVerdict(weak=True, cue="trapped")
    assert combine(_model(), weak).ask_danger
    assert combine(_model(), weak).hazard is None
    urgent_model = combine(_model("repair", "elevator", True, 0.6), weak)
    assert urgent_model.urgent and not urgent_model.ask_danger
    assert urgent_model.hazard == "trapped"
    assert not combine(_model(), SafetyVerdict()).ask_danger


def test_either_the_model_or_the_net_saying_urgent_is_enough():
    # the model's own threshold decides; no extra confidence is asked of it
    for conf in (0.4, 0.7, 0.95):
        alone = combine(_model("repair", "plumbing", True, conf), SafetyVerdict())
        assert alone.urgent and alone.hazard is None and not alone.ask_danger
    net_alone = combine(_model(), SafetyVerdict(hazard="gas"))
    assert net_alone.urgent and net_alone.hazard == "gas"
    neither = combine(_model("repair", "plumbing", False, 0.9), SafetyVerdict())
    assert not neither.urgent and not neither.ask_danger


def test_an_explicit_all_clear_overrules_an_urgent_model():
    for text in ("没有冒烟了", "火已经灭了", "the smoke is gone now", "it was just a drill"):
        verdict = assess(text)
        assert verdict.cleared, text
        assert not combine(_model("repair", "fire_safety", True, 0.95), verdict).urgent


@pytest.mark.parametrize(("text", "hazard"), MODEL_MISSES)
def test_classify_flags_the_model_misses(text, hazard):
    result = classify(text)
    assert result.urgent and result.hazard == hazard
    assert not result.is_low_confidence and not result.ask_danger
    assert result.kind == "repair" or (result.kind, result.category) == ("complaint", "security")


def test_classify_asks_on_weak_cues():
    result = classify("电梯里好像有人在喊")
    assert result.ask_danger == (not result.urgent)
    assert classify("the gym treadmill is broken").ask_danger is False


def test_cli_reports_hazard_and_ask_danger():
    stdout = io.StringIO()
    run(io.StringIO("有个人带着狗困在电梯里\n闻到一点怪味\nthe gym treadmill is broken\n"), stdout)
    first, second, third = (json.loads(line) for line in stdout.getvalue().splitlines())
    assert first["urgent"] is True and first["hazard"] == "trapped" and first["ask_danger"] is False
    assert second["hazard"] is None and second["ask_danger"] == (not second["urgent"])
    assert third == {**third, "hazard": None, "ask_danger": False, "urgent": False}
    assert LOW_CONFIDENCE <= first["confidence"] <= 1


def test_a_supplement_teaches_words_but_not_priors():
    from bot.classifier import Example
    from bot.classifier.pipeline import Classifier

    traffic = [Example("楼道灯坏了", "repair", "electrical", False, "zh")] * 9 + [
        Example("电梯困人了", "repair", "elevator", True, "zh")
    ]
    supplement = [Example("电梯里有人出不来", "repair", "elevator", True, "zh")] * 50
    model = Classifier().fit(traffic, supplement, {"kind": 1.0, "category": 1.0, "urgent": 1.0})
    prior = dict(zip(model.urgent_model.classes, model.urgent_model._log_prior, strict=True))
    assert prior["normal"] > prior["urgent"]  # nine in ten of the traffic is routine
    assert model.predict("有人出不来").urgent


def test_urgent_scores_and_split_report():
    from bot.classifier import Example
    from bot.classifier.evaluate_safety import split_report, urgent_scores

    assert urgent_scores([True, True, False, False], [True, False, True, False]) == {
        "n": 4,
        "urgent": 2,
        "recall": 0.5,
        "precision": 0.5,
        "missed": 1,
        "false_alarms": 1,
    }
    examples = [
        Example("a", "repair", "elevator", True, "zh", "trapped", 3),
        Example("b", "repair", "fire_safety", True, "en", "fire", 4),
        Example("c", "inquiry", "other", False, "en", None, 3),
    ]
    report = split_report(
        examples, [(True, "trapped", False), (False, None, True), (True, "fire", False)]
    )
    assert report["overall"]["recall"] == 0.5 and report["overall"]["precision"] == 0.5
    assert report["per_hazard"]["trapped"] == {
        "n": 1,
        "recall": 1.0,
        "precision": 1.0,
        "named_right": 1,
    }
    assert report["per_hazard"]["fire"]["recall"] == 0.0
    assert (
        report["per_hazard"]["fire"]["precision"] == 0.0
    )  # it named "fire" only for a non-urgent one
    assert report["misses"] == [] and report["asked_emergencies"] == ["b"]  # one tap away
    assert report["false_alarms"] == ["c"]
    assert report["ask_danger"] == 1
