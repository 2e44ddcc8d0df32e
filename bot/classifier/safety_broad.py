"""Life-safety patterns, part 5: broad hazard lexicons (recall first).

The narrower rules in safety_rules*.py describe how a situation is usually
worded; measured on a corpus written independently of them they missed one
emergency in five. These rules fire on the hazard *concept* itself — any gas
word, any fire/smoke/burning word, a lift with anything wrong while someone is
in it, blood, a fall, a child in a car, an intruder — and rely on the generic
guards in safety.py (negation, hypothetical, past, planned, resolved) plus a
few routine contexts (a gas bill, a fire door, cigarette smoke, a stove that
will not light) to stay quiet on ordinary requests. They trade precision for
recall on purpose (issue 17: recall ≥ 0.97, precision ≥ 0.6).
"""

from __future__ import annotations

from .safety_broad_words import (
    BODY_ROUTINE,
    BODY_WORD,
    CHILD_DANGER,
    DEVICE_DOWN,
    ELDER_DANGER,
    ELECTRIC_THING,
    FLOOD_WORD,
    LIVE,
    NO_POWER_AT_ALL,
    NOBODY_POWER,
    NOT_WATER,
    SMELL,
    THREAT_ROUTINE,
    THREAT_WORD,
    UNWELL,
    WATER_DRIP_ONLY,
    WET,
)
from .safety_lexicon import (
    FIGURATIVE,
    HEDGE,
    LIFT,
    MED_DEVICE,
    PLANNED,
    alt,
    en,
)
from .safety_rule import near, rule
from .safety_rules import RENO_CONTEXT, SMOKE_CONTEXT

# --- gas --------------------------------------------------------------------
GAS_WORD = alt(
    r"燃气|煤气|液化气|天然气|瓦斯|一氧化碳",
    en(
        r"gas(?:es|sy)?|lpg|propane|methane",
        r"carbon monoxide|co (?:alarm|detector|monitor|sensor)",
    ),
)
# The smell gas is given (rotten eggs, sulphur): also drains and blocked toilets.
GAS_SMELL = alt(r"臭鸡蛋|烂鸡蛋|臭蛋|硫磺|硫黄", en(r"rotten[- ]eggs?|sulph?ur(?:ous|ic)?"))
DRAINS = alt(
    r"马桶|下水道|地漏|堵|化粪池|污水|垃圾|厕所|卫生间",
    en(r"drains?|sewers?|sewage|toilets?|blocked|clogged|bins?|rubbish|garbage|bathroom"),
)
# Ordinary business about gas: bills, meters, accounts, installation, a stove that won't light.
GAS_ROUTINE = alt(
    r"费|账单|缴|充值|充气|购气|买气|读数|抄表|开户|开通|过户|气卡|营业厅|公司电话|客服|价格|涨价|安装|改管|改造|报装|"
    r"打不着|点不着|打不燃|点不燃|不出火|打火|油漆|漆|刷|锈|报警器(?:要|是|在哪|装|买|换|多少)|报警器\S{0,6}(?:亮|闪|灯|没电|电池|低电|故障)|(?:燃气|煤气)公司|可以用|能不能用|能用吗|安检|入户检查|检查|通知|预约|几点|什么时候|停气|恢复供气|燃气灶(?:坏|换)|换(?:个|一个)?燃气",
    en(
        r"rust\w*|is it (?:ok|okay|allowed|safe|fine) to|can (?:i|we) use|bbq|barbecue|grill",
        r"bill|bills|pay|paid|payment|top ?up|meter readings?|account|price|prices|tariff|supplier|company",
        r"install\w*|connect\w*|paint\w*|inspect\w*|check\w*|appointment|schedul\w*|notice|when",
        r"won't light|wont light|will not light|doesn't light|does not light|not lighting|won't ignite|no flame|igniter",
        r"gas station|petrol|gas mark|gas(?:es)? (?:out|off) (?:for|until|tomorrow)",
        r"gaslight\w*|greenhouse gas|laughing gas|gas giant",
        r"(?:alarm|detector|sensor)s? (?:\w+ ){0,3}(?:light|lights|led|blinking|flashing|battery|batteries|chirp\w*)",
    ),
)

# --- fire and smoke -----------------------------------------------------------
FIRE_WORD = alt(
    r"(?<!点)着火|起火|失火|火灾|大火|小火|火苗|火光|火焰|明火|火星|火花|冒火|喷火|火势|烧起来|烧着|烧焦|烧化|烧了起来|往上烧|往下烧|"
    r"在烧|还在烧|烧到|烧过来|烧上来|着起来|着了(?=.{0,10}烧)|噼里啪啦|红光|火红|一片红|🔥",
    en(
        r"fire|fires|on fire|flames?|flaming|blaze|ablaze|burning|sparks?|sparking|scorch\w*|charred|singed|melting|molten",
        r"smoulder\w*|smolder\w*|catch(?:es|ing)? fire|caught fire|(?:orange|red) glow|glowing",
        r"crackl\w*(?! (?:line|phone|radio|speaker|intercom))",
    ),
)
# A battery swelling, hissing or fuming (e-bikes, power banks): a fire starting.
BATTERY_FIRE = alt(
    rf"(?:电池|电瓶|充电宝|锂电){near(12)}(?:鼓包|冒烟|冒气|冒白气|发烫|烫手|嘶嘶|爆|炸)",
    rf"(?:batter(?:y|ies)|power ?bank|e-?bike|scooter|charger){near(30)}"
    + en(
        r"swell\w*|swollen|hiss\w*|fumes|puff\w*|smok\w*|exploded|explod\w*|popped|too hot to touch|red hot"
    ),
)
# Smoke, burning smells, stinging air: also everyday (cigarettes, cooking, dust), so the
# whole message must be free of those contexts.
SMOKE_WORD = alt(
    r"焦味|焦糊|糊味|烧糊|塑料味|冒烟|浓烟|黑烟|白烟|青烟|烟雾|烟味|好多烟|很多烟|有烟|一股烟|满是烟|全是烟|烧东西|"
    r"烟(?=从|往|一直|越来越|很|好|特别|太|进来|飘|冒|蹿|窜|涌)|[浓大黑白青灰]的烟|冒.{0,2}烟|呛(?!声|到水)|熏得|刺鼻|呛鼻|眼睛(?:疼|辣|刺|睁不开)|眼泪直流|辣眼",
    en(
        r"burnt smell|burning smell|smell(?:s|ing)? (?:of )?burn\w*|smoke|smoky|smokey|smoking(?= from| out)|acrid|choking",
        r"haze|hazy|eyes? (?:are |is )?(?:stinging|burning|watering|streaming)",
    ),
)
FIREWORKS = alt(r"烟花|鞭炮|爆竹|礼花|炮仗", en(r"firework\w*|firecrackers?"))
# The message says there is no gas smell at all.
NO_SMELL = alt(
    r"没(?:有)?(?:任何|什么)?(?:异)?(?:味道?|气味)|闻不到|无(?:异)?味",
    en(r"no (?:gas )?(?:smell|odou?r)|(?:can't|cannot|don't|do not) smell (?:anything|it|gas)"),
)
_MISTAKEN = alt(r"还以为|我以为|以为是", en(r"thought (?:it was|there was)"))
FIRE_ROUTINE = alt(
    r"防火门|消防门|消防通道|消防栓|灭火器|消防设施|消防检查|消防演|火车|火锅|上火|发火|火大|火气|恼火|火腿|火柴|打火机|点火器|"
    r"打不着火|点不着火|火龙果|火爆|火速|烟感(?:没电|电池|一直叫|滴滴)|烟雾(?:报警器|探测器)\S{0,6}(?:没电|电池)|辣椒|炒辣|烧水|烧饭|烧菜|红烧|发烧|烧烤|烧黑",
    en(
        r"fire (?:doors?|exits?|escapes?|extinguishers?|lane|hydrants?|hose|equipment|safety|inspection|drill|brigade visit|certificate|rating|place|pit|blankets?)",
        r"fired|firing|fireplace|firewall|firework\w*|campfire|bonfire|ceasefire",
        r"(?:fire|smoke) (?:alarms?|detectors?).{0,40}(?:for no reason|again|keeps?|every|nights? running|randomly|false|battery|batteries|chirp\w*|beep\w*)",
        r"chilli|chili|spicy|candles?|sparkling|spark plug|burning question|heartburn|sunburn|burning sensation",
    ),
)
_SMOKE_ROUTINE = alt(
    FIRE_ROUTINE,
    SMOKE_CONTEXT,
    RENO_CONTEXT,
    r"粉尘|灰尘|垃圾房|垃圾站|臭|煮糊|糊了|烤糊|煎糊",
    en(r"to smoke|teenagers|teens|smokers|dust|pollen|bins?|rubbish|garbage"),
)

# --- trapped ------------------------------------------------------------------
LIFT_WRONG = alt(
    r"卡住|卡在|卡了|被困|困住|困在|困了|关在|关住|关了|出不来|出不去|门不开|门打不开|门开不了|打不开门|开不了门|"
    r"半个?小时|\d+ ?(?:分钟|个小时)|好热|好闷|很闷|热死|没人来|灯灭|灯黑|灯不亮|没灯|黑了|漆黑|一片黑|按(?:了)?(?:警铃|报警|铃|紧急)|没人应|没人接|没人理|(?:警铃|报警|对讲|呼叫)\S{0,6}(?:没(?:反应|人|声)|不通)|求救|救命|喊人|没信号|掉下|下坠|往下掉|往下滑|下滑|不开门|坠",
    en(
        r"stuck|trapped|jammed|doors? (?:won't|wont|will not|don't|do not|can't|cannot|didn't|isn't|aren't) (?:open|opening)",
        r"lights? (?:went |go |have gone |are |is )?(?:out|off)|gone dark|went dark|it's dark|pitch black|dark in here",
        r"alone (?:in|inside) (?:here|it|the)|(?:alarm|button|intercom)\w*(?: \w+){0,4} (?:no (?:answer|one|response)|nobody|dead|not working)",
        r"no (?:answer|one answers|response)|can't get out|cannot get out|dropped|plunged|fell|jolted",
        r"\d+ ?(?:minutes|mins|hours?)|half an hour|(?:nobody|no one|noone)(?:'s| is)? coming|for ages|(?:so|really|very) hot in here",
    ),
)
LIFT_NOISE = alt(
    r"拍门|敲门|在敲|在拍|在喊|喊救命|大喊|呼救|在哭",
    en(r"bang\w*|knock\w*|shout\w*|scream\w*|yell\w*|crying for help|calling for help"),
)
# The lift is out of order but nobody is in it, or it is a test or a question.
LIFT_EMPTY = alt(
    r"里面没人(?!接|应|理|回)|感觉(?:像)?被困|没人在里|没有人在里|没人(?:被)?困|没被困|试了一下|测试|按钮(?:不亮|坏)|读卡器|门禁|空调|排风|通风|风扇|换气|的话|等了|才来|不来|等电梯",
    en(
        r"(?:nobody|no one|noone|no-one)(?: is| was|'s)? (?:inside|in it|in there|stuck|trapped)|empty|testing|tested|what (?:button|should)|if (?:you|someone|we) (?:get|are)",
        r"waited|waiting (?:for|ages)|to (?:come|arrive)|takes? (?:ages|forever|\d+)",
    ),
)
# A child at home on their own for ordinary reasons (homework, a key card to collect).
ROUTINE_ALONE = alt(
    r"写作业|做作业|上网课|看电视|看书|钥匙|门禁卡|接送",
    en(r"homework|watching tv|key ?cards?|keys|fob"),
)
_SHUT_PLACE_ZH = r"(?:阳台|天台|露台|屋顶|楼顶|房间|卧室|卫生间|厕所|洗手间|浴室|储藏室|地下室|柜子|车库|杂物间|机房|电梯井)"
_SHUT_PLACE_EN = r"(?:balcony|roof|rooftop|terrace|bathroom|toilet|loo|bedroom|room|cupboard|closet|wardrobe|basement|storeroom|store room|shed|plant room|shaft)"

BROAD_RULES = (
    rule("gas", GAS_WORD, drop_near=GAS_ROUTINE, drop_if=NO_SMELL),
    rule("gas", GAS_SMELL, drop_if=DRAINS),
    rule(
        "gas",
        r"汽油|柴油|漏油",
        en(r"petrol|gasoline|diesel|fuel (?:leak|smell|spill)"),
        drop_near=alt(
            r"油价|加油站|油卡|价格|没油", en(r"price|station|prices|ran out|run out|tank")
        ),
    ),
    rule(
        "fire",
        FIRE_WORD,
        drop_near=alt(FIRE_ROUTINE, SMOKE_CONTEXT, RENO_CONTEXT),
        drop_if=alt(_MISTAKEN, FIREWORKS),
    ),
    rule("fire", BATTERY_FIRE),
    rule("fire", SMOKE_WORD, drop_if=alt(_SMOKE_ROUTINE, _MISTAKEN)),
    rule(
        "trapped",
        rf"{LIFT}{near(30)}{LIFT_WRONG}",
        rf"{LIFT_WRONG}{near(20)}{LIFT}",
        drop_if=LIFT_EMPTY,
        drop_near=FIGURATIVE,
        detail="lift",
    ),
    # someone banging or shouting in a lift: strong unless hedged ("好像有人在喊")
    rule(
        "trapped",
        rf"{LIFT}{near(30)}{LIFT_NOISE}|{LIFT_NOISE}{near(30)}{LIFT}",
        weak_if=HEDGE,
        drop_if=LIFT_EMPTY,
        drop_near=FIGURATIVE,
        detail="lift",
    ),
    rule(
        "trapped",
        rf"(?:锁|关|困|卡)在{near(2)}{_SHUT_PLACE_ZH}|{_SHUT_PLACE_ZH}{near(4)}(?:出不来|出不去|门打不开|门开不了|门锁坏)",
        en(
            rf"(?:locked|stuck|shut|trapped)(?: out)? (?:on|in|inside|onto) (?:the |my |our |a |his |her |their )?(?:\w+ )?{_SHUT_PLACE_EN}(?![a-z])"
        ),
        drop_near=alt(
            r"狗|猫|宠物|鸟|东西|钥匙", en(r"dogs?|cats?|pets?|puppy|keys?|bikes?|cars?")
        ),
        detail="room",
    ),
    rule("injury", BODY_WORD, drop_near=BODY_ROUTINE),
    rule("vulnerable", CHILD_DANGER, ELDER_DANGER, drop_if=PLANNED, drop_near=ROUTINE_ALONE),
    rule("threat", THREAT_WORD, drop_near=THREAT_ROUTINE),
    # a stranger about, with nothing else said: ask
    rule("threat", r"陌生人|徘徊", en(r"strangers?|loiter\w*|lurking"), weak=True),
    rule(
        "electric",
        rf"{WET}{near(20)}(?:{LIVE}|有电)|{LIVE}{near(20)}{WET}",
        rf"{ELECTRIC_THING}{near(20)}{WET}|{WET}{near(20)}{ELECTRIC_THING}",
        rf"{ELECTRIC_THING}{near(20)}{LIVE}",
        drop_near=alt(r"热水器|洗衣机|空调水", en(r"water heater|washing machine|dishwasher")),
    ),
    rule(
        "electric",
        r"(?:碰|摸|接触)\S{0,10}(?:就)?(?:麻|电到|被电|电了一下)",
        en(
            r"(?:got|get|getting|gave (?:me|him|her|us)) (?:a )?(?:shock|zapped|tingle)|tingl\w* when (?:i|you|we) touch"
        ),
    ),
    rule("flood", FLOOD_WORD, drop_near=WATER_DRIP_ONLY, drop_if=NOT_WATER),
    rule("outage", NOBODY_POWER, NO_POWER_AT_ALL),
    rule("gas", rf"{SMELL}{near(40)}{UNWELL}|{UNWELL}{near(40)}{SMELL}|热水器{near(10)}味"),
    rule(
        "medical",
        rf"{MED_DEVICE}{near(30)}{DEVICE_DOWN}|{DEVICE_DOWN}{near(30)}{MED_DEVICE}",
        detail="power",
    ),
)
