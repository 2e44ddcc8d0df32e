"""Life-safety net (issue 17), seventh round: generic frames rather than sentences —
a person + a bad bodily state, a violent act + nearness, stuck + any enclosed place,
a child or old person missing + unreachable, symptoms + a closed room (CO), water
still rising, a faint sign from someone shut in. All sentences were written for
these tests (Chinese and English), none copied from a corpus."""

from __future__ import annotations

import pytest

from bot.classifier import Classification, assess, combine

PERSON_STATE = [
    ("我爸刚才在沙发上突然不动了，叫他也没反应", ["medical"]),
    ("楼下有个阿姨倒在花坛边，一动不动", ["medical", "injury"]),
    ("我妈右手突然抬不起来了，说话也有点怪", ["medical"]),
    ("邻居大爷脸色发紫，喘不过气", ["medical"]),
    ("老公在浴室里晕了，喊不醒", ["medical"]),
    ("一个外卖小哥在门口摔了，腿上好多血", ["injury"]),
    ("孩子被碎玻璃划了，手上全是血", ["injury"]),
    ("my grandad's face went grey and he's barely breathing", ["medical"]),
    ("a jogger collapsed by the pond and isn't moving", ["medical", "injury"]),
    (
        "my wife suddenly can't raise her right arm and her words are coming out jumbled",
        ["medical"],
    ),
    ("the cyclist hit the bollard at the gate and has a deep gash on his head", ["injury"]),
    ("a boy fell through the greenhouse roof, he has glass in his leg", ["injury"]),
    ("my son is shaking all over and his lips are turning blue", ["medical"]),
]
VIOLENCE_NEAR = [
    ("有个醉汉在楼下拿着刀乱挥", ["threat"]),
    ("隔壁男的在踹我家门，说要进来", ["threat"]),
    ("有人在车库砸车窗，现在还在", ["threat"]),
    ("我老公喝醉了在家里摔东西，还说要打我", ["threat"]),
    ("a guy is smashing the lobby doors with a bat right now", ["threat"]),
    ("my ex is downstairs kicking the door, says he'll come up", ["threat"]),
    ("someone just smashed the intercom panel and is shouting at residents", ["threat"]),
    ("two men fighting in the car park, one has a bottle", ["threat"]),
]
STUCK_PLACE = [
    ("我在消防楼梯里，两头的门都锁了，出不去", ["trapped"]),
    ("孩子被关在地下室储藏室里出不来", ["trapped"]),
    ("天台门被风关上了，我们三个困在楼顶", ["trapped"]),
    ("I'm stuck in the bin store, the door locked behind me", ["trapped"]),
    ("we are trapped in the plant room, the handle came off on the inside", ["trapped"]),
    ("the fire exit is padlocked and we can't get out of the stairwell", ["trapped"]),
    ("my dad is shut in the sauna at the clubhouse, the door won't open", ["trapped"]),
]
MISSING = [
    ("儿子九岁，放学两个小时了还没回家，电话打不通", ["vulnerable"]),
    ("我外婆出去散步还没回来，手机关机了，天都黑了", ["vulnerable"]),
    ("my 8 year old hasn't come home from school and her phone is off", ["vulnerable"]),
    (
        "grandma went to the shop three hours ago and isn't back, she's not answering",
        ["vulnerable"],
    ),
]
CO = [
    ("全家人都头疼想吐，屋里开着炭盆，窗户都关着", ["gas"]),
    ("我和老婆都头晕恶心，热水器一直开着", ["gas"]),
    ("we all feel dizzy and sick since the heater went on, windows are shut", ["gas"]),
    ("both of us have headaches and feel drowsy after the boiler was fixed", ["gas"]),
]
RISING = [
    ("地库的水越来越高，已经漫过台阶了", ["flood"]),
    ("the water in the lobby is rising and coming towards the lift", ["flood", "trapped"]),
]
FAINT = [
    ("对门独居的奶奶屋里有呻吟声，敲门不开门", ["vulnerable"]),
    ("I can hear someone groaning in 1203, the door is locked and no answer", ["vulnerable"]),
]
UNDERSTATED = [
    ("可能是我多心，但是我妈说话突然不清楚，手也没力气", ["medical"]),
    ("probably overreacting, but my dad isn't moving and won't wake up", ["medical", "injury"]),
    ("maybe nothing, but the same man from yesterday is standing at our door again", ["threat"]),
]

URGENT = PERSON_STATE + VIOLENCE_NEAR + STUCK_PLACE + MISSING + CO + RISING + FAINT + UNDERSTATED

ROUTINE = [
    "电梯停在五楼不动了，里面没人，麻烦修一下",
    "我家的鱼缸里的鱼一动不动，是不是水有问题",
    "排队半天队伍都不动，物业办事太慢了",
    "楼上装修砸墙，吵得孩子睡不着",
    "我儿子在踢球，能不能把球场的灯开一下",
    "快递放在门口了，我儿子不在家，能帮忙收一下吗",
    "孩子钥匙丢了进不去家，能帮忙开一下门禁吗",
    "车停在地库出不去，道闸坏了",
    "热水费越来越高了，能查一下水表吗",
    "上个月我在楼梯间被锁过一次，能不能换个门锁",
    "如果有人困在楼梯间怎么办？门上有没有紧急按钮",
    "建议在天台门上加装报警器，以防有人被关在上面",
    "the queue at the management office isn't moving at all",
    "my car is stuck in the car park, the barrier won't lift",
    "the neighbours are kicking a football against my wall every evening",
    "can someone fix the hole punched in the stairwell notice board",
    "my daughter isn't home to sign for the parcel, can you hold it",
    "the water bill keeps rising every month, can someone check the meter",
    "I can't lift the sofa up the stairs alone, can a porter help",
    "the lift isn't moving between floors, nobody inside, please have a look",
    "what should I do if I smell gas? is there a number to call",
    "I had a headache all day, also the kitchen tap drips",
]


@pytest.mark.parametrize(("text", "hazards"), URGENT)
def test_the_generic_frames_are_urgent(text, hazards):
    verdict = assess(text)
    assert verdict.urgent, verdict
    assert verdict.hazard in hazards


@pytest.mark.parametrize("text", ROUTINE)
def test_their_routine_lookalikes_are_not(text):
    assert not assess(text).urgent


def _urgent_model() -> Classification:
    return Classification("repair", "elevator", True, 0.95, 0.95, 0.95, 0.95)


def _calm_model() -> Classification:
    return Classification("inquiry", "other", False, 0.9, 0.9, 0.9, 0.9)


@pytest.mark.parametrize(
    "text",
    [
        "煤气开户要带什么证件",
        "厨房冒烟了，原来是锅烧干了，已经关火没事了，不用派人",
        "the fire alarm went off from my cooking, all fine now",
        "万一电梯困人了怎么办？里面有对讲吗",
        "what if someone gets stuck on the roof? the door only opens from inside",
        "建议在水池边加个护栏，怕以后有小孩掉下去",
    ],
)
def test_an_explained_or_hypothetical_message_overrules_the_model(text):
    result = combine(_urgent_model(), assess(text))
    assert not result.urgent and not result.ask_danger


@pytest.mark.parametrize(
    "text",
    [
        "probably overreacting but my neighbour collapsed on the stairs and isn't moving",
        "可能是我多心，我爸一直叫不醒",
        "what should I do, my son is stuck in the storage room right now",
        "如果没人来怎么办，我现在被困在楼梯间出不去",
        "all fine with the lift but my mum has fallen and her leg is bleeding",
    ],
)
def test_understatement_or_a_question_never_hides_an_emergency(text):
    assert combine(_calm_model(), assess(text)).urgent
