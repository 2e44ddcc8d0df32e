"""Life-safety patterns, part 2: gas, electricity (shocks, water in electrical rooms) and water (bursts, floods).

Same ``Rule`` format as safety_rules.py.
"""

from __future__ import annotations

from .safety_lexicon import alt, en
from .safety_rule import near, rule

_GAS = r"(?:煤气|燃气|天然气|液化气|瓦斯|沼气|管道气)"
GAS_RULES = (
    rule(
        "gas",
        rf"{_GAS}(?:的)?(?:味|气味|泄露|泄漏|漏了|漏气|在漏|漏出|好重|很重|很大|冲|刺鼻|熏|报警器?(?:一直|在|突然|正在|还在)*(?:响|叫|报警)|报警了|爆炸|爆了|管(?:道)?(?:破|裂|断|爆|漏)|中毒)",
        rf"闻到{near(6)}{_GAS}|(?:一股|好大一股|浓浓的|刺鼻的|很浓的|很重的){_GAS}",
        rf"{_GAS}(?:管|管道|管子|表|阀|阀门|罐|瓶|钢瓶|总阀|立管){near(10)}(?:撞|断|破|裂|坏|漏|冒气|呲|嘶|往外冒|松了)",
        rf"(?:撞|挖断|弄断|砸|碰)(?:了|坏|断|破)?{near(4)}{_GAS}(?:管|管道|管子|表|阀|罐|瓶)",
        rf"{_GAS}[\s\S]{{0,24}}?(?:(?<!没)(?<!没有)(?<!无)(?<!不到)(?<!没异)(?<!没有异)(?<!无异)味|头晕|头疼|头痛|恶心|想吐|嘶嘶|呲呲|咝咝)",
        en(
            r"(?:gas|lpg)(?! (?:bill|fee|fees|meter reading|payment|company|station|price))[\s\S]{0,40}?(?<!no )(?<!zero )(?<!without )(?<!any )(?:smell|odou?r|stink|whiff|stench)",
            r"(?:smell|odou?r|stink|whiff|stench)[\s\S]{0,30}?(?:gas|lpg)",
        ),
        rf"{_GAS} ?(?:smell|leak|leaking)",
        r"一氧化碳|co中毒",
        en(
            r"(?:gas|lpg|propane|butane) (?:smell|leak|leaks|leaking|odou?r|is leaking|escaping|everywhere|poisoning)",
            r"(?:gas|lpg) (?:pipe|main|line|meter|cylinder|bottle|tank|valve|riser)s? .{0,20}(?:burst|broke|broken|cracked|leaking|damaged|hissing|blowing|smashed|ruptured|hit|split)",
            r"(?:hit|broke|cut|damaged|smashed|ruptured|cracked|severed|dug through|knocked) (?:a |the |into the |into a )?(?:gas|lpg) (?:pipe|main|line|meter|cylinder|bottle|tank|valve|riser)",
            r"gas alarm (?:is |keeps |has )?(?:going off|sounding|beeping|ringing|went off)",
            r"smell(?:s|ing|ed|t)? (?:\w+ly )?(?:of |like )?(?:gas|lpg)|(?:leaking|escaping|strong|whiff of|stench of|reek(?:s|ing)? of|stink(?:s|ing)? of|hissing) gas|gas (?:is |was )?hissing",
            r"(?:lpg|propane) leak|carbon monoxide",
        ),
    ),
    rule(
        "gas",
        r"漏气",
        need=r"厨房|灶|燃|煤|天然|管道|阀门|气表|热水器|味|不敢(?:开灯|开电|打火|点火|用电|按开关)",
        weak=False,
        drop_if=r"轮胎|车胎|气球|球|窗|门缝|暖气|空调|自行车|电动车|充气",
    ),
    rule(
        "gas",
        r"嘶嘶|呲呲|咝咝|哧哧",
        en(r"hiss\w*"),
        need=alt(
            r"味|闻|头晕|头疼|头痛|恶心|燃|煤|灶|管",
            en(r"smell\w*|dizzy|headache|sick|nause\w*|cooker|stove|hob|boiler|pipe|meter|gas"),
        ),
    ),
    rule(
        "gas",
        r"臭鸡蛋",
        en(r"rotten eggs?"),
        weak=True,
        drop_if=alt(
            r"下水道|马桶|厕所|化粪池|垃圾",
            en(r"drains?|sewage|sewer|toilet|bins?|rubbish|garbage"),
        ),
    ),
)

_ELEC_BOX_ZH = r"(?:配电房|配电室|配电间|电房|电井|强电井|电表间|电表箱|电箱|电表|变电箱|变电房|变电站|开关柜|总闸|配电箱|电闸|插座|电线|电缆|变压器|插线板|排插)"
_ELEC_BOX_EN = r"(?:risers?(?: cupboards?)?|cables|wires|wiring|fuse ?board|distribution board|electrical board|switch ?board|meter board|switch ?room|electrical (?:room|cupboard|panel|box|riser|cabinet|closet)|electric room|meter (?:room|box|cupboard|cabinet)|distribution (?:board|box|room)|fuse ?box|breaker (?:box|panel)|substation|transformer|consumer unit|sockets?|outlets?|plug sockets?|power points?)"
ELECTRIC_RULES = (
    rule(
        "electric",
        r"触电|被电(?:到|了|击|伤)|电到(?:了|人|我|他|她|孩子)|(?<![停断])电了(?:我|他|她|一下)|电击|麻手|手麻了|被麻到|麻到了|被电麻",
        rf"(?:摸|碰|碰到|摸到){near(8)}(?:被电|麻了|电人|有电|电了一下|电到)|(?:有电|带电|漏电){near(6)}(?:电人|电到|麻)",
        rf"{_ELEC_BOX_ZH}(?:里)?(?:也|都|已经|在|正在|一直|还在)?(?:往外)?(?:冒水|出水|流水|进水|被淹|淹了|泡水|泡在水|浸水|积水|在漏水|漏水|渗水|全是水|灌水|有水|滴水|湿了|泡了)",
        rf"(?:水|雨|雨水|暴雨|洪水|积水){near(8)}(?:漫|流|灌|渗|漏|淹|滴)(?:进|到|向|入)?(?:了)?{near(4)}(?:配电|电房|电井|电表|电箱|插座|电线|变压器|开关柜)",
        r"(?:电线|电缆|插座|插线板|接线板)(?:掉|泡|浸|落)(?:在|进|到)?.{0,3}水",
        rf"(?:电梯井|电梯里|轿厢)(?:里)?(?:有水|进水|漏水|全是水|积水|灌水)|水{near(6)}(?:流|灌|漏|渗)(?:进|到)?(?:了)?(?:电梯井|电梯里|轿厢)",
        en(
            r"electric(?:al)? shocks?|electrocut\w*",
            r"(?:got|get|getting|been|just got) (?:a )?(?:shock|shocked|zapped)(?! (?:by|at|to|that) (?:how|the bill|the price|the fee|the cost|the service|the attitude))",
            r"shocked (?:me|him|her|my|us)|(?:gave|giving|gives?) (?:me |him |her |us |people |you |my \w+ )?(?:a |electric )?shocks?",
            r"(?:got|getting|felt|feel|get|gets) (?:a )?(?:tingle|tingling|zap|jolt)|electrified",
            r"(?:railing|handrail|door|tap|metal|pipe|fence|pole|lamp ?post|gate|bars?) .{0,15}(?:is |are )?(?:live|electrified|shocking people)",
            r"live (?:wires?|cables?) .{0,25}(?:water|puddle|floor|flood\w*|touching|hanging|sparking|wet)",
            rf"(?:water|flood\w*|leak\w*|pouring|dripping|seeping|rain) .{{0,50}}{_ELEC_BOX_EN}",
            rf"{_ELEC_BOX_EN} .{{0,25}}(?:is |are |has |got )?(?:flooded|flooding|under ?water|full of water|wet|soaked|submerged|filling with water)",
            r"(?:wires?|cables?) (?:are |is )?(?:in|touching|lying in|hanging in|under) (?:the )?(?:water|puddle|flood)",
            r"(?:lift|elevator)(?: shaft| car| pit)? .{0,15}(?:full of water|flooded|flooding|under water|filling (?:up )?with water)|water (?:is )?(?:pouring|coming|running|flowing|leaking) (?:in|into|down) (?:the )?(?:lift|elevator)",
        ),
    ),
    rule(
        "electric",
        r"漏电(?!保护|开关)",
        rf"{_ELEC_BOX_ZH}{near(8)}(?:滋滋|嗞嗞|吱吱|噼啪|噼里啪啦|啪啪|嗡嗡|异响|发烫|发热|烫手|很烫|变黑|发黑|熔化|融化|变形)",
        rf"(?:灯|电灯|灯泡|灯管){near(6)}(?:一闪一闪|闪烁|忽明忽暗|闪个不停|一直闪|乱闪){near(15)}(?:滋滋|嗞嗞|吱吱|噼啪|啪|嗡嗡|响|声音|发烫|烫|焦|味)",
        rf"水{near(8)}(?:滴|漏|流|渗)(?:到|进|在)?{near(4)}(?:灯|开关|灯具|吊灯)",
        en(
            r"tingl\w*|mild shock|little shock|static shock",
            r"(?:socket|outlet|plug|switch|meter box|fuse ?box|breaker|panel|wires?|wiring|cables?|electrical box|consumer unit|transformer|light fitting) .{0,25}(?:buzz\w*|crackl\w*|humming|hums|sizzl\w*|popping|hot|warm|melt\w*|scorch\w*|blacken\w*|discolou?r\w*|arcing)",
            r"(?:buzz\w*|crackl\w*|sizzl\w*|popping|arcing) .{0,25}(?:meter box|fuse ?box|socket|outlet|switch|panel|wires?|wiring|breaker)",
            r"flicker\w* .{0,40}(?:buzz\w*|crackl\w*|hum|hums|humming|hot|warm|smell|sizzl\w*|pop\w*)",
            r"(?:water|leak\w*|drip\w*) .{0,25}(?:light fitting|light fixture|ceiling light|lights?|switch)",
        ),
        weak=True,
    ),
)

FLOOD_RULES = (
    rule(
        "flood",
        r"爆管|(?:水管|管道|管子|水表|阀门|总阀|角阀|三角阀|水阀|阀|自来水管|主管|消防管|暖气管|水龙头|热水器|水箱|软管|进水管)(?:突然|又|整个)?(?:爆|炸|崩|裂|断|破|脱落|掉)(?:了|开|裂|掉)|水(?:管)?爆了|爆水管",
        r"喷水|狂喷|往外(?:喷|冒|涌|灌)|(?:水|污水|雨水)(?:一直|不停|正在|在|都|已经|全)?(?:往外|往下|往里)?(?:涌|灌进|喷|冒出来|倒灌)|水漫|漫水|漫出来|漫进|淹了|被淹|水淹|淹水|淹到|发大水",
        r"(?:水|已经|都)(?:已经)?(?:到|没过|漫过|淹过|淹到)(?:了)?(?:脚脖子|脚踝|脚面|脚背|膝盖|小腿|腰)|哗哗(?:地|的)?(?:流|往下|漏|淌|冒|喷)|(?:漏|流|滴)得?(?:像|跟)(?:下雨|瀑布|水帘)|像(?:下雨|瀑布)一样|水帘洞",
        r"(?:全是|都是|满地|满屋|到处都是|一地)(?:的)?水(?![渍印迹痕垢费表])|积水很深|(?:大量|大面积|严重|疯狂)(?:漏水|渗水|积水|进水|涌水|冒水)|漏(?:水)?得?(?:很|特别|非常|太)(?:厉害|严重|大|快)|水停不下来|关不住(?:总阀|阀门)",
        r"(?:地下室|地库|车库|电梯井|一楼|大堂|楼道)(?:里)?(?:已经|全|都)?(?:进水|淹|积水很深|被淹|全是水)",
        rf"水{near(10)}(?:流|冒|涌|灌|喷|漏|渗)[\s\S]{{0,8}}?(?:越来越大|越来越多|越来越快|止不住|停不下来)",
        r"天花板(?:已经)?(?:鼓|鼓起|鼓包|下沉|往下掉|要塌|快塌|塌了|塌下来|裂开)",
        en(
            r"burst(?:ing)? (?:pipe|main|water main|water pipe|hose|tank|boiler|cylinder)",
            r"(?:pipe|main|water main|pipes|hose|tank|boiler|valve|tap|faucet|cylinder)(?: has| have| just| is| suddenly)* (?:burst|bursted|exploded|split|broke off|snapped|blew|come off|came off|gave way)",
            r"flood(?:ing|ed|s)?(?! (?:insurance|risk|defences?|barriers?|warning|zone|lights?|lamps?|plain))",
            r"water(?:'s)? (?:is |keeps |has been |started |just |now )?(?:pouring|gushing|spraying|shooting|flooding|streaming|cascading|rushing|coming in fast|everywhere|rising|coming through the (?:ceiling|light|floor|walls?))",
            r"(?:pouring|gushing|streaming) (?:water|in|through|down|out|from)|spraying water",
            r"water .{0,15}(?:ankle|knee|inches|cm|centimet\w*|feet|foot) deep|(?:ankle|knee|waist)[- ]deep",
            r"like (?:a waterfall|rain|a river|a fountain)",
            r"(?:can't|cannot|can not|unable to) (?:stop|turn off|shut off|shut) (?:the )?(?:water|leak|valve|tap|it)",
            r"(?:ceiling|roof) .{0,15}(?:collaps\w*|caving|caved|gave way|falling in|bulging|sagging|bowing)",
            r"(?:is|are) (?:completely |totally |all |now )?(?:under ?water|submerged)|coming in under the doors?",
        ),
        drop_if=alt(
            r"喷灌|喷头|洒水|浇水|浇花|洗车|消杀|打药|喷药",
            en(
                r"(?:lawn|garden|grass) sprinklers?|sprinklers? (?:head|is|are|was|were)|irrigation|hose ?pipe|watering",
                r"mosquito\w*|pesticide|insecticide|fogging|car wash",
            ),
        ),
        weak_if=alt(
            r"一点点|少量|不多|不大|不急",
            en(r"slow drip|a little|slightly|a bit of|small amount|not urgent|no rush"),
        ),
        drop_near=en(
            r"flooded with (?:complaints|calls|messages|emails|ads|spam|requests)", r"inbox"
        ),
    ),
    rule(
        "flood",
        r"关不住|止不住",
        en(r"won't (?:stop|turn off)|keeps running|running non-?stop"),
        weak=True,
        need=alt(r"水|阀", en(r"water|tap|valve|pipe|leak")),
    ),
)

UTILITY_RULES = GAS_RULES + ELECTRIC_RULES + FLOOD_RULES
