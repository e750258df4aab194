"""Sort quality: how well the segment sorter labels statements, against a zero-shot baseline measured in
the same run with the same embeddings, and how much a workspace's own examples teach it.

    .venv/bin/python benchmarks/sort_quality.py DATA.jsonl [--model FOLDER_OR_NAME] [--shots K]

DATA.jsonl holds one labelled statement per line: {"text", "lang", "segment", "also": [...]}. A
prediction is right when it is the gold segment or one of `also`; macro-F1 is on the gold segment only
("unsorted" counts as wrong). The baseline gives each statement the segment whose one-line description
is nearest (cosine). The few-shot figure takes K labelled items per segment as "workspace corrections",
evaluates on the rest with and without them, averaged over three draws. Prints one JSON object."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from empathy_studio.evidence.embedding import load_embedder  # noqa: E402
from empathy_studio.evidence.segment_knowledge import DESCRIPTIONS  # noqa: E402
from empathy_studio.evidence.sorter import SEGMENT_IDS, Example, Sorter  # noqa: E402
from empathy_studio.settings import Settings  # noqa: E402

TARGETS = {"macro_f1": 0.70, "accuracy": 0.80, "max_language_gap": 0.10, "baseline_ratio": 1.3}


def scores(items: Sequence[dict[str, Any]], predicted: Sequence[str]) -> dict[str, Any]:
    right = [p == i["segment"] or p in i.get("also", []) for i, p in zip(items, predicted, strict=True)]
    per_segment = {}
    for segment in SEGMENT_IDS:
        hits = sum(1 for i, p in zip(items, predicted, strict=True) if p == segment == i["segment"])
        guessed = sum(1 for p in predicted if p == segment)
        actual = sum(1 for i in items if i["segment"] == segment)
        per_segment[segment] = round(2 * hits / (guessed + actual), 3) if guessed + actual else 0.0
    present = [s for s in SEGMENT_IDS if any(i["segment"] == s for i in items)]
    return {
        "items": len(items),
        "accuracy": round(sum(right) / len(items), 3) if items else 0.0,
        "macro_f1": round(sum(per_segment[s] for s in present) / len(present), 3) if present else 0.0,
        "per_segment_f1": per_segment,
        "unsorted": sum(1 for p in predicted if p not in SEGMENT_IDS),
    }


def report(items: Sequence[dict[str, Any]], predicted: Sequence[str]) -> dict[str, Any]:
    overall = scores(items, predicted)
    overall["per_language"] = {}
    for lang in sorted({i["lang"] for i in items}):
        chosen = [n for n, i in enumerate(items) if i["lang"] == lang]
        part = scores([items[n] for n in chosen], [predicted[n] for n in chosen])
        overall["per_language"][lang] = {k: part[k] for k in ("items", "accuracy", "macro_f1")}
    return overall


def few_shot(
    items: list[dict[str, Any]], vectors: np.ndarray, sorter: Sorter, embedder: Any, shots: int
) -> dict[str, Any]:
    before: list[dict[str, Any]] = []
    after: list[dict[str, Any]] = []
    for seed in range(3):
        rng = random.Random(seed)
        picked: list[int] = []
        for segment in SEGMENT_IDS:
            candidates = [n for n, i in enumerate(items) if i["segment"] == segment]
            picked += rng.sample(candidates, min(shots, len(candidates)))
        rest = [n for n in range(len(items)) if n not in set(picked)]
        examples = [Example(items[n]["text"], items[n]["segment"]) for n in picked]
        taught = Sorter(embedder, examples, vectors[picked])
        texts = [items[n]["text"] for n in rest]
        for target, model in ((before, sorter), (after, taught)):
            predicted = [s.segment for s in model.suggest_vectors(vectors[rest], texts=texts)]
            target.append(scores([items[n] for n in rest], predicted))

    def mean(runs: list[dict[str, Any]], key: str) -> float:
        return round(float(sum(r[key] for r in runs)) / len(runs), 3)

    return {
        "shots_per_segment": shots,
        "draws": 3,
        "evaluated_items": before[0]["items"],
        "without_workspace_examples": {k: mean(before, k) for k in ("accuracy", "macro_f1")},
        "with_workspace_examples": {k: mean(after, k) for k in ("accuracy", "macro_f1")},
        "macro_f1_gain": round(mean(after, "macro_f1") - mean(before, "macro_f1"), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="labelled statements, JSON Lines")
    parser.add_argument("--model", default=os.environ.get("EMPATHY_TEST_MODEL") or Settings().model)
    parser.add_argument("--shots", type=int, default=5, help="workspace examples per segment for few-shot")
    args = parser.parse_args()
    items = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = load_embedder(Settings(model=args.model))
    texts = [i["text"] for i in items]
    vectors = embedder.embed(texts)

    sorter = Sorter(embedder)
    ours = report(items, [s.segment for s in sorter.suggest_vectors(vectors, texts=texts)])
    descriptions = embedder.embed([DESCRIPTIONS[s] for s in SEGMENT_IDS])
    baseline = report(items, [SEGMENT_IDS[int(np.argmax(row))] for row in vectors @ descriptions.T])

    languages = ours["per_language"]
    gap = max(
        (languages["en"]["macro_f1"] - v["macro_f1"] for k, v in languages.items() if k != "en"), default=0.0
    )
    ratio = round(ours["macro_f1"] / baseline["macro_f1"], 2) if baseline["macro_f1"] else None
    result = {
        "data": str(args.data),
        "model": embedder.model_id,
        "sorter": ours,
        "zero_shot_baseline": baseline,
        "macro_f1_vs_baseline": ratio,
        "largest_language_gap_to_en": round(gap, 3),
        "few_shot": few_shot(items, vectors, sorter, embedder, args.shots),
        "targets": TARGETS,
        "passes": {
            "macro_f1": ours["macro_f1"] >= TARGETS["macro_f1"],
            "accuracy": ours["accuracy"] >= TARGETS["accuracy"],
            "language_gap": gap <= TARGETS["max_language_gap"],
            "baseline_ratio": ratio is not None and ratio >= TARGETS["baseline_ratio"],
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
