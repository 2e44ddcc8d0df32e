"""Normalisation and shared vocabulary for the life-safety net (see safety.py).

``normalise`` (safety_spelling.py) folds how people write in a hurry onto the
spellings these patterns use; both languages may share one line ("lift里有人").

English words inside patterns are wrapped with ``en()``: ``\\b`` does not work
next to Chinese characters (both count as word characters), so an English word
is delimited by "no ASCII letter on either side" instead.
"""

from __future__ import annotations

from .safety_spelling import en as en


def alt(*parts: str) -> str:
    """Non-capturing alternation of regex sources."""
    return "(?:" + "|".join(parts) + ")"


# --- shared vocabulary (regex sources) -------------------------------------

LIFT = alt(
    r"电梯|轿厢|梯里|升降机|货梯|客梯|梯子里|(?:[东西南北左右中]|[0-9一二三四五六]号|(?<![a-z])[a-z]\d?)梯(?=停|卡|坏|里|困|不动|掉)",
    en(r"lifts?", r"elevators?", "lift car"),
)

_KIN_ZH = (
    r"妈妈?|爸爸?|母亲|父亲|奶奶|爷爷|外婆|外公|姥姥|姥爷|老婆|老公|儿子|女儿|孩子|小孩|宝宝|婴儿"
)
PERSON_ZH = (
    rf"(?:人|我|我们|咱们|他|她|他们|{_KIN_ZH}|老人|老太太|老爷爷|老奶奶|孕妇|邻居|朋友|家人|"
    r"快递员|外卖员|小哥|阿姨|大爷|大妈|小朋友|学生|同事|客人|保洁|住户|业主|工人|师傅|保安|老太|老头)"
)
_KIN_EN = (
    r"mum|mom|mother|dad|father|son|daughter|kids?|child|children|baby|wife|husband|"
    r"grandma|grandmother|grandpa|grandfather|nan|gran|granny|neighbou?r|friend|family|"
    r"brother|sister|aunt|uncle|parents?|toddler|boy|girl|workers?|builders?|cleaners?|guards?|gardeners?|"
    r"cyclist|pedestrian|passer-?by|tenant|resident|colleague|carer"
)
PERSON_EN = en(
    r"i|i'm|i am|we|we're|we are|us|me",
    rf"(?:my|our|his|her|their|a|an|the|two|three|some) (?:little |old |elderly |young )?(?:{_KIN_EN}|man|woman|lady|guy|person|people|passengers?|residents?|courier|cleaner|delivery (?:guy|man|driver))",
    r"someone|somebody|anyone|anybody|people|person|he|she|they|he's|she's|they're|residents?|passengers?|kids|children",
)
PERSON = alt(PERSON_ZH, PERSON_EN)

CHILD_ZH = r"(?:孩子|小孩|儿子|女儿|宝宝|婴儿|小朋友|幼儿|娃|小宝|孙子|孙女|外孙|小男孩|小女孩|(?<![a-z])bb(?![a-z霜]))"
ELDER_ZH = (
    r"(?:老人|老太太|老奶奶|老爷爷|老头|老大爷|老大妈|独居|奶奶|爷爷|外婆|外公|姥姥|姥爷|老母亲|"
    r"老父亲|阿婆|阿公|老人家|老伯|大爷|大妈|老太|阿伯|伯伯|婆婆|阿嫲|阿爷|"
    r"(?<!\d)(?<!我)(?<!今年)[7-9]\d(?:多)?岁|(?<!我)(?<!今年)[七八九]十(?:多)?岁)"
)
CHILD_EN = en(
    r"child|children|kids?|toddlers?|baby|babies|infant|son|daughter|little (?:boy|girl|one)|boy|girl|grandson|granddaughter",
    r"(?<!\d)(?:1[0-7]|[1-9]) ?(?:yr|year|yo|y/o)s?(?:[- ]old)?|\d+ ?months?(?:[- ]old)?",
)
ELDER_EN = en(
    r"old (?:man|woman|lady|gentleman|person|neighbou?r|couple|people|mr|mrs|ms|miss|auntie|uncle)|elderly|pensioner|grandma|grandmother|"
    r"grandpa|grandfather|granny|nan",
    r"\d+[- ]year[- ]old",
    r"(?<!\d)[7-9]\d ?(?:\+|yrs?|yo|y/o)|(?<=[(（])[7-9]\d(?= ?[,，)）])|in (?:his|her|their) [7-9]0s",
)

POWER_OUT = alt(
    r"停电|断电|没电|没有电|没了电|掉电|电停了|电都停了|全停了|跳闸",
    en(
        r"power (?:cut|outage|failure|is out|is off|is down|went out|went off|has gone|gone|down|out)",
        r"power(?:'s| has) (?:out|gone|gone out|gone off)",
        r"no (?:power|electricity|electric)",
        r"without (?:power|electricity)",
        r"lost (?:power|electricity|all power)",
        r"blackout|black out|blacked out|outage",
        r"electricity (?:is |has )?(?:out|off|gone|cut|down)",
    ),
)
# Darkness: a power loss only when it covers the building, not one stairwell lamp.
DARK = alt(
    r"一片漆黑|漆黑|全(?:都)?灭了|都灭了|黑漆漆|黑灯瞎火|全黑|摸黑|全都黑|都黑了|全黑了|灯全灭|灯都灭|灯全不亮|灯都不亮|灯全部不亮|(?<!天)(?<!天快)(?<!天都)黑了|好黑|很黑",
    en(
        r"no lights?|without lights?|pitch (?:black|dark)|in the dark|(?:completely|totally|all|really) dark|dark everywhere",
        r"(?:all )?(?:the )?lights? (?:are |is |have )?(?:all )?(?:out|off|gone|gone out|went out)",
        r"(?:is|are|went|gone|been|'s|all|completely|totally|whole \w+|tower|building|block) (?:\w+ )?dark(?! (?:colou?r|green|blue|brown|red|grey|gray|spot|patch|stain|mark|wood))",
    ),
)
WATER_OUT = alt(
    r"停水|断水|没水|没有水|没了水|不来水|水都停了|水停了|一滴水都没有|不出水|没有自来水",
    en(
        r"no (?:running |tap |cold |hot )?water",
        r"without (?:running )?water",
        r"water (?:is |has been |has |'s )?(?:off|cut|cut off|out|gone)",
        r"water (?:supply )?(?:cut|outage|failure)",
        r"lost water|taps? (?:are |have )?(?:dry|run dry|gone dry)",
    ),
)
# The whole building or estate, not one home.
SCOPE = alt(
    r"整栋|整幢|成栋|成幢|全栋|整座|整个?楼|整个?大楼|全楼|一整栋|整个?单元|全单元|整个?小区|全小区|小区(?:里)?(?:都|全|整个)|"
    r"整个?园区|整个?社区|整片|这一片|附近(?:都|全)|整层|整条|所有(?:人|住户|业主|楼|单元|人家|房子|的灯)|家家户户|每家每户|"
    r"(?:我们|我家|这)(?:这)?(?:栋|幢)(?:楼)?|大家(?:家)?都|(?:邻居|隔壁|对门|楼上|楼下)(?:们|家)?(?:也|都)|楼上楼下|好几栋|几栋楼|楼里|"
    r"电梯(?:也|都)|(?:全|都|全部|全都)(?:停电|断电|没电|停水|没水|黑了)|单元到.{0,3}单元|几个单元|好几个单元|几个楼|整个?\d*期|小区(?=停|断|没|的水|的电|供水|供电)|(?:片区|园区|全区|周边)(?:都|全|也)?(?:停|断|没)",
    en(
        r"(?:whole|entire) of|(?:building|block|tower|bldg|blk|phase) ?(?:\d+[a-z]?|[a-z](?![a-z]))|several (?:blocks|buildings|floors)|everywhere|all over the (?:building|estate|block|place)",
        r"(?:whole|entire) (?:building|block|estate|tower|floor|street|area|complex|compound|neighbou?rhood|place|site|community)",
        r"every (?:flat|unit|apartment|floor|home|house|household)|everyone|everybody",
        r"all (?:the |of the |our )?(?:building|block|estate|flats|apartments|units|floors|residents|houses|homes|tower|neighbou?rs|households|lights)",
        r"building[- ]wide|estate[- ]wide|block[- ]wide",
        r"(?:the|our|my|this|whole) (?:building|block|estate|tower|complex|compound|neighbou?rhood|street|area)",
        r"across the (?:estate|building|block)|neighbou?rs?(?:'s)? (?:also|too|as well)|neighbou?rs? (?:have|has|are) (?:also |too )?(?:no|lost|without|out)",
    ),
)
# Shared spaces: their power going off points at the building, not one home.
COMMON_AREA = alt(
    r"楼道|走廊|公共区域|大堂|电梯(?:也|都)|地库|车库|楼梯",
    en(
        r"common areas?|stairwells?|stairs|corridors?|hallways?|lobby|car ?park|garage",
        r"lifts? (?:also |too |are |is |have )*(?:down|out|stopped|dead|not working|off|not moving)",
    ),
)
MY_UNIT = alt(
    r"我家|我们家|我屋|家里|只有我家|就我家|我房间|我这户",
    en(
        r"(?:only|just) (?:my|our|mine|ours)",
        r"(?:in |at )?(?:my|our) (?:flat|apartment|unit|home|house|room|kitchen|bathroom)",
    ),
)
MED_DEVICE = alt(
    r"呼吸机|制氧机|氧气机|吸氧机|氧气瓶|吸氧|透析|血透|腹透|吸痰器|雾化器|医疗设备|医疗器械|医疗仪器|生命维持|监护仪|胰岛素|输液泵|营养泵",
    en(
        r"ventilators?|oxygen(?: machine| concentrator| tank| pump| supply)?|concentrator|dialysis|haemodialysis|hemodialysis",
        r"c-?pap|bi-?pap|life support|medical (?:equipment|device|devices|machine|machines)",
        r"feeding pump|suction machine|insulin|nebuli[sz]er|respirator|breathing machine",
    ),
)
# A plea for help, in any words.
PLEA = alt(
    r"救命|救救|求救|快来人|快来|快点|赶紧|紧急(?!呼叫|按钮|出口|灯|照明|通道|联系|电话|疏散|制动|停止|开关|对讲|广播|预案)|急急|求求",
    en(
        r"help|sos|hurry|asap|urgent|come (?:now|quick|quickly|fast)|send (?:someone|somebody|help)|please come",
        r"emergency(?! (?:button|exit|lights?|lighting|phone|number|stop|call|alarm|brake|contact|services?|plan|kit|lane|door|intercom))",
    ),
)
BATTERY = alt(
    r"电池|备用电|快没电|撑不了|撑不住",
    en(r"batter(?:y|ies)|backup|running (?:out|low)|only lasts?|hours? left|minutes? left"),
)
# A planned or future interruption: a question for the office, not an emergency.
PLANNED = alt(
    r"计划停|计划性|预计|停水通知|停电通知|通知(?:说)?(?:明天|后天|下周|将|要|会)|明天|后天|明早|明晚|下周|下个月|下礼拜|下星期|将于|将要|即将|检修停|维护停|"
    r"(?:会|要|将)停(?:水|电)|什么时候停|会不会停|是否停|几点(?:开始)?停|周[一二三四五六日天]停|号停",
    en(
        r"tomorrow|tonight (?:there will|will)|next (?:week|month|day|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
        r"scheduled|planned|upcoming|in advance",
        r"will (?:there )?be (?:a |an )?(?:power|water|electricity|outage|cut|shutdown|interruption)",
        r"(?:is|are) going to (?:be )?(?:cut|off|shut)|will (?:the )?(?:water|power|electricity) be",
        r"maintenance (?:work|shutdown|outage)|notice (?:says|said|about)",
    ),
)
# An animal, not a person, is stuck; "trapped" by a bill or said as a joke.
NOT_PEOPLE = alt(
    r"猫|狗|宠物|鸟|鹦鹉|仓鼠|兔子",
    en(r"cats?|kittens?|dogs?|pupp(?:y|ies)|pets?|birds?|squirrels?"),
)
FIGURATIVE = alt(
    r"物业费|费用|房贷|债务|琐事|难题",
    r"笑话|开玩笑|哈哈|感觉(?:像)?被困|像被困|被困在\S{0,10}(?:一样|似的)",
    en(
        r"(?<!no )(?<!not a )jok(?:e|es|ing)|lol(?! not funny)(?!,? (?:seriously|but seriously))|haha\w*|kidding|by (?:the )?(?:bills?|fees?|work|debt)"
    ),
)
NOBODY_IN = alt(
    r"没(?:有)?人(?:被)?困|没(?:有)?人在里",
    en(r"(?:nobody|no one|noone)(?: is| was|'s)? (?:inside|in it|in there|stuck|trapped)"),
)
# Hedges: "好像", "I think" — a cue, not a report.
HEDGE = alt(
    r"好像|似乎|可能|听着像|不确定|不知道|隐约|貌似",
    en(r"maybe|i think|not sure|sounds like|seems?|might|possibly|perhaps|probably"),
)
