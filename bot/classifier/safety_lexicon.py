"""Normalisation and shared vocabulary for the life-safety net (see safety.py).

People write emergencies in a hurry: full-width characters, traditional
characters, IME homophone slips (电悌, 着伙, 天燃气, 晕到), English typos
(elevater, stuk, smok, fier), stretched letters (helppp) and both languages in
one line ("lift里有人"). ``normalise`` folds all of these onto the spellings the
patterns are written for, keeping character positions meaningful (one pass of
plain substitutions, nothing reordered).

English words inside patterns are wrapped with ``en()``: ``\\b`` does not work
next to Chinese characters (both count as word characters), so an English word
is delimited by "no ASCII letter on either side" instead.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 2000


def en(*words: str) -> str:
    """Alternation of English words/phrases delimited by non-letters."""
    return r"(?<![a-z])(?:" + "|".join(words) + r")(?![a-z])"


def alt(*parts: str) -> str:
    """Non-capturing alternation of regex sources."""
    return "(?:" + "|".join(parts) + ")"


# Traditional characters that appear in emergency wording, folded to simplified.
_TRAD = str.maketrans(
    "電煙氣燒災門鎖樓傷暈裡裏沒關斷緊著觸兒車媽賊搶殺槍闖這們個嗎壞動開來時麼會還現經點嚴險報響聲應層幫"
    "漏爆淹倒困救警孩燃積滅撲頭腳隻窗陽臺台護欄齊從掉跌摔龍頭燈閃線箱櫃廁間擊驚嚇喊門鈴",
    "电烟气烧灾门锁楼伤晕里里没关断紧着触儿车妈贼抢杀枪闯这们个吗坏动开来时么会还现经点严险报响声应层帮"
    "漏爆淹倒困救警孩燃积灭扑头脚只窗阳台台护栏齐从掉跌摔龙头灯闪线箱柜厕间击惊吓喊门铃",
)

# IME homophone slips and common miswritings, most specific first.
_ZH_SLIPS = (
    ("电悌", "电梯"),
    ("电题", "电梯"),
    ("电剃", "电梯"),
    ("困主", "困住"),
    ("困注", "困住"),
    ("捆住", "困住"),
    ("被捆", "被困"),
    ("困再", "困在"),
    ("关再", "关在"),
    ("锁再", "锁在"),
    ("卡再", "卡在"),
    ("着伙", "着火"),
    ("着活", "着火"),
    ("救明", "救命"),
    ("救民", "救命"),
    ("失伙", "失火"),
    ("起伙了", "起火了"),
    ("煤汽", "煤气"),
    ("媒气", "煤气"),
    ("燃汽", "燃气"),
    ("然气", "燃气"),
    ("天燃气", "天然气"),
    ("天然汽", "天然气"),
    ("漏汽", "漏气"),
    ("暴管", "爆管"),
    ("水管暴", "水管爆"),
    ("晕到", "晕倒"),
    ("昏到", "昏倒"),
    ("跌到了", "跌倒了"),
    ("骨拆", "骨折"),
    ("小愉", "小偷"),
    ("翘门", "撬门"),
    ("翘锁", "撬锁"),
    ("救名", "救命"),
    ("就命", "救命"),
    ("呼吸几", "呼吸机"),
    ("制氧几", "制氧机"),
    ("以经", "已经"),
    ("一经修好", "已经修好"),
    ("停点了", "停电了"),
)

# English typos and chat spellings, whole words only.
_EN_TYPO_TABLE = """
elevator: elevater elevetor elavator elevtor elevatr elevaor elvator eleveator elevador eleavtor elevatro elevetar elevatoe elevtaor elevtr
lift: lfit
lifts: lfits
stuck: stuk stcuk sutck stukc stck stucked stcuked
trapped: trappd traped trapt trappped trappedd
smoke: smok smoek smoak somke smkoe smoe smoks
smoking: smokin smokng
fire: fier fiar fyre fiire fiere frie fir3
burning: burnin buring burnign burining bruning burnng
gas: gass gaz
smell: smel smeel
smells: smels smelss
leak: leek leack leaak
electric: electic elecric eletric electirc elctric electrik
electricity: electricty electrcity elecricity eletricity electricy elctricity
shock: shok shokc
shocked: shoked shokced
flood: flod
flooding: flodding floding fooding
flooded: flooed floded
emergency: emergancy emergncy emergeny emegency emergecy emergnecy
help: hlep hepl halp
someone: someon somone sum1 some1 som1 sumone
somebody: sombody somebdy smbd
people: ppl ppls peple poeple
unconscious: unconcious unconscius unconsious unconcsious
breathing: breating breathin breahting
bleeding: bleding bleedin bleading
intruder: intuder intrudor intruda
thief: theif thef
burglar: burgler burgalar
power: powr pwr pwer
outage: outtage outge
balcony: balcany balconey
collapse: collaspe colapse
collapsed: colapsed collasped collpased
ventilator: ventilater
oxygen: oxgen oxigen oxygon
can't: cant
don't: dont
won't: wont
isn't: isnt
doesn't: doesnt
i'm: im
there's: theres
you: u
are: r
"""
# Chinese typed as pinyin (no IME at hand), folded to characters.
_PINYIN = {
    "dianti": "电梯",
    "kazhu": "卡住",
    "ka zhu": "卡住",
    "bei kun": "被困",
    "beikun": "被困",
    "kun zhu": "困住",
    "kunzhu": "困住",
    "zhaohuo": "着火",
    "zhao huo": "着火",
    "qihuo": "起火",
    "qi huo": "起火",
    "maoyan": "冒烟",
    "mao yan": "冒烟",
    "meiqi": "煤气",
    "mei qi": "煤气",
    "ranqi": "燃气",
    "ran qi": "燃气",
    "tingdian": "停电",
    "ting dian": "停电",
    "tingshui": "停水",
    "ting shui": "停水",
    "jiuming": "救命",
    "jiu ming": "救命",
    "kuai lai ren": "快来人",
    "kuailairen": "快来人",
    "chudian": "触电",
    "chu dian": "触电",
    "loushui": "漏水",
    "baoguan": "爆管",
}
_PINYIN_RE = re.compile(en(*sorted((re.escape(k) for k in _PINYIN), key=len, reverse=True)))
_EN_TYPOS = {
    wrong: right
    for line in _EN_TYPO_TABLE.strip().splitlines()
    for right, wrongs in [line.split(": ")]
    for wrong in wrongs.split()
}
_EN_TYPO_RE = re.compile(en(*sorted(map(re.escape, _EN_TYPOS), key=len, reverse=True)))
_STRETCH = re.compile(r"([a-z])\1{2,}")  # helppp, fireeee, stuckkk
_SPACES = re.compile(r"[ \t\u3000]+")


def normalise(text: str) -> str:
    """Fold width, case, script, slips and typos; keep punctuation (clauses need it)."""
    t = unicodedata.normalize("NFKC", text or "")[:MAX_CHARS].lower()
    t = t.translate(_TRAD).replace("’", "'").replace("‘", "'").replace("`", "'")
    for wrong, right in _ZH_SLIPS:
        t = t.replace(wrong, right)
    t = _STRETCH.sub(r"\1", t)
    t = _EN_TYPO_RE.sub(lambda m: _EN_TYPOS[m.group(0)], t)
    t = _PINYIN_RE.sub(lambda m: _PINYIN[m.group(0)], t)
    return _SPACES.sub(" ", t).strip()


# --- shared vocabulary (regex sources) -------------------------------------

LIFT = alt(r"电梯|轿厢|梯里|升降机|货梯|客梯|梯子里", en(r"lifts?", r"elevators?", "lift car"))

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

CHILD_ZH = r"(?:孩子|小孩|儿子|女儿|宝宝|婴儿|小朋友|幼儿|娃|小宝|孙子|孙女|外孙|小男孩|小女孩)"
ELDER_ZH = (
    r"(?:老人|老太太|老奶奶|老爷爷|老头|老大爷|老大妈|独居|奶奶|爷爷|外婆|外公|姥姥|姥爷|老母亲|"
    r"老父亲|阿婆|阿公|老人家|老伯|大爷|大妈|老太)"
)
CHILD_EN = en(
    r"child|children|kids?|toddlers?|baby|babies|infant|son|daughter|little (?:boy|girl|one)|boy|girl|grandson|granddaughter",
    r"\d+ ?(?:yr|year|yo|y/o|month)s?(?:[- ]old)?",
)
ELDER_EN = en(
    r"old (?:man|woman|lady|gentleman|person|neighbou?r|couple|people)|elderly|pensioner|grandma|grandmother|"
    r"grandpa|grandfather|granny|nan",
    r"\d+[- ]year[- ]old",
)

POWER_OUT = alt(
    r"停电|断电|没电|没有电|没了电|掉电|电停了|电都停了|全停了",
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
    r"一片漆黑|漆黑|黑漆漆|黑灯瞎火|全黑|摸黑|全都黑|都黑了|全黑了|灯全灭|灯都灭|灯全不亮|灯都不亮|灯全部不亮|(?<!天)(?<!天快)(?<!天都)黑了|好黑|很黑",
    en(
        r"no lights?|without lights?|pitch (?:black|dark)|in the dark|(?:completely|totally|all|really) dark|dark everywhere",
        r"(?:all )?(?:the )?lights? (?:are |is |have )?(?:all )?(?:out|off|gone|gone out|went out)",
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
    r"整栋|整幢|整座|整个?楼|整个?大楼|全楼|一整栋|整个?单元|全单元|整个?小区|全小区|小区(?:里)?(?:都|全|整个)|"
    r"整个?园区|整个?社区|整片|这一片|附近(?:都|全)|整层|整条|所有(?:人|住户|业主|楼|单元|人家|房子|的灯)|家家户户|每家每户|"
    r"大家(?:家)?都|(?:邻居|隔壁|对门|楼上|楼下)(?:们|家)?(?:也|都)|楼上楼下|好几栋|几栋楼|楼里|"
    r"电梯(?:也|都)|(?:全|都|全部|全都)(?:停电|断电|没电|停水|没水|黑了)|单元到.{0,3}单元|几个单元|好几个单元|几个楼|整个?期",
    en(
        r"(?:whole|entire) of|(?:building|block|tower|bldg|blk|phase) ?\d+[a-z]?|several (?:blocks|buildings|floors)",
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
        r"lifts? (?:also |too |are |is |have )*(?:down|out|stopped|dead|not working|off)",
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
    r"呼吸机|制氧机|氧气机|吸氧机|氧气瓶|吸氧|透析|吸痰器|雾化器|医疗设备|医疗器械|医疗仪器|生命维持|监护仪|胰岛素|输液泵|营养泵",
    en(
        r"ventilators?|oxygen(?: machine| concentrator| tank| pump| supply)?|concentrator|dialysis",
        r"c-?pap|bi-?pap|life support|medical (?:equipment|device|devices|machine|machines)",
        r"feeding pump|suction machine|insulin|nebuli[sz]er|respirator|breathing machine",
    ),
)
# A plea for help, in any words.
PLEA = alt(
    r"救命|救救|求救|快来人|快来|快点|赶紧|紧急|急急|求求",
    en(
        r"help|sos|hurry|asap|urgent|emergency|come (?:now|quick|quickly|fast)|send (?:someone|somebody|help)|please come"
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
