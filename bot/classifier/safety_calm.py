"""An explicit "nobody is in danger" that also overrules the model (issue 17).

The net's all-clear (safety_clear.py) cancels a hazard it recognised; the model,
though, raises false alarms on messages the net rightly ignores: a lift out of
order "nobody inside", a fire-hose glass broken "没人受伤", "not urgent", "麻烦有空
换一下", a joke about feeling trapped by lift music. When the net sees no strong
hazard and the message says so outright, the verdict is ``cleared`` and
``triage.combine`` does not let the model's urgent stand. A strong hazard is never
overruled by this ("没人受伤 但煤气味很大" stays urgent).
"""

from __future__ import annotations

import re

from .safety_lexicon import alt, en

CALM = re.compile(
    alt(
        r"没(?:有)?(?:人|任何人)(?:受伤|被困|困住|困在里面|在里面|在里边|在里头)|(?:人|大家)(?:都)?没事|人(?:都)?(?:很)?安全",
        r"不急|不着急|不用急|不赶|有空(?:的时候)?(?:再)?(?:来|换|修|处理|弄|看)|麻烦有空|方便的时候|开玩笑|哈哈|笑死",
        en(
            r"(?:nobody|no one|noone|no-one)(?:'s| is| was| got| has been| were)? (?:hurt|injured|inside|in it|in there|trapped|stuck)",
            r"not urgent|no rush|no hurry|whenever (?:you can|convenient|you get a chance)|when you (?:have|get) (?:time|a chance)",
            r"(?:it's|its|just) (?:a |a bit of a )?joke|lol|haha\w*|all clear|everything'?s (?:fine|ok|okay)|every ?one'?s (?:fine|ok|okay|safe)",
        ),
        # "all fine", "没事喇, 唔使派人": over and said so; no one need come
        r"没事(?:了|喇|啦|嘞|咯)|(?:不用|不使|唔使|不需要)(?:派人|上来|过来)",
        en(
            r"all (?:fine|good|ok|okay|sorted)|no need to (?:send|come)|so (?:security|nobody|no one) (?:doesn'?t|does not|needn'?t) come"
        ),
        # an account or paperwork question; a suggestion to prevent harm one day
        r"开户|过户|需要什么(?:材料|手续|证件)|要什么(?:材料|手续|证件)|办理\S{0,4}手续",
        r"建议\S{0,12}(?:加装|安装|增加|装个|加个|设置)",
        en(
            r"open(?:ing)? an account|what (?:documents|paperwork)|paperwork",
            r"(?:suggest|propose|recommend)\w* (?:\w+ ){0,3}(?:install\w*|adding|add|put\w* up|fit\w*)",
        ),
    )
)
# A question about what to do should it happen ("what happens if I get stuck in the
# lift?", "万一着火了怎么办"), with nothing saying it is happening now.
WHAT_IF = re.compile(
    alt(
        r"(?:如果|万一|要是|假如|假设)[^。！？!?\n]{0,30}(?:怎么办|怎么处理|该怎么|咋办|怎么做)",
        en(
            r"what (?:happens|happen|do (?:i|we|you) do|should (?:i|we|you) do|to do|would happen) (?:if|when|in case)|what if"
        ),
    )
)
NOW = re.compile(
    alt(
        r"现在|正在|已经|救命|快来|紧急|马上",
        en(r"right now|now|currently|already|help|please come|urgent|asap|emergency"),
    )
)


def calm(norm: str) -> str | None:
    """The words that say nobody is in danger, if the message says so outright."""
    m = CALM.search(norm)
    return m.group(0) if m else None


def what_if(norm: str) -> str | None:
    """The words of a question about a danger that might happen, when nothing says it is now."""
    m = WHAT_IF.search(norm)
    return m.group(0) if m and not NOW.search(norm) else None


# Understatement is not calm and not doubt about what is seen: "probably
# overreacting but…", "可能是我多心…" still reports it. Removed before a hedge
# ("probably", "可能") may weaken a match.
UNDERSTATED = re.compile(
    alt(
        r"(?:可能|也许|或许|不知道是不是)(?:是)?我(?:太)?(?:多心|想多|多虑|太敏感|大惊小怪)(?:了)?",
        en(
            r"(?:probably|maybe|might be|i'm probably|i'm maybe|perhaps i'm|maybe i'm|i might be) (?:just )?(?:overreacting|being (?:paranoid|silly|dramatic)|nothing)",
            r"(?:sorry )?if (?:this is|i'm being) (?:silly|stupid|dramatic|paranoid)",
        ),
    )
)


def plain(norm: str) -> str:
    """The message without understatement, for the hedge checks."""
    return UNDERSTATED.sub(" ", norm)
