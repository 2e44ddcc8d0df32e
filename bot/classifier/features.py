"""Text normalisation and feature extraction for resident messages.

A message becomes a sparse bag ``{feature: weight}`` (binary presence, typed
weights). Weights say how much a feature counts in the naive Bayes sums:

- ``z1/z2/z3``: Chinese character uni/bi/trigrams (no word segmenter needed);
- ``w/w2``: lightly stemmed English words and word bigrams; ``c3``: character
  trigrams inside English words, a little typo tolerance ("elevater");
- ``e``: emoji;
- ``topic``: a bilingual domain word list per topic (lift, water, power...), so
  Chinese and English examples teach the model about the same topic;
- ``cue``: hand-written cues (question, negation, sarcasm, past tense, hazard,
  and urgency: trapped, fire/smoke, gas, flood, outage, whole building, threat);
  ``pair``: conjunctions of two cues ("gas" + "question" is not "gas").

Topics and cues are ordinary inputs whose weights the model learns from the
labelled set, never an answer lookup; they carry larger weights so that a
handful of examples is enough for them to move the posterior.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .lexicon import CUES, TOPICS

# Texts longer than this are cut before feature extraction: the start of a
# message says what it is about, and the cut keeps prediction fast.
MAX_CHARS = 2000

ZH_UNIGRAM_WEIGHT = 0.5
ZH_BIGRAM_WEIGHT = 1.0
ZH_TRIGRAM_WEIGHT = 0.7
EN_WORD_WEIGHT = 1.0
EN_BIGRAM_WEIGHT = 0.7
EN_CHAR_TRIGRAM_WEIGHT = 0.15
EMOJI_WEIGHT = 1.0
CUE_WEIGHT = 2.0
TOPIC_WEIGHT = 4.0
PAIR_WEIGHT = 2.0

UNIT_TOKEN = " unitno "
NUM_TOKEN = " num "

_CN_DIGITS = "零一二三四五六七八九十两"
_D = rf"[\d{_CN_DIGITS}]+"

# Unit / room / building references: what building a resident lives in says
# nothing about what their message is about, so they collapse to one token.
_UNIT_PATTERNS = [
    # 3栋2单元1102室, 三号楼1102, 5幢, 3座2单元
    re.compile(rf"{_D}\s*(?:栋|幢|号楼|座|楼栋)(?:\s*{_D}\s*单元)?(?:\s*{_D}\s*(?:室|号|房)?)?"),
    re.compile(rf"{_D}\s*单元(?:\s*{_D}\s*(?:室|号|房)?)?"),
    # 3-2-1102, 3#2-1102, 3/2/1102
    re.compile(r"\b\d{1,2}\s*[-#/]\s*\d{1,2}\s*[-#/]\s*\d{2,4}\b"),
    re.compile(r"\b\d{1,2}\s*#\s*\d{2,4}\b"),
    # B3 U2 1102, block 3 unit 2 #1102, tower 5 flat 1203, bldg 2
    re.compile(
        r"\b(?:b|blk|block|bldg|building|tower|twr)\s*\.?\s*\d+[a-z]?"
        r"(?:[\s,/-]*(?:u|unit|apt|flat|rm|room|#|no\.?)?\s*\d+[a-z]?)*"
    ),
    re.compile(r"(?:\b(?:unit|apt|apartment|flat|rm|room|no\.?)|#)\s*\d+[a-z]?\b"),
    re.compile(r"\d{3,4}\s*(?:室|房|号房)"),
    re.compile(r"(?<![\d.])\d{3,4}(?![\d.元块%])"),
]
_NUMBER = re.compile(r"\d+(?:[.:]\d+)?")
_REPEAT_PUNCT = re.compile(r"([!?.,~。，！？、…])\1+")
_SPACES = re.compile(r"\s+")

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")

_STOP_EN = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "and",
        "or",
        "is",
        "are",
        "am",
        "be",
        "it",
        "i",
        "my",
        "me",
        "we",
        "our",
        "in",
        "on",
        "at",
        "for",
        "this",
        "that",
    ]
)


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lowercase, units to a token, tidy punctuation."""
    text = unicodedata.normalize("NFKC", text or "")[:MAX_CHARS].lower()
    text = text.replace("’", "'").replace("‘", "'")
    for pattern in _UNIT_PATTERNS:
        text = pattern.sub(UNIT_TOKEN, text)
    text = _NUMBER.sub(NUM_TOKEN, text)
    text = _REPEAT_PUNCT.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()


def stem(word: str) -> str:
    """A very light English stemmer: enough to join leak/leaks/leaking/leaked."""
    if word.endswith("n't"):
        return word[:-3] + "nt"
    word = word.replace("'", "")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix, min_len in (("ing", 6), ("ed", 5), ("es", 5), ("ly", 5)):
        if len(word) >= min_len and word.endswith(suffix):
            return word[: -len(suffix)]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def cue_features(norm: str) -> list[str]:
    """Names of the cue features that fire on a normalised text."""
    return [name for name, pattern in CUES.items() if pattern.search(norm)]


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So"


def extract(text: str) -> dict[str, float]:
    """Bag of weighted features for one message (binary presence, typed weights)."""
    norm = normalise(text)
    feats: dict[str, float] = {}

    def add(name: str, weight: float) -> None:
        if weight > feats.get(name, 0.0):
            feats[name] = weight

    _chinese(norm, add)
    _english(norm, add)
    for ch in norm:
        if _is_emoji(ch):
            add("e:" + ch, EMOJI_WEIGHT)
    cues = cue_features(norm)
    for cue in cues:
        add("cue:" + cue, CUE_WEIGHT)
    # Conjunctions let a linear model learn that "fire" + "question" or
    # "gas" + "past" differ from "fire" or "gas" alone.
    for i, a in enumerate(cues):
        for b in cues[i + 1 :]:
            add(f"pair:{a}+{b}", PAIR_WEIGHT)
    for topic, pattern in TOPICS.items():
        if pattern.search(norm):
            add("topic:" + topic, TOPIC_WEIGHT)
    return feats


def _chinese(norm: str, add: Callable[[str, float], None]) -> None:
    """Character uni-, bi- and trigrams of every run of Chinese characters."""
    for run in _CJK_RUN.findall(norm):
        for i, ch in enumerate(run):
            add("z1:" + ch, ZH_UNIGRAM_WEIGHT)
            if i + 2 <= len(run):
                add("z2:" + run[i : i + 2], ZH_BIGRAM_WEIGHT)
            if i + 3 <= len(run):
                add("z3:" + run[i : i + 3], ZH_TRIGRAM_WEIGHT)


def _english(norm: str, add: Callable[[str, float], None]) -> None:
    """Stemmed words (stop words left out), their character trigrams, and word bigrams."""
    words = [stem(w) for w in _EN_WORD.findall(norm)]
    prev = ""
    for word in words:
        if word not in _STOP_EN:
            add("w:" + word, EN_WORD_WEIGHT)
            if len(word) >= 4:
                padded = f"<{word}>"
                for i in range(len(padded) - 2):
                    add("c3:" + padded[i : i + 3], EN_CHAR_TRIGRAM_WEIGHT)
        if prev:
            add(f"w2:{prev}_{word}", EN_BIGRAM_WEIGHT)
        prev = word
