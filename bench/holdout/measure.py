"""Hold-out check of indexer.extract.problems on independently written statements."""

import json
from collections import Counter
from pathlib import Path

from indexer.extract.normalize import clean
from indexer.extract.problems import categorize, extract_problems

rows = [
    json.loads(line)
    for line in (Path(__file__).parent / "problems.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
tp, fp, fn = Counter(), Counter(), Counter()
exact, misses, leaked = 0, [], []
for row in rows:
    text = clean(row["text"])
    if row["kind"] == "measure":
        got = extract_problems(text).problems
        if got:
            leaked.append((row["text"], got))
        continue
    want, have = set(row["categories"]), set(categorize(text))
    exact += want == have
    for c in want | have:
        tp[c] += c in want and c in have
        fp[c] += c in have and c not in want
        fn[c] += c in want and c not in have
    if want != have:
        misses.append((row["text"], sorted(want), sorted(have)))

n_prob = sum(r["kind"] == "problem" for r in rows)
n_meas = len(rows) - n_prob
print(f"problems: {n_prob}  exact match: {exact}/{n_prob} = {exact / n_prob:.1%}")
print(f"{'category':<12} {'P':>6} {'R':>6}  tp fp fn")
for c in sorted(tp.keys() | fp.keys() | fn.keys()):
    p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else float("nan")
    r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else float("nan")
    print(f"{c:<12} {p:6.2f} {r:6.2f}  {tp[c]:2} {fp[c]:2} {fn[c]:2}")
print(f"measures turned into problems: {len(leaked)}/{n_meas} = {len(leaked) / n_meas:.1%}")
for text, got in leaked:
    print(f"  MEASURE {text} -> {got}")
print(f"misses: {len(misses)}")
for text, want, have in misses:
    print(f"  {text}\n    expected {want}  got {have}")
