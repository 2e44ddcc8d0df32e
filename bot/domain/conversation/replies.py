"""Does a message read like an answer in a conversation, or like a new request?

Short acknowledgements, flat numbers, yes/no, times and "it is fixed / still leaking" are
what residents type back to a staff member; "另外楼道灯坏了" / "Also the lift is broken" is a
new request. The classifier alone cannot tell: it labels "好的谢谢" a complaint.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.tickets.small_talk import is_small_talk

# Words that open a different matter: "另外…", "还有个问题", "also…", "another…".
NEW_MARKERS = re.compile(
    r"^(另外|还有个|还有一个|还有一件|还有件|再报|再问|顺便问|顺便|新问题|新的问题|又有|also\b|another\b|"
    r"by the way\b|btw\b|separately\b|new (request|problem|issue)\b)",
    re.IGNORECASE,
)
_FLAT = re.compile(r"(\d{1,2}\s*[-栋号#]\s*)?\d{3,4}\s*(室|号|房)?|\d+\s*(楼|层|栋|单元)")
_TIME = re.compile(
    r"(\d{1,2}\s*(点|:|：)\s*\d{0,2}|\d+\s*(分钟|小时)|半小时|马上|一会|待会|明天|今天|下午|上午|"
    r"晚上|\b(at|by|around)\s+\d{1,2}\b|\d{1,2}\s*(am|pm|o'clock)\b|\bminutes?\b|\btomorrow\b|"
    r"\btonight\b|\bsee you\b)",
    re.IGNORECASE,
)
_YES_NO = frozenset(
    [
        "是",
        "否",
        "对",
        "不是",
        "不对",
        "没有",
        "有",
        "是的",
        "对的",
        "可以",
        "不用",
        "不行",
        "行",
        "yes",
        "no",
        "y",
        "n",
        "yep",
        "nope",
        "yeah",
        "sure",
    ]
)
# Status reports and practical answers in a repair conversation.
_STATUS = re.compile(
    r"(修好|好了|搞定|弄好|解决了|还在|还是|仍然|依然|又开始|没修好|没好|不漏了|不响了|"
    r"关了|关掉|已经关|我在家|在家等|家里有人|我等|等你|等您|开门|我下来|马上到|来吧|"
    r"fixed|works now|working now|still\b|again\b|i'?m (home|in|at)\b|i'?ll be (home|in)|"
    r"waiting|turned (it )?off|shut (it )?off|come (up|over)|right above|above me|below me|"
    r"it'?s (in|on|at)\b|that'?s (in|on|at)\b|my flat|my unit)",
    re.IGNORECASE,
)
_THANKS = re.compile(r"(谢谢|多谢|感谢|辛苦|thank|thanks|thx|cheers|appreciate)", re.IGNORECASE)
SHORT_REPLY = 10  # words: a flat number, a time or a status in a longer text is no answer
SHORT_THANKS = 12  # words: longer thanks may carry a new request
_WORD = re.compile(r"[a-z']+|[\u4e00-\u9fff]", re.IGNORECASE)


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").strip().lower().split())


def is_thanks(text: str) -> bool:
    """Thanks, possibly with a short status ("修好了 谢谢李师傅", "Thanks, it's fixed")."""
    return bool(_THANKS.search(normalise(text)))


def opens_new_matter(text: str) -> bool:
    return bool(NEW_MARKERS.match(normalise(text)))


def looks_like_reply(text: str) -> bool:
    """An acknowledgement, a number or flat, yes/no, a time or a status of the matter at hand."""
    clean = normalise(text)
    if not clean:
        return True  # a photo alone in a conversation is shown to staff
    if opens_new_matter(clean):
        return False
    if is_small_talk(clean) or clean.strip("。.!！?？ ") in _YES_NO:
        return True
    if is_thanks(clean) and words(clean) <= SHORT_THANKS:
        return True  # "谢谢师傅 辛苦了", "thank you so much"
    bare = re.sub(r"[^\w]+", "", clean)
    if bare.isdigit():
        return True
    if words(clean) > SHORT_REPLY:
        return False  # "3栋电梯按钮坏了，请派人维修" names a building but is a request
    return bool(_FLAT.search(clean) or _TIME.search(clean) or _STATUS.search(clean))


_ADDITION = re.compile(
    r"(也是|也有|也漏|也坏|也一样|同样|一样的|还有|另外一[个处间]|\btoo\b|\balso\b|as well|"
    r"same (here|thing|problem)|the same)",
    re.IGNORECASE,
)
# A short detail of where: "在三楼", "三楼楼道", "2单元门口", "on the 3rd floor", "near the lift".
_WHERE = re.compile(
    r"([一二三四五六七八九十两\d]+\s*(楼|层|栋|单元|号楼)|门口|旁边|附近|楼道|电梯口|地下室|"
    r"\bon the \w+ floor\b|\bfloor \d+\b|\bnear the\b|\bnext to\b|\bin the (lobby|basement|"
    r"corridor|hallway|stairwell|garage)\b)",
    re.IGNORECASE,
)
SHORT_ADDITION = 12  # words: "二楼也是", "the bathroom too"


def reads_as_addition(text: str) -> bool:
    """A short "the same here / and also …" that adds to what is open rather than starting
    something else."""
    text = normalise(text)
    return words(text) <= SHORT_ADDITION and bool(_ADDITION.search(text) or _WHERE.search(text))


def words(text: str) -> int:
    """Rough length in words: each Chinese character counts, English words count."""
    return len(_WORD.findall(normalise(text)))


_FIXED = re.compile(
    r"(修好|好了|搞定|弄好了|解决了|可以用了|能用了|fixed|works|working|sorted|solved)"
)
_NOT_FIXED = re.compile(
    r"(没修好|没好|还没|还是|还在|不行|又|not fixed|still|doesn'?t|isn'?t|again)"
)


def says_fixed(text: str) -> bool:
    """ "修好了" / "It's fixed, thanks" — and not "还是没修好" / "still not fixed"."""
    clean = normalise(text)
    return bool(_FIXED.search(clean)) and not _NOT_FIXED.search(clean)
