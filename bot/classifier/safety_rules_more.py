"""Life-safety patterns, part 4: families added after the first held-out run (issue 17).

Written by meaning, not from the sentences that were missed: a ceiling giving
way under water, gas described by its smell (rotten eggs, sulphur), a person
collapsed or not moving, a person hit by something falling, a confused old
person out in the cold, someone watching a home through the peephole. Same
``Rule`` format as safety_rules.py.
"""

from __future__ import annotations

from .safety_lexicon import CHILD_EN, ELDER_EN, ELDER_ZH, MED_DEVICE, PERSON_ZH, alt, en
from .safety_rule import near, rule

_CEILING_ZH = r"(?:天花板|天花|吊顶|顶棚|房顶|屋顶|楼板|顶上)"
_FRIGHT = alt(
    r"害怕|好怕|吓死|吓人|不敢|一个人|独自|半夜|凌晨|深夜|晚上",
    en(r"scared|afraid|frightened|terrified|alone|on my own|\d ?am|midnight|night|tonight|late"),
)
_NOT_BODY = en(
    r"ceilings?|walls?|roofs?|fences?|shel(?:f|ves)|tents?|umbrellas?|bridges?|scaffold\w*|deals?|markets?",
    r"prices?|trellis|gazebo|hedges?|trees?|branch(?:es)?|pergola|carport|box(?:es)?|sofa|bed|chairs?",
    r"lifts?|elevators?|cars?|traffic|queues?|escalators?|gates?|barriers?|doors?|clocks?|fans?",
    r"stacks?|piles?|lungs?|talks?|negotiations?|project|company|business|shed|sign|signs|floor|stairs|steps",
)

STRUCTURE_RULES = (
    # a ceiling bulging, sagging or coming down, usually under water from above
    rule(
        "flood",
        rf"{_CEILING_ZH}{near(8)}(?:鼓起|鼓包|鼓了|鼓得|下坠|往下坠|往下掉|下沉|下垂|塌|垮|掉下来|裂开|要掉|变形)",
        rf"{_CEILING_ZH}{near(8)}(?:水|漏){near(10)}(?:像下雨|下雨一样|哗哗|往下灌|往下倒|一直灌|直往下)",
        en(
            r"(?:ceiling|roof)s? .{0,25}(?:coming down|falling down|fell in|falling in|about to (?:fall|give|collapse|come down)|gave in|giving way|dropping|drooping|ballooning|bowing|cracking open)",
            r"(?:raining|pouring) (?:down )?(?:water )?(?:from|through|out of) (?:the |my |our )?(?:ceiling|roof|light)",
            r"(?:ceiling|roof) is raining",
        ),
    ),
)

SMELL_GAS_RULES = (
    # gas described only by its smell, unless drains or rubbish explain it
    rule(
        "gas",
        r"臭鸡蛋|硫磺味|硫化氢|像硫磺",
        en(r"rotten[- ]eggs?|eggy (?:smell|odou?r)|sulph\w*|sulfur\w*"),
        drop_if=alt(
            r"下水道|马桶|厕所|化粪池|垃圾|温泉|鸡蛋坏了|冰箱",
            en(
                r"drains?|sewage|sewer|toilet|bins?|rubbish|garbage|hot spring|fridge|fertili[sz]er"
            ),
        ),
    ),
)

BODY_RULES = (
    # a person collapsed, fainted, not moving
    rule(
        "medical",
        en(r"collaps(?:ed|ing)|keeled over|blacked out|not moving|motionless|out cold|limp and"),
        drop_near=_NOT_BODY,
        requires=alt(
            en(
                r"someone|somebody|man|woman|lady|guy|person|people|courier|driver|worker|cleaner|guard",
                r"resident|neighbou?r|kid|child|boy|girl|he|she|him|her|mum|mom|dad|wife|husband|grand\w+",
            ),
        ),
    ),
    rule(
        "medical",
        rf"(?:人|{PERSON_ZH})(?<!我)(?:突然|忽然|一下子)?(?:倒下了|倒了|晕了|昏了|瘫倒|瘫在地上|不动了|没反应了|叫不应)",
        r"倒在(?:地上|路边|楼道|门口|电梯|楼梯|路上|草坪|花坛|单元门|大堂|车库|地库)",
        drop_near=r"车|树|墙|柜|架|桌|椅|杯|花盆|垃圾桶|自行车|电动车|牌",
    ),
    # hit by something falling
    rule(
        "injury",
        rf"(?:树枝|树|枝|广告牌|招牌|花盆|玻璃|窗户|窗框|空调外机|瓷砖|外墙砖|墙皮|砖|石头|东西|钢管|架子){near(8)}(?:掉|落|倒|断|砸|塌)(?:了|下来|下去)?{near(8)}(?:砸|压|打|落)(?:到|中|在|伤)(?:了)?{near(3)}(?:(?:{PERSON_ZH})(?!行道|行横道)|头|身上|路人|行人)",
        rf"(?:被|让)(?:掉下来的|高空|坠落的|倒下的|断掉的)?{near(6)}(?:砸|压)(?:到|中|伤|住)",
        en(
            r"(?:landed|fell|dropped|crashed|came down|collapsed) (?:right )?on (?:top of )?(?:someone|somebody|a (?:man|woman|kid|child|person|boy|girl|resident|worker|lady|guy|pedestrian|passer-?by)|an? (?:old|elderly) \w+|him|her|them|people|my \w+|a \w+'s head)",
            r"(?:hit|struck|knocked down|crushed|pinned) by (?:a |the |some )?(?:falling|fallen|dropped|loose|flying)",
            r"(?:pinned|trapped) (?:under|beneath) (?:a |the )?\w+",
        ),
        drop_near=alt(
            r"人行道|车(?!上的人)|路面|马路上", en(r"cars?|vans?|pavement|sidewalk|road")
        ),
    ),
)

LOST_RULES = (
    # a confused old person who cannot say where they live, out in the cold
    rule(
        "vulnerable",
        rf"{ELDER_ZH}[\s\S]{{0,24}}?(?:说不清|说不出|不知道|记不清|记不得|忘了|想不起)(?:自己)?(?:住哪|家在哪|住在哪|是谁|怎么回家|回家的路|家住|哪栋|几号楼)",
        rf"{ELDER_ZH}[\s\S]{{0,30}}?(?:穿得?(?:很|太|特别|这么)?(?:少|单薄)|光着脚|没穿鞋|只穿|冻得|发抖|穿着睡衣|穿着拖鞋)",
        rf"{ELDER_ZH}[\s\S]{{0,30}}?(?:住哪|家在哪|住在哪|是谁|哪栋)(?:也|都)?(?:说不清|说不出|不知道|记不清|想不起)",
        en(
            rf"{ELDER_EN}[\s\S]{{0,50}}(?:doesn't|does not|can't|cannot|couldn't) (?:remember|know|say|tell (?:us|me)) (?:where|who|which|his|her)",
            rf"{ELDER_EN}[\s\S]{{0,50}}(?:no coat|no shoes|barefoot|in (?:his|her) (?:pyjamas|pajamas|slippers|nightgown|dressing gown)|freezing|shivering)",
            rf"(?:confused|disoriented|disorientated|lost)[\s\S]{{0,40}}{ELDER_EN}",
            rf"{CHILD_EN}[\s\S]{{0,40}}(?:wandering|alone|on (?:his|her) own)[\s\S]{{0,30}}(?:crying|screaming|lost|road|traffic)",
        ),
    ),
)

DOOR_RULES = (
    # someone watching the home or hanging around the door, and the resident is afraid or alone
    rule(
        "threat",
        r"(?:往|从|对着|贴着|盯着)?猫眼(?:里|往里)?(?:看|瞄|偷看|张望|照)",
        r"(?:有人|陌生人|有个人|男的|男人|一个人)[^,。!?]{0,12}?(?:转来转去|走来走去|晃来晃去|来回走|来回转|一直站|站了很久|守着|蹲着)",
        r"(?:有人|陌生人|有个人)[^,。!?]{0,8}?(?:拧|扭|拉|推|试|掰|撬)[^,。!?]{0,4}?(?:门|锁|把手)",
        en(
            r"(?:someone|somebody|a (?:man|guy|stranger|person)|strangers?)[\s\S]{0,30}(?:trying|rattling|turning|testing|jiggling) (?:(?:the|my|our|door|front) )*(?:handles?|doors?|locks?|knobs?)",
            r"(?:someone|somebody|a (?:man|guy|stranger|person))[\s\S]{0,30}(?:at|outside|by) (?:my|our|the) (?:front )?door",
        ),
        need=_FRIGHT,
        drop_near=alt(
            r"快递|外卖|保安|物业|师傅|装修",
            en(r"deliver\w*|courier|parcels?|packages?|box(?:es)?|left|guards?|plumber|engineer"),
        ),
    ),
)

MIXED_RULES = (
    # English hazard word, Chinese verb: "gas漏了", "gas味好重"
    rule("gas", r"(?<![a-z])(?:gas|lpg)(?![a-z]) ?(?:漏|泄|味|的味)"),
    # carbon monoxide alarms
    rule(
        "gas",
        en(
            r"(?:co|carbon monoxide|co2?) (?:alarm|detector|monitor)s? (?:\w+ ){0,3}?(?:going off|went off|sounding|beeping|ringing|triggered)"
        ),
        r"一氧化碳报警",
        weak_if=en(r"battery|low battery|chirp\w*|test\w*"),
    ),
    # water running down walls, through ceilings, into corridors
    rule(
        "flood",
        en(
            r"water (?:\w+ )?(?:running|pouring|streaming|gushing|coming|flowing|cascading) (?:down|through|in through|out of|from|under) (?:the |my |our )?(?:walls?|ceilings?|stairs|light|lift|floor|door|sockets?)",
        ),
    ),
    # a person at risk from another: 对小孩动手动脚
    rule("threat", r"动手动脚|(?:摸|抱|拉)(?:走)?(?:小孩|孩子|小女孩|小男孩|女孩)(?!的)"),
    # a powered medical device and the power going: lights or lifts stopping count
    rule(
        "medical",
        rf"(?:灯|电梯|电)[\s\S]{{0,10}}(?:灭|停|黑|没)[\s\S]{{0,40}}{MED_DEVICE}",
        en(
            rf"(?:lights?|lifts?|elevators?|everything|electric\w*|power)[\s\S]{{0,25}}(?:stopped|went out|went off|gone|died|cut out|off)[\s\S]{{0,60}}{MED_DEVICE}",
            rf"{MED_DEVICE}[\s\S]{{0,60}}(?:lights?|lifts?|power|electric\w*) (?:\w+ )?(?:stopped|went out|went off|gone|died|cut out|off)",
        ),
        detail="power",
    ),
)

MORE_RULES = MIXED_RULES + STRUCTURE_RULES + SMELL_GAS_RULES + BODY_RULES + LOST_RULES + DOOR_RULES
