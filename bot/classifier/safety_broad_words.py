"""Vocabulary for the broad life-safety lexicons, part 2: people and utilities (see safety_broad.py)."""

from __future__ import annotations

from .safety_lexicon import CHILD_EN, CHILD_ZH, ELDER_EN, ELDER_ZH, alt, en
from .safety_rule import near

# --- people -------------------------------------------------------------------
PERSON_WORD_EN = (
    r"(?:kid|child|boy|girl|man|woman|lady|guy|person|someone|somebody|he|she|i|grandma|grandpa|granny|old \w+|"
    r"neighbou?r|baby|toddler|mum|mom|dad|worker|cleaner|resident|student|courier|wife|husband|son|daughter)s?"
)
BODY_WORD = alt(
    r"流血|出血|血流|好多血|很多血|一地血|满身血|满脸血|满头血|血止不住|咬伤|被咬|咬了|摔倒|摔了|摔下|跌倒|跌下|摔伤|跌伤|"
    r"昏倒|晕倒|昏迷|晕过去|昏过去|不省人事|没有?意识|不清醒|叫不醒|没呼吸|不呼吸|没气了|喘不上气|呼吸困难|抽搐|口吐白沫|"
    r"骨折|受伤|砸伤|砸到人|砸中|割伤|划伤|划破|割破|烫伤|倒地|倒在地|躺在地上|躺地上|一动不动|心脏病|中风|脑梗|休克|被捅|被砍|捅伤|砍伤|压住了?(?:一个)?人|被压|压在下面|(?:被|让)\S{0,6}夹(?:住|伤|到)|落水|溺水|掉(?:进|到)(?:河|湖|池|水|井)里?|不会游泳|胸口\S?(?:疼|痛)|胸痛|心口\S?疼|羊水破|要生了|过敏|噎住|卡住喉咙|低血糖|"
    r"(?:花盆|砖|瓷砖|玻璃|广告牌|外机|窗户|石头|水泥块|墙皮|招牌|窗框|护栏|栏杆)\S{0,6}(?:掉下来|砸下来|坠落|掉了下来|往下掉|悬着|快掉)|(?:护栏|栏杆)\S{0,4}(?:断了|掉了)|"
    r"往(?:楼)?下扔|扔下来|从楼上(?:往下)?扔",
    en(
        r"bleeding|bled|blood|bitten|bit (?:a|my|the|his|her|our|two|three) \w+|bites?",
        rf"{PERSON_WORD_EN} (?:\w+ )?(?:fell|has fallen|have fallen|had a fall|slipped|tripped|collapsed|passed out|fainted)",
        r"collapsed|passed out|fainted|unconscious|unresponsive|not breathing|isn't breathing|can't breathe|cannot breathe|struggling to breathe",
        rf"{PERSON_WORD_EN}(?:'s| is)? (?:not|isn't|isnt) moving",
        r"(?:lying|laying|slumped|sprawled|face ?down) (?:on|at|in|by|near|across) (?:the )?(?:ground|floor|bottom|stairs|pavement|path|road|grass|bench|lobby|corridor|street|landing)",
        r"chest pains?|(?:waters?|water has) (?:broke|broken)|in labou?r|contractions|allergic reaction|anaphyla\w*|overdose|choking|hypo(?:glyc\w*)?|diabetic",
        r"(?:glass|tiles?|bricks?|window|(?:flower ?)?pots?|signs?|panels?|concrete|masonry|cladding|a chunk|debris|railings?|air ?con(?: unit)?)(?: \w+){0,3} (?:fell|falling|came (?:down|off|loose)|crashed down|dropped|coming down|hanging (?:over|off|loose))",
        r"throw\w* (?:\w+ ){0,3}(?:off|from|out of|over) (?:the |a |his |her |their )?(?:roof|balcony|window|railing)",
        r"stabb\w*|(?:got|been|was|is) shot|gunshots?|gunfire|pinned (?:under|beneath|by)|crushed|drown\w*|can't swim|struggling in the (?:water|pool|river)",
        r"fell in(?:to)? (?:the |a )?(?:pond|pool|river|lake|water|canal|lake|well)",
        r"closed on (?:a|my|his|her|the|someone's) (?:\w+'s )?(?:arm|hand|leg|head|finger|foot|child|kid)|caught in the (?:gate|door)s?",
        r"seizure|fitting|convuls\w*|stroke|heart attack|won't wake|barely conscious|not responding",
        r"(?:hit|cut|struck|injured|landed on|fell on) (?:a|an|the|my|his|her|our|two|some) (?:\w+ )?(?:woman|man|child|kid|boy|girl|person|lady|guy|resident|worker|neighbou?r|pedestrian|cleaner)",
        r"(?:hand|arm|leg|head|finger|knee|face|lip|chin|foot|wrist)s? (?:is |was |got |has been )?(?:ripped|cut|sliced|split) open",
        r"injured|injury|hurt badly|badly hurt|broken (?:arm|leg|bone|hip|wrist|ankle)|head wound|concussion",
    ),
)
BODY_ROUTINE = alt(
    r"烟头|烟蒂|垃圾(?!房|站|桶|箱|间|堆)|献血|验血|血压计|血糖仪|狗粮|咬人的狗(?:能不能|可不可以)|防滑|扶手|建议|都快|快要?犯|快被",
    en(
        r"(?:fell|falls?|fallen|falling) (?:asleep|in love|behind|for it)|butts|rubbish|litter|going to have|gonna have|i'll have|blood (?:test|donation|pressure monitor)|bloody (?:annoying|noisy|hell|lift|neighbou?rs?)|suggest\w*|handrail|non-?slip"
    ),
)
CHILD_DANGER = alt(
    rf"{CHILD_ZH}{near(12)}(?:车里|车内|锁在|关在|反锁|窗台|窗户|阳台边|护栏外|一个人|独自|没有?大人|没家长|找不到家长|找不到大人|走丢|走失|丢了|不见了|乱跑|车道|马路)",
    rf"(?:车里|车内|窗台|窗户外|护栏外|车道|马路){near(10)}{CHILD_ZH}",
    rf"{CHILD_EN}{near(40)}"
    + en(
        r"(?:in|inside) (?:a|the|that|this|his|her|their) (?:\w+ )?car(?! ?park)|locked (?:in|inside)|window ?sills?|ledge|railing|alone|by (?:him|her)self|no adults?|no parents?",
        r"unattended|on (?:his|her|their) own|lost|missing|wandering|wandered|on the road|in the road|in the (?:car park )?lane|running in",
    ),
    rf"(?:car|window ?sill|ledge){near(30)}{CHILD_EN}",
)
ELDER_DANGER = alt(
    rf"{ELDER_ZH}{near(16)}(?:走失|走丢|找不到|不见了|迷路|几天没|好几天|没出门|不开门|不应|没人应|没回应|没反应|叫不醒|躺|冻|淋|湿了|发抖|糊涂|老年痴呆)",
    rf"{ELDER_EN}{near(60)}"
    + en(
        r"lost|missing|wandered|wandering|confused|cold|freezing|soaked|shivering|hasn't been seen|haven't seen|not seen|no one has seen",
        r"(?:doesn't|does not|isn't|won't|not) (?:answer|answering|respond|responding|open)|days|milk|newspapers?|post piling",
    ),
)
THREAT_WORD = alt(
    r"小偷|窃贼|贼|入室|撬门|撬锁|撬窗|撬开|砸门|踹门|有人(?:在)?(?:撬|拧|推|扭|转|砸|踹)(?:我家)?(?:的)?门|(?:拧|转|扭|拽)门把手|被跟踪|跟踪我|有人跟踪|跟着我|尾随|翻墙|爬窗|爬进|"
    r"往(?:屋)?里看|往里面看|偷看|偷窥|家暴|威胁|要杀|杀人|(?<![消扑捕灭])杀了|跟踪狂|每天(?:都)?(?:在|站在)(?:我家)?门口|赖着不走|不肯走|露阴|暴露狂|猥亵|耍流氓|持刀|拿刀|拿着刀|动刀|打人|打架|斗殴|砸车|闯进|闯入|躲在|一路跟|跟(?:了)?我(?:到|回|进|走|上)|"
    r"在我(?:家)?(?:楼下|门口|门外|窗外)(?:转|徘徊|不走|蹲|守)|有人(?:在)?(?:我家)?(?:阳台|窗外|窗户外|屋里|家里)(?!.{0,4}(?:晾|放|装|修))",
    en(
        r"intruders?|burglars?|thie(?:f|ves)|robbers?|break(?:ing)?[- ]in|broke in|breaking into|trying (?:the|my|our) (?:door|handle|window)s?(?! code| keypad| pin)",
        r"rattl\w* (?:the |door |their |my |our )*handles?|trying (?:door ?)?handles|following me|followed me|follow(?:ing|ed)? (?:us|my \w+)|tailgat\w*|climb(?:ed|ing)? (?:over|the wall|the fence|in|into)",
        r"(?:someone|somebody|a man|a guy|a stranger|a person|men|people)(?:'s| is| are)? (?:on|in|at|outside|climbing) (?:my|our) (?:balcony|window|bedroom|garden|flat|house|room)",
        r"restraining order|domestic (?:violence|abuse)|threaten\w*|(?:kill|hurt|stab) (?:me|you|him|her|us|them|someone)|stalk\w*|(?:won't|will not|refuses? to) (?:leave|go away)",
        r"flash(?:ing|ed|er)|masturbat\w*|expos(?:ing|ed) (?:him|her)self|indecent\w*|groped|groping",
        r"looking in(?:to)?|peeping|peering in|knife|knives|weapon|gun|attack\w*|assault\w*|fighting|punching|hiding in",
    ),
)
THREAT_ROUTINE = alt(
    r"快递(?:被|丢)|外卖(?:被|丢)|电动车被偷|自行车被偷|丢了(?:个|一个)?(?:快递|包裹)|监控(?:能不能|可以)|查监控",
    en(
        r"(?:parcel|package|bike|bicycle|scooter|delivery)s? (?:was |were |got |has been )?(?:stolen|nicked)|cctv footage|review (?:the )?cctv",
        r"punch\w* (?:the |a |his |her )?(?:wall|bag|pillow|sofa)|(?:video )?games?|gaming",
    ),
)

# --- utilities ----------------------------------------------------------------
ELECTRIC_THING = alt(
    r"插座|开关|电箱|电表箱|电表|配电|配电房|配电箱|电闸|灯|吊灯|电线|线路|电缆|变压器|路灯|充电桩|电器",
    en(
        r"sockets?|outlets?|switch(?:es|board)?|fuse ?box|breakers?|meter (?:box|cupboard)|consumer unit|lights?|lamps?|wires?|wiring|cables?|transformer|charger",
    ),
)
WET = alt(
    r"进水|渗水|滴水|泡水|泡在水|淋湿|积水|有水|水漫|灌水|往下流|流水|水(?:漏|流|渗|滴|灌|进)|漏水|漏到",
    en(r"water|wet|dripping|soaked|flooded|flooding|leaking|puddles?"),
)
LIVE = alt(
    r"带电|漏电|电到|被电|触电|麻了一下|电了一下|噼啪|啪啪|冒火花",
    en(
        r"live|electrified|shock\w*|zapped|crackl\w*|popping|sizzl\w*|fizz\w*|arcing",
    ),
)
FLOOD_WORD = alt(
    r"成河|爆管|水管爆|水管裂|管子(?:爆|裂|断|打穿)|喷水|水(?:一直)?(?:往下)?(?:灌|冲|涌|漫|喷|哗哗)|灌水|瀑布|淹了|淹水|水漫|漫水|漫出来|"
    r"天花板(?:塌|掉|鼓|裂|往下掉|要掉|在掉|往下垂|下垂)|吊顶(?:塌|鼓|要掉|在掉)|墙(?:塌|倒)|"
    r"水.{0,10}(?:往|流到|流进|流向|淹到|漫到|渗到|灌进)(?:了)?(?:楼道|走廊|电梯|楼下|邻居|隔壁|别人家|楼梯)|阀门?(?:关不上|关不了|拧不动|坏了关不)",
    en(
        r"burst(?:ed)? (?:pipe|main|water)|pipe (?:has )?burst|water (?:is )?(?:pouring|gushing|flooding|rushing|spraying|streaming|coming through)",
        r"flooding|flooded|waterfall|ceiling (?:is )?(?:collapsing|caving|sagging|falling|coming down|bulging|giving way|collapsed)",
        r"(?:like|into|turning into) a river|water(?:'s| is) coming (?:down|in|through)|knee[- ]deep|ankle[- ]deep|pipe (?:has )?(?:snapped|split|broken|cracked)|(?:snapped|split|broken|cracked) pipe",
        r"water (?:is )?(?:going|coming|running|flowing|leaking|pouring) (?:in)?(?:to|through|down|under|out)(?: of)? (?:the |my |our )?(?:flat|apartment|unit|corridor|hallway|lifts?|stairs|ceiling|floor|neighbou?r)",
        r"(?:can't|cannot|can not|unable to) (?:turn|shut|close) (?:off )?(?:the |my )?(?:valve|stopcock|water)",
    ),
)
WATER_DRIP_ONLY = alt(
    r"一点点|有点漏|小漏|滴答", en(r"a (?:bit|little) of|slow drip|small leak|tiny leak")
)
NOT_WATER = alt(
    r"喷灌|喷头|洒水", en(r"sprinklers?|inbox|messages|notices|spam|e-?mails?|group chat")
)
NO_POWER_AT_ALL = r"(?:一点|一丝)?电都没(?:有)?|没有?一点电|全停了"
NOBODY_POWER = en(
    r"(?:power|electricity|lights)(?:'s| has| have)? been (?:out|off|down|cut)(?! for (?:a (?:minute|second|moment)))",
    r"(?:nobody|no one|noone|no-one|none of us)(?: in (?:the|our|my|this) (?:building|block|estate|tower))? (?:has|have|got) (?:any )?(?:power|electricity|water|lights?)",
)

SMELL = alt(r"味|气味|臭", en(r"smell\w*|odou?rs?|stinks?|stench|fumes"))
UNWELL = alt(
    r"头晕|头疼|头痛|想吐|恶心|犯困|昏昏|喘不上|胸闷",
    en(r"headaches?|dizzy|nause\w*|feel(?:s|ing)? sick|vomit\w*|drowsy|light-?headed"),
)
DEVICE_DOWN = alt(
    r"停了|断了|关了|没电|用不了|不能用|不工作|停机",
    en(
        r"shut (?:off|down)|stopped|switched off|turned off|died|not working|no power|power (?:went|cut|is out|outage)"
    ),
)
