"""Life-safety net (issue 17), seventh round: generic frames rather than sentences —
a person + a bad bodily state, a violent act + nearness, stuck + any enclosed place,
a child or old person missing + unreachable, symptoms + a closed room (CO), water
still rising, a faint sign from someone shut in. All sentences were written for
these tests (Chinese and English), none copied from a corpus."""

from __future__ import annotations

import pytest

from bot.classifier import assess, combine
from tests.support.safety import calm_model, urgent_model

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

# A second batch written afterwards to check the frames carry to new wording.
MORE_URGENT = [
    "我奶奶在厨房滑倒了，半天爬不起来",
    "楼下花园有个小孩掉进水池了，没有大人",
    "我老婆突然说不出话，嘴也歪了",
    "邻居小伙子在楼道里躺着，怎么叫都没反应",
    "有个人在我家门外拿锤子砸锁",
    "他喝醉了拿着菜刀在楼道里喊要砍人",
    "保洁阿姨被关在垃圾房里了，门从外面锁上了",
    "我被困在地下车库的楼梯间，门打不开",
    "女儿去同学家玩，说好六点回，现在九点了还没回来，电话没人接",
    "我爸有老年痴呆，早上出门到现在都找不到",
    "家里人都头晕想吐，今天一直开着煤炉取暖",
    "地下室的水还在往里灌，已经到膝盖了",
    "隔壁老人屋里一直有微弱的呼救声，敲门没人应",
    "my toddler swallowed a battery",
    "my neighbour is lying in the corridor and won't respond",
    "someone is trying to force our door with a crowbar right now",
    "a man with a knife is in the lobby",
    "we're locked in the rooftop garden, the door shut behind us and it's getting dark",
    "my son was supposed to be home at 4, it's 8 now and his phone goes straight to voicemail",
    "everyone in the flat has a headache and the baby won't stop being sick, the gas fire's been on all day",
    "water is still pouring into the car park and now it's up to the car wheels",
    "mum slipped in the shower, she's conscious but can't get up",
    "there's a kid standing on the balcony railing on the 12th floor",
    "my husband is having chest pains and sweating a lot",
    "the old lady in 502 hasn't collected her milk for three days and isn't answering",
]
MORE_ROUTINE = [
    "我家猫好几天不动了，是不是病了，附近有宠物医院吗",
    "我女儿下周出国，门禁卡能不能先冻结",
    "楼下在砸墙装修，周末也不停",
    "能不能在楼梯间装个摄像头，上周有人在里面抽烟",
    "我爸腿脚不好，能不能申请一个一楼的车位",
    "楼道里的灯不亮，晚上老人走路看不见",
    "我儿子的自行车丢了，能查一下监控吗",
    "地下室有点潮，墙上有霉",
    "请问小区泳池几点开门，孩子想去游泳",
    "热水器打不着火了，能派人看一下吗",
    "my kid's bike was stolen from the rack last week",
    "the stairwell door keeps slamming, can someone adjust the closer",
    "is the gym open on sunday? my dad wants to go",
    "the kitchen extractor fan is broken, cooking smells everywhere",
    "can I book the clubhouse for my daughter's party",
    "my elderly mother needs a parking permit for her carer",
    "my son isn't home until 6, can the plumber come after that",
    "our dog keeps barking when the courier knocks",
    "there's a wasp nest on the balcony, not urgent",
    "the car park barrier hit my car, scratched the bumper",
    "my neighbour keeps punching the wall when he plays games, very annoying",
    "I can't get the stairs light to turn on",
    "the water level in the pond is low, fish look sad",
    "the roof terrace door is stuck, can someone oil it",
    "i'm stuck at work, can the delivery be left at the desk",
    "my son is supposed to be back at 6 from camp, can we book the gym after",
    "我女儿应该六点到家，快递能晚点送吗",
    "my kids are stuck at home with flu, can the cleaner skip us",
]

# A third batch (Cantonese, calls for help, someone shut in for long, idioms).
THIRD_URGENT = [
    "阿爺喺廁所暈低咗，叫極都冇反應",
    "我個仔喺天台門度困住咗，出唔到嚟",
    "有个男的拿着棍子在楼下追着人打",
    "楼上夫妻吵架，男的说要拿刀砍人，女的在哭喊救命",
    "妈妈洗澡洗了一个小时没出来，敲门也不应",
    "我朋友喝酒喝多了，趴在地上吐，叫不醒",
    "一个老太太在小区门口坐着，不知道自己住哪，很冷",
    "孩子把手伸进风扇里，手指在流血",
    "垃圾房里有人被压在倒下的柜子下面",
    "我们被关在健身房了，门禁坏了出不去，里面还有小孩",
    "家里两个孩子都说头痛，老人也想吐，暖气片那边有味道",
    "车库的水已经淹到车门了，还在往里灌",
    "my dad went to get the post an hour ago and we found him sitting on the stairs confused, he doesn't know who we are",
    "the lady in the next flat has been calling out help for about ten minutes",
    "a man is going door to door on 7F trying the handles, he's at ours now",
    "someone threw a brick through my window and is still standing outside shouting",
    "we can't get out of the basement storage, the door jammed and there's no signal",
    "my husband fell off the ladder onto the patio and his arm is bent the wrong way",
    "my little girl went to the playground 2 hours ago and isn't there, not answering her watch",
    "both kids are drowsy and complaining of headaches and the boiler flue is making a weird noise",
    "a woman is on the ground by the bins, she's breathing but won't open her eyes",
    "there's a guy hitting a woman in the car park right now",
]
THIRD_ROUTINE = [
    "阿婆话想申请个轮椅位，边度登记",
    "我个仔去咗夏令营，下个礼拜先返，门禁卡暂停下",
    "楼上小孩一直跑跳，吵死了",
    "健身房的跑步机坏了，能修一下吗",
    "暖气片不热，家里有老人，能尽快修吗",
    "车库的排水沟堵了，下雨会积水",
    "我妈头痛的老毛病又犯了，想问附近有没有诊所",
    "the lady next door asked me to report that her doorbell isn't working",
    "my dad is confused by the new parking app, can someone help him",
    "my husband fell asleep and missed the parcel, can it be redelivered",
    "the kids were kicking the lift door, please put up a notice",
    "can you remind people not to throw bricks in the building skip",
    "my grandmother wants to know if the community hall is open for mahjong",
    "the storage room door sticks, it took me a while to open it",
    "I get headaches from the noise of the renovation next door every day",
]

# A fourth batch on the hazards that must reach 1.0 (trapped, fire, gas).
FOURTH_URGENT = [
    "电梯门开了一半就不动了，我们四个人在里面",
    "电梯停在两层中间，我女儿一个人在里面哭",
    "我在电梯里，按钮全都没反应，手机快没电了",
    "电梯一直往下滑，停在负二楼不开门",
    "阳台门坏了，我被锁在阳台上，孩子在屋里睡觉",
    "卫生间门锁坏了，老人在里面出不来",
    "楼道里全是烟，看不清路",
    "隔壁窗户往外冒黑烟",
    "电动车在楼道充电，突然砰的一声着了",
    "配电箱里噼里啪啦响，还有火星",
    "厨房里锅着了，火很大扑不灭",
    "进门就闻到一股很重的煤气味，不敢开灯",
    "燃气表那里嘶嘶响，有味道",
    "楼下好像在漏气，整个单元都是味",
    "the lift jerked and stopped, the doors won't open and there are 5 of us in here",
    "my son is in the lift and it's stuck between 3 and 4, he's only 6",
    "the lift doors keep opening and closing on my mum's walker, she can't get out",
    "we're shut in the lobby toilet, the lock snapped",
    "there's smoke coming under my front door from the corridor",
    "something in the bin chute is burning, the whole floor smells of plastic",
    "the dryer in the laundry room is on fire",
    "I can smell gas really strongly in the stairwell on floor 9",
    "hissing from the gas meter and a sulphur smell",
    "there's a strong gas smell in my kitchen and the hob is off",
    "the lift is making a grinding noise and has stopped with me inside",
    "煤气灶关了还有味，头有点晕",
    "车库那边有辆车在冒烟，好像要烧起来",
    "我在楼梯间，门从外面锁了，打电话没人接，好害怕",
]
FOURTH_ROUTINE = [
    "电梯按钮坏了一个，能修一下吗",
    "电梯里的灯有点暗，不急",
    "阳台门有点难关，有空来看看",
    "楼下烧烤的烟飘上来了，能管管吗",
    "燃气费怎么交",
    "燃气灶打不着火了",
    "消防通道被杂物堵了，请清理一下",
    "家里的烟雾报警器电池没电一直叫",
    "the lift smells of smoke from someone's cigarette",
    "the gas safety check is due next month, when will you come",
    "our smoke alarm keeps chirping, battery is low",
    "the lift mirror is cracked, please replace",
    "my balcony door lock is stiff, can you send someone next week",
    "can I have a bbq on the roof terrace this weekend",
    "the stairwell door was locked last night, who has the key",
    "we are in the gym, the shower door is jammed, can someone fix it",
    "我在楼梯间里看到门锁坏了，能修一下吗",
]

# A fifth batch on the other hazards (electric, flood, outage, threat, vulnerable, injury).
FIFTH_URGENT = [
    "楼道的插座在冒火花，还有焦味",
    "雨水灌进了配电房，里面嗡嗡响",
    "小孩摸了一下路灯杆就哭了，说手麻",
    "楼上水管爆了，水从灯里往下流",
    "整栋楼都停电了，电梯里还有人",
    "整个小区停水两天了，老人没水喝",
    "有个陌生男人一直在我家门口转，敲门问是谁也不说",
    "邻居家一直传来打孩子的声音，孩子哭得很惨",
    "有个小孩在13楼窗台外面坐着",
    "一个老爷爷在小区里迷路了，问他住哪也说不清",
    "一个工人从脚手架上摔下来了",
    "狗把一个小孩咬了，腿上都是血",
    "the socket in the hallway is buzzing and too hot to touch",
    "water is dripping onto the fuse box and it's crackling",
    "the whole block has lost power and my dad's oxygen machine has stopped",
    "there's a man in a mask trying every car door in the car park",
    "i can hear my neighbour screaming and things breaking",
    "a toddler is wandering alone near the pond",
    "a man fell off the scaffolding and isn't getting up",
    "the ceiling in the bathroom is bulging with water and cracking",
    "water is coming through the light fitting in the kitchen",
    "our neighbour's kid has been left alone crying for hours",
]
FIFTH_ROUTINE = [
    "楼道插座没电了，能修一下吗",
    "配电房门口的杂草该割了",
    "路灯不亮，晚上走路有点黑",
    "下周二停电检修，请大家提前准备",
    "邻居家孩子晚上练琴太吵了",
    "请问小区有没有儿童游乐场",
    "有个工人在楼下修路灯，挡住了路",
    "the socket cover in the bedroom is loose",
    "please could someone look at the dripping tap in the laundry",
    "the planned power cut tomorrow will affect the lifts, noted",
    "my neighbour's kid plays drums all evening",
    "there's a man in the car park selling insurance, is that allowed",
    "i heard screaming but it was just kids playing tag",
    "the scaffolding outside my window is blocking the light",
    "the light in the hallway is very hot in summer, can we get a fan",
    "the charger gets really hot, is that normal?",
]

# Everyday messages using the frames' words: a habit, a history, a thing hit, a wish.
EVERYDAY = [
    "我家孩子最近总说头疼，是不是装修的甲醛",
    "老人腿不好，下楼梯很慢，能不能加个扶手",
    "我爸中风后行动不便，想申请残疾人车位",
    "邻居家的狗一直叫，孩子被吓哭了",
    "快递小哥每次都把东西扔在门口，很不负责",
    "有人在楼下踢球，球砸到我家窗户了，玻璃没碎",
    "楼上小孩在跑，咚咚响",
    "孩子放学回来发现门禁卡丢了，能补办吗",
    "我妈去旅游了，家里没人，水表麻烦下周再抄",
    "楼道里有人抽烟，烟味飘进家里",
    "厨房做饭的油烟太大，排烟管道是不是堵了",
    "我老公说电梯里很闷，能不能开个排风",
    "停车场里有人把车停在消防通道上",
    "垃圾房门锁坏了，关不上",
    "天台门一直开着，不安全，建议锁上",
    "地下室潮湿，东西都发霉了，能不能装个抽湿机",
    "my son keeps losing his key fob, can we get a spare",
    "my mum gets dizzy on the stairs, is there a plan to fix the lift soon",
    "the kids downstairs kick a ball against the garage door every night",
    "someone keeps parking in my spot, it's really annoying",
    "my daughter is away at uni, can I register her bike",
    "the gym changing room lock is broken, my stuff got stuck inside",
    "there's a puddle in the car park after the rain",
    "the toilet in the clubhouse is blocked again",
    "I smell cooking from next door every evening, it's strong",
    "my husband cut his finger on the broken mailbox last week, please fix it",
    "the old man in 301 asked me to tell you his doorbell is broken",
    "my neighbour shouts at his tv during football matches",
    "the stairwell is dark at night, someone could trip",
    "we found a wallet in the lobby, who do we hand it to",
]

# People endangering people (holding, a known danger coming, watching, ending a life) and body signs.
PEOPLE_URGENT = [
    "有个男的一直在楼道里盯着我女儿看，还想拉她",
    "我被人堵在电梯口，他不让我走",
    "有人在我家门口倒汽油",
    "楼下有人打架，有人头破了",
    "隔壁那个醉汉又在砸门了，说今晚不放过我们",
    "一个陌生人跟着我进了单元门，现在在我家楼层",
    "有个男的在地库抓着一个女的不放，她在叫",
    "前男友在我家楼下等了一晚上，刚才给我发消息说要上来",
    "someone is pouring liquid on my doormat and it smells like petrol",
    "a man grabbed my daughter's arm in the playground and tried to pull her away",
    "the guy from 14B is blocking the corridor and won't let me pass, he's screaming at me",
    "there's a man hiding behind the bins watching the kids' playground with binoculars",
    "my ex turned up and is hammering on the door, the children are hiding in the bedroom",
    "a resident is swinging a golf club at people in the lobby",
    "my neighbour just told me he's going to burn the building down",
    "the woman in 704 is on the balcony ledge saying she wants to end it",
    "my mum took all her pills at once and is very sleepy",
    "my baby has a fever of 40 and is floppy",
    "我家宝宝烧到40度，抽了一下",
    "老公突然胸口疼得厉害，满头大汗",
    "邻居阿姨说胸口闷，手臂发麻，脸色很差",
    "孩子吃东西卡住了，喘不上气",
]
PEOPLE_ROUTINE = [
    "前夫周末来接孩子，门禁能不能给他开一下",
    "my ex is coming to pick up the kids on saturday, can he park in the visitor bay",
    "保安不让我进小区，说我没带卡",
    "the guard won't let me in without my fob, can you tell him I live here",
    "装修工人堵着楼道，不让我们过",
    "the delivery van is blocking my way out of the car park",
    "这噪音吵得我想死",
    "this noise makes me want to die lol",
    "my chest is tight from the dust in the stairwell, can you clean it",
    "有人在小区里拍照，说是拍房子的中介",
    "someone is filming the building for a real estate ad",
    "can you fix the balcony railing, it's loose",
    "那个人又来了，每天都在楼下卖东西",
]


@pytest.mark.parametrize(("text", "hazards"), URGENT)
def test_the_generic_frames_are_urgent(text, hazards):
    verdict = assess(text)
    assert verdict.urgent, verdict
    assert verdict.hazard in hazards


@pytest.mark.parametrize("text", ROUTINE)
def test_their_routine_lookalikes_are_not(text):
    assert not assess(text).urgent


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
    result = combine(urgent_model(), assess(text))
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
    assert combine(calm_model(), assess(text)).urgent


@pytest.mark.parametrize(
    "text", MORE_URGENT + THIRD_URGENT + FOURTH_URGENT + FIFTH_URGENT + PEOPLE_URGENT
)
def test_a_second_batch_of_emergencies_is_urgent(text):
    assert assess(text).urgent


@pytest.mark.parametrize(
    "text", MORE_ROUTINE + THIRD_ROUTINE + FOURTH_ROUTINE + FIFTH_ROUTINE + EVERYDAY
)
def test_a_second_batch_of_lookalikes_is_not(text):
    assert not assess(text).urgent


@pytest.mark.parametrize(
    "text",
    [
        "probably overreacting but someone is banging inside the lift",
        "可能是我多心，电梯里有人在拍门",
        "sorry if this is silly but there's a woman shouting for help in the goods lift",
    ],
)
def test_understatement_does_not_weaken_a_report(text):
    verdict = assess(text)
    assert verdict.urgent and verdict.hazard == "trapped"


@pytest.mark.parametrize(
    "text",
    ["电梯里好像有人在喊", "maybe it is nothing but I think someone is knocking in the lift"],
)
def test_real_doubt_about_what_was_heard_still_only_asks(text):
    verdict = assess(text)
    assert not verdict.urgent and verdict.weak


@pytest.mark.parametrize(
    "text", ["the radiator switch is hot to the touch", "可以换个插座吗 旧的发黑变形了"]
)
def test_a_hot_fitting_without_sound_or_smell_only_asks(text):
    verdict = assess(text)
    assert not verdict.urgent and verdict.weak


@pytest.mark.parametrize(
    "text",
    [
        "我爸中风了，嘴歪了",
        "石头砸到车了，车里有个小孩在哭",
        "我妈摔倒后起不来",
        "他晕倒后一直叫不醒",
    ],
)
def test_the_history_and_thing_guards_leave_a_present_emergency(text):
    assert assess(text).urgent


def test_a_passing_wish_to_die_only_asks():
    verdict = assess("最近压力太大，有时候真不想活了")
    assert not verdict.urgent and verdict.weak


# safety_frames_more.py: the remaining kinds of description, in sentences of our own.
MORE_FRAMES_URGENT = [
    "the lift we're in has stopped between floors and won't open, 3 of us",
    "it jolted and stopped again, we're still inside, block 5 lift A",
    "我妈去阳台收衣服，阳台门被风带上反锁了，她在外面站了半个小时，今天零下",
    "my dad is 84 and the roof terrace door shut behind him, he can't get back in",
    "there's a cable hanging down from the pole by the gate and sparking in the rain",
    "小区门口电线掉在地上，旁边积水里滋滋响",
    "地库进水了，有辆车泡在水里，司机还在车里",
    "the underpass is flooded and a driver is still in his car in the water",
    "有个男的在我家门口站了很久，还试着按密码锁",
    "someone has been trying our door code over and over, we don't know him",
    "a man is climbing up the drainpipe on block 4 towards the open windows",
    "对门的老伯好几天没开门了，信箱都塞满了，电话也没人接",
    "we haven't seen the lady in 902 for five days, newspapers piling up, phone rings out",
    "有个小孩挂在五楼阳台外面",
    "a boy is on the wrong side of the balcony railing on the 9th floor",
    "火宅了 3号楼 快来人",
    "燃起泄漏了 厨房 全是味",
    "冬天电都停了，家里有个三个月大的宝宝，屋里很冷",
]
MORE_FRAMES_ROUTINE = [
    "the lift I'm in every morning is slow, could the timing be adjusted",
    "阳台门关不上，有空来修一下",
    "the roof terrace door shuts by itself, can you add a stopper",
    "网线掉在地上了，谁家的",
    "有根电线掉下来挂在楼道里，暂时没事",
    "my car is in the car wash bay, is the water on",
    "我忘了门锁密码，能帮我重置一下吗",
    "I tried my door code three times and it doesn't work, did it change?",
    "window cleaners are climbing the scaffolding by the windows today",
    "邻居去旅游了，好几天没开门，快递帮忙收一下",
    "晾衣服的时候衣架挂在阳台外面了，能帮忙取一下吗",
]


@pytest.mark.parametrize("text", MORE_FRAMES_URGENT)
def test_the_further_frames_are_urgent(text):
    assert assess(text).urgent


@pytest.mark.parametrize("text", MORE_FRAMES_ROUTINE)
def test_their_lookalikes_are_not(text):
    assert not assess(text).urgent
