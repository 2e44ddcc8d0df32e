"""The all-clear of the life-safety net: "it is over" (see safety.py for how it applies).

A statement that a danger is over clears only the hazards it is about: "火已经灭了"
clears a fire, "人救出来了" a trapped person, "he's ok" a person's injury — not the
live current that hurt him, and "the power came back" no burst pipe. Generic
statements ("修好了", "false alarm", "it was just a drill", "没事了") clear
everything said before them.

An all-clear never vetoes the model when the message says, after it, that the
danger goes on ("闸拉不下来", "still live", "smoke still pouring", "not waking up",
"doors won't open") or pleads for help ("救命", "asap"). A request to make it safe is not a report that it is safe ("need power
back asap", "能不能先来把总阀关了").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import safety_guards as g
from .safety_lexicon import alt, en

# The hazards a kind of all-clear can clear; None: every hazard.
FIRE = frozenset({"fire"})
GAS = frozenset({"gas", "fire"})
VALVE = frozenset({"gas", "flood"})
CONTAINED = frozenset({"fire", "gas", "flood"})
FLOOD = frozenset({"flood"})
SUPPLY = frozenset({"outage", "medical"})
# Said of people: out (rescued, got out), unhurt ("he's ok": still trapped is not
# ok), safe (out of danger).
OUT = frozenset({"trapped", "vulnerable"})
UNHURT = frozenset({"injury", "medical", "vulnerable"})
SAFE = OUT | UNHURT
THREAT = frozenset({"threat"})
# "没事", "nothing serious", "不用来了": every hazard but a person still trapped.
SOFT = (
    frozenset({"fire", "gas", "electric", "flood", "outage", "medical", "injury", "vulnerable"})
    | THREAT
)

_WHO_ZH = (
    r"(?:人|我|他|她|它|孩子|小孩|老人|我们|他们|她们|大家|家人|宝宝|老公|老婆|儿子|女儿|"
    r"我妈|我爸|妈妈|爸爸|奶奶|爷爷|外婆|外公|邻居|师傅)"
)
_WHO_EN = (
    r"(?:we|they|he|she|i|everyone|everybody|all of us|people|my \w+"
    r"|the (?:kids?|children|boy|girl|man|woman|lady|old \w+|residents?|passengers?|family|workers?))"
)
_WHO_END = "人我他她们子妈爸公婆娃居傅"
# "没事了" not said of a person ("他已经没事了" only clears what happened to him).
_NOT_AFTER_WHO = "".join(
    rf"(?<![{_WHO_END}]{adverb})"
    for adverb in ("", "已经", "已", "都", "也", "现在", "终于", "刚刚", "刚", "目前")
)
_AGAIN = r"(?:已经?|都|现在|终于|刚刚?)"

RESOLUTIONS: tuple[tuple[frozenset[str] | None, str], ...] = (
    (
        None,
        alt(
            rf"{_AGAIN}(?:修好|恢复正常|解决|处理好|处理完|排除)了?|(?:修好|恢复正常)了",
            r"(?:现在|已经|又|都)好了|虚惊一场|误报|是误会|搞错了|是演习|在演习|平安无事|都平安",
            r"(?:只是|就是|原来是|是在|在搞|正在|今天)(?:消防)?(?:演习|演练|测试)",
            en(
                r"(?:is|are|'s|'re|been|now|already|just|was|were|got|all) (?:all |been |now )?(?:fixed|repaired|resolved|sorted(?: out)?|working again|cleared|dealt with|handled)",
                r"(?:fixed|repaired|sorted|resolved) now|(?:it's|it is|all|everything(?:'s| is)?) (?:fine|ok|okay|good|safe) now|false alarm|no longer|not anymore|n't .{0,20}anymore",
                r"turned out|it was (?:just|only)|never ?mind|nvm|ignore (?:my|the|this) (?:last |previous |earlier )?(?:message|msg)|(?:it'?s|it is|all) over now|back to normal",
                r"sorry (?:for|about) the (?:false )?alarm|(?:reported|mentioned) (?:earlier|before|this morning) (?:was|is|turned)",
                r"(?:just|only) (?:a |the )?(?:drill|test|practice)|(?:it|this|that) (?:was|is) a (?:drill|test)",
                r"all clear|(?:but|and) (?:everything|all)(?:'s| is) (?:fine|ok|okay|good)|sorry (?:for|about) the (?:panic|fuss|scare|confusion)",
            ),
        ),
    ),
    (
        SOFT,
        alt(
            rf"{_NOT_AFTER_WHO}(?:{_AGAIN}没事了?|没事了)|(?:^|(?<=[,。!;\s]))没事(?=$|[,。!;\s])",
            r"不用(?:派人)?(?:过)?来了|不需要(?:派人|人)?(?:过)?来了?|(?<!有)没(?:有)?(?:什么)?危险",
            r"(?<!危险)不(?:是很|太|算)?危险(?!了)|没(?:什么)?大(?:事|碍)|不严重|(?:说|检查(?:过)?)(?:了)?没(?:什么)?问题",
            en(
                r"nothing serious|not serious|no big deal|no harm done|no need (?:for anyone )?to come",
                r"not (?:really |very |that )?dangerous|no danger|(?:found|said there'?s|there'?s) nothing wrong",
            ),
        ),
    ),
    (
        FIRE,
        alt(
            rf"{_AGAIN}扑灭了?|扑灭了|火灭了|灭火了|灭掉了|(?:烟|火)(?:也|已经|都)?(?:没有?了|散了|消失了|小了|灭了|淡了)|不冒烟了|没有?(?:再)?冒烟了",
            en(
                r"(?:is|are|'s|was|were|been|got|all) (?:all |been |now )?(?:put out|extinguished)|all out",
                r"(?:fire brigade|firefighters|firemen|fire engines?)(?: has| have)? (?:left|gone)",
                r"stopped (?:smoking|sparking|burning)|(?:smoke|sparking|sparks) (?:has |have )?stopped",
                r"(?:smoke|fire|flames?|sparks?)(?:'s| is| has| have)? (?:gone|out|cleared|disappeared|died down)(?! (?:yellow|orange|red|blue|black|white|green|weird|strange|funny|bad|worse|off|up|down|into|in|to|through|from|over|under))",
            ),
        ),
    ),
    (
        GAS,
        alt(
            r"(?:味|气味|烟味|煤气味|燃气味|焦味)(?:也|已经|都)?(?:没有?了|散了|消失了|小了|淡了)|没有?(?:再)?(?:味道?)了",
            en(
                r"(?:smell|gas smell|odou?r)(?:'s| is| has| have)? (?:gone|cleared|disappeared|faded)"
            ),
        ),
    ),
    (
        VALVE,
        alt(
            r"(?:阀|阀门|总阀|燃气|煤气)(?:已经)?关(?:掉|好|上|闭)?了",
            en(
                r"(?:gas|valve|stopcock|main valve|gas supply)(?:'s| is| has been| was)? (?:now |already )?(?:off|shut off|turned off|switched off|closed)"
            ),
        ),
    ),
    (CONTAINED, alt(rf"{_AGAIN}控制住了?|控制住了", en(r"under control"))),
    (
        FLOOD,
        alt(
            rf"{_AGAIN}(?:止住|堵住)了?|止住了|水(?:也|已经|都)?(?:退了|不漏了)|不(?:漏|喷)了|没有?(?:再)?(?:漏|喷)了",
            en(r"stopped leaking|(?:leak|water) (?:has |have )?stopped(?! (?:coming|running))"),
        ),
    ),
    (
        SUPPLY,
        alt(
            rf"{_AGAIN}(?:恢复|来电|来水|通电|通水)了?|(?:恢复供电|恢复供水|来电|来水|通电|通水)了",
            en(
                r"(?:is|are|'s|'re|been|now|already|just|was|were|got|all) (?:all |been |now )?(?:restored|back on|back up)",
                r"(?:power|electricity|water|lights?)(?:'s| is| are| has| have)(?: come)? (?:back|restored)|came back(?: on)?",
            ),
        ),
    ),
    (
        OUT,
        alt(
            rf"{_WHO_ZH}(?:都|也|已经|现在|目前|暂时|终于|被)*(?:救|放|弄)?出来了|{_AGAIN}(?:救出来?|弄出来|放出来)了?|{_AGAIN}+出来了|救出来了",
            r"自己(?:走|爬|跑)?出来了|自行(?:走|爬)?出来了",
            en(
                rf"{_WHO_EN}(?:'re|'s| are| is| am| got| have| has| were| was)? (?:been |all |now )?(?:rescued|freed|let out|got out|out now|out safely)",
                r"got (?:him|her|them|us|everyone|everybody|people|my \w+) out",
                r"got out (?:by (?:himself|herself|themselves|myself)|on (?:his|her|their|my) own)",
            ),
        ),
    ),
    (
        UNHURT,
        alt(
            rf"{_WHO_ZH}(?:都|也|已经|现在|目前|暂时)*(?:没事|没大碍|没受伤|醒了|醒过来了)",
            en(
                r"(?:we|they|he|she|everyone|everybody|all of us)(?:'re|'s| are| is| were)? (?:all |now |both )?(?:fine|ok|okay|unhurt|alright|all right)"
            ),
        ),
    ),
    (
        SAFE,
        alt(
            rf"{_WHO_ZH}(?:都|也|已经|现在|目前|暂时)*(?:安全|平安)了?",
            en(
                r"(?:we|they|he|she|everyone|everybody|all of us)(?:'re|'s| are| is| were)? (?:all |now )?safe"
            ),
        ),
    ),
    (
        THREAT,
        alt(
            r"(?:人|小偷|贼|他|她|那个人|那人|坏人|醉汉)(?:已经)?(?:走|跑|离开|被抓)了",
            en(
                r"(?:intruder|burglar|thief|stranger|the man|the guy|he|she|they)(?:'s| has| have)? (?:ran|run) (?:away|off)|(?:police|security|guards?) (?:came|arrived|caught|took)",
                r"(?:intruder|burglar|man|guy|he|she|they)(?:'s| is| has| have)? (?:gone|went away|left)(?! (?:yellow|orange|red|blue|black|white|weird|strange|bad|worse|off|up|down|into|in|to|through|from|over|under))",
            ),
        ),
    ),
)
_COMPILED = tuple((hazards, re.compile(source)) for hazards, source in RESOLUTIONS)

# The danger goes on: said after an all-clear, it makes the all-clear count for nothing.
GOES_ON = re.compile(
    alt(
        r"还在(?:冒|漏|烧|响|喷|打火|闪|流|往|电|带电|漏电|困|里面|卡|着)|还(?:是)?(?:带电|漏电|有电|冒烟|在冒烟|困着|出不来)",
        r"还没(?:醒|灭|扑灭|出来|救出来|关掉|断电|来人)|仍(?:然)?(?:在|有|带电)|依然(?:在|有)|止不住|叫不醒|喊不醒|醒不过来",
        r"(?:闸|电闸|总闸|开关|空开|电源|阀|阀门|总阀)(?:也|都|还)?(?:拉不下来|拉不下|关不掉|关不了|关不上|断不了|拉不动|关不住)",
        r"又(?:来了|停|断|没|漏|冒|响|有味|臭)|比刚才(?:还)?(?:大|浓|重)|更(?:大|浓|重|厉害)了",
        en(
            r"still (?:live|electrified|sparking|smoking|burning|leaking|pouring|coming|gushing|hissing|inside|stuck|trapped|in there|on fire|unconscious|bleeding|dark)",
            r"still (?:not|isn't|hasn't|won't|can't) (?:breathing|waking|responding|moving|answering|open\w*)",
            r"smell(?:'s| is| has)? (?:back|come back|returned)|(?:getting |got |and )(?:worse|stronger)|(?:went|gone|cut|goes) (?:off |out )?again",
            r"(?:won't|can't|cannot|can not|unable to|couldn't) (?:turn|switch|shut|cut|trip) (?:\w+ ){0,2}off",
            r"(?:not|isn't|is not|won't|hasn't) (?:waking|woken|wake)(?: up)?|(?:isn't|not) responding|doors? (?:still )?(?:won't|will not|don't|do not|can't) open",
        ),
    )
)
# A plea after an all-clear: the net does not veto the model.
PLEA_AFTER = re.compile(
    alt(
        r"救命|救救|求救|快来人|快来|快点",
        en(
            r"help!|help (?:me|us)|please help|sos|asap|urgent(?:ly)?|emergency|hurry|come (?:quick|now|fast)"
        ),
    )
)
# A request to make it safe: 把, 请, need power back, want it back on.
REQUEST = re.compile(
    r"把|请|帮|麻烦|能不能|可不可以|先来|赶紧|快来|需要|希望|尽快|等着?"
    r"|(?<![a-z])(?:please|can you|could you|need (?:someone|you) to|come and|need|needs|want|wants|waiting for|hoping|hope)(?![a-z])"
)

Resolution = tuple[re.Match[str], int, int, frozenset[str] | None]


def resolutions(norm: str, clauses: Sequence[tuple[int, int]]) -> list[Resolution]:
    """Statements that a danger is over, with their clause and the hazards they clear."""
    out: list[Resolution] = []
    for hazards, pattern in _COMPILED:
        for m in pattern.finditer(norm):
            if m.end() == m.start():
                continue
            start, end = _clause_of(clauses, m.start())
            clause, prefix = norm[start:end], norm[start : m.start()]
            if g.negated_zh(prefix) or g.negated_en(prefix) or "还没" in prefix[-4:]:
                continue
            if re.search(r"[?？吗]", clause) or norm[m.end() : m.end() + 1] in ("吧", "吗"):
                continue
            if g.past(clause, prefix) or REQUEST.search(prefix) or _as_a_time(norm, m, prefix):
                continue
            out.append((m, start, end, hazards))
    return out


# "after the boiler was fixed", "修好以后就头晕": a time reference, not an all-clear
_SINCE_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:after|since|ever since)(?![a-z])[^,.]{0,30}|自从\S{0,10})$"
)
_SINCE_AFTER = re.compile(r"以后|之后|后(?:就|一直|开始)")


def _as_a_time(norm: str, m: re.Match[str], prefix: str) -> bool:
    return bool(_SINCE_BEFORE.search(prefix) or _SINCE_AFTER.match(norm, m.end()))


def goes_on(norm: str, after: int) -> bool:
    """The message says after ``after`` that the danger is not over."""
    return bool(GOES_ON.search(norm, after))


def pleads_after(norm: str, after: int) -> bool:
    return bool(PLEA_AFTER.search(norm, after))


def clears(hazards: frozenset[str] | None, hazard: str) -> bool:
    """Whether an all-clear about ``hazards`` (None: any) clears a hit for ``hazard``."""
    return hazards is None or not hazard or hazard in hazards


def _clause_of(clauses: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in clauses:
        if start <= pos <= end:
            return start, end
    return clauses[-1]
