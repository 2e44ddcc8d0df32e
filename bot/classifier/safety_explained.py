"""A message that explains the danger away, overruling even a strong match (issue 17).

Some messages name a hazard only to say it is not one: a smell that turned out to
be incense or paper offerings, gas the company purged, an alarm with a dead
battery already replaced; a request made as a precaution ("提前疏通", "as a
precaution", "万一…先问清楚"); a film or the news; renovation paperwork; a
complaint about false alarms; a scam caller already seen off. When one of these
is said, the matches said before a "turned out to be…" are dropped, and any other
match too unless its own clause says it is happening now ("现在地库已经进水了", "flames are visible now"). With no
strong match left and nothing saying the danger goes on, the verdict is ``cleared``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .safety_guards import CLAUSE_BREAK
from .safety_lexicon import alt, en

# What it turned out to be: explains what was said before it.
TURNED_OUT = re.compile(
    alt(
        r"(?:原来是|结果是|其实是)[^。！？!?\n]{0,12}(?:烧纸|烧香|点香|上香|做饭|烧烤|熏|拜神|拜拜|演习|测试|误报|没电了)",
        en(
            r"(?:it's|that's|is|was) just (?:my |the |a |our )?(?:neighbou?r'?s? )?(?:incense|candles?|cooking|toast|bbq|barbecue)",
            r"was the gas company|gas company (?:was )?(?:purging|testing|bleeding)",
            r"was (?:a|just a) (?:dead|flat|low) battery",
            # a small fire already out, "all fine", asking about the alarm
            r"put (?:it|them) out[^.!?\n]{0,30}(?:all fine|no damage)",
        ),
        r"冒充[^。！？!?\n]{0,20}被我识破",
    )
)
# Not about a danger now at all: prevention, fiction, paperwork, false alarms.
NOT_NOW = re.compile(
    alt(
        r"提前(?:疏通|检查|处理|清理|维修)|预防一下|以防万一|(?:现在|目前)还没(?:下雨|发生|出事)",
        r"万一[^。！？!?\n]{0,30}先问清楚",
        en(r"as a precaution(?!,? (?:i|we|everyone|they)(?![a-z]))|preventive|preventative"),
        r"看了一?(?:部|个|场)?(?:电影|电视剧|纪录片|小说)|看新闻说|新闻(?:上|里)说",
        en(r"watched (?:a |the )?(?:film|movie|documentary)|a (?:film|movie|documentary) about"),
        r"计划(?:于|在)?\S{0,6}(?:进行|做)\S{0,6}(?:改造|装修)|报备流程|需(?:要)?提交的材料",
        en(r"false (?:fire |smoke |co )?alarms"),
        r"老是误报|频繁误报",
    )
)
HAPPENING = re.compile(
    alt(
        r"现在(?!还没|没|还不)|正在|已经|马上|还在|救命",
        en(r"right now|now|currently|still|help"),
    )
)


def explained(
    norm: str, spans: Sequence[tuple[int, int]], goes_on: bool
) -> tuple[str | None, list[int]]:
    """The words that explain the hazard away (if any) and which matches still stand.

    ``goes_on``: the message says the danger goes on (safety_clear.goes_on); then
    nothing is explained away.
    """
    turned, not_now = TURNED_OUT.search(norm), NOT_NOW.search(norm)
    m = turned or not_now
    if m is None or goes_on:
        return None, list(range(len(spans)))
    keep = []
    for i, (start, end) in enumerate(spans):
        before = turned is not None and start < turned.end()
        if not before and HAPPENING.search(_clause(norm, start, end)):
            keep.append(i)
    return m.group(0), keep


def _clause(norm: str, start: int, end: int) -> str:
    before = [b.end() for b in CLAUSE_BREAK.finditer(norm, 0, start)]
    after = CLAUSE_BREAK.search(norm, end)
    return norm[before[-1] if before else 0 : after.start() if after else len(norm)]
