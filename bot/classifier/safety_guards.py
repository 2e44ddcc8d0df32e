"""What turns a hazard word into "not an emergency now": negation, hypotheticals,
past events, habits, resolutions, questions (see safety.py for how they apply).
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
    r"迟早|差点|差一点|险些|小心|一旦|当心|防范|可能会|有可能会|就怕|恐怕会|早晚|(?<![认])真(?:的)?(?:要)?$"
)
HYPO_EN = re.compile(
    en(
        r"(?:could|might|would|will|may|gonna|should|shall|must)(?! (?:be|have been|possibly be|probably be)(?![a-z]))",
        r"going to(?! be)|'ll|if|in case|in the event|risk of|danger of|chance of|prevent\w*|avoid\w*",
        r"before (?:someone|somebody|anyone|a child|it|people|kids)|nearly|almost(?! (?:all|every|everyone|everybody|the whole|entire))",
        r"what if|one day|someday|sooner or later|waiting for",
        r"how (?:can|do|would|should|to|could)",
    )
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
    r"|^\s?了?(?:怎么逃生|往哪(?:跑|逃)|消防车怎么进)"
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
        r"开始|以来|起到现在|到现在还|至今还|一直到现在|直到现在",
        en(r"since|ongoing|continu\w*|still (?:no|without|stuck|trapped|inside)"),
    )
)
HABITUAL = re.compile(
    alt(
        r"经常|总是|老是|动不动|常常|时常|三天两头|隔三差五|每次|频繁|多次|屡次|每天|天天|每晚|每到|一开就|一用就|一运行就",
        en(
            r"often|frequently|always|all the time|regularly|for (?:months|weeks|years|ages)|it's been like this",
            r"every (?:time|day|week|night|month|morning|evening|afternoon|lunchtime|lunch|weekend|year|summer|winter|single day)",
            r"whenever|when (?:it|they|you|i|we) (?:runs?|use|uses|turn|turns|start|starts)|constantly|repeatedly|(?:several|many|multiple|a few) times|again and again|keeps? (?:on )?(?:happening|breaking|getting)",
        ),
    )
)

# It is over: 已经灭了, 修好了, 人救出来了, smoke is gone, power's back, everyone got out.
RESOLVED = re.compile(
    alt(
        r"(?:已经?|都|现在|终于|刚刚?)(?:修好|恢复|解决|处理好|处理完|排除|扑灭|救出来?|弄出来|放出来|来电|来水|通电|通水|没事|控制住|止住|堵住)了?",
        r"(?:修好|恢复正常|恢复供电|恢复供水|扑灭|救出来|来电|来水|通电|通水|控制住|止住|安全)了|火灭了|灭火了|灭掉了|没事了|(?:现在|已经|又|都)好了|虚惊一场|误报|是误会|搞错了|是演习|在演习|平安无事|都平安",
        r"(?:人|我|他|她|孩子|我们|大家|都|被|救|已经|终于|他们|老人|全部)(?:都)?(?:被)?(?:救|放)?出来了",
        r"(?:人|小偷|贼|他|她|那个人|那人|坏人|醉汉)(?:已经)?(?:走|跑|离开|被抓)了|(?:阀|闸|阀门|燃气|煤气)(?:已经)?关(?:掉|好|上|闭)?了",
        r"(?:味道?|烟|火|气味|烟味|煤气味|燃气味|水)(?:也|已经|都)?(?:没有?了|散了|消失了|小了|灭了|不漏了|止住了|淡了)|不(?:冒烟|漏|喷|响)了|没有?(?:再)?(?:冒烟|漏|喷|味道?)了",
        en(
            r"(?:is|are|'s|'re|been|now|already|just|was|were|got|all) (?:all |been |now )?(?:fixed|repaired|resolved|restored|sorted(?: out)?|back on|back up|working again|under control|cleared|put out|extinguished|dealt with|handled)",
            r"(?:fixed|repaired|sorted|resolved) now|(?:it's|it is|all|everything(?:'s| is)?) (?:fine|ok|okay|good|safe) now|(?:fire brigade|firefighters|firemen|fire engines?)(?: has| have)? (?:left|gone)|false alarm|no longer|not anymore|n't .{0,20}anymore|turned out|it was (?:just|only)|never ?mind|nvm|ignore (?:my|the|this) (?:last |previous )?(?:message|msg)",
            r"(?:we|they|he|she|i|everyone|everybody|people|all|my \w+)(?:'re|'s| are| is| am| got| have| has| were| was)? (?:been |all |now )?(?:rescued|freed|let out|got out|out now|out safely)",
            r"(?:we|they|he|she|everyone|everybody|all of us)(?:'re|'s| are| is| were)? (?:all |now )?(?:safe|fine|ok|okay|unhurt)",
            r"got (?:him|her|them|us|everyone|everybody|people|my \w+) out",
            r"(?:power|electricity|water|lights?)(?:'s| is| are| has| have)? (?:come )?(?:back|restored)|came back(?: on)?|back to normal",
            r"stopped (?:leaking|smoking|sparking|burning)|(?:leak|water|smoke|alarm|sparking|sparks|it) (?:has |have )?stopped",
            r"(?:smell|smoke|fire|flames?|gas smell|sparks?|intruder|burglar|the man|the guy)(?:'s| is| has| have)? (?:gone|out|cleared|disappeared|faded|died down|left)(?! (?:yellow|orange|red|blue|black|white|green|brown|grey|gray|purple|weird|strange|funny|bad|worse|crazy|wild|off|up|down|into|in|to|through|from|over|under|mad|quiet|silent|dark|cold|hot|soft|limp)(?![a-z]))",
            r"all out|(?:was|were|got|been) put out|(?:it'?s|it is|all) over now|(?:intruder|burglar|thief|stranger|the man|the guy|he|she|they)(?:'s| has| have)? (?:ran|run) (?:away|off)|(?:he|she|they|the man|the guy)(?:'s| has| have)? (?:gone|went away|left)(?! (?:yellow|orange|red|blue|black|white|green|brown|grey|gray|purple|weird|strange|funny|bad|worse|crazy|wild|off|up|down|into|in|to|through|from|over|under|mad|quiet|silent|dark|cold|hot|soft|limp)(?![a-z]))|(?:police|security|guards?) (?:came|arrived|caught|took)",
        ),
    )
)

# Only a drill or a test: nothing is happening.
DRILL_ONLY = re.compile(
    alt(
        r"(?:只是|就是|原来是|是在|在搞|正在|今天)(?:消防)?(?:演习|演练|测试)",
        en(
            r"(?:just|only) (?:a |the )?(?:drill|test|practice)|(?:it|this|that) (?:was|is) a (?:drill|test)"
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
