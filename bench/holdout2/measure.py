"""Hold-out measurement of indexer.extract.problems on hand-written sentences."""

import json
from collections import Counter
from pathlib import Path

from indexer.extract.normalize import clean
from indexer.extract.problems import categorize, extract_problems

DATA = Path(__file__).with_name("problems.jsonl")


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    problems = [r for r in rows if r["kind"] == "problem"]
    measures = [r for r in rows if r["kind"] == "measure"]

    tp, fp, fn = Counter(), Counter(), Counter()
    exact = 0
    misses = []
    for r in problems:
        gold = set(r["categories"])
        pred = set(categorize(clean(r["text"])))
        for c in gold & pred:
            tp[c] += 1
        for c in pred - gold:
            fp[c] += 1
        for c in gold - pred:
            fn[c] += 1
        if gold == pred:
            exact += 1
        else:
            misses.append((r["text"], sorted(gold), sorted(pred)))

    print(
        f"problems: {len(problems)}  exact-match accuracy: {exact}/{len(problems)} = {exact / len(problems):.1%}"
    )
    print(f"{'category':<12} {'P':>6} {'R':>6}  tp fp fn")
    cats = sorted(set(tp) | set(fp) | set(fn))
    for c in cats:
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        print(f"{c:<12} {p:6.2f} {rec:6.2f}  {tp[c]:2d} {fp[c]:2d} {fn[c]:2d}")
    stp, sfp, sfn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(
        f"micro        {stp / max(stp + sfp, 1):6.2f} {stp / max(stp + sfn, 1):6.2f}  {stp:2d} {sfp:2d} {sfn:2d}"
    )

    wrong = []
    for r in measures:
        found = extract_problems(clean(r["text"])).problems
        if found:
            wrong.append((r["text"], found))
    print(
        f"\nmeasures wrongly turned into problems: {len(wrong)}/{len(measures)} = {len(wrong) / len(measures):.1%}"
    )

    print(f"\nproblem misses ({len(misses)}):")
    for text, gold, pred in misses:
        print(f"- {text}\n    gold={gold} pred={pred}")
    print(f"\nmeasure errors ({len(wrong)}):")
    for text, found in wrong:
        print(f"- {text}\n    extracted={found}")


if __name__ == "__main__":
    main()
