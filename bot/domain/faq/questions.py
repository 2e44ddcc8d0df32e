"""Does a message read like a question? (Then articles may answer it before a ticket.)"""

from __future__ import annotations

import re

_QUESTION_WORDS_ZH = (
    "怎么",
    "怎样",
    "如何",
    "什么",
    "哪里",
    "哪儿",
    "哪个",
    "哪些",
    "几点",
    "多少",
    "多久",
    "是否",
    "能不能",
    "可不可以",
    "可以吗",
    "有没有",
    "吗",
    "呢",
    "请问",
    "咋",
)
_QUESTION_WORDS_EN = re.compile(
    r"\b(how|what|where|when|which|who|why|can i|can we|could|is there|are there|do i|do you|"
    r"does|should i|may i)\b",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    text = (text or "").strip()
    if not text:
        return False
    if "?" in text or "？" in text:
        return True
    return any(word in text for word in _QUESTION_WORDS_ZH) or bool(_QUESTION_WORDS_EN.search(text))
