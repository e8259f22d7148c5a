"""Tagging precision and recall per problem category, on labelled statements (issue 11).

    .venv/bin/python bench/problem_tags.py FILE.jsonl [FILE.jsonl ...] [--split test] [--misses]

Each line: {"text", "kind": "problem" | "measure", "categories": [...]} (other keys are kept for
reference). A problem is scored on the categories `categorize` gives it; a measure must not come
out of `extract_problems` as a problem. Sets:

- ``bench/problems_real/{holdout,fresh,third}.jsonl``: real statements from real reports,
  labelled from the lexicon's definitions before the rules were measured on them, each measured
  once before any rule was changed after reading it (sources and figures in its README);
- ``bench/holdout/problems.jsonl``, ``bench/holdout2/problems.jsonl``: written by hand in earlier
  sessions; the rules were tuned on them (relabelled for the 15 categories).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from indexer.extract.normalize import clean
from indexer.extract.problems import PROBLEM_CATEGORIES, categorize, extract_problems


def score(path: Path, split: str | None, show_misses: bool) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if split is None or r.get("split") == split]
    problems = [r for r in rows if r["kind"] == "problem"]
    measures = [r for r in rows if r["kind"] == "measure"]
    tp, fp, fn = Counter[str](), Counter[str](), Counter[str]()
    misses = []
    for row in problems:
        gold, found = set(row["categories"]), set(categorize(clean(row["text"])))
        tp.update(gold & found)
        fp.update(found - gold)
        fn.update(gold - found)
        if gold != found:
            misses.append((row["text"], sorted(gold), sorted(found)))
    exact = len(problems) - len(misses)
    reports = len({r["url"] for r in problems if r.get("url")})
    source = f" from {reports} reports" if reports else ""
    print(
        f"\n{path}{f' (split {split})' if split else ''}: {len(problems)} problems{source}, {len(measures)} measures"
    )
    print(f"exact category sets: {exact}/{len(problems)} = {exact / max(len(problems), 1):.1%}")
    print(f"{'category':<10}\t{'P':>5}\t{'R':>5}\t tp\t fp\t fn")
    for name in PROBLEM_CATEGORIES:
        if tp[name] + fp[name] + fn[name]:
            p = tp[name] / (tp[name] + fp[name]) if tp[name] + fp[name] else float("nan")
            r = tp[name] / (tp[name] + fn[name]) if tp[name] + fn[name] else float("nan")
            print(f"{name:<10}\t{p:5.2f}\t{r:5.2f}\t{tp[name]:3d}\t{fp[name]:3d}\t{fn[name]:3d}")
    stp, sfp, sfn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(
        f"{'micro':<10}\t{stp / max(stp + sfp, 1):5.2f}\t{stp / max(stp + sfn, 1):5.2f}\t{stp:3d}\t{sfp:3d}\t{sfn:3d}"
    )
    wrong = [r["text"] for r in measures if extract_problems(clean(r["text"])).problems]
    print(f"measures taken for problems: {len(wrong)}/{len(measures)}")
    if show_misses:
        for text, gold, found in misses:
            print(f"- {text}\n    gold={gold} found={found}")
        for text in wrong:
            print(f"- measure taken for a problem: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument(
        "--split", help="only the lines of this split (dev: read while tuning; test: kept apart)"
    )
    parser.add_argument("--misses", action="store_true", help="list every statement whose categories differ")
    args = parser.parse_args()
    for path in args.files:
        score(path, args.split, args.misses)


if __name__ == "__main__":
    main()
