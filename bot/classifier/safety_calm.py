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
    )
)


def calm(norm: str) -> str | None:
    """The words that say nobody is in danger, if the message says so outright."""
    m = CALM.search(norm)
    return m.group(0) if m else None
