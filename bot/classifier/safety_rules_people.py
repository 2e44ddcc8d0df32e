"""Life-safety patterns, part 3: outages, medical need, injuries, threats, vulnerable people.

Same ``Rule`` format as safety_rules.py. Outage rules only say "power/water is
off"; whether that is the whole building (strong), a question or one home
(weak or nothing), or a planned interruption (nothing) is decided in safety.py.
"""

from __future__ import annotations

from .safety_lexicon import (
    BATTERY,
    CHILD_EN,
    CHILD_ZH,
    DARK,
    ELDER_EN,
    ELDER_ZH,
    MED_DEVICE,
    PERSON_EN,
    PERSON_ZH,
    PLANNED,
    POWER_OUT,
    WATER_OUT,
    alt,
    en,
)
from .safety_rule import near, rule

OUTAGE_RULES = (
    rule("outage", POWER_OUT, detail="power"),
    rule("outage", WATER_OUT, detail="water"),
    rule("outage", DARK, detail="dark"),
)

_ANY = r"[\s\S]{0,80}?"
MEDICAL_RULES = (
    rule(
        "medical",
        rf"{MED_DEVICE}{_ANY}{alt(POWER_OUT, WATER_OUT, BATTERY)}",
        rf"{alt(POWER_OUT, WATER_OUT)}{_ANY}{MED_DEVICE}",
        drop_if=PLANNED,
        detail="power",
    ),
    rule(
        "medical",
        r"晕倒|晕过去|昏倒|昏过去|昏迷|不省人事|没(?:有)?(?:了)?呼吸|没气了|失去意识|没有意识|叫不醒|喊不醒|心脏病(?:发|犯)|心梗|心肌梗|心脏骤停|中风|脑梗|脑溢血|抽搐|口吐白沫|喘不上气|喘不过气|呼吸困难|呼吸不(?:太)?(?:对|正常|顺)|上不来气|透不过气|休克|一动不动|吐血|大出血|癫痫|晕厥|倒地不起|倒在地上|躺在地上(?:不动|起不来)|噎住|突发疾病|犯病了|发病了|急救(?!箱|包|知识|培训|课|常识|用品|设备|电话|柜)|(?:打|叫|拨打?)(?:了)?120|救护车",
        en(
            r"unconscious|unresponsive|not breathing|stopped breathing|(?:can't|cannot|can not|struggling to|trouble|difficulty|hard to) breath\w*",
            r"heart attack|cardiac arrest|(?:having|had|has had) (?:a )?(?:stroke|seizure|fit)|seizures?|fainted|passed out|overdose|choking|anaphyla\w*",
            r"(?:won't|will not|doesn't|does not|can't) wake (?:up|him|her)|coughing (?:up )?blood|cpr|paramedics?|ambulance",
            r"call(?:ed|ing)? (?:an? )?(?:999|911|112|120)",
            r"collapsed (?:in|on|at) the (?:lobby|lift|elevator|corridor|stairs|stairwell|car ?park|floor|ground|hallway|street)",
        ),
        rf"{PERSON_EN}(?: has| have| just| suddenly)* collapsed",
    ),
)

INJURY_RULES = (
    rule(
        "injury",
        r"摔倒|摔伤|摔断|摔下来|摔下去|摔了一跤|跌倒|跌伤|跌下|滑倒|绊倒|流血|出血|血流|满脸是血|头破|骨折|受伤|伤得|砸伤|被砸|烫伤|烧伤|割伤|划伤|刺伤|咬伤|被(?:狗|猫)咬|夹伤|被(?:电梯)?门夹",
        rf"夹(?:住|到|伤)(?:了)?[^,。!?]{{0,6}}(?:手|脚|头|人|孩子|小孩)|砸(?:到|中|倒|伤)(?:了)?(?:一个|个|一位|两个)?(?!车|我的车|车窗|东西|玻璃|地)|倒地|夹到(?:了)?(?:手|脚|人|孩子|小孩|头)|{PERSON_ZH}{near(6)}(?:坠落|跌落|坠楼|掉下去|掉下来)|有人坠楼|有人跳楼|跳楼了",
        rf"(?:摔|跌|倒)(?:在地上)?{near(6)}(?:起不来|爬不起来|动不了)",
        drop_near=r"手机|东西|碗|杯|盘子|花盆摔|玻璃摔",
    ),
    rule(
        "injury",
        rf"{PERSON_EN}(?: has| have| just| had|'s)? (?:fell|fallen|slipped|tripped)",
        en(
            r"fell (?:down|off|from|out of) (?:the |a |his |her |my )?(?:stairs|steps|balcony|ladder|roof|bike|scooter|chair|bed|window|\w+ floor)",
            r"(?:slipped|tripped) (?:and|on|over)|bleeding|blood (?:everywhere|all over|on the)",
            r"broken (?:leg|arm|hip|ankle|wrist|bone|neck|back)|broke (?:his|her|my|their|a) (?:leg|arm|hip|ankle|wrist|bone|neck|back)",
            r"injured|injury|badly hurt|seriously hurt|(?:is|are|got|was|been|'s) (?:badly |seriously |really )?hurt|hurt (?:himself|herself|themselves|myself)",
            r"(?:came|fell|come) down on (?:a|an|the|my|his|her|someone|somebody|him|her|them)(?: \w+)?",
            r"(?:he|she|they)(?:'s| is| are) (?:lying )?on the (?:ground|floor)",
            r"fell (?:off|from|down) (?:the |a |his |her |my )?(?:scaffold\w*|platform|wall|tree|bunk)",
            r"head (?:injury|wound)|hit (?:by|on the head)|(?:hit|struck) (?:a|an|my|his|her|someone|somebody|him|the)(?: \w+)?",
            r"(?:can't|cannot|can not|unable to) get up|crushed|bitten|scald\w*|burn(?:ed|t) (?:himself|herself|his|her|my)",
            r"cut (?:his|her|my|their) \w+ (?:badly|open|deep|really bad)|(?:a lot of|lots of|so much|loads of) blood",
            r"(?:deep|bad) cut|gash|concussion|knocked (?:him|her|me|someone|somebody|them|a \w+) (?:out|down)|(?:was|got|been|is) knocked (?:out|down|over)",
        ),
        drop_near=en(
            r"(?:hit|struck|crushed) (?:my|a|the|his|her) (?:car|vehicle|bike|window|scooter|windscreen|bonnet)",
            r"(?:came|fell|come) down on (?:my|a|the|his|her|our) (?:car|vehicle|bike|windscreen|bonnet|roof|van)",
            r"mosquito\w*|insects?|bugs?|fleas?|ants?|injury lawyer|feelings",
        ),
    ),
)

THREAT_RULES = (
    rule(
        "threat",
        r"撬(?:门|锁|窗|我家|开)|(?:有|进了?|来了|家里进)(?:小偷|贼)|(?:小偷|贼)(?:在|正在|还在|进|爬|翻|撬)|入室|闯(?:入|进)|破门|砸门|踹门|踢门",
        r"打起来了?|动了刀|动刀子|亮(?:出)?刀|(?:持|拿着?|带着?|挥舞?着?)(?:刀|棍|枪|斧|铁棍|凶器|砍刀|菜刀)|刀(?:捅|砍)|砍人|捅人|杀人|要杀|打人|被打(?![碎破坏烂开扫湿通断球])|打(?:我|她|他|孩子|小孩|老人|我妈|我爸)(?!电话|手机|的电话|的手机)|砸东西|殴打|打架|斗殴|群殴|家暴|施暴",
        r"(?:跟踪|尾随)(?:了)?(?:我|她|他|孩子|我们)|被(?:人)?(?:跟踪|尾随)|(?:有人|陌生人|男的|男人|一个人|那个人|有个人|他)(?:一直)?(?:在)?(?:跟踪|尾随|跟着)",
        r"威胁(?:我|我们|要|说)|恐吓|抢劫|抢包|抢东西|抢手机|猥亵|(?:有人|男的|陌生人|他)(?:一直)?(?:在)?骚扰|耍流氓|露阴|暴露狂|偷窥|纵火|放火",
        r"有人(?:在|一直)?(?:砸|踹|撬)(?:我家|我们家)?(?:的)?门|有人(?:从)?(?:阳台|窗户|窗|围墙|墙)?(?:爬|翻)(?:进|上|过|入)",
        r"(?:有人|陌生人|男的|他)(?:在|一直|正在)?(?:拧|扭|转|拉|推|试|掰)(?:我家|我们家)?(?:的)?(?:门把手|门把|门锁|把手|房门)",
        r"(?:有人|他们|几个人|一伙人|一群人|一帮人|好几个人)(?:在|正在|还在)?(?:楼下|外面|门口|小区里?)?(?:在|正在)?砸(?:车|车窗|窗户|窗|玻璃|东西|店)",
        r"弄死|打死|砍死|捅死|杀了(?:你|我|他|她)|要(?:我|你)的命|堵我|堵在门口不走|抢孩子|抱走孩子|拉扯孩子",
        r"(?:爬|翻)(?:进|入)(?:了)?(?:别人|楼下|楼上|隔壁|邻居)?(?:家|那家|屋|窗)",
        r"(?:拧|扭|掰|试)(?:别人家|人家|各家|每家|我家|我们家)?(?:的)?(?:门把手|门把|门锁)",
        r"骚扰(?:路过|女生|女孩|小孩|孩子|我|她|住户|业主|行人|路人)|有人[^,。!?]{0,8}?(?:在|正在)?[^,。!?]{0,6}?(?:偷|剪锁|撬)(?:车|电动车|东西|自行车|电瓶|摩托)|有人(?:在|正在)(?:偷|剪锁)|正在(?:偷|剪锁|撬)",
        rf"(?:陌生人|可疑人员?|可疑的人|陌生男子?|醉汉|疯子|精神病){near(10)}(?:闯|砸|拿刀|拿着|撬|踹|不走|打)",
        r"(?:喊|呼)救命|呼救|有人喊救命",
        en(
            r"break(?:ing)?[- ]in|broke in|break(?:ing)? into|broke into|(?:trying|tried) to (?:break in|get in|get into|climb in|climb into|open (?:my|the|our) (?:door|window)|force)",
            r"forc(?:e|ing) (?:the |my |our )?(?:door|lock|window)|burglars?|intruders?|prowlers?",
            r"(?:someone|somebody)(?:'s| is)? (?:in|inside) (?:my|our) (?:flat|house|home|apartment)",
            r"(?:following|followed|stalking) (?:me|her|him|us|my|our|the kids|kids|children|a child|a woman|women|girls?|people|residents)|being (?:followed|stalked)|stalkers?",
            r"(?:a |with a |holding a |has a |carrying a |waving a |wielding a )?(?:knife|gun|machete|weapon|axe|blade)|armed",
            r"threaten\w*|threats? (?:to|against)|attack(?:ing|ed)? (?:me|him|her|us|someone|people|a)|assault\w*|mugg\w*|robb(?:ing|ery|ed)",
            r"(?:banging|pounding|kicking|hammering) on (?:my|our|the) (?:\w+ )?(?:door|window)s?|trying (?:the )?(?:door|handle)s?(?! code| keypad| pin)|trying doors",
            r"(?:climbing|climbed|climbs) (?:in|into|over|up|through) (?:the |my |our |a )?(?:balcon\w*|windows?|walls?|fences?|drainpipes?|railings?)",
            r"(?:went|got|climbed|broke) (?:in|into) (?:a|the|my|our|their|someone's) (?:window|flat|house|home|apartment)",
            r"(?:kill|stab|shoot|hurt|beat up|strangle) (?:me|you|us|him|her|someone|somebody|everyone|people|my \w+)",
            r"(?:punch|beat|kick|slap|strangl|chok|stabb|attack|hitt|hurt)\w* (?:a |an |the |my |his |her |some |this )?(?:woman|man|girl|boy|kid|child|lady|guy|someone|somebody|person|people|resident|neighbou?r|wife|husband|him|her|me)",
            r"grabb\w* (?:at )?(?:kids|children|a child|a kid|people|women|a woman|girls?|her|me|my \w+)",
            r"(?:looking|peering|peeping|staring) (?:through|in|into) (?:my|our|the) (?:peephole|window|door|letterbox)",
            r"smash\w* (?:car |the |my |our )?(?:windows?|windscreens?|cars|doors?|glass)",
            r"(?:is|are|'s|'re|someone|somebody|man|guy|people|guys|men) (?!keeps? |always |often )(?:\w+ )?(?:stealing|nicking|cutting (?:the |a |bike )?locks?)(?! (?:my |our )?(?:parcels|packages|deliveries|post|mail))",
            r"domestic (?:violence|abuse)|expos(?:ed|ing) himself|flash(?:ed|ing) (?:at )?(?:me|her|us|kids|children|women|girls)|flasher|peeping|arson",
            r"snatch\w*|(?:grabbed|stole|took) (?:a |her |my |his |a woman's |someone's )?(?:bag|phone|purse|handbag|wallet) (?:and ran|from)",
            r"(?:throwing|threw|throws) (?:stones|rocks|bricks|bottles|things|eggs) at (?:cars|people|me|us|windows|kids|residents)",
            r"(?:people|men|guys|they|two|a group|gang|someone)(?: are| is)? (?:fighting|brawling|beating)|a fight (?:is )?(?:going on|broke out|outside|in)|brawl",
            r"(?:screaming|shouting|crying|calling|yelling) (?:for help|help)",
        ),
        drop_near=alt(
            r"跟踪(?:一下|处理|进度|工单|反馈|落实|服务)|电话骚扰|推销|短信|噪音|我(?:拧|扭)|拧不|扭不|坏了|(?:查|调|看)(?:了)?监控|监控(?:查|调|看)",
            en(
                r"heart attack|dog attack|attack of|panic attack|follow(?:ing)? up|following (?:my|the|our) (?:ticket|request|complaint|report)",
                r"robbed blind|daylight robbery|(?:nail|glue|heat|spray|water|staple|caulk|caulking) guns?|fan blades?|blades of grass",
            ),
        ),
    ),
    # someone at the door, at night or when the resident is alone and afraid
    rule(
        "threat",
        r"(?:有人|有个人|陌生人?|男的|男人|不认识的人|醉汉)[^,。!?]{0,12}?(?:敲|拍|砸|按|踢)(?:我家|我们家)?(?:的)?(?:门|门铃|对讲)",
        r"(?:有人|有个人|陌生人?|男的|男人|不认识的人|醉汉)[^,。!?]{0,10}?(?:转悠|徘徊|蹲守|盯着我|跟着我)",
        en(
            r"(?:someone|somebody|a man|a stranger|strangers?|a guy|footsteps)[\s\S]{0,40}(?:outside|at|on) (?:my|our) (?:door|window|flat|landing|balcony)",
            r"(?:buzzing|ringing|knocking on|banging on) (?:my|our) (?:intercom|doorbell|bell|door)|saying my name",
        ),
        drop_near=alt(
            r"推销|快递|外卖|保安|物业|师傅|邻居",
            en(
                r"rubbish|bins?|parcels?|packages?|deliver\w*|bags?|shoes|post|mail|flyers?|leaflets?|box(?:es)?|left"
            ),
        ),
        need=alt(
            r"害怕|吓死|好怕|一个人|半夜|凌晨|不走",
            en(
                r"scared|afraid|frightened|terrified|alone|\d ?am|midnight|night|stranger|won't leave"
            ),
        ),
    ),
    rule(
        "threat",
        rf"(?:可疑|陌生人|陌生男|不认识的人|奇怪的人){near(15)}(?:徘徊|转悠|晃|蹲|守|在门口|在楼道|在我家门口|一直在|盯|敲门|按门铃)",
        r"(?:往楼下|从楼上|高空|楼上往下)(?:扔|抛|丢|砸)",
        en(
            r"(?:throwing|threw|dropping) (?:things|stuff|objects|bottles|rubbish) (?:off|from|out of) (?:the )?(?:balcony|window|roof)",
            r"(?:suspicious|strange|unknown|weird) (?:man|men|person|people|guy|guys|car|van|character|woman)",
            r"loiter\w*|lurk\w*|hanging around",
        ),
        weak=True,
    ),
)

_HIGH = r"(?:窗台|窗户|窗外|窗边|阳台(?:边|外|栏杆)|栏杆|护栏|围栏|楼顶|天台|屋顶|空调外机|窗沿|边上|水池|泳池|河边)"
VULNERABLE_RULES = (
    rule(
        "vulnerable",
        rf"{CHILD_ZH}{near(8)}(?:被)?(?:锁|关|反锁|困)在{near(3)}(?:家|屋|房|车|阳台|卫生间|厕所|里面)",
        rf"{CHILD_ZH}{near(10)}(?:爬|站|坐|趴|挂|悬|翻)(?:在|到|上|出)?{near(4)}{_HIGH}",
        rf"{alt(CHILD_ZH, ELDER_ZH)}[\s\S]{{0,15}}?(?:走丢|走失|不见了|找不到了|找不到人|失踪|丢了)",
        rf"{ELDER_ZH}{near(15)}(?:好几天|几天|两天|三天|一直|很久|好久)(?:都)?(?:没|不)(?:出门|见|开门|应|接电话|动静|回应|露面)",
        rf"(?:敲门|打电话|按门铃|喊)(?:都)?(?:没人应|没人开|没反应|不应|没人接|都不接|没有回应){near(10)}{ELDER_ZH}",
        rf"{ELDER_ZH}{near(10)}(?:联系不上|敲门不应|没有反应|没反应|没动静|没有动静)",
        rf"{alt(CHILD_ZH, ELDER_ZH)}{near(6)}(?:一个人|独自|单独)(?:在家|在屋里|在车里|在里面){near(15)}(?:哭|喊|叫|出不来|锁|发烧|害怕|着火|冒烟|煤气|停电)",
        rf"{CHILD_ZH}{near(6)}(?:掉进|落水|溺水|掉到水)",
        rf"{CHILD_ZH}[\s\S]{{0,20}}?(?:没大人|没有大人|大人不在|大人不知道|没人看着|没人管)|{CHILD_ZH}{near(10)}(?:跑到马路|跑出小区|跑到路上)",
        r"(?:要|想|准备)(?:跳楼|跳下去|轻生|自杀)|站在(?:楼顶|天台|窗台)(?:边|边上|外)|割腕|轻生",
        rf"{CHILD_ZH}{near(10)}(?:一直哭|哭了|哭个不停|在哭|大哭|哭喊)[\s\S]{{0,20}}?(?:没大人|没有大人|大人不在|家里没人|没人在家|门锁着|一个人)",
        rf"{CHILD_ZH}{near(8)}(?:在|到|上了?|爬上)(?:了)?(?:楼顶|天台|屋顶|窗台|窗外|阳台外|栏杆外|护栏外|水池边|河边|泳池边|边上|围墙上)",
        rf"{CHILD_ZH}{near(4)}(?:一个人|独自|单独|自己)(?:在|跑|爬|待|留)[\s\S]{{0,20}}?(?:灶|煮|炉|火|锅|窗|门关|门锁|进不去|阳台|水池|河|楼顶|天台|马路|电梯|哭)",
        r"(?:老年痴呆|痴呆|失智|阿尔茨海默|糊涂|认知障碍)[\s\S]{0,20}?(?:出去|走了|走失|走丢|找不到|不见|跑出去|出门)",
        en(
            rf"{CHILD_EN} .{{0,25}}(?:alone|by (?:him|her)self|on (?:his|her) own|left) .{{0,25}}(?:locked|inside|in the car|at home|crying|screaming)",
            rf"{CHILD_EN} .{{0,20}}(?:locked|shut) (?:in|inside)|(?:locked|left) (?:a |the |my |her |his |their )?{CHILD_EN} (?:in|inside|alone)",
            rf"{CHILD_EN} .{{0,25}}(?:climb\w*|standing|sitting|hanging|leaning) .{{0,20}}(?:window|ledge|balcony|railing|sill|roof|edge|parapet)",
            rf"{CHILD_EN} .{{0,15}}(?:missing|lost|wandered off|can't find|cannot find)|(?:can't|cannot) find (?:my|our|the) {CHILD_EN}|lost (?:child|kid|boy|girl)",
            rf"{ELDER_EN} .{{0,40}}(?:not answering|hasn't answered|isn't answering|is not answering|won't answer|not picking up|isn't picking up|doesn't answer|no answer|not seen|not been seen|not heard from|hasn't been seen|haven't seen|not picked up|unreachable|can't reach|cannot reach|not responding)",
            rf"(?:haven't|hasn't|have not|has not|nobody has|no one has) (?:seen|heard from) (?:the |my |our )?{ELDER_EN}",
            rf"{ELDER_EN} .{{0,20}}(?:wandering|confused and|lost|missing)",
            rf"{CHILD_EN} .{{0,20}}(?:wandered|walked|ran|run|crawled) (?:out|off|away|onto|into the road|towards the road)",
            rf"{CHILD_EN}[\s\S]{{0,30}}(?:no adults?|unaccompanied|no parents?|nobody watching|no one watching|nobody with)",
            r"(?:want|wants|going|threaten\w*|trying) to jump|suicid\w*|kill (?:himself|herself|themselves|myself)|standing on the (?:roof|ledge|edge)",
            r"baby (?:left )?(?:in|inside) (?:a |the )?(?:hot |locked )?car",
            rf"{CHILD_EN} .{{0,20}}(?:crying|screaming|wailing)[\s\S]{{0,40}}(?:no one|nobody|no adults?|alone|no parents?|door locked|nobody's home|no one's home)",
            rf"{CHILD_EN}.{{0,30}}(?:alone|on (?:his|her|their) own|by (?:him|her)self|unattended)[\s\S]{{0,40}}(?:locked|stove|pot|cooker|oven|fire|window|balcony|roof|edge|ledge|railing|hot car|bath|pool)",
            rf"(?:locked|shut) (?:myself|ourselves) out[\s\S]{{0,40}}{CHILD_EN}",
            r"(?:dementia|alzheimer'?s|confused)[\s\S]{0,30}(?:walked out|wandered|gone missing|went out|left the (?:flat|house|building)|is missing|can't find|cannot find)",
            rf"{CHILD_EN} .{{0,15}}(?:fell|fallen) (?:in|into) (?:the )?(?:pool|pond|water|fountain)",
        ),
    ),
    rule(
        "vulnerable",
        rf"{alt(CHILD_ZH, ELDER_ZH)}{near(4)}(?:一个人|独自|单独)(?:在家|在屋里|在车里)",
        rf"好久没(?:见|看到){near(4)}{ELDER_ZH}",
        en(
            rf"{CHILD_EN} .{{0,10}}(?:home )?alone",
            r"(?:haven't|hasn't) seen (?:my |the )?(?:neighbou?r|old)",
        ),
        weak=True,
    ),
)

GENERIC_WEAK_RULES = (
    rule(
        "",
        r"救命|求救|救救",
        en(r"help me|help us|sos|mayday|please help|someone help|help!+"),
        r"🆘",
        weak=True,
    ),
    rule(
        "",
        r"怪味|异味|奇怪的味道|怪怪的味|刺鼻|一股味|化学味|有股味道|难闻的气味",
        en(
            r"(?:strange|weird|funny|odd|unusual|chemical|acrid|pungent|strong) (?:smell|odou?r|stench)",
            r"smells? (?:strange|weird|funny|odd|off)|something smells|smell something",
        ),
        weak=True,
        drop_if=alt(
            r"垃圾|下水|厕所|马桶|臭水沟|宠物|狗|猫|尿|粪|屎|化粪池|垃圾桶|垃圾房|油烟|饭菜|香水|装修|油漆|甲醛|烟味|抽烟|臭",
            en(
                r"rubbish|bins?|garbage|trash|drains?|sewage|toilet|dogs?|cats?|pee|urine|poo|paint|perfume|cooking|food|cigarettes?|smoking|sewer|mould|mold"
            ),
        ),
    ),
)

PEOPLE_RULES = (
    OUTAGE_RULES
    + MEDICAL_RULES
    + INJURY_RULES
    + THREAT_RULES
    + VULNERABLE_RULES
    + GENERIC_WEAK_RULES
)
