"""bench/survey_files: how long reading a survey definition file can take, at worst.

Parses a few thousand malformed files (the fuzz test's mutator: byte flips, cuts, inserted
anchors / aliases / tags, deep nesting, fields of the wrong type) plus hand-made extremes at
the limits (the largest file, the most nodes, the deepest nesting, the billion laughs), and
prints the worst CPU time (and wall time: on a busy machine the wall time is mostly waiting).
Writes bench/results/survey_files.json.

    .venv/bin/python -m bench.survey_files [--inputs 3000] [--seed 12]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import time

import yaml

from bench.common import RESULTS, machine
from bot.domain.surveys.definitions import DefinitionErrors
from bot.domain.surveys.files import MAX_FILE_BYTES, MAX_NODES, parse_survey_file
from bot.services.surveys.service import builtin_text
from tests.support.survey_files import BAD_SHOW_IF, BILLION_LAUGHS, GOOD, malformed


def extremes() -> dict[str, bytes]:
    """Files at (or just past) each limit, built to be as slow to read as the limits allow."""
    room = MAX_FILE_BYTES - 64
    one_question = builtin_text().split("questions:\n", 1)[1]
    return {
        "billion_laughs": BILLION_LAUGHS,
        "longest_text": f"id: x\ntitle: {{zh: '{'字' * (room // 3)}', en: x}}\n".encode(),
        "most_nodes_flow": ("[" + "1," * (MAX_NODES - 2) + "1]").encode(),
        "most_nodes_block": "".join(f"k{n}: {n}\n" for n in range(MAX_NODES // 2 - 1)).encode(),
        "past_node_limit": ("[" + "1," * (room // 2 - 2) + "1]").encode(),
        "aliases_everywhere": b"a: &a x\nb: [" + b"*a," * (room // 3 - 8) + b"*a]\n",
        "deepest_flow": b"[" * room,
        "deepest_block": "".join(f"{'  ' * n}k:\n" for n in range(400)).encode(),
        "simple_key_lookahead": (b"? " + b"[a, " * 250 + b"\n") * (room // 1100),
        "many_questions": (builtin_text() + one_question * 40)[:room].encode(),
        "comments_only": b"#" * room,
    }


def timed(data: bytes) -> tuple[float, float]:
    """(CPU seconds, wall seconds) for one parse; refusals count like successes."""
    cpu, wall = time.thread_time(), time.perf_counter()
    with contextlib.suppress(DefinitionErrors):
        parse_survey_file(data)
    return time.thread_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bases = [GOOD, builtin_text(), BILLION_LAUGHS.decode(), BAD_SHOW_IF.decode()]
    bases.append(json.dumps(yaml.safe_load(GOOD), ensure_ascii=False, indent="\t"))
    fuzz = [timed(malformed(rng, rng.choice(bases))) for _ in range(args.inputs)]
    cpu = sorted(c for c, _ in fuzz)
    edge = {name: min(timed(data) for _ in range(3)) for name, data in extremes().items()}
    result = {
        "machine": machine(),
        "fuzz_inputs": args.inputs,
        "fuzz_cpu_max_ms": round(cpu[-1] * 1000, 2),
        "fuzz_cpu_p99_ms": round(cpu[int(len(cpu) * 0.99)] * 1000, 2),
        "fuzz_cpu_median_ms": round(statistics.median(cpu) * 1000, 2),
        "fuzz_wall_max_ms": round(max(w for _, w in fuzz) * 1000, 2),
        "extremes_cpu_ms": {name: round(c * 1000, 1) for name, (c, _) in edge.items()},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "survey_files.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
