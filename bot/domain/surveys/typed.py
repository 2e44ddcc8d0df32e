"""A survey answer typed instead of tapped: "4", "满意", "Satisfied", "否", "no".

Mapped through the question's own option labels in both languages (the words its buttons
show), so a resident who types the button's label gets exactly what the press records.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bot.domain.surveys.definitions import QType, Question

RATING_WORDS = {
    5: ("非常满意", "很满意", "very satisfied", "excellent", "very good"),
    4: ("满意", "比较满意", "satisfied", "good"),
    3: ("一般", "还行", "neutral", "ok", "okay", "average", "so so", "so-so"),
    2: ("不满意", "不太满意", "dissatisfied", "bad", "poor"),
    1: ("非常不满意", "很不满意", "very dissatisfied", "very bad", "terrible"),
}
YES_WORDS = (
    "是",
    "是的",
    "对",
    "对的",
    "有",
    "会",
    "愿意",
    "可以",
    "yes",
    "y",
    "yep",
    "yeah",
    "sure",
)
NO_WORDS = ("否", "不是", "不", "不对", "没有", "不会", "不愿意", "no", "n", "nope", "not")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip().lower()
    text = re.sub(r"^[\s✅☑☐]+|[\s。.!！?？~～]+$", "", text)
    return " ".join(text.split())


def typed_answer(question: Question, text: str) -> Any | None:
    """The value a press would record (score, option id, True/False), or None if unclear."""
    clean = _clean(text)
    if not clean:
        return None
    if question.type in (QType.RATING, QType.NPS):
        return _score(question, clean)
    if question.type is QType.YESNO:
        if clean in YES_WORDS:
            return True
        return False if clean in NO_WORDS else None
    if question.type is QType.SINGLE:
        for option in question.options:
            labels = {_clean(option.text.zh), _clean(option.text.en), option.id.lower()}
            if clean in labels:
                return option.id
        return None
    return None


def _score(question: Question, clean: str) -> int | None:
    top = 5 if question.type is QType.RATING else 10
    low = 1 if question.type is QType.RATING else 0
    match = re.fullmatch(r"(\d{1,2})(\s*(分|星|stars?|points?|/\s*\d+))?", clean)
    if match:
        value = int(match.group(1))
        return value if low <= value <= top else None
    if question.type is QType.RATING:
        stars = clean.replace(" ", "")
        if stars and set(stars) == {"⭐"} and len(stars) <= 5:
            return len(stars)
        # "8. satisfied" style labels: the button reads "4 · 满意"
        label = re.sub(r"^\d\s*[·.]\s*", "", clean)
        for value, words in RATING_WORDS.items():
            if label in words:
                return value
    return None
