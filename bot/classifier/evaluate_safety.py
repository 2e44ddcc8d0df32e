"""Life-safety triage (issue 17) measured on data/life_safety.jsonl and data/labelled.jsonl.

    python -m bot.classifier.evaluate_safety [--json]

Three deciders are compared: the model alone, the safety net alone and the
combination the bot uses (triage.combine: urgent if either says so).

- Life-safety corpus: written by another person, independently of the rules,
  with a fold 0..4 on every message. The model is always scored on a fold it
  was not trained on (trained on labelled.jsonl plus the other four folds as a supplement, as in
  Classifier.fit).
  The rules were developed looking at folds 0-2 only ("dev"); folds 3-4
  ("held-out") were never used to tune them, and every held-out miss and false
  alarm is listed.
- Labelled set (734 messages): 5-fold cross-validation as in evaluate.py, the
  model trained on the other folds plus the whole life-safety corpus (as the
  shipped model is), alone and combined with the net, next to the baseline
  model trained on labelled messages only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .dataset import Example, load_examples, load_life_safety
from .evaluate import DEFAULT_K, DEFAULT_SEED, _accuracy, stratified_folds
from .pipeline import HAZARDS, Classification, Classifier
from .safety import assess
from .triage import combine

DEV_FOLDS = (0, 1, 2)
HELD_OUT_FOLDS = (3, 4)
SYSTEMS = ("model", "net", "combined")

# (urgent, hazard, ask_danger) as decided by one system for one message
Decision = tuple[bool, str | None, bool]


def corpus_decisions(
    labelled: Sequence[Example], corpus: Sequence[Example]
) -> dict[str, list[Decision]]:
    """Each system's decision on every corpus message, the model on held-out folds."""
    model_preds: list[Classification | None] = [None] * len(corpus)
    for fold in sorted({e.fold for e in corpus}):
        model = Classifier().fit(labelled, [e for e in corpus if e.fold != fold])
        for i, e in enumerate(corpus):
            if e.fold == fold:
                model_preds[i] = model.predict(e.text)
    return _decide([e.text for e in corpus], [p for p in model_preds if p is not None])


def _decide(texts: Sequence[str], model_preds: Sequence[Classification]) -> dict[str, list]:
    out: dict[str, list] = {name: [] for name in SYSTEMS}
    for text, pred in zip(texts, model_preds, strict=True):
        verdict = assess(text)
        both = combine(pred, verdict)
        out["model"].append((pred.urgent, None, False))
        out["net"].append((verdict.urgent, verdict.hazard, verdict.weak))
        out["combined"].append((both.urgent, both.hazard, both.ask_danger))
    return out


def urgent_scores(gold: Sequence[bool], said: Sequence[bool]) -> dict[str, float]:
    tp = sum(g and s for g, s in zip(gold, said, strict=True))
    fp = sum(s and not g for g, s in zip(gold, said, strict=True))
    fn = sum(g and not s for g, s in zip(gold, said, strict=True))
    return {
        "n": len(gold),
        "urgent": sum(gold),
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "missed": fn,
        "false_alarms": fp,
    }


def split_report(examples: Sequence[Example], decisions: Sequence[Decision]) -> dict:
    """Urgent recall/precision overall, per language and per hazard for one system."""
    pairs = list(zip(examples, decisions, strict=True))

    def scores(subset):
        return urgent_scores([e.urgent for e, _ in subset], [d[0] for _, d in subset])

    per_hazard = {}
    for hazard in HAZARDS:
        gold = [(e, d) for e, d in pairs if e.hazard == hazard]
        named = [(e, d) for e, d in pairs if d[1] == hazard]
        per_hazard[hazard] = {
            "n": len(gold),
            "recall": scores(gold)["recall"] if gold else None,
            # of the messages this system named with the hazard, how many are urgent
            "precision": sum(e.urgent for e, _ in named) / len(named) if named else None,
            "named_right": sum(d[1] == hazard for _, d in gold),
        }
    return {
        "overall": scores(pairs),
        "by_lang": {lang: scores([p for p in pairs if p[0].lang == lang]) for lang in ("zh", "en")},
        "per_hazard": per_hazard,
        "ask_danger": sum(d[2] and not d[0] for _, d in pairs),
        "misses": [e.text for e, d in pairs if e.urgent and not d[0]],
        "false_alarms": [e.text for e, d in pairs if d[0] and not e.urgent],
    }


def labelled_report(
    labelled: Sequence[Example], corpus: Sequence[Example], k: int, seed: int
) -> dict:
    """Cross-validated figures on the labelled set: baseline model, model + corpus, combined."""
    baseline: list[Classification | None] = [None] * len(labelled)
    shipped: list[Classification | None] = [None] * len(labelled)
    for fold in stratified_folds(labelled, k, seed):
        held = set(fold)
        train = [e for i, e in enumerate(labelled) if i not in held]
        base_model, ship_model = Classifier().fit(train), Classifier().fit(train, corpus)
        for i in fold:
            baseline[i] = base_model.predict(labelled[i].text)
            shipped[i] = ship_model.predict(labelled[i].text)
    verdicts = [assess(e.text) for e in labelled]
    rows = {
        "model (labelled only)": [p for p in baseline if p],
        "model (+ life-safety corpus)": [p for p in shipped if p],
    }
    rows["combined"] = [
        combine(p, v) for p, v in zip(rows["model (+ life-safety corpus)"], verdicts, strict=True)
    ]
    gold = [e.urgent for e in labelled]
    out = {}
    for name, preds in rows.items():
        out[name] = {
            **_accuracy(list(zip(labelled, preds, strict=True))),
            **{f"urgent_{k}": v for k, v in urgent_scores(gold, [p.urgent for p in preds]).items()},
            "ask_danger": sum(p.ask_danger for p in preds),
        }
    out["net"] = {
        f"urgent_{k}": v for k, v in urgent_scores(gold, [v.urgent for v in verdicts]).items()
    }
    out["net"]["false_alarms_text"] = [
        e.text for e, v in zip(labelled, verdicts, strict=True) if v.urgent and not e.urgent
    ]
    return out


def evaluate(k: int = DEFAULT_K, seed: int = DEFAULT_SEED) -> dict:
    labelled, corpus = load_examples(), load_life_safety()
    if not corpus:
        raise SystemExit("data/life_safety.jsonl is missing")
    decisions = corpus_decisions(labelled, corpus)
    report: dict = {"corpus_size": len(corpus), "labelled_size": len(labelled)}
    for split, folds in (("dev", DEV_FOLDS), ("held_out", HELD_OUT_FOLDS)):
        idx = [i for i, e in enumerate(corpus) if e.fold in folds]
        report[split] = {
            name: split_report([corpus[i] for i in idx], [decisions[name][i] for i in idx])
            for name in SYSTEMS
        }
    report["labelled"] = labelled_report(labelled, corpus, k, seed)
    return report


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _split_lines(title: str, split: dict) -> list[str]:
    out = [title, f"{'system':<10} {'n':>4} {'urgent':>6} {'recall':>7} {'precision':>9} "
           f"{'missed':>6} {'false':>5} {'ask':>4}"]  # fmt: skip
    for name in SYSTEMS:
        o = split[name]["overall"]
        out.append(
            f"{name:<10} {o['n']:>4} {o['urgent']:>6} {o['recall']:>7.3f} {o['precision']:>9.3f} "
            f"{o['missed']:>6} {o['false_alarms']:>5} {split[name]['ask_danger']:>4}"
        )
    for lang in ("zh", "en"):
        cells = [
            f"{name} R {split[name]['by_lang'][lang]['recall']:.3f} "
            f"P {split[name]['by_lang'][lang]['precision']:.3f}"
            for name in SYSTEMS
        ]
        out.append(f"  {lang}: " + " | ".join(cells))
    out.append("  per hazard: n, urgent recall model / net / combined, net named it, net precision")
    for hazard in HAZARDS:
        rows = [split[name]["per_hazard"][hazard] for name in SYSTEMS]
        out.append(
            f"    {hazard:<10} n={rows[0]['n']:<3} {_fmt(rows[0]['recall'])} / {_fmt(rows[1]['recall'])}"
            f" / {_fmt(rows[2]['recall'])}   named {rows[1]['named_right']}/{rows[1]['n']}"
            f"   P {_fmt(rows[1]['precision'])}"
        )
    return out


def render(report: dict) -> str:
    out = [
        f"Life-safety corpus: {report['corpus_size']} messages; model scored on held-out folds",
        "",
    ]
    out += _split_lines("== dev: folds 0-2 (the rules were developed on these) ==", report["dev"])
    out.append("")
    held = report["held_out"]
    out += _split_lines("== held-out: folds 3-4 (never used to tune the rules) ==", held)
    for name in ("combined", "net"):
        for kind in ("misses", "false_alarms"):
            out.append(f"  held-out {kind.replace('_', ' ')} ({name}): {len(held[name][kind])}")
            out += [f"    - {text}" for text in held[name][kind]]
    out += ["", f"== labelled set: {report['labelled_size']} messages, 5-fold cross-validation =="]
    out.append(f"{'system':<30} kind  categ urgent all   urgentP urgentR ask")
    for name, row in report["labelled"].items():
        if name == "net":
            continue
        out.append(
            f"{name:<30} {row['kind']:.3f} {row['category']:.3f} {row['urgent']:.3f} {row['all']:.3f} "
            f"{row['urgent_precision']:.3f}   {row['urgent_recall']:.3f}   {row['ask_danger']}"
        )
    net = report["labelled"]["net"]
    out.append(
        f"net alone: urgent precision {net['urgent_precision']:.3f} recall {net['urgent_recall']:.3f}"
        f" (false alarms {net['urgent_false_alarms']})"
    )
    out += [f"    - {text}" for text in net["false_alarms_text"]]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = evaluate()
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
