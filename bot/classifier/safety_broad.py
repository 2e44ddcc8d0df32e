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

from .safety_lexicon import (
    CHILD_EN,
    CHILD_ZH,
    ELDER_EN,
    ELDER_ZH,
    LIFT,
    MED_DEVICE,
    PLANNED,
    alt,
    en,
)
from .safety_rules import HEDGE, RENO_CONTEXT, SMOKE_CONTEXT, near, rule

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
    r"打不着|点不着|打不燃|点不燃|不出火|打火|油漆|漆|刷|锈|报警器(?:要|是|在哪|装|买|换|多少)|可以用|能不能用|能用吗|安检|入户检查|检查|通知|预约|几点|什么时候|停气|恢复供气|燃气灶(?:坏|换)|换(?:个|一个)?燃气",
    en(
        r"rust\w*|is it (?:ok|okay|allowed|safe|fine) to|can (?:i|we) use|bbq|barbecue|grill",
        r"bill|bills|pay|paid|payment|top ?up|meter readings?|account|price|prices|tariff|supplier|company",
        r"install\w*|connect\w*|paint\w*|inspect\w*|check\w*|appointment|schedul\w*|notice|when",
        r"won't light|wont light|will not light|doesn't light|does not light|not lighting|won't ignite|no flame|igniter",
        r"gas station|petrol|gas mark|gas(?:es)? (?:out|off) (?:for|until|tomorrow)",
        r"gaslight\w*|greenhouse gas|laughing gas|gas giant",
    ),
)

# --- fire and smoke -----------------------------------------------------------
FIRE_WORD = alt(
    r"着火|起火|失火|火灾|大火|小火|火苗|火光|火焰|明火|火星|火花|冒火|喷火|火势|烧起来|烧着|烧焦|烧化|烧了起来|往上烧|往下烧|"
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
_MISTAKEN = alt(r"还以为|我以为|以为是", en(r"thought (?:it was|there was)"))
FIRE_ROUTINE = alt(
    r"防火门|消防门|消防通道|消防栓|灭火器|消防设施|消防检查|消防演|火车|火锅|上火|发火|火大|火气|恼火|火腿|火柴|打火机|点火器|"
    r"打不着火|点不着火|火龙果|火爆|火速|烟感(?:没电|电池|一直叫|滴滴)|辣椒|炒辣|烧水|烧饭|烧菜|红烧|发烧|烧烤|烧黑",
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
    r"半个?小时|\d+ ?(?:分钟|个小时)|好热|好闷|很闷|热死|没人来|灯灭|灯黑|灯不亮|没灯|黑了|漆黑|一片黑|按(?:了)?(?:警铃|报警|铃|紧急)|没人应|没人接|没人理|(?:警铃|报警|对讲|呼叫)\S{0,6}(?:没(?:反应|人|声)|不通)|求救|救命|喊人|没信号|掉下|下坠|往下掉|坠",
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
    r"里面没人(?!接|应|理|回)|没人在里|没有人在里|没人(?:被)?困|没被困|试了一下|测试|按钮(?:不亮|坏)|读卡器|门禁|空调|的话|等了|才来|不来|等电梯",
    en(
        r"(?:nobody|no one|noone|no-one)(?: is| was|'s)? (?:inside|in it|in there|stuck|trapped)|empty|testing|tested|what (?:button|should)|if (?:you|someone|we) (?:get|are)",
        r"waited|waiting (?:for|ages)|to (?:come|arrive)|takes? (?:ages|forever|\d+)",
    ),
)
_SHUT_PLACE_ZH = r"(?:阳台|天台|露台|屋顶|楼顶|房间|卧室|卫生间|厕所|洗手间|浴室|储藏室|地下室|柜子|车库|杂物间|机房|电梯井)"
_SHUT_PLACE_EN = r"(?:balcony|roof|rooftop|terrace|bathroom|toilet|loo|bedroom|room|cupboard|closet|wardrobe|basement|storeroom|store room|shed|plant room|shaft)"

# --- people -------------------------------------------------------------------
_PERSON_WORD_EN = (
    r"(?:kid|child|boy|girl|man|woman|lady|guy|person|someone|somebody|he|she|i|grandma|grandpa|granny|old \w+|"
    r"neighbou?r|baby|toddler|mum|mom|dad|worker|cleaner|resident|student|courier|wife|husband|son|daughter)s?"
)
BODY_WORD = alt(
    r"流血|出血|血流|好多血|很多血|一地血|满身血|满脸血|满头血|血止不住|咬伤|被咬|咬了|摔倒|摔了|摔下|跌倒|跌下|摔伤|跌伤|"
    r"昏倒|晕倒|昏迷|晕过去|昏过去|不省人事|没有?意识|不清醒|叫不醒|没呼吸|不呼吸|没气了|喘不上气|呼吸困难|抽搐|口吐白沫|"
    r"骨折|受伤|砸伤|砸到人|砸中|割伤|划伤|划破|割破|烫伤|倒地|倒在地|躺在地上|躺地上|一动不动|心脏病|中风|脑梗|休克|被捅|被砍|捅伤|砍伤|压住了?(?:一个)?人|被压|压在下面|(?:被|让)\S{0,6}夹(?:住|伤|到)|落水|溺水|掉(?:进|到)(?:河|湖|池|水|井)里?|不会游泳|胸口疼|胸痛|心口疼|羊水破|要生了|过敏|噎住|卡住喉咙|低血糖|"
    r"(?:花盆|砖|瓷砖|玻璃|广告牌|外机|窗户|石头|水泥块|墙皮|招牌|窗框)\S{0,6}(?:掉下来|砸下来|坠落|掉了下来|往下掉|悬着|快掉)",
    en(
        r"bleeding|bled|blood|bitten|bit (?:a|my|the|his|her|our|two|three) \w+|bites?",
        rf"{_PERSON_WORD_EN} (?:\w+ )?(?:fell|has fallen|have fallen|had a fall|slipped|tripped|collapsed|passed out|fainted)",
        r"collapsed|passed out|fainted|unconscious|unresponsive|not breathing|isn't breathing|can't breathe|cannot breathe|struggling to breathe",
        rf"{_PERSON_WORD_EN}(?:'s| is)? (?:not|isn't|isnt) moving",
        r"(?:lying|laying|slumped|sprawled|face ?down) (?:on|at|in|by|near|across) (?:the )?(?:ground|floor|bottom|stairs|pavement|path|road|grass|bench|lobby|corridor|street|landing)",
        r"chest pains?|(?:waters?|water has) (?:broke|broken)|in labou?r|contractions|allergic reaction|anaphyla\w*|overdose|choking|hypo(?:glyc\w*)?|diabetic",
        r"(?:glass|tiles?|bricks?|window|(?:flower ?)?pots?|signs?|panels?|concrete|masonry|cladding|a chunk|debris)(?: \w+){0,3} (?:fell|falling|came down|crashed down|dropped|coming down)",
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
    r"献血|验血|血压计|血糖仪|狗粮|咬人的狗(?:能不能|可不可以)|防滑|扶手|建议|都快|快要?犯|快被",
    en(
        r"going to have|gonna have|i'll have|blood (?:test|donation|pressure monitor)|bloody (?:annoying|noisy|hell|lift|neighbou?rs?)|suggest\w*|handrail|non-?slip"
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
    r"往(?:屋)?里看|往里面看|偷看|偷窥|露阴|暴露狂|猥亵|耍流氓|持刀|拿刀|拿着刀|动刀|打人|打架|斗殴|砸车|闯进|闯入|躲在|一路跟|跟(?:了)?我(?:到|回|进|走|上)|"
    r"在我(?:家)?(?:楼下|门口|门外|窗外)(?:转|徘徊|不走|蹲|守)|有人(?:在)?(?:我家)?(?:阳台|窗外|窗户外|屋里|家里)(?!.{0,4}(?:晾|放|装|修))",
    en(
        r"intruders?|burglars?|thie(?:f|ves)|robbers?|break(?:ing)?[- ]in|broke in|breaking into|trying (?:the|my|our) (?:door|handle|window)s?",
        r"rattl\w* (?:the |door |their |my |our )*handles?|trying (?:door ?)?handles|following me|followed me|follow(?:ing|ed)? (?:us|my \w+)|tailgat\w*|climb(?:ed|ing)? (?:over|the wall|the fence|in|into)",
        r"(?:someone|somebody|a man|a guy|a stranger|a person|men|people)(?:'s| is| are)? (?:on|in|at|outside|climbing) (?:my|our) (?:balcony|window|bedroom|garden|flat|house|room)",
        r"flash(?:ing|ed|er)|masturbat\w*|expos(?:ing|ed) (?:him|her)self|indecent\w*|groped|groping",
        r"looking in(?:to)?|peeping|peering in|knife|knives|weapon|gun|attack\w*|assault\w*|fighting|punching|hiding in",
    ),
)
THREAT_ROUTINE = alt(
    r"快递(?:被|丢)|外卖(?:被|丢)|电动车被偷|自行车被偷|丢了(?:个|一个)?(?:快递|包裹)|监控(?:能不能|可以)|查监控",
    en(
        r"(?:parcel|package|bike|bicycle|scooter|delivery)s? (?:was |were |got |has been )?(?:stolen|nicked)|cctv footage|review (?:the )?cctv"
    ),
)

# --- utilities ----------------------------------------------------------------
_ELECTRIC_THING = alt(
    r"插座|开关|电箱|电表箱|电表|配电|配电房|配电箱|电闸|灯|吊灯|电线|线路|电缆|变压器|路灯|充电桩|电器",
    en(
        r"sockets?|outlets?|switch(?:es|board)?|fuse ?box|breakers?|meter (?:box|cupboard)|consumer unit|lights?|lamps?|wires?|wiring|cables?|transformer|charger",
    ),
)
_WET = alt(
    r"进水|渗水|滴水|泡水|泡在水|淋湿|积水|有水|水漫|灌水|往下流|流水|水(?:漏|流|渗|滴|灌|进)|漏水|漏到",
    en(r"water|wet|dripping|soaked|flooded|flooding|leaking|puddles?"),
)
_LIVE = alt(
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
_WATER_DRIP_ONLY = alt(
    r"一点点|有点漏|小漏|滴答", en(r"a (?:bit|little) of|slow drip|small leak|tiny leak")
)
_NOT_WATER = alt(
    r"喷灌|喷头|洒水", en(r"sprinklers?|inbox|messages|notices|spam|e-?mails?|group chat")
)
NO_POWER_AT_ALL = r"(?:一点|一丝)?电都没(?:有)?|没有?一点电|全停了"
NOBODY_POWER = en(
    r"(?:nobody|no one|noone|no-one|none of us)(?: in (?:the|our|my|this) (?:building|block|estate|tower))? (?:has|have|got) (?:any )?(?:power|electricity|water|lights?)"
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

BROAD_RULES = (
    rule("gas", GAS_WORD, drop_near=GAS_ROUTINE),
    rule("gas", GAS_SMELL, drop_if=DRAINS),
    rule(
        "fire",
        FIRE_WORD,
        drop_near=alt(FIRE_ROUTINE, SMOKE_CONTEXT, RENO_CONTEXT),
        drop_if=_MISTAKEN,
    ),
    rule("fire", BATTERY_FIRE),
    rule("fire", SMOKE_WORD, drop_if=alt(_SMOKE_ROUTINE, _MISTAKEN)),
    rule(
        "trapped",
        rf"{LIFT}{near(30)}{LIFT_WRONG}",
        rf"{LIFT_WRONG}{near(20)}{LIFT}",
        drop_if=LIFT_EMPTY,
        detail="lift",
    ),
    # someone banging or shouting in a lift: strong unless hedged ("好像有人在喊")
    rule(
        "trapped",
        rf"{LIFT}{near(30)}{LIFT_NOISE}|{LIFT_NOISE}{near(30)}{LIFT}",
        weak_if=HEDGE,
        drop_if=LIFT_EMPTY,
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
    rule("vulnerable", CHILD_DANGER, ELDER_DANGER, drop_if=PLANNED),
    rule("threat", THREAT_WORD, drop_near=THREAT_ROUTINE),
    # a stranger about, with nothing else said: ask
    rule("threat", r"陌生人|徘徊", en(r"strangers?|loiter\w*|lurking"), weak=True),
    rule(
        "electric",
        rf"{_WET}{near(20)}(?:{_LIVE}|有电)|{_LIVE}{near(20)}{_WET}",
        rf"{_ELECTRIC_THING}{near(20)}{_WET}|{_WET}{near(20)}{_ELECTRIC_THING}",
        rf"{_ELECTRIC_THING}{near(20)}{_LIVE}",
        drop_near=alt(r"热水器|洗衣机|空调水", en(r"water heater|washing machine|dishwasher")),
    ),
    rule("flood", FLOOD_WORD, drop_near=_WATER_DRIP_ONLY, drop_if=_NOT_WATER),
    rule("outage", NOBODY_POWER, NO_POWER_AT_ALL),
    rule("gas", rf"{SMELL}{near(40)}{UNWELL}|{UNWELL}{near(40)}{SMELL}|热水器{near(10)}味"),
    rule(
        "medical",
        rf"{MED_DEVICE}{near(30)}{DEVICE_DOWN}|{DEVICE_DOWN}{near(30)}{MED_DEVICE}",
        detail="power",
    ),
)
