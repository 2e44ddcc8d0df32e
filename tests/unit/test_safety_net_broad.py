"""The broad hazard lexicons (safety_broad.py) and the narrowed all-clear veto, in both languages."""

from __future__ import annotations

import pytest

from bot.classifier import Classification, classify
from bot.classifier.safety import assess
from bot.classifier.triage import combine

# One family per line pair: the hazard concept itself, worded unlike the narrow rules.
BROAD = [
    # gas: any gas word, its smell, CO alarms, a smell with headaches
    ("楼道里液化气味道很重", "gas"),
    ("strong propane smell by the bins room door", "gas"),
    ("楼梯间有股烂鸡蛋的味道", "gas"),
    ("sulphur smell all over the 3rd floor landing", "gas"),
    ("家里有股怪味 孩子说头疼", "gas"),
    ("the kitchen smells funny and my wife is dizzy", "gas"),
    ("一氧化碳报警器在响", "gas"),
    ("the carbon monoxide detector went off", "gas"),
    # fire: any fire/smoke/burning word, glow and crackling, batteries
    ("楼下那户窗户里红红的一片 还有噼里啪啦的声音", "fire"),
    ("there's an orange glow and crackling from the unit below", "fire"),
    ("发现楼道里有很浓的烟 不知道哪家", "fire"),
    ("thick haze in the corridor and my eyes are stinging", "fire"),
    ("电动车电池鼓包了还在冒白气", "fire"),
    ("the e-bike battery in the hallway is hissing and puffing out fumes", "fire"),
    ("外墙保温层着了 从6楼往上烧", "fire"),
    ("🔥 3栋", "fire"),
    # trapped: a lift with anything wrong while someone may be in it; rooms, balconies, roofs
    ("我在电梯里 灯灭了 门不开", "trapped"),
    ("lift lights went out and it won't move, I'm alone in here", "trapped"),
    ("在电梯里已经半个小时了 没人来", "trapped"),
    ("been in this elevator 40 minutes nobody is coming", "trapped"),
    ("电梯里有人在拍门", "trapped"),
    ("someone's banging on the inside of the lift doors", "trapped"),
    ("老人被锁在阳台上了 外面很冷", "trapped"),
    ("the door slammed and I'm locked out on the roof terrace", "trapped"),
    ("dianti li you ren chu bu lai", "trapped"),
    # injury / medical
    ("一只狗把小孩咬了 腿上流了好多血", "injury"),
    ("a dog bit a kid, the owner ran off", "injury"),
    ("glass from a window came down and cut a woman at the gate", "injury"),
    ("楼上阳台的花盆掉下来了 还有好几个悬着", "injury"),
    ("a woman is lying at the bottom of the stairs not moving", "injury"),
    ("大风把树吹倒了 压住了一个人", "injury"),
    ("someone fell in the pond and can't swim", "injury"),
    ("有人在河里 好像不会游泳", "injury"),
    ("home dialysis machine shut off when the power went", "medical"),
    ("我爸的呼吸机停了 家里没电", "medical"),
    # vulnerable
    ("toddler in a parked car in lot C, windows up, no adult around", "vulnerable"),
    ("一个三四岁的小孩在地库车道上乱跑 找不到家长", "vulnerable"),
    ("the elderly lady in 404 lives alone and hasn't answered for days", "vulnerable"),
    ("楼下长椅上有个老太太躺了一晚上 叫她也不清醒", "vulnerable"),
    # threat
    ("xiaotou 在我家 我躲在卫生间", "threat"),
    ("a stranger keeps rattling door handles on floor 3", "threat"),
    ("一个男的从地铁站一路跟我到小区", "threat"),
    ("a guy tailgated me through the gate and is behind me", "threat"),
    ("我家窗户外面有人 他在往里看", "threat"),
    # electric and flood and outage
    ("地下车库的积水里好像有电", "electric"),
    ("ceiling light filling up with water and crackling", "fire"),
    ("水从天花板漏到灯里了 灯还亮着一闪一闪", "electric"),
    ("卫生间天花板一直往下灌水 跟瀑布一样", "flood"),
    ("the stairwell is turning into a river", "flood"),
    ("the pipe under my sink snapped and I can't turn the valve", "flood"),
    ("我们这栋一点电都没有 已经一个半小时", "outage"),
    ("nobody in our building has power", "outage"),
]

# Routine messages that share the hazard words.
ROUTINE = [
    "燃气费在哪里交",
    "my gas bill seems too high this month",
    "燃气报警器要自己买吗",
    "Gas pipe on the outside wall is badly rusted, I'm worried it might leak one day",
    "楼上马桶堵了，有股臭鸡蛋味",
    "the drain smells of rotten eggs again",
    "楼道里的灭火器过期了",
    "the fire door on floor 5 doesn't close properly",
    "邻居在阳台上抽烟 烟飘到我家",
    "someone is burning leaves in the garden and it's smoky",
    "电梯按钮不灵 要按好几次",
    "lift stuck on floor 8 and not moving, nobody inside",
    "电梯里能不能装个空调，夏天太闷了",
    "我们下周出差 孩子上高中了 一个人在家几天 物业能不能帮忙留意一下",
    "flooding my inbox with the same notice three times is a bit much",
    "草坪的自动喷灌头坏了，一直往路上喷水",
    "请跟踪一下我的工单",
    "停电了吗？我家灯不亮 别家好像有电",
    "the kids upstairs stampede every night, I'm going to have a heart attack",
    "a bag of rubbish split open outside block 2",
]

# Explicit statements that the same hazard is over or absent.
ALL_CLEAR = [
    "没有冒烟了",
    "火已经灭了",
    "人已经救出来了",
    "the smoke is gone now",
    "the fire is out now, thanks",
    "it was just a drill",
    "fixed now",
    "the kitchen smelled of burnt toast, it's fine now",
]

# Phrases that only look like an all-clear: the danger is still there.
NOT_ALL_CLEAR = [
    ("water heater smells and the flame has gone yellow, both kids have headaches", True),
    ("a dog bit a kid in the playground, the owner ran off", True),
    ("燃气灶火苗变黄了 孩子头疼", True),
]


@pytest.mark.parametrize(("text", "hazard"), BROAD)
def test_the_broad_lexicons_name_the_hazard(text, hazard):
    verdict = assess(text)
    assert verdict.hazard == hazard, (text, verdict)


@pytest.mark.parametrize("text", ROUTINE)
def test_routine_messages_with_hazard_words_are_not_hazards(text):
    verdict = assess(text)
    assert verdict.hazard is None, (text, verdict)


@pytest.mark.parametrize("text", ALL_CLEAR)
def test_an_explicit_all_clear_vetoes_even_an_urgent_model(text):
    verdict = assess(text)
    assert verdict.cleared and verdict.hazard is None, (text, verdict)
    model = Classification("repair", "fire_safety", True, 0.9, 0.9, 0.9, 0.9)
    assert not combine(model, verdict).urgent


@pytest.mark.parametrize(("text", "urgent"), NOT_ALL_CLEAR)
def test_gone_yellow_and_ran_off_are_not_an_all_clear(text, urgent):
    verdict = assess(text)
    assert not verdict.cleared and verdict.urgent == urgent, (text, verdict)
    assert classify(text).urgent == urgent


@pytest.mark.parametrize(
    "text", ["电梯里好像有人在喊", "I think I can hear someone knocking inside the lift"]
)
def test_a_hedged_noise_in_a_lift_still_only_asks(text):
    verdict = assess(text)
    assert verdict.hazard is None and verdict.weak and verdict.cue == "trapped"


# --- third round: lexicon gaps, in both languages ---
GAPS = [
    # something set alight, also by a cigarette end
    ("楼下有人乱扔烟头，把我家阳台的纸箱点着了", "fire"),
    ("晒的床单被烟头引燃了", "fire"),
    ("窗帘着了，火往上窜", "fire"),
    ("a cigarette end set the doormat alight outside 1204", "fire"),
    ("the bins behind block 3 went up in flames", "fire"),
    ("the sofa on the balcony caught alight", "fire"),
    # gas told without a gas word
    ("the landing reeks like a hob left on without a flame", "gas"),
    ("楼道里一股味道，像是谁家灶没点着火开着", "gas"),
    ("热水器旁边一股臭鸡蛋味", "gas"),
    # a power line down and still sparking; a live fault that cannot be switched off
    ("台风把电线吹断了，掉在停车场还在打火", "electric"),
    ("a power line came down in the storm and it's fizzing on the footpath", "electric"),
    ("插座漏电把我电了一下，空开拉不下来", "electric"),
    ("the fence gave my boy a jolt this morning and it's still live", "electric"),
    # something that began earlier and is still live or sparking is happening now
    ("昨天电线被风刮断了 还在打火", "electric"),
    # a ceiling that could come down: the risk is the emergency
    ("the bathroom ceiling is sagging with water and could come down any minute", "flood"),
    ("the ceiling above our stairs landing on 12 is bulging badly", "flood"),
    ("卫生间吊顶鼓起来还在滴水 随时会塌", "flood"),
    ("阳台的雨棚快掉下来了", "flood"),
    # not waking
    ("my husband is breathing but won't wake up", "medical"),
    ("奶奶躺在床上怎么推都推不醒", "medical"),
    # Cantonese
    ("公園有個婆婆瞓低咗，叫佢冇反應", "medical"),
    ("阿伯跌低咗 起唔到身", "injury"),
    ("有個細路坐喺窗台度，家長唔喺度", "vulnerable"),
    # old by age, or living alone, and not seen for days
    ("Mrs Li upstairs lives alone, she hasn't opened her door for three days", "vulnerable"),
    ("my 85yo neighbour isn't answering her phone or the door", "vulnerable"),
    ("楼上的85岁老太太，报纸堆在门口好几天没人拿", "vulnerable"),
    ("the lady in 5B (79) lives alone and her post is piling up", "vulnerable"),
    # shut in by one's own hand, a lift named by a letter, a lift "trap"
    ("B梯卡在两层中间，里面有位老人", "trapped"),
    ("locked myself in the bathroom and the handle came off", "trapped"),
    ("my daughter locked herself on the roof terrace by accident", "trapped"),
    ("there's been a lift trap in tower 3, two kids inside", "trapped"),
    # a pipe snapped off, water spraying; pinyin for a burst pipe
    ("the pipe behind the toilet snapped off", "flood"),
    ("the hose under the washing machine came off and water's spraying everywhere", "flood"),
    ("shui guan bao le, 3栋", "flood"),
    # afraid to switch the lights on: gas; the whole building tripped
    ("楼下好像漏气了 我都不敢开灯", "gas"),
    ("整栋楼跳闸了，一片漆黑", "outage"),
    # climbing into a neighbour's, car doors tried one by one, a door kicked in, a threat to kill
    ("有人从楼道窗户爬进楼下去了", "threat"),
    ("车库有个人挨个拉车门", "threat"),
    ("a guy is testing car doors one by one in the car park", "threat"),
    ("someone is inside my neighbour's house and they're away", "threat"),
    ("a man is kicking our front door and shouting", "threat"),
    ("my ex is outside and says he'll kill me", "threat"),
    ("he's going to hurt my mum, please send security", "threat"),
    # a child by age in years or months
    ("my 5 yo is sitting on the balcony ledge", "vulnerable"),
    ("an 8 month old baby left alone in a car in the car park", "vulnerable"),
    # a fight with a knife; hurting someone; something swallowed
    ("楼下有两个人打起来了，其中一个亮出了刀", "threat"),
    ("I can hear the man next door hurting his wife", "threat"),
    ("孩子误吞了一颗纽扣电池", "medical"),
    ("my toddler swallowed a magnet", "medical"),
    # a car park filling with water, a balustrade given way, a fall down steps
    ("the basement car park is filling up with water", "flood"),
    ("the glass balustrade on the 3rd floor gave way", "injury"),
    ("爷爷从台阶上摔下去了", "injury"),
    # a confused old person who went out and has not come back
    ("my grandma has dementia, she went for a walk at 9 and hasn't come back", "vulnerable"),
    ("外婆有点糊涂，下午出门到现在都没回来", "vulnerable"),
]

GAP_LOOKALIKES = [
    "我把蚊香点着了 放在阳台",
    "孩子在床上睡着了",
    "厨房下水道有股臭鸡蛋味",
    "the gym rowing machine has a snapped cable",
    "the washing line snapped in the wind",
    "I still live on the 5th floor",
    "老房子的天花板会不会塌？",
    "the old garden wall could fall down one day",
    "there's a hairline crack in the ceiling paint",
    "my alarm clock is not waking me up anymore",
    "我一个人住，报修三天都没人回复",
    "my 80+ mum is away on holiday, can you water her plants",
    "my grandma lives alone and the management hasn't replied to her repair request",
    # emergency equipment, incense, fireworks, a gas alarm's light, follow-ups, figures of speech
    "3号电梯的紧急呼叫按钮坏了，没人被困，方便时来修",
    "the emergency button in lift B is dead, nobody is stuck, just fix it when you can",
    "邻居每天上香拜佛 烟味飘进来",
    "楼上在放鞭炮 噼里啪啦响了半天",
    "燃气报警器的指示灯一直闪 没有异味 是不是电池没电了",
    "the gas detector's green light keeps blinking, no smell at all, does it need a battery?",
    "之前尾随我进单元的那个男的，保安调了监控没有",
    "我被这个月的房贷困住了 哈哈",
    "装修声音吵得我头都要爆炸了",
    "我家狗被困在阳台外面的平台上了",
    "the cat is trapped on the garage roof and won't come down",
    "孩子一个人在家做作业，想问下门禁卡怎么办",
    "燃气灶坏了，怎么都没法把它点着",
    "降温了穿少了衣服着了凉",
    "我今年75岁 躺着都能听到楼上的噪音",
    "我的bb霜丢了",
    "墙纸鼓起来了 快掉下来了",
    "I'm not waking up early for the inspection",
    "I'm going to kill my neighbour's rooster lol",
    "this heat is going to kill me",
    "我家跳闸了 别人家都有电",
    # a 90-year-old is not a child; a lift's trap door is a part; "it'll" may happen
    "my 90 yo dad lives alone, who do I contact about the handrail",
    "lift trap door in the shaft is squeaking",
    "that overloaded socket'll catch fire",
    # a mistaken fright, disinfection, a stove with no smell, "what if", smokers, chilli
    "我还以为楼下着火了 原来是落日照在玻璃上",
    "I thought it was a fire on the roof but it's the sunset reflecting",
    "地下车库好久没消杀了，蚊子太多",
    "the gas hob won't light and there's no smell at all",
    "被困在电梯里的时候应该打哪个电话",
    "kids go up to the roof to smoke every evening",
    "楼上在炒辣椒，呛得我一直咳嗽",
    "my son hasn't come back from school yet",
    "老人去旅游了 还没回来",
    "the handrail came off the wall in the stairwell",
]


@pytest.mark.parametrize(("text", "hazard"), GAPS)
def test_the_third_round_gaps_name_the_hazard(text, hazard):
    verdict = assess(text)
    assert verdict.hazard == hazard, (text, verdict)


@pytest.mark.parametrize("text", GAP_LOOKALIKES)
def test_third_round_lookalikes_are_not_hazards(text):
    verdict = assess(text)
    assert verdict.hazard is None, (text, verdict)
