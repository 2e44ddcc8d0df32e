"""Life-safety net (issue 17), sixth round: the families a fourth independent corpus
showed missing, in Chinese (incl. Cantonese and pinyin) and English — all sentences
written for these tests, none copied from a corpus."""

from __future__ import annotations

import pytest

from bot.classifier import assess, combine
from tests.support.safety import urgent_model

URGENT = [
    ("有人在天台边上坐着，好像想跳", ["vulnerable"]),
    ("my mum took too many pills and is very sleepy", ["medical"]),
    ("我妈吃了很多安眠药 叫不太醒", ["medical"]),
    ("邻居家的报警器一直响，敲门没人应", ["fire"]),
    ("the smoke alarm next door has been going off for ages and nobody answers", ["fire"]),
    ("dian ti tu ran ting le, wo men zai li mian chu bu qu", ["trapped"]),
    ("樓下垃圾房着咗火", ["fire"]),
    ("有人被车撞了 在小区门口", ["injury"]),
    (
        "the water is coming up through the floor drain and reaching the extension cord",
        ["electric", "flood"],
    ),
    ("my friend got hit by a scooter at the gate, she can't stand", ["injury"]),
    ("停电三个小时了 家里有个两个月大的宝宝 热得满头汗 11栋", ["outage"]),
    ("断水一天了，隔壁独居的阿婆下不了楼，家里没水喝", ["outage", "trapped", "vulnerable"]),
    ("刚来电十分钟又停了，我妈八十多岁了，屋里快40度，她说头晕", ["outage"]),
    ("停電咗成晚，屋企有BB，熱到喊唔停", ["outage"]),
    ("ting dian le, jia li you bao bao, hen re, 3 dong", ["outage"]),
    (
        "power's been out all afternoon, my mum is 88 and it's 37 degrees in here, she feels dizzy",
        ["outage"],
    ),
    ("we have no water since morning and my pregnant wife is vomiting, 12F blk 2", ["outage"]),
    (
        "power cut again after coming back briefly, my son's insulin needs the fridge",
        ["medical", "outage"],
    ),
    ("我奶奶刚才吃饭的时候突然嘴歪了，说话也说不清楚，8栋", ["medical"]),
    ("我老公倒在客厅抽搐，口吐白沫，已经打了120", ["medical"]),
    ("邻居家小孩吃了虾以后喉咙肿了，喘不上气", ["medical"]),
    ("已经叫了救护车，3栋电梯能不能留在一楼", ["medical"]),
    ("my husband's speech is slurred and his left arm went weak, block 9 1502", ["medical"]),
    (
        "my friend is having an allergic reaction, her throat is closing, we're at the pool",
        ["medical"],
    ),
    ("ambulance is on the way for my dad, can security open the back gate", ["medical"]),
    ("i called 999 already, my neighbour collapsed and isn't responding", ["medical"]),
    ("停车场的栏杆落下来砸到一个小朋友的头，在哭，流了好多血", ["injury"]),
    ("我在楼梯上摔倒了，膝盖流血，站不起来，2栋", ["injury"]),
    ("老伯喺樓梯跌低咗，個頭流緊血", ["injury"]),
    ("a flower pot fell on a man's head outside block 4, he's bleeding", ["injury"]),
    ("my daughter fell off her scooter in the courtyard and can't move her leg", ["injury"]),
    ("有个男的一直跟着我，从地铁跟到小区门口，现在还在楼下", ["threat"]),
    ("有人在我家门口敲了二十分钟门，不是我认识的人，我好害怕", ["threat"]),
    (
        "someone has been banging on my door for 15 minutes and I don't know who it is, I'm scared",
        ["threat"],
    ),
    (
        "a man is following me around the car park right now, he followed me in from the street",
        ["threat"],
    ),
    ("there's a guy with a knife in the stairwell on 6F", ["threat"]),
    ("有个人拿着铁棍在撬隔壁的门", ["threat"]),
    ("我外公有老年痴呆，下午出去散步到现在还没回来", ["vulnerable"]),
    ("门口有个老奶奶不知道自己住哪，穿得很少，外面好冷", ["vulnerable"]),
    ("my grandpa has dementia and walked out an hour ago, we can't find him", ["vulnerable"]),
    ("楼下的独居老人已经三天没开门了，打电话也没人接", ["vulnerable"]),
    (
        "the old man in 605 lives alone and nobody has seen him for days, his mail is piling up",
        ["vulnerable"],
    ),
    ("隔壁的婴儿哭了三个小时了，家里好像没有大人", ["vulnerable"]),
    (
        "a toddler has been crying alone on the balcony next door for an hour, no adults around",
        ["vulnerable"],
    ),
    ("配电箱门开着，里面的线都露着，小孩伸手就能摸到", ["electric"]),
    ("燃气公司的人说修好了，可是现在又有煤气味了", ["gas"]),
    ("the gas engineer left an hour ago and now the smell is back, even stronger", ["gas"]),
    ("地下室进水了，水已经淹到配电柜了", ["electric", "flood"]),
    ("water is pouring into the electrical room in the basement", ["electric", "flood"]),
    ("3号楼电梯停在一楼不开门，里面有两个老人", ["trapped"]),
    ("the lift doors won't open and my kids are inside, B2 car park", ["trapped"]),
    ("有个醉汉拿着啤酒瓶在大堂追着人打", ["threat"]),
    ("someone just snatched my bag in the car park, he ran towards exit B", ["threat"]),
    ("the socket in my kitchen gave me a shock and my arm is still tingling", ["electric"]),
]

ROUTINE = [
    "楼下超市跳楼价大甩卖，吵死了",
    "我家烟感一直响，是不是要换电池",
    "the smoke alarm keeps beeping, battery low, nobody home in the day to change it",
    "快递被人抢先签收了",
    "请帮我跟踪一下报修进度",
    "外卖小哥一直敲门，我让他放门口了",
    "my dad lives alone and the office hasn't answered his repair ticket",
    "楼道的灯坏了，有空来换一下",
    "上周有人跟踪我的事，保安查了监控了吗",
    "电梯坏了，里面没人，麻烦修一下",
    "小区停电通知什么时候发？家里有老人想提前准备",
    "请问明天计划停水几点恢复，家里有宝宝要准备",
    "我家老人腿脚不好，能不能在楼道装个扶手",
    "the lift is out of order again, nobody inside, please send someone",
    "just a heads up the stairwell light on 3F is flickering, no rush",
    "was the person who followed me last week ever identified? no one replied",
    "my mum has dementia, can we get a key safe installed by the door",
    "can you tell me when the planned power cut tomorrow ends? we have a newborn",
    "the smell in the bin room is awful, not gas, just rubbish",
    "the gas company checked and said no problem, thanks",
    "someone knocked on my door selling stuff earlier, annoying",
    "电梯里的音乐吵死了，感觉被困在KTV里，哈哈",
    "消防门关不上了，麻烦有空修一下",
]


@pytest.mark.parametrize(("text", "hazards"), URGENT)
def test_the_new_families_are_urgent(text, hazards):
    verdict = assess(text)
    assert verdict.urgent, verdict
    assert verdict.hazard in hazards


@pytest.mark.parametrize("text", ROUTINE)
def test_their_routine_lookalikes_are_not(text):
    assert not assess(text).urgent


@pytest.mark.parametrize(
    "text",
    [
        "电梯又坏了，停在三楼，没人被困，麻烦找人修",
        "消防栓的玻璃碎了，没有人受伤，有空来换",
        "the lift is stuck on the ground floor, nobody inside, please fix",
        "the smoke detector went off while I was frying, everything's fine",
        "corridor light is out, not urgent",
        "haha the lift music makes me feel trapped in an airport",
    ],
)
def test_an_explicit_calm_overrules_the_model(text):
    result = combine(urgent_model(), assess(text))
    assert not result.urgent and not result.ask_danger


@pytest.mark.parametrize(
    "text",
    [
        "没人受伤，但是煤气味越来越大",
        "not urgent i guess but the socket zapped my son and he is crying",
        "nobody hurt but the man with the knife is still at the door",
    ],
)
def test_a_calm_word_never_hides_a_strong_hazard(text):
    assert combine(urgent_model(), assess(text)).urgent


@pytest.mark.parametrize(
    "text",
    [
        "燃气公司的师傅说没事了，结果味道又来了",
        "the gas man said it was fixed but now the smell is back and worse",
        "来电了没两分钟又停了，家里老人热得头晕",
        "power came back then went off again and my baby is burning up in this heat",
    ],
)
def test_a_danger_back_after_an_all_clear_stays_urgent(text):
    assert assess(text).urgent


@pytest.mark.parametrize(
    "text",
    [
        "如果停电了，家里的制氧机怎么办",
        "下周计划停水，家里有老人，能提前通知吗",
        "if the power is ever cut, what happens to people on oxygen?",
    ],
)
def test_an_outage_with_someone_at_risk_but_hypothetical_or_planned_is_not_urgent(text):
    assert not assess(text).urgent
