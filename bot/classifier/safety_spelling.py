"""Spelling folds for the life-safety net: how people write in a hurry.

Full-width characters, traditional characters, IME homophone slips (电悌, 着伙,
天燃气, 晕到), pinyin typed without an IME (dianti kazhu), English typos
(elevater, stuk, smok, fier) and stretched letters (helppp) are folded onto the
spellings the patterns are written for (see ``normalise``).
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 2000


def en(*words: str) -> str:
    """Alternation of English words/phrases delimited by non-letters."""
    return r"(?<![a-z])(?:" + "|".join(words) + r")(?![a-z])"


# Traditional characters that appear in emergency wording, folded to simplified.
_TRAD = str.maketrans(
    "電煙氣燒災門鎖樓傷暈裡裏沒關斷緊著觸兒車媽賊搶殺槍闖這們個嗎壞動開來時麼會還現經點嚴險報響聲應層幫"
    "漏爆淹倒困救警孩燃積滅撲頭腳隻窗陽臺台護欄齊從掉跌摔龍頭燈閃線箱櫃廁間擊驚嚇喊門鈴"
    "機醫療發熱濃嗆燙壓塊鄰頂滲濕溼牆變棟幢細裝盜網嚟親",
    "电烟气烧灾门锁楼伤晕里里没关断紧着触儿车妈贼抢杀枪闯这们个吗坏动开来时么会还现经点严险报响声应层帮"
    "漏爆淹倒困救警孩燃积灭扑头脚只窗阳台台护栏齐从掉跌摔龙头灯闪线箱柜厕间击惊吓喊门铃"
    "机医疗发热浓呛烫压块邻顶渗湿湿墙变栋幢细装盗网来亲",
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
    ("梅气", "煤气"),
    ("冒眼", "冒烟"),
    ("火宅", "火灾"),
    ("燃起泄", "燃气泄"),
    ("煤起泄", "煤气泄"),
    ("冒阎", "冒烟"),
    ("霉气", "煤气"),
    ("着或", "着火"),
    ("天花板榻", "天花板塌"),
    ("榻了", "塌了"),
    ("榻下来", "塌下来"),
    ("电题", "电梯"),
    ("电体", "电梯"),
    ("店梯", "电梯"),
    ("停店", "停电"),
    # Cantonese
    ("𨋢", "电梯"),
    ("晕低", "晕倒"),
    ("瞓低", "晕倒"),
    ("昏低", "昏倒"),
    ("跌低", "跌倒"),
    ("跌亲", "摔伤"),
    ("起唔到身", "起不来"),
    ("细路仔", "小孩"),
    ("细路", "小孩"),
    ("bb仔", "宝宝"),
    ("跟住我", "跟着我"),
    ("跟住佢", "跟着他"),
    ("而家", "现在"),
    ("入面", "里面"),
    ("困咗", "困住"),
    ("冇电", "没电"),
    ("冇水", "没水"),
    ("火烛", "着火"),
    ("冇", "没"),
    ("唔", "不"),
    ("咗", "了"),
    ("喺", "在"),
    ("佢", "他"),
    ("嘅", "的"),
)

# English typos and chat spellings, whole words only.
_EN_TYPO_TABLE = """
elevator: elevater elavater elevato elevetor elavator elevtor elevatr elevaor elvator eleveator elevador eleavtor elevatro elevetar elevatoe elevtaor elevtr
lift: lfit lif lfti
lifts: lfits
stuck: stuk stcuk sutck stukc stck stucked stcuked
trapped: trappd traped trapt trappped trappedd
smoke: smok smoek smoak somke smkoe smoe smoks
smoking: smokin smokng
fire: fier fiar fyre fiire fiere frie fir3 fiyer fyer fiya
burning: burnin buring burnign burining bruning burnng
gas: gass gaz gasss
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
through: thru
water: waters watr wter
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
    "shui guan bao le": "水管爆了",
    "shuiguan bao le": "水管爆了",
    "shui guan bao": "水管爆",
    "shuiguan": "水管",
    "shui guan": "水管",
    "huo": "着火",
    "kun zhu le": "困住了",
    "zhaohuo le": "着火了",
    "mao yan le": "冒烟了",
    "lou qi": "漏气",
    "louqi": "漏气",
    "yun dao": "晕倒",
    "yundao": "晕倒",
    "xiaotou": "小偷",
    "chu bu lai": "出不来",
    "chubulai": "出不来",
    "huozai": "火灾",
    "huo zai": "火灾",
    "shihuo": "失火",
    "shi huo": "失火",
    "kun zai": "困在",
    "kunzai": "困在",
    "mei dian": "没电",
    "meidian": "没电",
    "xiao tou": "小偷",
    "xielou": "泄漏",
    "xie lou": "泄漏",
    "quan lou": "全楼",
    "quanlou": "全楼",
    "zheng dong": "整栋",
    "zhengdong": "整栋",
    "liu xue": "流血",
    "liuxue": "流血",
    "shuai dao": "摔倒",
    "shuaidao": "摔倒",
    "qiao men": "敲门",
    "qiaomen": "敲门",
    "qiao le": "敲了",
    "you ren": "有人",
    "hai pa": "害怕",
    "kun ren": "困人",
    "kunren": "困人",
    "xiao haizi": "小孩子",
    "xiao hai": "小孩",
    "chuangtai": "窗台",
    "chuang tai": "窗台",
    "shui yan": "水淹",
    "dian xiang": "电箱",
    "lao ren": "老人",
    "xi yang ji": "吸氧机",
    "bao bao": "宝宝",
    "baobao": "宝宝",
    "li mian": "里面",
    "limian": "里面",
    "chu bu qu": "出不去",
    "chubuqu": "出不去",
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
# Cantonese "喺窗台度" (on the window sill there): the place without 度.
_PLACE_THERE = re.compile(r"(窗台|窗边|阳台|门口|走廊|楼梯间|楼梯|电梯|天台|楼下|楼上|地库|车库)度")


def normalise(text: str) -> str:
    """Fold width, case, script, slips and typos; keep punctuation (clauses need it)."""
    t = unicodedata.normalize("NFKC", text or "")[:MAX_CHARS].lower()
    t = t.translate(_TRAD).replace("’", "'").replace("‘", "'").replace("`", "'")
    for wrong, right in _ZH_SLIPS:
        t = t.replace(wrong, right)
    t = _STRETCH.sub(r"\1", t)
    t = _EN_TYPO_RE.sub(lambda m: _EN_TYPOS[m.group(0)], t)
    t = _PINYIN_RE.sub(lambda m: _PINYIN[m.group(0)], t)
    t = _PLACE_THERE.sub(r"\1", t)
    return _SPACES.sub(" ", t).strip()
