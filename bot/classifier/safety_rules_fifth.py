"""Life-safety patterns, part 6: families a fourth independent corpus showed missing.

- a power or water loss that hurts someone who cannot cope (a newborn, an old
  person living alone, heat, medicine that must stay cold) — urgent whatever the
  scope (detail ``risk_power`` / ``risk_water``; safety.py keeps it strong);
- signs of a stroke, an allergic reaction, a seizure, an ambulance already called;
- bleeding, a blow to the head, a fall with a hurt that shows;
- someone following, watching, knocking for minutes, at a door with a tool;
- a lost person with dementia, an old person alone who has not answered for
  days, a baby crying for hours with nobody home, a child who fell in water;
- water reaching electrics; a shock from an outlet with a child hurt;
- a gas smell back after an all-clear.
"""

from __future__ import annotations

from .safety_lexicon import FIGURATIVE, alt, en
from .safety_rule import near, rule

OUT_ZH = r"停电|断电|没电|冇电|(?:又|再)(?:停|断)(?:电)?了|电(?:都|也)(?:停|断)了"
OUT_ZH_WATER = r"停水|断水|没水|冇水|一滴水都没有"
OUT_EN = en(
    r"no (?:power|electricity)|(?:power|electricity)(?:'s| is| has been|'s been| has| went| was)? (?:off|out|cut|gone)",
    r"(?:went|goes|cut) (?:off |out )?again|blackout|power cut|without power",
)
OUT_EN_WATER = en(
    r"no water|water(?:'s| is| has been|'s been| has| went| was)? (?:off|out|cut|gone)|without water"
)
AT_RISK = alt(
    r"宝宝|婴儿|新生儿|满月|月子|孕妇|怀孕|独居|腿脚不好|行动不便|瘫痪|卧床|坐轮椅|制氧|吸氧|氧气机|呼吸机|透析|胰岛素|冷藏的药",
    r"(?:[一二两三四五六七八九十]|\d{1,2})个月大|零下|冻得|中暑|热晕|头晕|发晕|想吐|呕吐|脱水|(?:3[5-9]|4\d)度|(?:热|熱)(?:得|到)(?:孩子|老人|宝宝|受不了|喊|哭)|(?<![a-z])bb(?![a-z])",
    r"(?:老人|老太|老头|阿婆|阿公|爷爷|奶奶|外婆|外公|老父亲|老母亲)(?:\S{0,8})(?:喝不上|没水喝|下不了楼|上不了楼|中暑|不舒服|难受|热)",
    en(
        r"babies|baby|infant|newborn|\d+ ?(?:month|week|mo)s? old|pregnant|bed-?ridden|wheelchair|oxygen|ventilator|dialysis|insulin",
        r"heat ?stroke|dizzy|vomit\w*|throwing up|shaky|dehydrat\w*|(?:3[5-9]|4\d) ?(?:degrees|°c?|c)",
        r"lives alone|living alone|(?:9\d|8\d|7\d) ?(?:yr|year)s? old|hasn'?t (?:had )?anything to drink|can'?t carry|nothing to drink",
    ),
)
STROKE = alt(
    r"说话含糊|口齿不清|说话不清|说不清话|嘴歪|脸歪|半边(?:脸|身|身体)(?:歪|麻|没|动不了|不能动)?|一边(?:脸|手|身)(?:歪|麻|没力|动不了)|中风|脑梗|脑溢血|脑出血",
    r"喉咙(?:肿|发紧|好紧|封住)|嗓子(?:肿|发紧)|过敏\S{0,10}(?:呼吸|喘|肿|起疹)|抽搐|抽筋倒地|癫痫|羊癫疯|口吐白沫|昏迷|不省人事|一动不动|没有?知觉",
    en(
        r"slurr\w+|face (?:is )?droop\w*|drooping|one side of (?:his|her|their|my) (?:face|body)|(?:having|had|has|is having) a stroke|stroke symptoms",
        r"throat (?:is )?(?:swell\w*|closing|tight\w*)|swelling up|allergic reaction|anaphyla\w*|epi ?pen",
        r"seizures?|convuls\w+|unconscious|unresponsive|passed out|not breathing",
    ),
)
AMBULANCE = alt(
    r"(?:120|999|911)(?:已经|也|刚)?(?:打了|叫了|打咗)|(?:打了|叫了|打咗|已经打|已打|拨了)(?:120|999|911|救护车)|救护车(?:来|到|在路上|快到|马上)",
    en(
        r"called (?:an |the )?(?:ambulance|paramedics|911|999|120)|(?:ambulance|paramedics)(?: is| are)? (?:on (?:its|their|the) way|coming|arriving|here)",
        r"(?:911|999|120) (?:already |has been |have been )?called",
    ),
)
SHOCK_EN = en(
    r"shocked by|(?:electric )?shock from|gives? (?:me |you |us |her |him )?(?:a |an )?(?:little |small |slight |mild |bit of a )?(?:electric )?shocks?|zapped|electrocut\w*"
)
SHOCK_HURT = alt(
    r"麻|心跳|心慌|哭|疼|痛|小孩|孩子|女儿|儿子|宝宝",
    en(r"numb|heart|cried|crying|burn\w*|hurt|pain|kids?|child|daughter|son|baby|tingl\w*"),
)
# paint that bleeds through, "like blood": not a wound
LOOKS_LIKE = alt(
    r"油漆|颜料|墨水|像\S{0,8}(?:一样|似的)",
    en(r"paint|ink|colou?rs?|dyes?|through the|wallpaper|stain\w*"),
)
BLEED = alt(
    r"流(?:紧|着|了好多|了很多|了好多的|很多|好多)?血|出血|血流不止|满(?:脸|头|身)(?:是)?血|头破",
    r"(?:闸杆|栏杆|道闸|杆子|东西|花盆|砖|玻璃|石头|窗户?|招牌|树枝)\S{0,8}(?:砸|打|撞|敲)\S{0,8}(?:头|脑袋|额头)",
    r"被(?:车|汽车|小车|电动车|摩托车|货车|电瓶车)(?:给)?(?:撞|碾|压)",
    en(
        r"bleed\w*|blood (?:everywhere|all over|pouring)|(?:hit|knocked down|run over) by an? (?:car|van|truck|lorry|bike|scooter|motorbike)|hit (?:him|her|me|my \w+|a \w+|an \w+|the \w+) (?:on|in) the head",
        r"(?:fell|falling|came down) on (?:his|her|my|their|a|an|the) (?:\w+ )?head",
    ),
)
FALL = alt(
    r"摔倒|跌倒|摔下|跌落|滚下|摔了一跤|摔伤|跌伤",
    en(r"fell (?:off|from|down|over|out)|(?:has |have )?fallen (?:off|from|down|over)"),
)
FALL_HURT = alt(
    r"起不来|动不了|站不起|流血|骨折|哭|喊|疼|痛|头|昏|晕",
    en(
        r"can'?t (?:move|get up|stand|walk)|won'?t move|screaming|crying|bleed\w*|broke\w*|hurt|injur\w*|swollen|unconscious|head|pain"
    ),
)
FOLLOW = alt(
    r"(?:被|有人|一直|在|他|她)(?:\S{0,2})跟踪|跟踪(?:我|她|他|我们)|尾随|一直跟着我|跟着我(?:回|进|到)|盯着(?:我|我家|我们家?)|偷看我家|在我家门口(?:转|站|等)",
    en(
        r"stalk\w*|(?:is |keeps |been |was )?following me|followed me (?:home|here|into|in)|watching (?:me|my|our) (?:flat|window|door|home|house|unit)"
    ),
)
DOOR = alt(
    r"有人\S{0,4}(?:敲门|撬门|撬锁|拧门|扭门|推门|拽门|开我家门)|(?:一直|不停)(?:在)?敲门|敲了\S{0,8}(?:分钟|半天|很久)|不是(?:我)?家人|不认识的人",
    r"(?:拿着?|带着?|持)(?:撬棍|铁棍|刀|斧头|锤子|棍子)\S{0,10}(?:门|在|站)",
    en(
        r"(?:someone|somebody|a (?:man|guy|woman|stranger)|strangers?) (?:is |keeps |has been |'s been )?(?:knocking|banging|pounding|kicking) (?:on |at )?(?:my|our|the) door",
        r"trying (?:every |each |the |my |our |all the )?(?:door ?handles?|doors|locks?)|(?:guy|man|someone|person|stranger|woman) with (?:a |an )?(?:crowbar|knife|machete|axe|hammer|bat|gun|weapon)",
        r"swinging (?:a |his |her )?\w+ at|screaming and (?:things |stuff )?(?:smashing|crashing|breaking)",
    ),
)
BURN = alt(
    r"(?:要|扬言|说要|喊着要)(?:烧|放火|纵火|杀|砍|捅)|放火|纵火",
    en(
        r"(?:burn|set fire to) (?:the place|it|us|the flat|the building|this|the house) down|threaten\w* to (?:kill|burn|stab|hurt)"
    ),
)
ATTACK = alt(
    r"追(?:住|着)\S{0,3}(?:人)?(?:打|砍|斩)|(?:揸|拿|抓)(?:住|着)\S{0,4}(?:樽|瓶|刀|棍|铁通)\S{0,10}(?:打|追|砸|挥)|被(?:人)?抢(?!先|购|答|占|走了名额)|抢劫|抢了(?:我的?)?(?:包|手机|钱)",
    en(
        r"(?:got |been |was |just )?(?:robbed|mugged)|snatched my|attacking (?:people|someone|us|a)"
    ),
)
LIFT_SHUT = alt(
    r"(?:电梯|轿厢|梯)\S{0,12}(?:不开门|门打不开|开不了门|门开不了|门不开)",
    en(
        r"(?:lift|elevator)\S{0,3} (?:\w+ ){0,5}doors? (?:won't|will not|don't|do not|can't|cannot) open"
    ),
)
INSIDE = alt(
    r"里面有\S{0,6}(?:人|婴儿|孩子|老人|小孩)|(?:人|我们|我|他|她)(?:都)?在里面|关着人",
    en(
        r"(?:people|someone|somebody|\w+ (?:people|persons|kids)|my \w+|we'?re|we are) (?:are |is )?(?:still )?(?:inside|in it|in there)"
    ),
)
PINNED = alt(
    r"(?:小孩|孩子|人|老人|婴儿|宝宝|学生)\S{0,4}(?:卡|压|夹)在(?:下面|中间|里面|底下|门下|门缝)",
    en(
        r"(?:kid|child|person|someone|man|woman|boy|girl)\w* (?:is |got |was )?(?:pinned|crushed|caught) (?:under|beneath|in)"
    ),
)
# the office, a courier, a repair: an unanswered request or an expected knock
SERVICE = alt(
    r"快递|外卖|送货|物业|管理处|居委|维修|师傅|工单|报修|客服",
    en(r"courier|delivery|management|office|repair|request|ticket|plumber|electrician"),
)
FEAR = alt(
    r"害怕|好怕|我怕|不敢出门|不敢开门|好恐怖", en(r"scared|afraid|terrified|frightened|right now")
)
LOST = alt(
    r"认知障碍|認知障礙|认知障礙|老年痴呆|痴呆|失智|阿尔茨海默",
    en(
        r"dementia|alzheimer\w*|doesn'?t know (?:her|his|their) (?:own )?(?:name|way|address)|asking where (?:her|his|their) (?:house|home|flat) is|can'?t remember (?:her|his) (?:name|address)"
    ),
)
LOST_NOW = alt(
    r"不见|不見|唔见|走丢|走失|找不到|没回|冇返|没有回来|出门|迷路|门口|大门|外面|冷",
    en(r"lost|missing|wander\w*|freezing|cold|outside|gate|hasn'?t come back|not come back|alone"),
)
ALONE = alt(r"独居|一个人住|孤寡", en(r"lives? alone|living (?:on her own|on his own|alone)"))
SILENT = alt(
    r"(?:没|不|冇)(?:接电话|接|回|开门|应门|出门|露面|动静)|联系不上|打不通|没见(?:到|过)?(?:她|他|人)",
    r"(?:两|三|几|好几|\d)天(?:了)?(?:都)?(?:没|不|冇)(?:见|接|回|出门|开门|联系|动静)",
    en(
        r"hasn'?t (?:called|answered|been seen|come out|picked up|rung)|hasn'?t (?:in|for) (?:\d|two|three|a few|several) days",
        r"no answer|not answering|haven'?t seen (?:her|him|them) (?:in|for|since)|no one has seen",
    ),
)
CRYING = alt(
    r"(?:婴儿|宝宝|小孩|孩子|bb)\S{0,10}(?:一直哭|哭了(?:好|快)?(?:几|两|三|\d)个?(?:小时|钟)|哭个不停|哭到)",
    en(
        r"(?:baby|toddler|kid|child|infant) (?:\w+ )?crying (?:nonstop|non-stop|for hours|all (?:day|night)|for \w+ hours)"
    ),
)
NOBODY_HOME = alt(
    r"大人|父母|家里没人|没有?人在|出门了|走了|拖着?行李|一个人在家",
    en(r"parents?|nobody|no one|left|alone|suitcases?|no adults?"),
)
WATER_IN = alt(
    r"掉(?:进|到|下)?(?:水|湖|河|池|泳池|水池)\S{0,2}里?|落水|溺水",
    en(r"drowning|fell into the (?:lake|pond|pool|river|water)"),
)
WIRE_REACH = alt(
    r"(?:电线|铜线|线)\S{0,20}(?:露|烧黑)\S{0,20}(?:小孩|孩子|儿童)\S{0,8}(?:摸|够|碰)",
    en(
        r"wires? (?:\w+ ){0,3}(?:exposed|sticking out|hanging out)(?:\w| ){0,10}(?:kid|child|toddler) height"
    ),
)
ELECTRICS = alt(
    r"电箱|配电|插座|插头|发电机|变电|电房|电表箱|电井|插线板|排插|拖线板|电线",
    en(
        r"sockets?|outlets?|extension (?:cords?|leads?)|power strips?|substation|switch ?room|electrical room|generator|meter box|fuse box|power points?"
    ),
)
WATER_MOVES = alt(
    r"水\S{0,4}(?:进|淹|涨|漫|流|灌|渗)|进水|淹(?:到|了)|水位",
    en(
        r"water(?:'s| is)? (?:\w+ ){0,2}(?:reaching|flowing|rising|pouring|coming|getting|seeping)|flood\w*|backing up"
    ),
)
GAS_BACK = alt(
    r"(?:味道?|气味|臭味)(?:又|还是|又来了|回来了)|又有(?:股)?(?:味|臭味)|比刚才(?:还)?(?:大|浓|重)",
    en(
        r"smell(?:'s| is| has)? (?:back|returned|come back|worse|stronger|getting (?:worse|stronger))"
    ),
)
GAS_ANY = alt(r"燃气|煤气|天然气|漏气|液化气", en(r"gas"))

SELF_HARM = alt(
    r"想跳|要跳楼|跳楼|轻生|自杀|想不开|割腕",
    en(
        r"(?:wants?|going|about|threatening|trying) to jump|jump(?:ing)? off|suicid\w*|kill (?:himself|herself|myself|themselves)|cut (?:his|her) wrists?"
    ),
)
OVERDOSE = alt(
    r"吃了(?:很多|好多|一整瓶|一瓶|一把)\S{0,4}药|吞了\S{0,6}药|(?:药|安眠药)(?:吃)?过量|叫不(?:太)?醒",
    en(
        r"overdos\w*|too many (?:pills|tablets|sleeping pills)|took (?:a whole|all (?:her|his|the)) (?:bottle|pack|box)"
    ),
)
ALARM_ON = alt(
    r"(?:烟感|烟雾报警器|烟雾警报|火警|报警器)\S{0,12}(?:一直)?(?:响|叫)",
    en(r"(?:smoke|fire) alarm\S{0,3} (?:\w+ ){0,5}(?:beeping|going off|sounding|ringing|wailing)"),
)
NO_ANSWER = alt(
    r"没人(?:开门|应|回应|接)|敲门没(?:人)?(?:应|开)|家里没人",
    en(r"(?:nobody|no one|noone) (?:answers|is answering|opens|came to|is home)|no answer"),
)

FIFTH_RULES = (
    rule(
        "vulnerable",
        SELF_HARM,
        imminent=True,
        drop_near=alt(FIGURATIVE, r"价|股", en(r"prices?|stocks?")),
    ),
    rule("medical", OVERDOSE),
    rule(
        "fire",
        ALARM_ON,
        need=NO_ANSWER,
        now=True,
        drop_if=alt(r"测试|演习|电池", en(r"test\w*|drill|batter\w*|chirp\w*")),
    ),
    rule("outage", OUT_ZH, requires=AT_RISK, detail="risk_power"),
    rule("outage", OUT_EN, requires=AT_RISK, detail="risk_power"),
    rule("outage", OUT_ZH_WATER, OUT_EN_WATER, requires=AT_RISK, detail="risk_water"),
    rule("medical", STROKE),
    rule("medical", AMBULANCE),
    rule("electric", SHOCK_EN, need=SHOCK_HURT),
    rule("injury", BLEED, drop_near=LOOKS_LIKE),
    rule("injury", rf"{FALL}{near(30)}{FALL_HURT}|{FALL_HURT}{near(10)}{FALL}"),
    rule(
        "threat", FOLLOW, drop_near=alt(r"监控|录像|报警了吗|回复", en(r"cctv|footage|report\w*"))
    ),
    rule("threat", DOOR, drop_near=SERVICE),
    rule("threat", BURN, imminent=True),
    rule("threat", ATTACK, drop_near=alt(FIGURATIVE, en(r"fees?|bills?|account|prices?|charges?"))),
    rule("trapped", rf"{LIFT_SHUT}{near(20)}{INSIDE}|{INSIDE}{near(20)}{LIFT_SHUT}", detail="lift"),
    rule("trapped", PINNED, detail="room"),
    rule("threat", r"有人\S{0,4}敲门", en(r"(?:someone|somebody)(?:'s| is)? knocking"), need=FEAR),
    rule("vulnerable", LOST, need=LOST_NOW, now=True),
    rule("vulnerable", SILENT, requires=ALONE, now=True, drop_near=SERVICE),
    rule("vulnerable", CRYING, need=NOBODY_HOME, now=True),
    rule("vulnerable", WATER_IN),
    rule("electric", WIRE_REACH),
    rule("flood", rf"{WATER_MOVES}{near(50)}{ELECTRICS}|{ELECTRICS}{near(40)}{WATER_MOVES}"),
    # Cantonese 着咗火 (folded to 着了火), 起咗火
    rule("fire", r"(?:着|起|失)了火", drop_near=alt(r"差点|以为|演习", en(r"drill"))),
    rule("gas", GAS_BACK, requires=GAS_ANY, now=True),
)
