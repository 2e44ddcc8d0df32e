"""Life-safety patterns, part 1: people trapped, fire and smoke.

Each ``Rule`` names a hazard and a regex over the text folded by
``safety_lexicon.normalise``. A strong rule means "this is happening now"; a
weak rule is a cue that only justifies asking the resident "is anyone in
danger?". Negation, hypotheticals, past events and resolutions are handled for
every rule in safety.py, so the patterns here describe the situation only.

The options of a ``Rule`` are described in safety_rule.py.
"""

from __future__ import annotations

from .safety_lexicon import (
    FIGURATIVE,
    HEDGE,
    LIFT,
    NOBODY_IN,
    NOT_PEOPLE,
    PERSON_EN,
    PERSON_ZH,
    PLEA,
    alt,
    en,
)
from .safety_rule import near, rule

# Ordinary smoke that is nobody's emergency: cigarettes, cooking, barbecues, incense.
SMOKE_CONTEXT = alt(
    r"抽烟|吸烟|二手烟|烟头|烟蒂|香烟|烟民|油烟|烧烤|烤肉|做饭|炒菜|烧纸|祭祀|烧香|焚香|蚊香|烟花|鞭炮|熏|雾霾|水蒸气|蒸汽|烟囱|排烟|饭店|餐馆|餐厅",
    r"点香|上香|拜佛|拜神|供香|香火|檀香|艾灸|烧艾|辣椒|花椒",
    en(
        r"cigarettes?|cigs?|cigars?|smokers?|second-?hand|tobacco|vap(?:e|es|ing)|weed|joints?|bbq|barbecues?|grill(?:ing)?",
        r"incense|cooking|burnt (?:toast|food|rice)|toast|fireworks?|firecrackers?|steam|mist|fog|dust|hookah|shisha|chimney|exhaust|restaurant",
        r"(?:to|go|goes|went) smoke|for a smoke|smoke breaks?|chill?i",
        r"burn(?:ed|t) (?:the |my |some |our )?(?:toast|food|rice|dinner|lunch|breakfast|pan|pot|popcorn|bacon|milk|sauce)|roast\w*|frying|fried|baking|toasting|chestnuts|popcorn",
        r"burning (?:leaves|rubbish|garden waste|paper|wood|candles?)|bonfire",
        r"(?:someone|people|neighbou?rs?|he|she|they|guys?|man|men|workers?) (?:is |are |keeps? |keep |always )?smoking",
    ),
)
# Work that throws sparks or smoke on purpose.
RENO_CONTEXT = alt(
    r"装修|电钻|切割|电焊|焊接|焊|切瓷砖|切割机|施工|工人",
    en(
        r"grinder|grinding|welding|welder|cutting|drill\w*|reno\w*|workmen|builders?|contractors?|construction"
    ),
)
DRILL = alt(
    r"演习|演练|测试|检测|培训|讲座|宣传|检查",
    en(r"drills?|tests?|testing|inspections?|training|maintenance"),
)
ALARM_HABIT = alt(
    r"又|老是|总是|经常|天天|每天|动不动|误报|三天两头|半夜|乱响",
    en(
        r"again|keeps?|kept|always|every|false|often|constantly|randomly|for no reason|nuisance|beep\w*|chirp\w*"
    ),
)
ALARM_BATTERY = alt(r"没电|电池|低电|欠压", en(r"battery|batteries|low power|chirp\w*"))
# Someone is said to be in the lift, or asks for help.
SOMEONE_IN = alt(
    PERSON_ZH,
    PLEA,
    r"里面|里边|里头|困|喊|叫|敲|哭",
    en(
        r"inside|in it|in there|trapped|someone|somebody|people|passengers?|i|i'm|we|we're|us|me|my \w+|kids?|child"
    ),
)
_ROOM_ZH = r"(?:里面|里边|里头|屋里|屋内|房间|房里|卧室|卫生间|厕所|洗手间|浴室|阳台|露台|天台|地下室|储藏室|车里|家里|门里|柜子里)"
_ROOM_EN = r"(?:room|bedroom|bathroom|toilet|loo|balcony|terrace|roof|basement|cupboard|closet|wardrobe|storeroom|store room|flat|apartment|house|stairwell)"

TRAPPED_RULES = (
    rule(
        "trapped",
        r"被困(?!扰|惑)|困在|困住|困人|困梯|困着人|关着人|被关在|被锁在|反锁在|被反锁",
        en(r"trapped|entrapped", r"trapped"),
        drop_near=alt(NOT_PEOPLE, FIGURATIVE),
    ),
    rule(
        "trapped",
        rf"{PERSON_ZH}{near(6)}(?:锁|关|卡|困)在{near(4)}{_ROOM_ZH}",
        detail="room",
        drop_near=alt(r"钥匙|门卡|手机|东西|钱包|包|证件|车", NOT_PEOPLE),
    ),
    rule(
        "trapped",
        r"(?:出不来|出不去|出不了门|出不了电梯|下不去|下不来|下不了楼)",
        drop_near=alt(
            r"车|水|气|快递|东西|垃圾|烟|钱|结果|报告|成绩|发票|东西", NOT_PEOPLE, FIGURATIVE
        ),
    ),
    # a lift stopped between floors: strong only when someone is said to be in it (else ask)
    rule(
        "trapped",
        rf"{LIFT}{near(12)}(?:卡在|停在|困在|坏在|卡|停)(?:了)?{near(10)}(?:两层|两个?楼层|楼层|两楼|半空|中间|之间|半路|半道)",
        en(
            r"(?:stuck|stopped|jammed|stalled|halted|hanging) (?:in )?between (?:two |the )?floors|between floors",
            r"(?:stuck|stopped|jammed|stalled|halted) (?:in )?between (?:floors? )?(?:\d+|[a-z]+)(?:st|nd|rd|th)? and (?:\d+|[a-z]+)",
        ),
        need=SOMEONE_IN,
    ),
    rule(
        "trapped",
        rf"{LIFT}{near(20)}(?:{PERSON_ZH}{near(3)}在(?:里面|里边|里头|电梯里)|(?:里面|里边|里|内)(?:还)?有{PERSON_ZH}|有人在里|人在里|关着人)(?!{near(4)}(?:抽烟|吸烟|尿|拉屎|吐|贴|吵|说话|乱|遛|带狗|骂|喊|叫|敲|拍|哭))",
        rf"(?:{PERSON_ZH}){near(4)}在(?:电梯|轿厢)里[^，,。！？!?\n]{{0,10}}?"
        r"(?:停|卡(?:住|了|在|死|着)|不动|坏|故障|打不开|开不了|掉下|掉了一下|坠|黑)",
        need=alt(
            r"停|卡|不动|坏|故障|打不开|开不了|开不开|掉|坠|下滑|冲顶|蹲底|急停|困|关|报警|警铃|黑|没电|出不",
            en(r"stopped|stuck|broke|broken|jammed|dropped|alarm|dark|dead"),
        ),
        detail="lift",
    ),
    rule(
        "trapped",
        rf"(?:门|门锁|把手|锁|房门){near(6)}(?:坏了|打不开|开不了|卡住|卡死|锁死|锁上|拧不开|开不开){near(14)}{PERSON_ZH}{near(6)}在{_ROOM_ZH}",
        rf"{PERSON_ZH}{near(3)}在{_ROOM_ZH}{near(14)}(?:门|门锁|把手|锁)(?:坏了|打不开|开不了|卡住|卡死|锁死|拧不开|开不开)",
        detail="room",
    ),
    rule(
        "trapped",
        rf"{LIFT}{near(12)}(?:喊|呼|求)救|(?:喊|呼|求)救{near(10)}{LIFT}",
        weak_if=HEDGE,
        detail="lift",
    ),
    rule(
        "trapped",
        en(
            rf"stuck (?:in|inside|between|on) (?:the |a |my |our |this |that |his |her )?(?:[a-z0-9]+ ){{0,2}}(?:lifts?|elevators?|{_ROOM_EN}|shaft|cabin|floors)",
            r"stuck (?:in|inside) (?:it|there|here)",
        ),
    ),
    rule(
        "trapped",
        rf"{PERSON_EN}(?:'s|'re| is| are| am| got| has been| have been| were| was| just got)? (?:still |now |currently |all )?stuck(?! (?:on|with) (?:the |a |this )?(?:problem|question|issue|bill|decision)| at (?:work|home|the office|school|a meeting)| in (?:traffic|a meeting|a queue|work))",
    ),
    rule(
        "trapped",
        en(
            r"can't get out|cannot get out|can not get out|unable to get out|couldn't get out|can't open the door|no way out",
            r"can't get (?:him|her|them|us|my \w+) out",
            r"locked (?:in|inside)(?! (?:a |the |my )?(?:contract|deal|price|rate|car|bike))|shut (?:in|inside)",
            r"locked out on (?:the |my |our )?(?:balcony|roof|terrace)",
        ),
        drop_near=en(r"car ?park|parking|barrier|car|cars|gate|garage|contract|deal"),
    ),
    rule(
        "trapped",
        rf"{LIFT}{near(30)}(?:with|and) {PERSON_EN}(?:'s|'re| is| are| am)? (?:still |stuck )?(?:inside|in it|in there|in the lift|in the elevator|stuck)",
        rf"{PERSON_ZH}(?:被)? ?(?:stuck|trapped)",
        rf"{PERSON_EN}(?:'s|'re| is| are| am| was| were)? (?:still |stuck )?(?:inside|in there|in the lift|in the elevator){near(30)}{LIFT}? ?{near(10)}(?:stopped|stuck|broke|broken|not moving|won't (?:open|move)|doors? (?:won't|will not|don't|do not|can't) open|jammed|dropped|fell|dark|dead)",
        detail="lift",
    ),
    rule(
        "trapped",
        rf"(?:door|handle|lock)s? {near(25)}(?:jammed|stuck|broken|won't open|will not open|doesn't open|can't open|locked){near(40)}{PERSON_EN}(?:'s|'re| is| are| am)? (?:still )?(?:inside|in there|locked in|in the {_ROOM_EN})",
        rf"{PERSON_EN}(?:'s|'re| is| are| am)? (?:still )?(?:inside|in there|locked in|in the {_ROOM_EN}){near(40)}(?:door|handle|lock)s? {near(25)}(?:jammed|stuck|broken|won't open|will not open|doesn't open|can't open)",
        detail="room",
    ),
    # a body part caught: 孩子把头卡在栏杆里, his hand is stuck in the gate
    rule(
        "trapped",
        r"(?:头|手|脚|腿|胳膊|手指|脖子)(?:被)?(?:卡|夹)(?:在|住)|拔不出来",
        en(
            r"(?:head|hand|arm|leg|foot|finger|neck)s? (?:is |are |got |has got )?(?:stuck|trapped|caught|jammed)",
            r"(?:got|has) (?:his|her|their|my) (?:head|hand|arm|leg|foot|finger) (?:stuck|trapped|caught)",
        ),
        detail="room",
    ),
    # someone inside, anywhere in a message about a lift: 电梯停了……我在里面, stopped with us inside
    rule(
        "trapped",
        rf"(?:我|我们|人|{PERSON_ZH})(?:还|都)?(?:在|关|困|锁|卡)(?:在)?(?:里面|里边|里头)(?!{near(4)}(?:抽烟|吸烟|尿|拉屎|吐|贴|乱|遛))|关了(?:个|一个|两个|几个)|关(?:了|着)?人(?!员)|困了人|(?:里面|里边)(?:好闷|很闷|好热|没信号|好黑)",
        en(
            r"(?:with|and) (?:us|me|him|her|them|people|someone|somebody|my \w+|a \w+|two \w+|\d \w+)(?:'s|'re| is| are| am)? (?:still |stuck |trapped )?(?:inside|in it|in there)",
            r"(?:i'm|i am|we're|we are|he's|she's|they're|he is|she is|they are|someone's|someone is|people are|my \w+ is|my \w+'s|it's me) (?:still |stuck |trapped )?(?:inside|in it|in there|in here)",
            r"(?:we|were|i) (?:are |am )?(?:still )?inside",
            r"there(?:'s| is| are) (?:a |an |two |three |some |\d+ )?(?:\w+ ){0,2}(?:inside|in there|in it)",
            r"(?:people|someone|somebody|kids?|children|\d+ \w+|two \w+|three \w+|an? \w+|my \w+) (?:are |is )?(?:still )?(?:inside|in there|in it)(?! (?:the|my|our) (?:flat|house|home))",
        ),
        requires=LIFT,
        detail="lift",
    ),
    # a plea and a lift, nothing else needed: "HELP LIFT", "救命 电梯", "lift 卡住了 help!!!"
    rule(
        "trapped",
        rf"{PLEA}{near(12)}{LIFT}(?![口厅间前旁边门])|{LIFT}(?![口厅间前旁边门]){near(12)}{PLEA}",
        rf"{LIFT}[\s\S]{{0,16}}?(?:卡住|卡了|停了|不动了|stuck|stopped|jammed)[\s\S]{{0,30}}?{PLEA}",
        weak_if=alt(
            r"又|每天|天天|总是|老是|爬楼|走楼梯|修",
            en(r"again|every day|always|walk(?:ing)? up|stairs|fix|repair"),
        ),
        drop_if=NOBODY_IN,
        detail="lift",
    ),
    # weak: sounds from a lift, its alarm bell, a lift that stopped with nobody mentioned
    rule(
        "trapped",
        rf"{LIFT}{near(10)}(?:有人|人声|有小孩|有孩子|有声音|有动静){near(6)}(?:喊|叫|敲|拍|哭|呼)",
        rf"(?:有人|听到|听见)(?:在)?(?:喊|叫|敲|拍|哭){near(10)}{LIFT}",
        rf"{LIFT}{near(6)}(?:警铃|报警铃|报警器|警报|紧急按钮|对讲)(?:一直|在|不停|正在|被按)?(?:响|叫|报警)?",
        rf"{LIFT}{near(8)}(?:突然)?(?:停了|停住|卡住|卡了|不动了|掉下|下坠|坠落|往下掉|急停|冲顶|蹲底)",
        r"有没有人(?:被困|困在|在里面|在电梯)|不知道(?:里面)?有没有人",
        weak=True,
        detail="lift",
        drop_if=r"走楼梯|爬楼梯|爬楼|(?<![a-z])(?:walk(?:ing)? up|take the stairs|taking the stairs)(?![a-z])",
    ),
    rule(
        "trapped",
        rf"(?:someone|somebody|people|voices?|a voice|kids?|a child|a person|a man|a woman|he|she)(?:'s| is| are)? (?:knocking|banging|shouting|yelling|screaming|crying|calling|tapping){near(30)}{LIFT}",
        rf"{LIFT}{near(30)}(?:someone|somebody|people|voices?|a voice|a child|a person)(?:'s| is| are)? (?:knocking|banging|shouting|yelling|screaming|crying|calling|tapping)",
        rf"(?:hear|heard|hearing) (?:knocking|banging|shouting|yelling|screaming|crying|voices|someone|somebody|people){near(30)}{LIFT}",
        rf"{LIFT}{near(15)}alarm (?:bell )?(?:is |keeps |has been |was )?(?:ringing|going off|sounding|buzzing)",
        rf"{LIFT}(?: is| has| just| suddenly| got)* (?:stuck|stopped|jammed|dropped|plunged|fell|stalled)",
        r"(?:is|was) (?:anyone|anybody|someone|somebody) (?:stuck|trapped|inside|in there)",
        weak=True,
        detail="lift",
    ),
)

_FIRE_NOUN_NOT = r"(?:doors?|exits?|escapes?|extinguishers?|hydrants?|hoses?|drills?|safety|inspections?|alarms?|equipment|certificates?|marshals?|codes?|regulations?|lanes?|routes?|stations?|plans?|insurance|pits?|places?|wood|works|walls?|rating|proof|retardant|blankets?|hazards?|risks?|sprinklers?|cabinets?|panels?|brigade|department|services?|engines?|trucks?|fighters?|prevention|training|practice|evacuation|assembly|system|fighting|points?|rules?|check|checks|detectors?|resistant)"
_NOT_VERB = r"(?! (?:the|that|this|him|her|them|your|their|his|whoever|all|every|these|those|staff|people|management|contractors?|cleaners?|guards?|managers?|somebody|someone)(?![a-z]))"
FIRE_RULES = (
    rule(
        "fire",
        r"(?<!点)着火|起火|失火|火灾(?!隐患|风险|演习|演练|知识|保险|预防|逃生|应急|时|的时候|报警器|探测)|火苗|明火(?!作业)|火光|火势|(?<![开用转])大火(?!力|煮|炒|烧开)|烧起来|烧着了|燃起来|火烧|爆炸(?!声)",
        r"(?:插座|电线|电箱|电表|电闸|机器|电瓶车|电动车|充电器|电池|空调|冰箱|热水器|锅|灶|油锅|排插|插线板|变压器)(?:在|突然|一直)?(?:冒火|起火|着了|烧起来|烧了)",
        en(
            rf"(?<!to )(?<!should )(?<!please )(?<!gonna )fire(?![ -]{_FIRE_NOUN_NOT}(?![a-z])){_NOT_VERB}",
            r"on fire|caught fire|catch(?:es|ing)? fire|set (?:on )?fire|flames?|blaze|ablaze|explosion|exploded|blew up",
            r"(?:socket|outlet|plug|wires?|cables?|charger|battery|scooter|e-?bike|meter|panel|fuse ?box|transformer|heater|boiler|microwave|oven|stove|pan|pot) (?:is |are |was |started |keeps )?(?:burning|melting)",
        ),
        r"冒火(?![星花])",
        drop_if=alt(
            r"消防演习|火灾演习|消防演练|火警演习|消防培训|消防检查|还以为|我以为|以为是",
            en(
                r"fire drills?|fire safety (?:training|talk|inspection)|thought (?:it was|there was)"
            ),
        ),
        drop_near=alt(
            r"气得|心里|肚子|眼睛冒火|火冒三丈|吵得|烦得|(?:我|头|脑袋|脑子|心态|肺)(?:都)?(?:要|快|快要)?(?:气)?爆炸|爆炸头|爆炸性|信息爆炸",
            en(r"fireworks?|firecrackers?|camp ?fire|bonfire|ceasefire"),
        ),
    ),
    # sparks: ordinary from a grinder or a welder at work
    rule(
        "fire",
        r"火花|火星子|冒火星|电弧",
        en(r"sparks?|sparking|sparked|arcing"),
        drop_if=RENO_CONTEXT,
        drop_near=r"打火机|打火石|点火",
    ),
    # visible smoke: ordinary smoke (cigarettes, cooking) makes it only a cue
    rule(
        "fire",
        r"浓烟|冒烟|黑烟|冒出(?:很多|好多|一股|一阵|大量)?(?:的)?烟|烟(?:很大|太大|好大|特别大|越来越大|滚滚|弥漫|呛人)|好大的烟|全是烟|都是烟|满是烟|一屋子烟|一股烟(?!味)|有烟(?![头蒂民灰酒花火囱道味])|烟雾(?!报警|探测|感应)|呛得|呛人",
        r"(?:插座|电线|电箱|电表|机器|电瓶车|电动车|充电器|电池|空调|冰箱|热水器|排插|插线板|变压器)(?:在|突然|一直)?冒烟",
        en(
            r"smoke(?! (?:alarms?|detectors?|free|breaks?|signals?|tests?|shop|bombs?|machine|sensors?)(?![a-z]))",
            r"smoky|smokey|smouldering|smoldering|billowing",
            r"(?:socket|outlet|plug|meter|box|panel|wires?|cables?|fan|lights?|lamp|appliance|charger|scooter|battery|bike|engine|kitchen|chimney|pot|pan|oven|stove|microwave|heater|boiler|fridge|tv|machine|dryer|transformer|bin|chute|roof|ceiling|vent|unit|flat|window|fuse ?box|breaker|shaft|riser|cupboard|room|garage|car|stairwell|corridor|hallway|basement|building|block)(?: [a-z]+){0,4}? (?:is |are |was |started |keeps )?smoking",
        ),
        weak_if=SMOKE_CONTEXT,
        drop_if=DRILL,
    ),
    # smell of smoke or burning: cigarettes and cooking explain it away
    rule(
        "fire",
        r"烟味|焦味|焦糊|糊味|煳味|烧焦|烧糊|胶皮味|烧塑料|塑料烧|烧胶|电线烧|烧\S{0,4}?的?(?:味|气味|味道)|(?:焦|糊|胶)\S{0,2}味",
        en(
            r"(?:burnt|burned|burning|scorched|melting|smoky|smoke) (?:smell|odou?r|stench|plastic|rubber)",
            r"smell(?:s|ing|ed|t)? (?:of |like )?(?:burning|smoke|something burning|burnt|melting|electrical burning|plastic burning)",
            r"(?:something|it|smth|sth|smthg|what)(?:'s| is)? burning|(?:is|are) burning(?! (?:all|day|night|money|hot))",
        ),
        drop_if=alt(SMOKE_CONTEXT, DRILL),
        drop_near=en(
            r"lights? (?:are |is |were |left )?(?:still )?burning|burning (?:the )?lights|burning money|sunburn\w*|burning hot|burning (?:leaves|rubbish|garden waste|paper|incense|wood|candles?|the midnight)"
        ),
    ),
    rule(
        "fire",
        r"(?<!燃气)(?<!煤气)(?<!电梯)(?<!梯的)(?:烟感|烟雾报警器?|烟雾探测器|火警|消防警报|火灾报警器?|消防报警器?|消防铃|火警铃)(?:器)?(?:一直|突然|正在|在|全都|都|全|响个不停的?)?(?:响|叫|报警|鸣)",
        en(
            r"(?:fire|smoke|heat) ?alarms? (?:\w+ ){0,2}?(?:is |are |has |have |keeps |kept |started |just |been |all |now )*(?:going off|goes off|went off|sounding|ringing|blaring|triggered|activated|wailing|screaming|beeping|shrieking)",
            r"alarms? (?:is |are )?(?:going off|sounding|blaring|ringing) (?:everywhere|all over|in the (?:building|corridor|hallway|car ?park|garage|basement|stairwell))",
        ),
        weak_if=ALARM_HABIT,
        drop_if=alt(DRILL, ALARM_BATTERY),
    ),
    rule(
        "fire",
        r"巨响|一声响|爆炸声|砰的一声|嘭的一声|轰的一声",
        en(r"(?:loud|big|huge) (?:bang|boom|explosion)|heard an? (?:bang|boom|explosion)"),
        en(
            r"fire (?:engines?|trucks?|brigade|fighters?|department) (?:is |are )?(?:here|outside|arrived|coming|on (?:the|their) way)"
        ),
        r"消防车(?:来了|在楼下|到了)",
        weak=True,
    ),
)

PHYSICAL_RULES = TRAPPED_RULES + FIRE_RULES
