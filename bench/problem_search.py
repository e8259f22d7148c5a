"""Problem queries: do they find the reports that state the problem? (issue 11)

    .venv/bin/python bench/problem_search.py [--statements FILE] [--split NAME] [--reports 600] [--seed 7]

Builds a corpus whose section 五 is made of REAL statements with known categories, by default
those of ``bench/problems_real/fresh.jsonl`` (collected after the rules were last tuned; the
``test`` split of ``holdout.jsonl`` was the set of the previous measurement): each
synthetic report (the generator's other sections, no noise) states 1-3 problems and 1-2 measures
drawn from it; one report in six states measures only. A report is relevant to a category when
one of its problem statements carries it by the hand labels. The corpus is indexed by `xxgk index`
and, as the peer measured in the same run, into a plain index (default jieba, HMM on, the whole
text in one `whitespace` field) queried with an ordinary `match`.

The queries (QUERIES) were written from the category names and common report wording, without
reading the statements. Printed per category and overall: P@10 (precision over the first
min(10, relevant) hits), nDCG@10, recall@100 for xxgk and the peer (with the most recall@100 can be
when a category has more than 100 relevant reports); queries that return nothing
while relevant reports exist; reports whose section 五 has measures only that reach a top 10;
the tagging precision and recall of the indexed reports; and a check that every quoted phrase
(8 Han characters of a statement) finds every report containing it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from elasticsearch import Elasticsearch, helpers

from indexer.extract.problems import PROBLEM_CATEGORIES
from indexer.store.filters import Filters
from indexer.store.search import Sort, search_body

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT / "bench" / "problems_real" / "fresh.jsonl"
ALIAS = "xxgk-bench-problems"
PEER = "xxgk-bench-problems-peer"
ORDINALS = "一二三四五六七八九十"

QUERIES: dict[str, list[str]] = {
    "公开渠道单一": ["公开渠道单一", "渠道单一", "公开形式单一"],
    "公开内容不全面": ["公开内容不全面", "公开内容不够全面", "信息公开不全面"],
    "公开不及时": ["公开不及时", "信息更新不及时", "更新滞后"],
    "政策解读不到位": ["政策解读不到位", "解读不够", "政策解读形式单一"],
    "业务能力不足": ["业务能力不足", "业务水平不高", "专业素质欠缺"],
    "群众知晓度低": ["群众知晓度低", "知晓率低", "宣传不到位"],
    "制度机制不健全": ["制度机制不健全", "工作机制不完善", "制度不健全"],
    "依申请公开不规范": ["依申请公开不规范", "答复不规范", "依申请办理不规范"],
    "平台建设滞后": ["平台建设滞后", "网站建设落后", "栏目设置不合理"],
    "互动回应不足": ["互动回应不足", "回应关切不及时", "政民互动不够"],
    "思想认识不到位": ["思想认识不到位", "重视程度不够", "公开意识不强"],
    "标准化规范化不足": ["标准化规范化不足", "标准目录不完善", "规范化水平不高"],
    "审核把关不严": ["审核把关不严", "保密审查不严", "审核不到位"],
    "人员力量薄弱": ["人员力量薄弱", "专职人员不足", "兼职人员多"],
    "考核监督不到位": ["考核监督不到位", "监督考核不够", "考核机制不完善"],
}
_SECTION5 = re.compile(r"(?m)^[#*\s]*五[、.．][^\n]*\n.*?(?=^[#*\s]*六[、.．])", re.S)


def build_corpus(
    folder: Path, n: int, seed: int, statements: Path = STATEMENTS, split: str | None = None
) -> dict[str, dict[str, object]]:
    """Write n reports; file name → {categories (hand labels), measures_only, statements}."""
    from report_generator.corpus import generate

    rows = [json.loads(line) for line in statements.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if split is None or r.get("split") == split]
    problems = [r for r in rows if r["kind"] == "problem"]
    measures = [r["text"].rstrip("。;；") for r in rows if r["kind"] == "measure"]
    rng = random.Random(seed)
    truth: dict[str, dict[str, object]] = {}
    for i, synthetic in enumerate(generate(seed=seed, n=n, noise=None, layouts=("tabs",), consistent=True)):
        measures_only = i % 6 == 5
        chosen = [] if measures_only else rng.sample(problems, rng.randint(1, 3))
        said = [m for m in rng.sample(measures, rng.randint(1, 2))]
        body = "五、存在的主要问题及改进情况\n"
        if chosen:
            body += "本单位政府信息公开工作还存在一些问题和不足，主要表现在：" + "".join(
                f"{ORDINALS[k]}是{p['text'].rstrip('。;；')}。" for k, p in enumerate(chosen)
            )
        body += (
            "\n下一步，将重点做好以下工作："
            + "".join(f"{ORDINALS[k]}是{m}。" for k, m in enumerate(said))
            + "\n"
        )
        text, replaced = _SECTION5.subn(body.replace("\\", "\\\\"), synthetic.text, count=1)
        if replaced != 1:
            raise SystemExit(f"report {i}: section 五 not found in the generated text")
        name = f"r{i:05d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        truth[name] = {
            "categories": sorted({c for p in chosen for c in p["categories"]}),
            "measures_only": measures_only,
            "statements": [p["text"] for p in chosen],
            "text": text,
        }
    return truth


def reset(es: Elasticsearch) -> None:
    """Remove the indexes of an earlier run (its reports had other paths)."""
    for name in es.indices.get(index=f"{ALIAS}-v*,{PEER}", ignore_unavailable=True, allow_no_indices=True):
        es.indices.delete(index=name)


def index_peer(es: Elasticsearch, truth: dict[str, dict[str, object]]) -> None:
    import jieba

    jieba.setLogLevel(60)
    if es.indices.exists(index=PEER):
        es.indices.delete(index=PEER)
    es.indices.create(
        index=PEER,
        mappings={"properties": {"text": {"type": "text", "analyzer": "whitespace"}}},
        settings={"number_of_shards": 1, "number_of_replicas": 0},
    )
    actions = (
        {"_index": PEER, "_id": name, "text": " ".join(jieba.lcut(str(t["text"])))}
        for name, t in truth.items()
    )
    helpers.bulk(es, actions, chunk_size=200, refresh="wait_for")


def xxgk_ranking(es: Elasticsearch, query: str, size: int = 100) -> list[str]:
    body = search_body(query, Filters(), [], size, 1, Sort.relevance)
    body.pop("highlight", None)
    hits = es.search(index=ALIAS, **body, source_includes=["source.path"])["hits"]["hits"]
    return [Path(h["_source"]["source"]["path"]).name for h in hits]


def peer_ranking(es: Elasticsearch, query: str, size: int = 100) -> list[str]:
    import jieba

    tokens = " ".join(jieba.lcut(query))
    hits = es.search(index=PEER, query={"match": {"text": tokens}}, size=size, source=False)["hits"]["hits"]
    return [h["_id"] for h in hits]


def metrics(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """(P@10 over min(10, |relevant|) hits, nDCG@10, recall@100)."""
    k = min(10, len(relevant))
    p10 = sum(1 for r in ranked[:k] if r in relevant) / k
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(ranked[:10]) if r in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    recall = sum(1 for r in ranked[:100] if r in relevant) / len(relevant)
    return p10, dcg / ideal, recall


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=Path, default=STATEMENTS, help="labelled statements (JSONL)")
    parser.add_argument("--split", help="only the statements of this split (test, for holdout.jsonl)")
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--es-url", default=os.environ.get("XXGK_ES_URL", "http://127.0.0.1:9200"))
    args = parser.parse_args()
    es = Elasticsearch(args.es_url, request_timeout=120)
    reset(es)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        truth = build_corpus(folder, args.reports, args.seed, args.statements, args.split)
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from search_cli.app import main; main()",
                "index",
                str(folder),
                "--index",
                ALIAS,
                "--es-url",
                args.es_url,
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    index_peer(es, truth)
    es.indices.refresh(index=ALIAS)

    relevant = defaultdict(set)
    for name, t in truth.items():
        for c in t["categories"]:  # type: ignore[attr-defined]
            relevant[c].add(name)
    measures_only = {n for n, t in truth.items() if t["measures_only"]}
    print(f"corpus: {len(truth)} reports ({len(measures_only)} with measures only), seed {args.seed}")
    print(f"{'category':<10}\trel\tR@100 max\txxgk P@10\tnDCG\tR@100\tpeer P@10\tnDCG\tR@100")
    totals = defaultdict(list)
    zero: list[str] = []
    measure_hits: list[str] = []
    for category in PROBLEM_CATEGORIES:
        rel = relevant.get(category, set())
        if not rel:
            print(f"{category:<10}\t0\t(no relevant report in the corpus)")
            continue
        per = defaultdict(list)
        for query in QUERIES[category]:
            ours, peer = xxgk_ranking(es, query), peer_ranking(es, query)
            if not ours:
                zero.append(query)
            measure_hits += [f"{query}: {r}" for r in ours[:10] if r in measures_only]
            for key, value in zip(("p", "n", "r"), metrics(ours, rel), strict=True):
                per[key].append(value)
            for key, value in zip(("pp", "pn", "pr"), metrics(peer, rel), strict=True):
                per[key].append(value)
        means = {k: sum(v) / len(v) for k, v in per.items()}
        means["max"] = min(100, len(rel)) / len(rel)  # 100 hits hold at most this share of the relevant
        for k, v in means.items():
            totals[k].append(v)
        print(
            f"{category:<10}\t{len(rel)}\t{means['max']:.2f}\t{means['p']:.2f}\t{means['n']:.2f}\t{means['r']:.2f}\t"
            f"{means['pp']:.2f}\t{means['pn']:.2f}\t{means['pr']:.2f}"
        )
    macro = {k: sum(v) / len(v) for k, v in totals.items()}
    print(
        f"{'macro':<10}\t\t{macro['max']:.2f}\t{macro['p']:.2f}\t{macro['n']:.2f}\t{macro['r']:.2f}\t"
        f"{macro['pp']:.2f}\t{macro['pn']:.2f}\t{macro['pr']:.2f}"
    )
    print(f"queries with no result while relevant reports exist: {len(zero)} {zero}")
    print(f"measure-only reports in a top 10: {len(measure_hits)} {measure_hits}")

    tagged = es.search(
        index=ALIAS,
        size=len(truth),
        source_includes=["source.path", "problem_categories"],
        query={"match_all": {}},
    )["hits"]["hits"]
    tp = fp = fn = 0
    for hit in tagged:
        gold = set(truth[Path(hit["_source"]["source"]["path"]).name]["categories"])  # type: ignore[arg-type]
        found = set(hit["_source"].get("problem_categories", [])) - {"其他"}
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    print(f"report tags: precision {tp / max(tp + fp, 1):.2f}, recall {tp / max(tp + fn, 1):.2f}")

    missed = 0
    phrases = 0
    for t in list(truth.values())[:: max(1, len(truth) // 40)]:
        for statement in t["statements"]:  # type: ignore[attr-defined]
            run = re.search(r"[\u4e00-\u9fff]{10,}", str(statement))  # Han only: a phrase a user would quote
            if run is None:
                continue
            phrase = run.group()[2:10]
            phrases += 1
            holders = {
                n for n, u in truth.items() if phrase in re.sub(r"[\s,;。、，；：:]", "", str(u["text"]))
            }
            found = set(xxgk_ranking(es, f'"{phrase}"', size=len(truth)))
            missed += len(holders - found)
    print(f"quoted phrases: {phrases} checked, reports missed: {missed}")


if __name__ == "__main__":
    main()
