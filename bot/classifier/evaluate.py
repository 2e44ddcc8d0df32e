"""Stratified k-fold cross-validation of the classifier on the labelled set.

Every message is predicted by a model that was trained without it.

    python -m bot.classifier.evaluate [--k 5] [--seed 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from .dataset import CATEGORIES, Example, load_examples
from .pipeline import LOW_CONFIDENCE, Classification, Classifier

DEFAULT_K = 5
DEFAULT_SEED = 7


def stratified_folds(examples: Sequence[Example], k: int, seed: int) -> list[list[int]]:
    """Indices split into k folds with each (category, urgent) stratum spread evenly."""
    if k < 2 or k > len(examples):
        raise ValueError("k must be between 2 and the number of examples")
    strata: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        strata[f"{e.category}|{e.kind}|{e.urgent}"].append(i)
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    turn = 0
    for key in sorted(strata):
        members = strata[key]
        rng.shuffle(members)
        for i in members:
            folds[turn % k].append(i)
            turn += 1
    return folds


def cross_val_predict(
    examples: Sequence[Example],
    k: int = DEFAULT_K,
    seed: int = DEFAULT_SEED,
    factory: Callable[[], Classifier] = Classifier,
) -> list[Classification]:
    """Out-of-fold prediction for every example."""
    predictions: list[Classification | None] = [None] * len(examples)
    for fold in stratified_folds(examples, k, seed):
        held_out = set(fold)
        model = factory().fit(e for i, e in enumerate(examples) if i not in held_out)
        for i in fold:
            predictions[i] = model.predict(examples[i].text)
    return [p for p in predictions if p is not None]


def _accuracy(pairs: Sequence[tuple[Example, Classification]]) -> dict[str, float]:
    n = len(pairs) or 1
    return {
        "n": len(pairs),
        "kind": sum(e.kind == p.kind for e, p in pairs) / n,
        "category": sum(e.category == p.category for e, p in pairs) / n,
        "urgent": sum(e.urgent == p.urgent for e, p in pairs) / n,
        "all": sum(_exact(e, p) for e, p in pairs) / n,
    }


def _exact(e: Example, p: Classification) -> bool:
    return e.kind == p.kind and e.category == p.category and e.urgent == p.urgent


def metrics(
    examples: Sequence[Example],
    predictions: Sequence[Classification],
    threshold: float = LOW_CONFIDENCE,
) -> dict[str, object]:
    pairs = list(zip(examples, predictions, strict=True))
    tp = sum(e.urgent and p.urgent for e, p in pairs)
    fp = sum(not e.urgent and p.urgent for e, p in pairs)
    fn = sum(e.urgent and not p.urgent for e, p in pairs)
    confusions = Counter((e.category, p.category) for e, p in pairs if e.category != p.category)
    per_category = {}
    for cat in CATEGORIES:
        gold = [(e, p) for e, p in pairs if e.category == cat]
        if gold:
            per_category[cat] = {
                "n": len(gold),
                "recall": sum(p.category == cat for _, p in gold) / len(gold),
            }
    above = [(e, p) for e, p in pairs if p.confidence >= threshold]
    below = [(e, p) for e, p in pairs if p.confidence < threshold]
    return {
        "overall": _accuracy(pairs),
        "by_lang": {
            lang: _accuracy([(e, p) for e, p in pairs if e.lang == lang]) for lang in ("zh", "en")
        },
        "urgent": {
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
            "missed": fn,
            "false_alarms": fp,
        },
        "per_category": per_category,
        "top_confusions": [
            {"gold": g, "predicted": p, "count": c} for (g, p), c in confusions.most_common(10)
        ],
        "confidence": {
            "threshold": threshold,
            "share_below": len(below) / (len(pairs) or 1),
            "accuracy_above": _accuracy(above),
            "accuracy_below": _accuracy(below),
        },
    }


def evaluate(
    k: int = DEFAULT_K, seed: int = DEFAULT_SEED, examples: Sequence[Example] | None = None
) -> dict[str, object]:
    """Cross-validated metrics over the shipped labelled set (or the given examples)."""
    examples = list(examples) if examples is not None else load_examples()
    report = metrics(examples, cross_val_predict(examples, k, seed))
    return {"k": k, "seed": seed, **report}


def _line(name: str, acc: dict[str, float]) -> str:
    return (
        f"{name:<18} n={acc['n']:<4} kind={acc['kind']:.3f} category={acc['category']:.3f} "
        f"urgent={acc['urgent']:.3f} all={acc['all']:.3f}"
    )


def render(report: dict[str, Any]) -> str:
    out = [f"{report['k']}-fold stratified cross-validation (seed {report['seed']})", ""]
    out.append(_line("overall", report["overall"]))
    for lang, acc in report["by_lang"].items():
        out.append(_line(f"lang={lang}", acc))
    u = report["urgent"]
    out += [
        "",
        f"urgent precision={u['precision']:.3f} recall={u['recall']:.3f} "
        f"(missed {u['missed']}, false alarms {u['false_alarms']})",
        "",
        "category recall:",
    ]
    for cat, row in report["per_category"].items():
        out.append(f"  {cat:<12} n={row['n']:<4} {row['recall']:.3f}")
    out.append("most frequent category confusions (gold -> predicted):")
    for row in report["top_confusions"]:
        out.append(f"  {row['gold']:<12} -> {row['predicted']:<12} {row['count']}")
    c = report["confidence"]
    out += [
        "",
        f"LOW_CONFIDENCE={c['threshold']}: {c['share_below']:.1%} of messages fall below it",
        _line("  above threshold", c["accuracy_above"]),
        _line("  below threshold", c["accuracy_below"]),
    ]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=DEFAULT_K)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = evaluate(args.k, args.seed)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
