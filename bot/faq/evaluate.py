"""Precision of the FAQ matcher on the labelled set: `python -m bot.faq.evaluate`.

precision@1: the top suggestion (or "no suggestion") is the expected answer.
wrong rate: of the questions that got a suggestion, how many got a wrong first one.
hit@3: the expected article is among the (up to 3) offered.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from bot.domain.faq.matching import THRESHOLD, FaqIndex
from bot.faq import default_articles, eval_set


@dataclass(frozen=True)
class Figures:
    questions: int
    none_questions: int
    precision_at_1: float
    wrong_rate: float
    hit_at_3: float
    false_offers_on_none: int
    missed: list[tuple[str, str, str]]  # question, expected, got


def evaluate(threshold: float = THRESHOLD) -> Figures:
    index = FaqIndex(default_articles())
    rows = eval_set()
    right = offered = wrong = hits = false_none = 0
    missed = []
    for question, expected in rows:
        found = index.search(question, threshold=threshold)
        top = found[0].slug if found else "none"
        right += top == expected
        if found:
            offered += 1
            wrong += top != expected
            false_none += expected == "none"
        hits += expected in [m.slug for m in found] or (expected == "none" and not found)
        if top != expected:
            missed.append((question, expected, top))
    count = len(rows)
    return Figures(
        questions=count,
        none_questions=sum(1 for _, e in rows if e == "none"),
        precision_at_1=right / count,
        wrong_rate=wrong / offered if offered else 0.0,
        hit_at_3=hits / count,
        false_offers_on_none=false_none,
        missed=missed,
    )


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    figures = evaluate(float(args[0]) if args else THRESHOLD)
    print(f"questions: {figures.questions} ({figures.none_questions} should match nothing)")
    print(f"precision@1: {figures.precision_at_1:.3f}")
    print(f"hit@3: {figures.hit_at_3:.3f}")
    print(f"wrong suggestions (of those offered): {figures.wrong_rate:.3f}")
    print(f"suggestions offered for no-match questions: {figures.false_offers_on_none}")
    for question, expected, got in figures.missed:
        print(f"  miss: {question!r} expected {expected} got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
