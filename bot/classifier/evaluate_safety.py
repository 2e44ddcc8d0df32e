"""Life-safety triage (issue 17) measured on the three life-safety corpora and the labelled set.

    python -m bot.classifier.evaluate_safety [--json]

Three deciders are compared: the model alone, the safety net alone and the
combination the bot uses (triage.combine: urgent when the net recognises a
hazard or the model says urgent; ``ask_danger`` when only weak cues; never
urgent on an explicit all-clear).

- First corpus (data/life_safety.jsonl, 368 messages, folds 0-4): written by
  another person independently of the rules, then used to develop them (all
  folds are development data). The model is scored on a fold it was not
  trained on (trained on labelled.jsonl plus the other four folds).
- Second corpus (data/life_safety_heldout.jsonl): written by someone who never
  saw the rules and measured once as held-out data; since then development
  data like the first. The model is the shipped one (labelled set plus the
  whole first corpus).
- Final corpus (data/life_safety_final.jsonl, when present): written by a
  third person who never saw any rules, read only for the final measurement.
  Same shipped model. For every corpus each miss, false alarm and emergency
  that only got the "is anyone in danger?" question is listed.
- Labelled set (734 messages): 5-fold cross-validation as in evaluate.py, the
  model trained on the other folds plus the whole first corpus (as the shipped
  model is), alone and combined with the net, next to the baseline model
  trained on labelled messages only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .dataset import (
    Example,
    load_examples,
    load_life_safety,
    load_supplement,
    load_training_examples,
)
from .evaluate import DEFAULT_K, DEFAULT_SEED, _accuracy, stratified_folds
from .pipeline import HAZARDS, Classification, Classifier
from .safety import assess
from .triage import combine

HELD_OUT_FILE = Path(__file__).with_name("data") / "life_safety_heldout.jsonl"
FINAL_FILE = Path(__file__).with_name("data") / "life_safety_final.jsonl"
# Later corpora, each written by another person who never saw the rules and measured once
# (the rules were then changed with it in view, so each is development data afterwards).
LATER_FILES = {
    "fourth": Path(__file__).with_name("data") / "life_safety_fourth.jsonl",
    "fifth": Path(__file__).with_name("data") / "life_safety_fifth.jsonl",
    "sixth": Path(__file__).with_name("data") / "life_safety_sixth.jsonl",
}
SYSTEMS = ("model", "net", "combined")

# (urgent, hazard, ask_danger) as decided by one system for one message
Decision = tuple[bool, str | None, bool]
Report = dict[str, Any]


def cross_fold_predictions(
    labelled: Sequence[Example], corpus: Sequence[Example]
) -> list[Classification]:
    """The model's prediction on every corpus message, trained without its fold."""
    preds: dict[int, Classification] = {}
    for fold in sorted({e.fold for e in corpus if e.fold is not None}):
        model = Classifier().fit(labelled, [e for e in corpus if e.fold != fold])
        for i, e in enumerate(corpus):
            if e.fold == fold:
                preds[i] = model.predict(e.text)
    return [preds[i] for i in range(len(corpus))]


def decide(
    texts: Sequence[str], model_preds: Sequence[Classification]
) -> dict[str, list[Decision]]:
    out: dict[str, list[Decision]] = {name: [] for name in SYSTEMS}
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


def split_report(examples: Sequence[Example], decisions: Sequence[Decision]) -> Report:
    """Urgent recall/precision overall, per language and per hazard for one system."""
    pairs = list(zip(examples, decisions, strict=True))

    def scores(subset: Sequence[tuple[Example, Decision]]) -> dict[str, float]:
        return urgent_scores([e.urgent for e, _ in subset], [d[0] for _, d in subset])

    per_hazard: Report = {}
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
    asked = [e for e, d in pairs if d[2] and not d[0]]
    return {
        "overall": scores(pairs),
        "by_lang": {lang: scores([p for p in pairs if p[0].lang == lang]) for lang in ("zh", "en")},
        "per_hazard": per_hazard,
        "ask_danger": len(asked),
        "asked_emergencies": [e.text for e in asked if e.urgent],
        "misses": [e.text for e, d in pairs if e.urgent and not d[0] and not d[2]],
        "false_alarms": [e.text for e, d in pairs if d[0] and not e.urgent],
    }


def corpus_report(examples: Sequence[Example], preds: Sequence[Classification]) -> Report:
    decisions = decide([e.text for e in examples], preds)
    return {name: split_report(examples, decisions[name]) for name in SYSTEMS}


def labelled_report(
    labelled: Sequence[Example], corpus: Sequence[Example], k: int, seed: int
) -> Report:
    """Cross-validated figures on the labelled set: baseline model, model + corpus, combined."""
    baseline: dict[int, Classification] = {}
    shipped: dict[int, Classification] = {}
    for fold in stratified_folds(labelled, k, seed):
        held = set(fold)
        train = [e for i, e in enumerate(labelled) if i not in held]
        base_model, ship_model = Classifier().fit(train), Classifier().fit(train, corpus)
        for i in fold:
            baseline[i] = base_model.predict(labelled[i].text)
            shipped[i] = ship_model.predict(labelled[i].text)
    verdicts = [assess(e.text) for e in labelled]
    rows = {
        "model (labelled only)": [baseline[i] for i in range(len(labelled))],
        "model (+ life-safety corpus)": [shipped[i] for i in range(len(labelled))],
    }
    rows["combined"] = [
        combine(p, v) for p, v in zip(rows["model (+ life-safety corpus)"], verdicts, strict=True)
    ]
    gold = [e.urgent for e in labelled]
    out: Report = {}
    for name, preds in rows.items():
        out[name] = {
            **_accuracy(list(zip(labelled, preds, strict=True))),
            **{f"urgent_{k}": v for k, v in urgent_scores(gold, [p.urgent for p in preds]).items()},
            "ask_danger": sum(p.ask_danger for p in preds),
        }
    combined = zip(labelled, rows["combined"], strict=True)
    out["combined_false_alarms"] = [e.text for e, p in combined if p.urgent and not e.urgent]
    out["net"] = {
        f"urgent_{k}": v for k, v in urgent_scores(gold, [v.urgent for v in verdicts]).items()
    }
    return out


def evaluate(
    k: int = DEFAULT_K,
    seed: int = DEFAULT_SEED,
    held_out: Path = HELD_OUT_FILE,
    final: Path = FINAL_FILE,
) -> Report:
    labelled, corpus = load_examples(), load_life_safety()
    if not corpus:
        raise SystemExit("data/life_safety.jsonl is missing")
    report: Report = {"corpus_size": len(corpus), "labelled_size": len(labelled)}
    report["dev"] = corpus_report(corpus, cross_fold_predictions(labelled, corpus))
    shipped = Classifier().fit(*load_training_examples())
    for name, path in (("held_out", held_out), ("final", final), *LATER_FILES.items()):
        examples = load_life_safety(path)
        if examples:
            report[f"{name}_size"] = len(examples)
            report[name] = corpus_report(examples, [shipped.predict(e.text) for e in examples])
    # As shipped: the other folds plus every development corpus (dataset.TRAINING_CORPORA).
    report["labelled"] = labelled_report(labelled, load_supplement(), k, seed)
    return report


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _split_lines(title: str, split: Report) -> list[str]:
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
    out.append("  per hazard: n, urgent recall model / net / combined, net named it")
    for hazard in HAZARDS:
        rows = [split[name]["per_hazard"][hazard] for name in SYSTEMS]
        out.append(
            f"    {hazard:<10} n={rows[0]['n']:<3} {_fmt(rows[0]['recall'])} / {_fmt(rows[1]['recall'])}"
            f" / {_fmt(rows[2]['recall'])}   named {rows[1]['named_right']}/{rows[1]['n']}"
        )
    combined = split["combined"]
    for kind in ("misses", "asked_emergencies", "false_alarms"):
        out.append(f"  combined {kind.replace('_', ' ')}: {len(combined[kind])}")
        out += [f"    - {text}" for text in combined[kind]]
    return out


def render(report: Report) -> str:
    out = _split_lines(
        f"== first corpus: {report['corpus_size']} messages, all development data ==", report["dev"]
    )
    titles = {
        "held_out": "second corpus (development)",
        "final": "third corpus (development since the fourth round)",
        "fourth": "fourth corpus",
        "fifth": "fifth corpus",
        "sixth": "sixth corpus",
    }
    for name, title in titles.items():
        if name in report:
            out.append("")
            out += _split_lines(f"== {title}: {report[name + '_size']} messages ==", report[name])
    out += ["", f"== labelled set: {report['labelled_size']} messages, 5-fold cross-validation =="]
    out.append(f"{'system':<30} kind  categ urgent all   urgentP urgentR ask")
    for name, row in report["labelled"].items():
        if name in ("net", "combined_false_alarms"):
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
    out.append("combined false alarms:")
    out += [f"    - {text}" for text in report["labelled"]["combined_false_alarms"]]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--without-held-out", action="store_true", help="skip the second corpus")
    parser.add_argument("--without-final", action="store_true", help="skip the final corpus")
    args = parser.parse_args(argv)
    report = evaluate(
        held_out=Path("/nonexistent") if args.without_held_out else HELD_OUT_FILE,
        final=Path("/nonexistent") if args.without_final else FINAL_FILE,
    )
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
