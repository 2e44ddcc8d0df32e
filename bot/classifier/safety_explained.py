"""A message that explains the danger away, overruling even a strong match (issue 17).

Some messages name a hazard only to say it is not one: a smell that turned out to
be incense or paper offerings, gas the company purged, an alarm with a dead
battery already replaced; a request made as a precaution ("提前疏通", "as a
precaution", "万一…先问清楚"); a film or the news; renovation paperwork; a
complaint about false alarms; a scam caller already seen off. When one of these
is said and nothing after it says the danger goes on (safety_clear.goes_on), the
verdict is ``cleared``.
"""

from __future__ import annotations

import re

from .safety_lexicon import alt, en

EXPLAINED = re.compile(
    alt(
        # explained: what it turned out to be
        r"(?:原来是|结果是|其实是)[^。！？!?\n]{0,12}(?:烧纸|烧香|点香|上香|做饭|烧烤|熏|拜神|拜拜|演习|测试|误报|没电了)",
        en(
            r"(?:it's|that's|is|was) just (?:my |the |a |our )?(?:neighbou?r'?s? )?(?:incense|candles?|cooking|toast|bbq|barbecue)",
            r"was the gas company|gas company (?:was )?(?:purging|testing|bleeding)",
            r"was (?:a|just a) (?:dead|flat|low) battery",
        ),
        # prevention: nothing has happened yet
        r"提前(?:疏通|检查|处理|清理|维修)|预防一下|以防万一|(?:现在|目前)还没(?:下雨|发生|出事)",
        r"万一[^。！？!?\n]{0,30}先问清楚",
        en(r"as a precaution|preventive|preventative"),
        # a film or the news
        r"看了一?(?:部|个|场)?(?:电影|电视剧|纪录片|小说)|看新闻说|新闻(?:上|里)说",
        en(r"watched (?:a |the )?(?:film|movie|documentary)|a (?:film|movie|documentary) about"),
        # paperwork for planned works
        r"计划(?:于|在)?\S{0,6}(?:进行|做)\S{0,6}(?:改造|装修)|报备流程|需(?:要)?提交的材料",
        # complaints about false alarms; a scam caller already seen off
        en(r"false (?:fire |smoke |co )?alarms"),
        r"老是误报|频繁误报|冒充[^。！？!?\n]{0,20}被我识破",
        # a small fire already out, "all fine", asking about the alarm
        en(r"put (?:it|them) out[^.!?\n]{0,30}(?:all fine|no damage)"),
    )
)


def explained(norm: str) -> str | None:
    """The words that explain the hazard away, if any."""
    m = EXPLAINED.search(norm)
    return m.group(0) if m else None
