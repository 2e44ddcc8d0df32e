"""Messages that are not requests: thanks, greetings, a lone emoji. Filing "谢谢" or "👍" as a
draft and asking "repair, complaint or inquiry?" is the kind of thing that makes residents
stop using a bot, so these get a friendly pointer instead."""

from __future__ import annotations

import re
import unicodedata

PHRASES = frozenset(
    {
        # zh: thanks, acknowledgements, greetings, "are you there?"
        "谢谢", "谢谢你", "谢谢您", "谢谢啦", "谢啦", "谢了", "多谢", "感谢", "非常感谢",
        "谢谢师傅", "谢谢物业", "辛苦了", "辛苦啦", "辛苦", "好的谢谢", "好的谢谢你",
        "师傅辛苦了", "辛苦师傅", "好的师傅", "麻烦了", "麻烦你了", "麻烦您了", "不客气",
        "好的", "好", "好滴", "好嘞", "行", "嗯", "嗯嗯", "哦", "哦哦", "收到", "收到谢谢",
        "知道了", "明白", "明白了", "了解", "你好", "您好", "在吗", "在不在", "有人吗",
        "早", "早上好", "下午好", "晚上好", "哈哈", "哈哈哈",
        # en
        "thanks", "thank you", "thankyou", "thanks a lot", "thank you very much", "thx",
        "ty", "ok", "okay", "k", "got it", "noted", "great", "cool", "nice", "hi",
        "hello", "hey", "good morning", "good evening", "anyone there",
    }
)  # fmt: skip


def _clauses(text: str) -> list[str]:
    """Lower-case clauses split at punctuation and emoji, words joined by one space."""
    cleaned = unicodedata.normalize("NFKC", text).lower()
    parts = re.split(r"[^\w\s]+|_", cleaned)
    return [" ".join(part.split()) for part in parts if part.split()]


def is_small_talk(text: str) -> bool:
    """Only emoji / punctuation, or nothing but thanks, acknowledgements and greetings
    ("好的，谢谢师傅！", "ok, thanks")."""
    return all(c in PHRASES or c.replace(" ", "") in PHRASES for c in _clauses(text))
