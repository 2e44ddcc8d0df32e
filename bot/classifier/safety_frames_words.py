"""Vocabulary for the generic life-safety frames (see safety_frames.py).

Each list names a *kind* of word — a person, a bad bodily state, a violent act, a
nearness, an enclosed place, an absence — so that a frame combining two kinds
recognises situations worded unlike any corpus sentence.
"""

from __future__ import annotations

from .safety_lexicon import CHILD_EN, CHILD_ZH, ELDER_EN, ELDER_ZH, PERSON_EN, PERSON_ZH, alt, en

# --- a person -------------------------------------------------------------------
WHO = alt(
    PERSON_ZH,
    CHILD_ZH,
    ELDER_ZH,
    r"前夫|前男友|前妻|男的|女的|一个男|一个女|老伯|骑手|小哥|路人|行人|阿伯|老公公|老婆婆",
    PERSON_EN,
    CHILD_EN,
    ELDER_EN,
    en(
        r"(?:a|the|my|our|this|that) (?:\w+ )?(?:rider|driver|courier|man|woman|lady|guy|kid|neighbou?r|cyclist|jogger|runner|visitor|tenant)",
        r"him|her|them|grandad|gran|nana|papa|mama|rider|cyclist|courier|pedestrian|jogger|driver",
    ),
)

# --- a bad bodily state (what is seen or heard, not a diagnosis) -------------------
STATE_MED_ZH = (
    r"没反应|没有?动静|叫不应|叫不醒|喊不醒|"
    r"(?:手|胳膊|腿|半边)\S{0,3}(?:抬不起|举不起|没力|没劲|动不了|不听使唤)|抬不起(?:手|胳膊|来)|"
    r"说话\S{0,3}(?:怪|奇怪|不对|不清|含糊|不利索|大舌头|乱)|舌头(?:大了|不利索|发硬)|"
    r"晕倒|眼前发黑|脸色(?:发白|发紫|发青|苍白|铁青)|嘴唇(?:发紫|发青|发白)|全身发抖|"
    r"说不出话|(?:嘴|脸|嘴角|口角)(?:也|都|有点)?歪|喘不过气|呼吸(?:急促|困难|很弱|微弱)|冒冷汗|出冷汗|大汗淋漓|吐血|意识模糊|神志不清|认不出人"
)
STATE_MED_EN = en(
    r"can'?t (?:lift|raise|move|feel) (?:his|her|my|their|one|the) (?:left |right )?(?:arm|hand|side|face)s?",
    r"doesn'?t (?:know|recogni[sz]e) (?:who|where|us|me|anyone)|disorient\w*|(?:can'?t|won'?t|doesn'?t) (?:open (?:his|her|their) eyes|speak properly|talk properly|form words)",
    r"(?:speech|talking|words|voice) (?:just |suddenly |all of a sudden )?(?:went|goes|is|was|sounds?|got|came out|coming out|are) (?:\w+ )?(?:weird|strange|funny|odd|wrong|slurred|garbled|jumbled)",
    r"(?:lips|face|skin) (?:is |are |went |going |turning |turned )?(?:blue|grey|gray|purple)",
    r"cold and clammy|clammy|barely breathing|breathing (?:funny|weird|strangely|badly|heavily)|gasping|wheezing badly",
    r"shaking (?:uncontrollably|all over)|confused and|doesn'?t know where (?:she|he|they) (?:is|are)|vomiting blood|coughing (?:up )?blood",
    r"(?:went|goes|going|gone) limp|floppy|fainting|passing out|blacked out|collapsing",
)
# cannot move or get up: after a fall or a blow, an injury
STATE_STILL_ZH = r"不动了|一动不动|动不了|不会动|起不来|站不起来|爬不起来"
STATE_STILL_EN = en(
    r"not moving(?: much)?|isn'?t moving|stopped moving|won'?t move|barely moving|hasn'?t moved",
    r"can'?t (?:get up|stand up|sit up|stand|walk)(?! the| up the| to| on)|can'?t (?:move|feel|lift) (?:his|her|my|their|one|the) (?:left |right )?legs?",
)
# dizzy / faint: the outage rules own it when the power or water is off
DIZZY = alt(r"发晕|晕了|头晕|晕乎乎", en(r"dizzy|faint|woozy"))
STATE_HURT_ZH = (
    STATE_STILL_ZH
    + r"|流血|出血|淌血|好多血|都是血|全是血|伤口|全是伤|好多(?:伤|口子)|划了好多|割了好多|划得|割得|"
    r"摔得|撞得|骨头|腿断|手断|扎进|插进|碎玻璃(?:扎|划|割)|被(?:玻璃|碎片)(?:扎|划|割)"
)
STATE_HURT_EN_ONLY = en(
    r"cuts? (?:everywhere|all over)|(?:covered|cut up) (?:in|with|by) (?:cuts|glass|blood)|(?:bad|deep|nasty|big) (?:cut|gash|wound)s?|gash\w*",
    r"glass (?:in|stuck in) (?:his|her|their|my) \w+|bone (?:sticking|showing)|(?:arm|leg|wrist|ankle) (?:looks|is) (?:broken|bent|twisted)",
    r"crash\w* (?:on|into|off|at|near)|knocked (?:off|over|down)|thrown (?:off|from)",
)
# someone down on the ground, said of the person themself
DOWN_EN = en(
    r"(?:he|she|they|he's|she's|someone|somebody|a (?:man|woman|person|lady|guy|kid|child|boy|girl))(?:'s| is| are)? (?:lying |collapsed |down |face ?down )?on the (?:ground|floor|pavement|road|stairs)"
)
STATE_HURT_EN = alt(STATE_HURT_EN_ONLY, STATE_STILL_EN)
# words that make a state word ordinary (a lift not moving, a queue, a game, a car)
STATE_ROUTINE = alt(
    r"电梯|车|排队|队伍|游戏|股票|网|信号|水表|电表|门禁|锁|钟|表(?!妹|哥|姐)|植物|花|树|鱼|猫|狗|宠物|血压计|献血|验血|建议",
    en(
        r"(?:the|a|this|our|that) lifts?|lifts (?:are|were)|elevators?|cars?|queue|traffic|game|stocks?|internet|wifi|signal|meter|clock|plants?|fish|cats?|dogs?|pets?",
        r"boxes|box|furniture|sofa|fridge|wardrobe|washing machine|shopping|bags?|suggest\w*|blood (?:test|donation)",
    ),
)

# --- violence and nearness ------------------------------------------------------------
VIOLENT = alt(
    r"(?<![没不别])(?:砸(?!墙|地|核桃|开核桃|到|中|伤|下|坏)|踹|撬|砍|捅)|打人|动手|打我|打她|打他|打孩子(?!的?(?:电话|手机))|掐|拿(?:着)?(?:刀|棍|棒|斧|锤|砖)|持(?:刀|械)|挥(?:刀|棍)|扔(?:砖|石头|酒瓶)|摔东西|发疯|发酒疯",
    en(
        r"punch\w*|smash\w*|kick\w* (?:in|down|at|the)|stab\w*|hitting|beating|beat (?:me|her|him|them|us)|swinging (?:a|at)|slash\w*",
        r"threw (?:a |an |some )?\w+ (?:through|at|into)|thrown (?:through|at)|with (?:a|an) (?:knife|bat|hammer|machete|crowbar|axe|stick|bottle|brick|pipe)|broke (?:the )?(?:glass|window)|throwing (?:things|stuff|bricks|stones|bottles)",
        r"going crazy|raging|rampag\w*|waving (?:a|an) \w+|trying (?:every|each|all (?:the )?|people's) (?:car )?(?:doors?|handles?)",
    ),
)
# someone hurting or breaking things this moment, with no place said
VIOLENT_JUST = en(
    r"(?:he|she|they|someone|somebody|the (?:man|guy|woman)) (?:has |have )?just (?:punched|smashed|kicked|stabbed|broke|threw|attacked|hit)"
)
NEAR_NOW = alt(
    r"楼下|门口|门外|楼道|楼梯|大堂|上来|过来|冲上|进来|闯|我家|家门|窗外|车库|现在|正在|在(?=砸|踹|撬|打|砍)|说要|要上来|要过来",
    en(
        r"outside|downstairs|upstairs|coming up|come up|coming (?:over|in|back)|on (?:his|her|their) way|at (?:my|our|the) (?:front )?door",
        r"in (?:the|our|my) (?:building|stairwell|stairs|lobby|corridor|hallway|car ?park|garden|courtyard)|inside (?:our|the|my)|right now|(?<![a-z])now(?![a-z])|says? (?:he|she|they)(?:'ll| will)",
    ),
)
VIOLENT_ROUTINE = alt(
    r"装修|砸墙|敲墙|打墙|施工|电钻|冲击钻|噪音|吵|打扫|打电话|打印|打卡|打开|打车|打球|踢球|篮球|足球|游戏|电视|拆|开锁师傅|开锁公司|换锁|碎石",
    en(
        r"renovat\w*|drill\w*|demolition|builders?|construction|noise|noisy|loud|music|football|ball|game|tv|film|movie",
        r"smash(?:ed|ing)? it|smash hit|locksmith|punch(?:ed|ing)? (?:a )?(?:holes?|card|in)|holes? punch\w*|fruit punch|kicked off|kicks? in at",
    ),
)

# --- electrics hurting or overheating -------------------------------------------------------
TOUCH_NUMB = r"(?:碰|摸|接触|靠)[^。！？!?\n]{0,20}(?:手麻|发麻|麻了|麻麻|被电|电了一下)"
HOT = alt(
    r"烫手|发烫|很烫|烫得|熔化|融化|烧黑|发黑变形",
    en(r"too hot to touch|hot to the touch|burning hot|scorching hot|melt(?:ing|ed)|scorch\w*"),
)
# with heat, a sound or a smell makes it strong
ARCING = alt(
    r"嗡嗡|滋滋|噼啪|啪啪|火花|焦味|糊味|冒烟|烟|塑料味",
    en(r"buzz\w*|crackl\w*|spark\w*|fizz\w*|hiss\w*|smell\w*|smok\w*|fumes"),
)

# --- stuck in an enclosed place -------------------------------------------------------------
STUCK = alt(
    r"困在|被困|卡在|关在|锁在|困住|出不去|出不来|回不去|(?:被)?反锁在",
    en(
        r"stuck|trapped|locked (?:in|inside)|shut in|can'?t get (?:out|back in|back out|through)|no way (?:out|back)|cannot get (?:out|back in)",
    ),
)
PLACE = alt(
    r"楼梯间|楼梯|消防通道|安全通道|消防楼梯|逃生通道|走廊|楼道|车库|地库|地下室|天台|楼顶|屋顶|储藏室|杂物间|设备间|机房|管道井|冷库|阁楼|健身房|会所|泳池|桑拿|更衣室|垃圾房",
    en(
        r"stairs|stairwell|staircase|stairway|fire escape|fire exit|corridor|hallway|car ?park|garage|basement|cellar|storage(?: room| unit)?|store ?room",
        r"bin (?:room|store)|plant room|boiler room|roof(?:top)?|attic|loft|freezer|cold room|sauna|changing room|laundry room|shed|gym",
    ),
)
STUCK_ROUTINE = alt(
    r"车|道闸|抬杆|停车|快递|钥匙|狗|猫|宠物|东西|行李|箱子|球|风筝",
    en(
        r"cars?|vehicles?|barrier|parking|parcels?|keys?|dogs?|cats?|pets?|luggage|boxes|ball|kite|traffic|queue|mud|snow|rut|stuck with|stuck on (?:level|the problem|this)|stuck at home",
    ),
)
