"""Sort quality: how well the segment sorter labels statements, against a zero-shot baseline measured in
the same run with the same embeddings, and how much a workspace's own examples teach it.

    .venv/bin/python benchmarks/sort_quality.py DATA.jsonl [--model FOLDER_OR_NAME] [--shots K]

DATA.jsonl holds one labelled statement per line: {"text", "lang", "segment", "also": [...], "domain"?}.
A prediction is right when it is the gold segment or one of `also`; macro-F1 is on the gold segment only
("unsorted" counts as wrong). The baseline gives each statement the segment whose one-line description
is nearest (cosine).

Teaching is measured two ways, each averaged over three draws:
- same domain: per domain, K of its statements become the workspace's corrections, the rest of the
  domain is sorted before and after (a team sorting its own feedback);
- team convention: a team files what customers hear under Say & Do instead; K of the Hear statements
  are corrected that way, and the figures are the share of the other Hear statements that follow the
  team, and the accuracy on all statements outside Hear (which must not suffer).
Prints one JSON object."""

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
from empathy_studio.evidence.model_files import cache_root  # noqa: E402
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


class Judge:
    """Sorts given statements of the data set with or without workspace examples."""

    def __init__(self, items: list[dict[str, Any]], vectors: np.ndarray, sorter: Sorter) -> None:
        self.items, self.vectors, self.sorter = items, vectors, sorter

    def sort(self, rows: Sequence[int], taught_by: Sequence[tuple[int, str]] = ()) -> list[str]:
        sorter = self.sorter
        if taught_by:
            examples = [
                Example(self.items[n]["text"], label, self.items[n]["lang"]) for n, label in taught_by
            ]
            picked = [n for n, _ in taught_by]
            sorter = Sorter(self.sorter.embedder, examples, self.vectors[picked], model=self.sorter.model)
        texts = [self.items[n]["text"] for n in rows]
        languages = [self.items[n]["lang"] for n in rows]
        found = sorter.suggest(texts, vectors=self.vectors[list(rows)], languages=languages)
        return [s.segment for s in found]


def mean(values: Sequence[float]) -> float:
    return round(float(sum(values)) / len(values), 3) if values else 0.0


def same_domain(judge: Judge, shots: int) -> dict[str, Any] | None:
    items = judge.items
    domains = sorted({i["domain"] for i in items if i.get("domain")})
    if not domains:
        return None
    before: list[dict[str, Any]] = []
    after: list[dict[str, Any]] = []
    for seed in range(3):
        rng = random.Random(seed)
        rest_all: list[int] = []
        found_before: list[str] = []
        found_after: list[str] = []
        for domain in domains:
            members = [n for n, i in enumerate(items) if i.get("domain") == domain]
            if len(members) <= shots:
                continue
            picked = rng.sample(members, shots)
            rest = [n for n in members if n not in picked]
            rest_all += rest
            found_before += judge.sort(rest)
            found_after += judge.sort(rest, [(n, items[n]["segment"]) for n in picked])
        before.append(scores([items[n] for n in rest_all], found_before))
        after.append(scores([items[n] for n in rest_all], found_after))
    return {
        "shots_per_domain": shots,
        "domains": len(domains),
        "evaluated_items": before[0]["items"],
        "before": {k: mean([r[k] for r in before]) for k in ("accuracy", "macro_f1")},
        "after": {k: mean([r[k] for r in after]) for k in ("accuracy", "macro_f1")},
        "macro_f1_gain": round(
            mean([r["macro_f1"] for r in after]) - mean([r["macro_f1"] for r in before]), 3
        ),
    }


def team_convention(judge: Judge, shots: int) -> dict[str, Any]:
    items = judge.items
    heard = [n for n, i in enumerate(items) if i["segment"] == "hear"]
    others = [n for n, i in enumerate(items) if i["segment"] != "hear"]
    follow_before, follow_after, others_before, others_after = [], [], [], []
    for seed in range(3):
        picked = random.Random(seed).sample(heard, min(shots, len(heard) - 1))
        rest = [n for n in heard if n not in picked]
        taught = [(n, "say_do") for n in picked]
        follow_before.append(mean([s == "say_do" for s in judge.sort(rest)]))
        follow_after.append(mean([s == "say_do" for s in judge.sort(rest, taught)]))
        others_before.append(scores([items[n] for n in others], judge.sort(others))["accuracy"])
        others_after.append(scores([items[n] for n in others], judge.sort(others, taught))["accuracy"])
    return {
        "rule": "what customers hear is filed under say_do",
        "corrections": shots,
        "hear_statements_following_the_team": {"before": mean(follow_before), "after": mean(follow_after)},
        "accuracy_outside_hear": {"before": mean(others_before), "after": mean(others_after)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="labelled statements, JSON Lines")
    parser.add_argument("--model", default=os.environ.get("EMPATHY_TEST_MODEL") or Settings().model)
    parser.add_argument(
        "--shots",
        type=int,
        default=5,
        help="workspace corrections per domain (twice as many for the team convention)",
    )
    args = parser.parse_args()
    items = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    settings = Settings(model=args.model)
    embedder = load_embedder(settings)
    sorter = Sorter(embedder, cache_dir=cache_root(settings))
    texts = [i["text"] for i in items]
    vectors = embedder.embed(texts)
    judge = Judge(items, vectors, sorter)

    ours = report(items, judge.sort(range(len(items))))
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
        "teaching": {
            "same_domain": same_domain(judge, args.shots),
            "team_convention": team_convention(judge, 2 * args.shots),
        },
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
