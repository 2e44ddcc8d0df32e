"""What turns a hazard word into "not an emergency now": negation, hypotheticals,
past events, habits, questions (see safety.py for how they apply; the all-clear
is in safety_clear.py).
"""

from __future__ import annotations

import re

from .safety_lexicon import alt, en

# Clauses: sentence punctuation, commas and "but"-like turns. A negation or a
# past-time word only reaches the hazard words of its own clause.
CLAUSE_BREAK = re.compile(
    r"[。！？!?；;\n,，、…~～()（）]|\.(?=\s|$)|\s-\s"
    r"|(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])"
    r"|(?<![a-z])(?:but|though|although|however|except|anyway|luckily|fortunately|thankfully)(?![a-z])"
    r"|但是|但|不过|可是|然而|只是|幸好|还好|好在"
)

# Negation directly in front of the hazard words ("没有冒烟", "没人被困", "不是着火").
NEG_ZH = re.compile(
    r"(?:没有?|不|无|未|并非|并没有?|别|不再|没再|从没|从未|并不)"
    r"(?:有|再|在|是|人|任何|什么|闻到|看到|发现|见到?|一点|明显的?|出现|发生|感觉到|听到|被|的|什么人)*$"
)
# A-not-A questions are hedges ("是不是着火了"), except "有没有", which asks.
A_NOT_A = re.compile(r"(?:是不是|会不会|是否|要不要|能不能|可不可以|算不算)(?:有|在|人)*$")
HAS_NOT_HAS = re.compile(r"有没有(?:人|什么|任何)?(?:被)?$")
NEG_EN_WORDS = frozenset(
    [
        "no",
        "not",
        "never",
        "without",
        "nobody",
        "none",
        "nothing",
        "neither",
        "nor",
        "noone",
        "cannot",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "haven't",
        "hasn't",
        "hadn't",
        "won't",
        "wouldn't",
        "couldn't",
        "can't",
    ]
)
_EN_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")

# Things that may happen, not things happening: 会着火, 容易滑倒, could catch fire, in case of fire.
HYPO_ZH = re.compile(
    r"会不会|(?<![一业委开协工社学聚晚不])会(?![议所员长计儿费])|容易|万一|如果|要是|假如|假设|以防|防止|预防|避免|以免|"
    r"迟早|怕以后|以后万一|差点|差一点|险些|小心|一旦|当心|防范|可能会|有可能会|就怕|怕有|恐怕会|早晚|(?<![认])真(?:的)?(?:要)?$"
)
HYPO_EN = re.compile(
    en(
        r"(?:could|might|would|will|may|gonna|should|shall|must)(?! (?:be|have been|possibly be|probably be)(?![a-z]))",
        r"going to(?! be)|'ll|if|in case|in the event|risk of|danger of|chance of|prevent\w*|avoid\w*",
        r"before (?:someone|somebody|anyone|a child|it|people|kids)|nearly|almost(?! (?:all|every|everyone|everybody|the whole|entire))",
        r"what if|one day|someday|sooner or later|waiting for",
        r"how (?:can|do|would|should|to|could)",
    )
    + r"|'ll(?![a-z])"  # "it'll explode": after a letter, so outside en()
)
# Requests and hedges that look like hypotheticals: "could you send someone", "not sure if".
NOT_HYPO_EN = re.compile(
    en(
        r"(?:would|'d) like|(?:could|can|will|would) (?:you|someone|somebody|anyone|u)",
        r"(?:sure|know|wonder|wondering|check|see|ask|tell|notice|find out) if",
    )
)
HYPO_AFTER = re.compile(
    r"^\s?(?:的)?(?:隐患|风险|危险(?!了)|的可能|时|的时候|的话|事|事情|那次|问题|情况|怎么(?:办|进来|逃|出去|跑))"
    r"|^\s?了?(?:怎么逃生|往哪(?:跑|逃)|消防车怎么进)|^[^,。!?\s]{0,4}?(?:的话|的时候)"
    r"|^\s?(?:hazards?|risks?|danger|waiting to happen|trap)(?![a-z])"
)
# "last night's fire", "昨晚的火灾": the hazard itself is dated, whatever else is still going on.
PAST_OWNER = re.compile(
    r"(?:yesterday|last (?:night|week|month|weekend|year|time))'s (?:\w+ ){0,2}$|(?:昨天|昨晚|前天|上周|上个月|上次|去年)的\S{0,4}$"
)

PAST = re.compile(
    alt(
        r"昨天|昨晚|前天|上周|上星期|上礼拜|上个?月|去年|前年|上次|那次|之前|以前|曾经|前几天|前阵子|那天|当时|几天前|一周前|上回|年前|前段时间",
        en(
            r"yesterday|last (?:week|month|night|year|time|weekend|winter|summer|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
            r"(?:\d+|a|one|two|three|four|five|six|few|couple of|several) (?:days?|weeks?|months?|years?) ago",
            r"the other day|back in|previously|earlier this (?:week|month|year)|used to|once before|this morning|earlier today|a while ago",
        ),
    )
)
STILL = re.compile(
    alt(
        r"现在|还在|仍然|仍|到现在|至今|一直到|今天|刚刚|刚才|又|还是|还没|正在|开始|以来|直到现在|依然|此刻",
        en(
            r"still|now|again|currently|since|ongoing|at the moment|today|keeps?|right now|as we speak|continues|continuing|tonight"
        ),
    )
)
SINCE = re.compile(
    alt(
        r"开始|以来|起到现在|到现在还|至今还|一直到现在|直到现在|还在(?:冒|漏|烧|打火|带电|漏电)",
        en(
            r"since|ongoing|continu\w*",
            r"still (?:no|without|stuck|trapped|inside|live|electrified|sparking|smoking|burning|leaking|pouring)",
        ),
    )
)
HABITUAL = re.compile(
    alt(
        r"经常|总是|老是|(?<!一)动不动|常常|时常|三天两头|隔三差五|每次|频繁|多次|屡次|每天|天天|每晚|每到|一开就|一用就|一运行就",
        en(
            r"often|frequently|always|all the time|regularly|for (?:months|weeks|years|ages)|it's been like this",
            r"every (?:time|day|week|night|month|morning|evening|afternoon|lunchtime|lunch|weekend|year|summer|winter|single day)",
            r"whenever|when (?:it|they|you|i|we) (?:runs?|use|uses|turn|turns|start|starts)|constantly|repeatedly|(?:several|many|multiple|a few) times|again and again|keeps? (?:on )?(?:happening|breaking|getting)",
        ),
    )
)

QUESTION = re.compile(
    alt(
        r"吗|请问|问一下|想问|咨询|什么时候|啥时候|几点|多久|为什么|为啥|是不是|是否|能不能",
        en(
            r"when|why|what time|how long|is there|are there|will it|does anyone|any idea|anyone know|is it just me"
        ),
    )
)
URGENT_CUE = re.compile(
    alt(
        r"救命|快来|快点|紧急|急|赶紧|马上", en(r"help|urgent|emergency|asap|hurry|sos|please come")
    )
    + r"|!!|！！"
)


def negated_zh(prefix: str) -> str | None:
    """'neg' when the Chinese words just before a match negate it, 'ask' for 有没有."""
    tail = prefix[-10:]
    if HAS_NOT_HAS.search(tail):
        return "ask"
    if A_NOT_A.search(tail):
        return None
    return "neg" if NEG_ZH.search(tail) else None


def negated_en(prefix: str) -> bool:
    """A negation word among the last three English words before a match."""
    if re.search(r"[\u3400-\u9fff]\s*$", prefix):
        return False
    words = _EN_TOKEN.findall(prefix[-40:])[-3:]
    return any(w in NEG_EN_WORDS or w.endswith("n't") for w in words) or "no one" in " ".join(words)


def hypothetical(prefix: str, after: str, inside: str = "") -> bool:
    """A may-happen word before the match (or inside a long one), or "hazard"/"隐患" after it."""
    if HYPO_AFTER.search(after) or PAST_OWNER.search(prefix[-40:]):
        return True
    if inside and (HYPO_ZH.search(inside) or HYPO_EN.search(NOT_HYPO_EN.sub(" ", inside))):
        return True
    tail = prefix[-40:]
    if HYPO_ZH.search(tail[-12:]):
        return True
    return bool(HYPO_EN.search(NOT_HYPO_EN.sub(" ", tail)))


def past(clause: str, prefix: str) -> bool:
    """A past-time word in the clause, unless the hazard is said to go on since then."""
    return bool(PAST.search(clause)) and not (STILL.search(prefix) or SINCE.search(clause))
