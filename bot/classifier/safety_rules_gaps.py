"""Life-safety patterns, part 6: gaps found on the third independent corpus (issue 17).

Written by meaning: something set alight (also by a cigarette end), gas
described only as "the stove left on unlit", a power line down and still
sparking, a switch that will not cut a live fault, a ceiling that could come down
(the risk is the emergency: ``imminent``), someone who will not wake, and an
old person or someone living alone not seen or answering for days. Same
``Rule`` format as safety_rules.py.
"""

from __future__ import annotations

from .safety_lexicon import ELDER_EN, ELDER_ZH, alt, en
from .safety_rule import near, rule

# Things that catch fire, and things lit on purpose (a cigarette, the stove, incense).
_BURNABLE_ZH = (
    r"(?:被子|棉被|被褥|床单|床垫|毯子|窗帘|衣服|衣物|晾的\S{0,3}|晒的\S{0,3}|沙发|床|纸箱|箱子|杂物|"
    r"垃圾桶|垃圾|电线|插座|排插|电动车|电瓶车|电瓶|树|草|草坪|草地|油锅|柜子|家具|地毯|房子|屋子|木头|桌子|阳台|楼道)"
)
_LIT_ON_PURPOSE = r"(?:烟|香烟|火|灶|炉|蜡烛|蚊香|香|煤气|燃气|炭|煤|柴|打火机|火柴|烟花|鞭炮|纸钱|黄纸|艾|酒精|火锅|它)"
_IGNITE_ZH = r"(?:点着|点燃|引燃|引着|烧着)"

IGNITION_RULES = (
    rule(
        "fire",
        rf"把(?!{_LIT_ON_PURPOSE})[^,。!?把]{{1,10}}?{_IGNITE_ZH}",
        rf"{_BURNABLE_ZH}(?:也|都|已经|突然|一下子?)?(?:被)?(?:着了(?![凉迷急魔道])|着火|点着了|烧着了|烧起来|燃起来|引燃|引着了)",
        rf"{_BURNABLE_ZH}被[^,。!?]{{0,8}}?{_IGNITE_ZH}|引燃了|引着了",
        en(
            r"(?:caught|catching|catches) (?:fire|alight)|(?:set|sets|setting) (?:\w+ ){0,3}?(?:alight|on fire|ablaze)",
            r"(?:went|gone|going) up in flames|burst into flames|(?:is|are|was|were|got|now|all) alight|(?:has |have )?ignited",
        ),
        drop_near=alt(
            r"点着了?(?:烟|香|蜡烛|灶|火)|点不着|打不着|没法|怎么也|怎么都|试了",
            en(r"pilot light|hob|stove|cooker"),
        ),
    ),
)

# The smell of gas told without the word: a stove or hob left on without a flame.
_STOVE_EN = r"(?:stove|hob|cooker|burner|oven|gas ring)s?"
_UNLIT_EN = (
    rf"{_STOVE_EN}[\s\S]{{0,25}}?(?:without (?:lighting|igniting|a flame)|unlit|not lit|isn't lit|no flame)"
    rf"|(?:unlit|unlighted) {_STOVE_EN}"
)
_STOVE_ZH = r"(?:燃气灶|煤气灶|灶台|灶头|炉头|炉子|灶|炉)"
_UNLIT_ZH = rf"{_STOVE_ZH}[^,。!?]{{0,3}}?(?:没点着|没点火|没打着|没着火|开着没点|开着没着|没关|忘了关|没关好)"
_SMELL = alt(r"味|闻", en(r"smell\w*|odou?rs?|stinks?|whiff|reeks?"))
_EGG_SMELL = alt(r"臭鸡蛋|烂鸡蛋|硫磺", en(r"rotten[- ]eggs?|sulph?ur\w*"))
_GAS_PLACE = alt(
    r"热水器|燃气灶|煤气灶|灶|厨房|楼道|走廊",
    en(r"water heater|boiler|stove|hob|cooker|kitchen|corridor|hallway|landing"),
)
_DRAIN = alt(
    r"下水道|地漏|马桶|化粪池|垃圾|污水|臭水沟",
    en(r"drains?|sewers?|sewage|sinks?|toilets?|bins?|rubbish|garbage"),
)

GAS_UNNAMED_RULES = (
    rule(
        "gas",
        rf"{_SMELL}{near(60)}{alt(_UNLIT_EN, _UNLIT_ZH)}|{alt(_UNLIT_EN, _UNLIT_ZH)}{near(30)}{_SMELL}",
    ),
    rule(
        "gas",
        rf"{_EGG_SMELL}{near(20)}{_GAS_PLACE}|{_GAS_PLACE}{near(20)}{_EGG_SMELL}",
        drop_if=_DRAIN,
    ),
)

# A power line down or broken and still sparking; a live fault nobody can switch off.
_LINE_ZH = r"(?:电线|电缆|高压线|电线杆|线路|变压器|电箱)"
_SPARK_ZH = r"(?:打火|冒火花|冒火星|闪火花|闪火|噼啪|带电|漏电)"
_LIVE_CONTEXT = alt(
    r"漏电|带电|触电|电到|被电|麻(?!烦)|冒火花|打火",
    en(r"shock\w*|zapped|live|electrified|sparks?|sparking|tingl\w*"),
)
ELECTRIC_GAP_RULES = (
    rule(
        "electric",
        rf"{_LINE_ZH}{near(16)}(?:断|掉|垂|耷拉|落|倒|刮){near(24)}{_SPARK_ZH}",
        rf"{_LINE_ZH}{near(8)}(?:还在|一直|正在|在)?(?:打火|冒火花|冒火星|闪火花|闪火)",
        en(
            r"(?:power|electric\w*|overhead|live)? ?(?:lines?|cables?|wires?|pylons?|poles?)(?: \w+){0,4} (?:down|snapped|fallen|broken|hanging|dangling|on the (?:road|ground|path))[\s\S]{0,40}(?:spark\w*|arcing|live|fizz\w*|crackl\w*|smok\w*)",
            r"(?:downed|fallen|snapped|broken) (?:power|electric\w*|overhead|live|high[- ]voltage) (?:lines?|cables?|wires?)",
            r"downed (?:lines?|cables?|wires?)|power ?lines? (?:are |is )?(?:down|snapped)",
        ),
        drop_near=alt(r"打火机|点火|燃气灶|煤气灶|灶", en(r"phone|internet|broadband|tv|washing")),
    ),
    rule(
        "electric",
        r"(?:闸|电闸|总闸|空开|漏保|电源)(?:也|都|还)?(?:拉不下来|拉不下|关不掉|关不了|断不了|拉不动|跳不了)",
        r"还(?:在|是)?(?:带电|漏电)",
        r"(?:'s|'re|(?<![a-z])(?:is|are)) still (?:live|electrified)(?![a-z])(?! (?:in|at|with|here|there|on)(?![a-z]))",
        en(
            r"(?:can't|cannot|can not|unable to|won't|couldn't) (?:turn|switch|shut|cut|trip) (?:off )?(?:the )?(?:power|electricity|breaker|supply|mains)(?: off)?",
        ),
        requires=_LIVE_CONTEXT,
    ),
)

# A ceiling, wall or balcony that could come down: the risk is the emergency.
_STRUCT_ZH = r"(?:天花板|天花|吊顶|顶棚|楼板|墙(?![纸皮漆布贴])|外墙|墙体|阳台|雨棚|屋顶|房顶)"
_STRUCT_EN = r"(?:ceilings?|roofs?|walls?|balcon(?:y|ies)|canop(?:y|ies)|floors?|beams?)"
_SIGN_EN = r"(?:bulging|sagging|bowing|drooping|ballooning|buckling)"
STRUCTURE_GAP_RULES = (
    rule(
        "flood",
        rf"{_STRUCT_ZH}{near(10)}(?:鼓|下垂|下沉|往下坠|裂|变形|渗水|漏水|滴水){near(20)}(?:要|快|会|可能|随时)(?:要)?(?:塌|垮|掉下来)",
        rf"{_STRUCT_ZH}{near(8)}(?:要塌|快塌|要垮|快垮|要掉下来|快掉下来|随时会塌|随时会掉)",
        en(
            rf"(?:ceilings?|roofs?|canop(?:y|ies))(?: [a-z0-9]+){{0,6}} (?:is |are )?{_SIGN_EN}",
            rf"{_STRUCT_EN}[\s\S]{{0,60}}(?:could|might|may|going to|about to|gonna) (?:come down|collapse|give way|fall in|cave in|fall down)",
        ),
        drop_if=alt(
            r"迟早|早晚|万一|如果|将来|以后",
            en(r"if|one day|someday|eventually|some point|in (?:the )?future"),
        ),
        drop_near=alt(
            r"会不会|吗|\?|隐患|风险|水渍|霉",
            en(r"is it (?:safe|normal)|will it|could it|risk|stains?|mould|mold|paint|hairline"),
        ),
        imminent=True,
    ),
)

# Someone who will not wake.
WAKE_RULES = (
    rule(
        "medical",
        r"醒不过来|没醒过来|推不醒|摇不醒",
        en(
            r"(?<!i'm )(?<!i am )(?<!we're )(?:not|isn't|is not|hasn't|has not) (?:been )?(?:waking|woken)(?: up)?",
            r"(?:won't|will not|can't|cannot|couldn't) wake (?:him|her|them|my \w+)(?: up)?",
            r"won't come round|not coming round",
        ),
        drop_near=alt(r"闹钟|早上", en(r"alarm clock|in the morning|for work|for school")),
    ),
)

# An old person, someone aged 70+ or living alone, not seen or answering for days.
_ALONE = alt(r"(?<!我)(?<!我们)(?:独居|一个人住|自己一个人住)", en(r"lives alone|living alone"))
_SUBJECT = alt(ELDER_ZH, ELDER_EN, _ALONE)
_UNSEEN_ZH = (
    r"(?:几|两|三|四|五|好几|\d+)天(?:都|了)?(?:没|不)(?:出门|开门|见|露面|应门|接电话|动静|见人|下楼)"
    r"|(?:敲门|打电话|按门铃|喊)(?:都)?(?:没人应|没人开|没反应|不应|没人接|不接|没回应)|联系不上"
    r"|(?:牛奶|报纸|快递|外卖|信件|信)(?:都)?(?:堆|积|没人?拿|没收|放了好几天)"
)
_UNSEEN_EN = en(
    r"(?:hasn't|has not|haven't|have not|not|isn't|is not|won't|doesn't) (?:been )?(?:answer\w*|respond\w*|picked up|seen|heard from|opened|collected)",
    r"no (?:answer|response|reply)|unreachable|(?:can't|cannot) (?:reach|contact|get hold of)",
    r"(?:milk|post|mail|newspapers?|papers|deliver(?:y|ies)|parcels?)(?: \w+){0,2} (?:piling|stacking|building) up",
)
ALONE_RULES = (
    rule(
        "vulnerable",
        rf"{_SUBJECT}[\s\S]{{0,60}}?{alt(_UNSEEN_ZH, _UNSEEN_EN)}",
        drop_if=alt(r"出差|旅游|度假|回老家|住院", en(r"on holiday|away|travell\w*|in hospital")),
        drop_near=alt(
            r"物业|客服|工单|投诉|管理处|回复|维修",
            en(r"management|office|staff|tickets?|complain\w*|repl\w*|repair\w*|maintenance"),
        ),
    ),
)

# Shut in by one's own hand, a lift "trap"; a pipe snapped off; someone climbing into or
# inside a neighbour's home, trying car doors one by one, kicking a door in, saying he
# will kill (a threat is said in the future tense: ``imminent``).
_SHUT_EN = r"(?:balcony|roof|terrace|bathroom|toilet|loo|bedroom|room|cupboard|closet|wardrobe|basement|shed)"
MORE_GAP_RULES = (
    rule(
        "trapped",
        en(
            rf"locked (?:myself|ourselves|himself|herself|themselves) (?:out )?(?:in|inside|on)(?: the| a| my| our| his| her)? (?:\w+ )?{_SHUT_EN}"
        ),
        drop_near=en(r"cars?|keys?"),
        detail="room",
    ),
    rule(
        "trapped", en(r"(?:lift|elevator) trap(?![- ]?(?:doors?|hatch))|entrapment"), detail="lift"
    ),
    rule(
        "flood",
        en(
            r"(?:pipe|hose|tap|valve)s?(?: \w+){0,4} (?:has |just )?(?:snapped|burst|split|broke) off",
            r"water(?:'s| is) (?:shooting|spraying|gushing|pouring|spurting)",
        ),
    ),
    rule(
        "threat",
        r"(?:爬|翻)(?:进|入|到)(?:了)?(?:隔壁|邻居|楼下|楼上|别人)",
        r"(?:挨个|一辆一辆|一家一家|一户一户|一个一个)\S{0,6}?(?:拉|试|拽|拧|推|开)(?:车门|门把手?|门)",
        en(
            r"(?:trying|testing|pulling) (?:car )?(?:doors|door handles) (?:one by one|one after (?:the )?other)",
            r"(?:someone|somebody|a man|a guy|people)(?:'s| is| are)? (?:in|inside) (?:my |our |the )?(?:neighbou?r'?s|next door'?s?) (?:flat|house|home|apartment)",
            r"kick\w* (?:in )?(?:my|our|the) (?:front )?door",
        ),
    ),
    rule(
        "threat",
        en(
            r"(?<!i'm )(?<!i am )(?:going to|gonna|wants? to|threaten\w* to) (?:kill|hurt|stab|beat|shoot|strangle) (?:me|you|us|him|her|them|my \w+)",
            r"(?:he|she|they)(?:'ll| will) (?:kill|hurt|stab|beat|shoot|strangle) (?:me|you|us|him|her|them|my \w+)",
        ),
        drop_if=alt(r"笑话|开玩笑|哈哈", en(r"jok\w*|lol|haha\w*|kidding|if")),
        drop_near=en(r"noise|smell|heat|stairs|bills?|fees?|wait\w*|traffic|boss|homework"),
        imminent=True,
    ),
)

# Something swallowed, a car park filling with water, a railing given way, someone who
# went out confused and has not come back, a fall down the stairs.
_CONFUSED = alt(
    ELDER_ZH,
    ELDER_EN,
    r"痴呆|失智|糊涂|阿尔茨海默",
    en(r"dementia|alzheimer'?s|confused|grand-?dad|granddad|grandpa|grandma"),
)
LAST_GAP_RULES = (
    rule(
        "medical",
        r"(?:误食|误吞|吞了|吞下|喝了|误喝)(?:一[个颗粒片瓶口]|几[颗粒片口])?(?:纽扣)?(?:电池|磁铁|洗洁精|消毒液|漂白|农药|药片|安眠药|老鼠药|硬币)",
        en(
            r"swallow\w* (?:a |an |some |the |two |a few )?(?:button |coin )?(?:batter(?:y|ies)|magnets?|bleach|pills?|tablets?|detergent|poison|coins?|laundry pods?)"
        ),
    ),
    rule(
        "flood",
        en(
            r"(?:car ?park|basement|garage|lobby|corridor|hallway|flat|kitchen|stairwell|underpass|lift)s?(?: \w+){0,3} (?:is |are )?(?:filling|filled|flooding) (?:up )?with water"
        ),
    ),
    rule(
        "injury",
        en(
            r"(?:railing|balustrade|guard ?rail|barrier)s?(?: [a-z0-9]+){0,5} (?:has |have |just )?(?:snapped|broken off|broke off|gave way|given way|collapsed)"
        ),
        r"(?:从楼梯上?|从台阶上?)(?:摔|滚|掉|跌)(?:了)?下(?:来|去)|滚下(?:楼梯|台阶)",
    ),
    rule(
        "vulnerable",
        en(
            r"(?:hasn't|has not|haven't|have not|still not|never) (?:come|came|been) (?:back|home)|(?:hasn't|has not) returned"
        ),
        r"(?:还没|一直没|都没|到现在(?:都|还)?没)(?:回来|回家)",
        requires=_CONFUSED,
        drop_if=alt(r"出差|旅游|上班|上学", en(r"on holiday|work|school|shopping|trip")),
    ),
)

GAP_RULES = (
    LAST_GAP_RULES
    + MORE_GAP_RULES
    + IGNITION_RULES
    + GAS_UNNAMED_RULES
    + ELECTRIC_GAP_RULES
    + STRUCTURE_GAP_RULES
    + WAKE_RULES
    + ALONE_RULES
)
