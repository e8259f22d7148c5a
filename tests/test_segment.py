"""The segmenter: dictionary words, query/document consistency, normalisation, identity, cache."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.extract.problems import PROBLEM_CATEGORIES
from indexer.segment import segmenter as seg

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports"
ROOT = Path(__file__).resolve().parents[1]

# Natural contexts a word appears in; a query for the word must find its tokens in each.
TEMPLATES = (
    "{w}",
    "2020年，我镇进一步加强{w}工作，取得良好成效。",
    "关于{w}的情况说明",
    "本机关{w}共计3件，均已按时办结。",
    "在{w}方面还存在不足",
    "根据《条例》规定，{w}。",
    "全年共{w}12条",
    "通过{w}、网站等渠道公开",
)


def _contains(doc: list[str], query: list[str]) -> bool:
    """Whether ``query`` occurs as consecutive tokens of ``doc`` (what a phrase match needs)."""
    n = len(query)
    return any(doc[i : i + n] == query for i in range(len(doc) - n + 1))


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]


@pytest.fixture(scope="session")
def dictionary() -> seg.Dictionary:
    """A freshly built dictionary (not from the cache)."""
    return seg.build_dictionary()


@pytest.fixture(scope="module")
def fresh_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache directory that one Segmenter has just filled."""
    path = tmp_path_factory.mktemp("xxgk-cache")
    seg.Segmenter(cache_path=path).warm_up()
    yield path


# ----------------------------------------------------------------------------------------------
# dictionary words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("大门镇", ["大门镇"]),
        ("洞头区", ["洞头区"]),
        ("莱阳市", ["莱阳市"]),
        ("莱阳", ["莱阳"]),
        ("洞头", ["洞头"]),
        ("温州市洞头区大门镇", ["温州市", "洞头区", "大门镇"]),
        (
            "莱阳市团旺镇2020年政府信息公开工作年度报告",
            ["莱阳市", "团旺镇", "2020", "年", "政府信息公开", "工作", "年度报告"],
        ),
        ("依申请公开", ["依申请公开"]),
        ("三安全一稳定", ["三安全一稳定"]),
        ("危及“三安全一稳定”", ["危及", "三安全一稳定"]),
        ("行政事业性收费", ["行政事业性收费"]),
        ("加强微信公众号和政务新媒体建设", ["加强", "微信", "公众号", "和", "政务新媒体", "建设"]),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert seg.tokens(text) == expected


def test_every_domain_term_is_one_token() -> None:
    terms = [t.word for t in seg.read_terms()]
    assert len(terms) >= 150
    assert len(set(terms)) == len(terms), "duplicate terms"
    assert {w: seg.tokens(w) for w in terms if seg.tokens(w) != [w]} == {}


def test_official_names_are_one_token(dictionary: seg.Dictionary) -> None:
    names, shorts = seg.region_words()
    assert len(names) > 30_000
    usable = [n for n in names if n not in dictionary.skipped]
    # only names jieba can never match (parentheses, ideographs beyond U+9FD5 such as 䢺 or 〇) are skipped
    assert len(names) - len(usable) < 100
    assert {n: seg.tokens(n) for n in usable if seg.tokens(n) != [n]} == {}
    assert {"莱阳", "洞头", "渝中", "市中"} <= set(shorts)
    assert {s: seg.tokens(s) for s in shorts if s not in dictionary.skipped and seg.tokens(s) != [s]} == {}


def test_problem_categories_are_not_words() -> None:
    """A category name must be cut into the words a report uses when it describes the problem."""
    expected = {
        "公开渠道单一": ["公开", "渠道", "单一"],
        "公开内容不全面": ["公开", "内容", "不", "全面"],
        "公开不及时": ["公开", "不", "及时"],
        "政策解读不到位": ["政策", "解读", "不", "到位"],
        "业务能力不足": ["业务", "能力", "不足"],
        "群众知晓度低": ["群众", "知晓度", "低"],
        "制度机制不健全": ["制度", "机制", "不", "健全"],
        "依申请公开不规范": ["依申请公开", "不", "规范"],
        "平台建设滞后": ["平台", "建设", "滞后"],
        "互动回应不足": ["互动", "回应", "不足"],
        "思想认识不到位": ["思想认识", "不", "到位"],
        "标准化规范化不足": ["标准化", "规范化", "不足"],
        "审核把关不严": ["审核", "把关", "不严"],
        "人员力量薄弱": ["人员", "力量薄弱"],
        "考核监督不到位": ["考核", "监督", "不", "到位"],
    }
    assert set(expected) == set(PROBLEM_CATEGORIES)
    assert {c: seg.query_tokens(c) for c in PROBLEM_CATEGORIES} == expected
    assert {"渠道", "单一"} <= set(seg.tokens("公开面不够广泛，渠道过于单一，公开形式的便民性需要进一步提高"))


# ----------------------------------------------------------------------------------------------
# query tokens inside documents


def test_dictionary_words_keep_their_tokens_in_context() -> None:
    """segment(word) is a run of tokens of segment(sentence holding the word), for terms and names."""
    names, shorts = seg.region_words()
    terms = [t.word for t in seg.read_terms()]
    assert [(w, t) for w in terms for t in TEMPLATES if not _contains(seg.tokens(t.format(w=w)), [w])] == []
    # Of all 36k names only 4 lose a template to a neighbour (全年共|同安乡 → 共同/安乡): allow 0.1 %.
    sample = [n for n in random.Random(20201231).sample(names, 2000) if seg.query_tokens(n) == [n]]
    misses = [(n, t) for n in sample for t in TEMPLATES if not _contains(seg.tokens(t.format(w=n)), [n])]
    assert len(misses) <= 0.001 * len(sample) * len(TEMPLATES), misses
    # Short names are weak words on purpose (市中 must not break 城市中心); a few lose to a
    # neighbour (共|和田 → 共和/田), which the phrase match on `text` covers.
    shorts = [s for s in shorts if seg.query_tokens(s) == [s]]
    short_misses = [
        (s, t) for s in shorts for t in TEMPLATES if not _contains(seg.tokens(t.format(w=s)), [s])
    ]
    assert len(short_misses) <= 0.01 * len(shorts) * len(TEMPLATES)
    assert "市中" not in seg.tokens("推进城市中心区域改造")


def test_hmm_off_keeps_query_tokens_in_context(dictionary: seg.Dictionary) -> None:
    """Any run of a document's tokens, cut on its own, gives the same tokens; with HMM on it does not."""
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = dictionary.prefix_dict()
    tokenizer.initialized = True

    def rate(hmm: bool) -> float:
        same = total = 0
        for text in _texts():
            doc = [t for t in tokenizer.cut(seg.cut_form(text), HMM=hmm) if t.strip()]
            for k in (1, 2, 3):
                for i in range(len(doc) - k):
                    window = doc[i : i + k]
                    if all("\u4e00" <= w[0] <= "\u9fff" for w in window):
                        total += 1
                        same += tokenizer.lcut("".join(window), HMM=hmm) == window
        return same / total

    assert seg.HMM is False
    off, on = rate(False), rate(True)
    assert off >= 0.999
    assert off > on


def test_document_tokens_hold_the_query_tokens_of_their_words() -> None:
    for text in _texts():
        doc = seg.tokens(text)
        for word in ("政府信息公开", "依申请公开", "行政复议", "主动公开", "规范性文件"):
            if word in seg.cut_form(text):
                assert _contains(doc, seg.query_tokens(word)), word


# ----------------------------------------------------------------------------------------------
# normalisation


def test_punctuation_and_whitespace_are_dropped() -> None:
    assert seg.tokens("，。；：、“”‘’（）《》【】！？—…·「」\t \n\r\u3000") == []
    assert seg.tokens("依申请公开。") == ["依申请公开"]
    assert seg.segment("") == "" and seg.tokens("") == []
    for text in _texts():
        toks = seg.tokens(text)
        assert toks and all(any(ch.isalnum() for ch in t) and " " not in t for t in toks)
        assert seg.segment(text) == " ".join(toks)


def test_latin_and_digits() -> None:
    assert seg.tokens("高青县人民政府门户网站（www.GaoQing.gov.cn）") == [
        "高青县",
        "人民政府",
        "门户网站",
        "www",
        "gaoqing",
        "gov",
        "cn",
    ]
    assert seg.tokens("电话：0533—6961342，办复率100%") == ["电话", "0533", "6961342", "办复率", "100"]
    assert seg.tokens("APP和H5页面") == ["app", "和", "h5", "页面"]


def test_full_width_and_half_width_are_the_same() -> None:
    assert seg.tokens("ＡＢＣ１２３（政务公开）ｗｗｗ．ｇｏｖ．ｃｎ") == seg.tokens(
        "ABC123(政务公开)www.gov.cn"
    )
    to_full = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
    for text in _texts():
        assert seg.tokens(text.translate(to_full)) == seg.tokens(text)


def test_gaps_inside_words_are_closed() -> None:
    assert seg.tokens("危及“三安全一稳 定”") == ["危及", "三安全一稳定"]
    assert seg.tokens("本年新\n制作数量") == seg.tokens("本年新制作数量")
    assert seg.tokens("政府 信息公开") == seg.tokens("政府信息公开")
    assert seg.tokens("依申\u200b请公开") == ["依申请公开"]
    # blank lines and tabs (table cells) stay boundaries
    assert seg.tokens("依申\n\n请公开") == seg.tokens("依申") + seg.tokens("请公开")
    assert seg.tokens("依申\t请公开") == seg.tokens("依申") + seg.tokens("请公开")
    assert seg.tokens("2020 年") == ["2020", "年"]


# ----------------------------------------------------------------------------------------------
# identity and cache


def test_fingerprint_is_stable() -> None:
    first = seg.fingerprint()
    assert first == seg.fingerprint() == seg.default_segmenter().fingerprint()
    assert set(first) == {"engine", "engine_version", "settings", "dictionary_sha256", "sha256"}
    assert first["engine"] in seg.ENGINES and first["settings"] == seg.SETTINGS
    assert "hmm=False" in first["settings"]
    json.dumps(first)  # stored in the index's _meta


def test_build_is_deterministic_and_matches_the_cache(dictionary: seg.Dictionary, fresh_cache: Path) -> None:
    cached = seg.Segmenter(cache_path=fresh_cache)
    assert cached.fingerprint()["dictionary_sha256"] == dictionary.sha256
    dict_files = list((fresh_cache / "segment").glob("*.dict"))
    assert len(dict_files) == 1 and dict_files[0].read_bytes() == dictionary.content
    # the prefix dictionary equals what jieba builds from the dictionary file
    freq, total = dictionary.prefix_dict()
    assert (freq, total) == seg._prefix_dict(dictionary.words)
    if os.environ.get(seg.ENGINE_ENV, "jieba") == "jieba":
        assert seg.fingerprint()["dictionary_sha256"] == dictionary.sha256


def test_identity_changes_with_the_dictionary(fresh_cache: Path) -> None:
    base = seg.Segmenter(cache_path=fresh_cache)
    changed = seg.Segmenter(terms=[*seg.read_terms(), seg.DictionaryWord("信息公开测试词")], cache=False)
    assert changed.tokens("信息公开测试词") == ["信息公开测试词"]
    assert base.tokens("信息公开测试词") != ["信息公开测试词"]
    a, b = base.fingerprint(), changed.fingerprint()
    assert a["dictionary_sha256"] != b["dictionary_sha256"] and a["sha256"] != b["sha256"]
    assert {k: a[k] for k in ("engine", "engine_version", "settings")} == {
        k: b[k] for k in ("engine", "engine_version", "settings")
    }


def test_the_inputs_record_is_used_only_while_its_files_are_unchanged(fresh_cache: Path) -> None:
    """The cache key and versions come from inputs-*.json when its signature (paths, sizes, times) holds."""
    first = seg.Segmenter(cache_path=fresh_cache)
    key, print_ = first._key, first.fingerprint()
    [record] = (fresh_cache / "segment").glob("inputs-*.json")
    data = json.loads(record.read_text())
    assert data["key"] == key and data["versions"]["jieba"] == "0.42.1"
    record.write_text(json.dumps({**data, "signature": "another set of files", "key": "stale"}))
    again = seg.Segmenter(cache_path=fresh_cache)
    assert again._key == key and again.fingerprint() == print_  # computed afresh, record renewed
    assert json.loads(record.read_text())["signature"] == data["signature"]
    record.write_text(json.dumps({**data, "key": "taken-from-the-record"}))
    assert seg.Segmenter(cache_path=fresh_cache)._key == "taken-from-the-record"
    record.write_text(json.dumps(data))


def test_cache_is_reused_and_survives_damage(fresh_cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    again = seg.Segmenter(cache_path=fresh_cache)
    assert again.warm_up() < 5
    assert again._load().source == "cache"
    (marshal_file,) = (fresh_cache / "segment").glob("*.marshal")
    good = marshal_file.read_bytes()
    marshal_file.write_bytes(good[:1000])
    try:
        damaged = seg.Segmenter(cache_path=fresh_cache)
        assert damaged.tokens("洞头区大门镇") == ["洞头区", "大门镇"]
        assert damaged._load().source == "built"
        assert "unusable" in caplog.text
        assert marshal_file.read_bytes() == good  # rewritten
    finally:
        marshal_file.write_bytes(good)


def test_dictionary_file_alone_is_enough(fresh_cache: Path, tmp_path: Path) -> None:
    """A cache holding only the .dict (as an rjieba process leaves it) is used, and completed."""
    (dict_file,) = (fresh_cache / "segment").glob("*.dict")
    (tmp_path / "segment").mkdir()
    (tmp_path / "segment" / dict_file.name).write_bytes(dict_file.read_bytes())
    segmenter = seg.Segmenter(cache_path=tmp_path)
    assert segmenter.tokens("洞头区大门镇") == ["洞头区", "大门镇"]
    assert segmenter._load().source == "cache"
    assert segmenter.fingerprint() == seg.Segmenter(cache_path=fresh_cache).fingerprint()
    assert len(list((tmp_path / "segment").glob("*.jieba.marshal"))) == 1


def test_parallel_cold_starts_agree_and_stay_quiet(tmp_path: Path) -> None:
    """Workers starting together on an empty cache all build, none breaks, jieba prints nothing."""
    code = (
        "import json, indexer.segment.segmenter as s;"
        "print(json.dumps([s.fingerprint(), s.tokens('莱阳市依申请公开三安全一稳定')], ensure_ascii=False))"
    )
    tmp = tmp_path / "tmp"  # the system temp dir of the workers, where jieba would put its cache
    tmp.mkdir()
    env = {**os.environ, seg.CACHE_ENV: str(tmp_path), seg.ENGINE_ENV: "jieba", "TMPDIR": str(tmp)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    assert [err for _, err in results] == ["", "", ""]  # no "Building prefix dict ..." on stderr
    outputs = {out for out, _ in results}
    assert len(outputs) == 1
    ident, toks = json.loads(outputs.pop())
    assert toks == ["莱阳市", "依申请公开", "三安全一稳定"]
    assert sorted(p.suffix for p in (tmp_path / "segment").iterdir()) == [
        ".dict",
        ".json",
        ".marshal",
        ".sqlite",
    ]
    assert list(tmp.iterdir()) == []


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="engine"):
        seg.Segmenter("hanlp")


def test_rjieba_agrees_with_jieba(fresh_cache: Path) -> None:
    pytest.importorskip("rjieba")
    reference = seg.Segmenter("jieba", cache_path=fresh_cache)
    fast = seg.Segmenter("rjieba", cache_path=fresh_cache)
    for text in _texts():
        for line in text.splitlines():
            assert fast.tokens(line) == reference.tokens(line), line
    a, b = reference.fingerprint(), fast.fingerprint()
    assert b["engine"] == "rjieba" and a["dictionary_sha256"] == b["dictionary_sha256"]
    assert a["sha256"] != b["sha256"]


@pytest.mark.parametrize("engine", ["jieba", "rjieba"])
def test_query_tokens_from_the_word_store_equal_the_full_cut(fresh_cache: Path, engine: str) -> None:
    """A process that only cuts queries reads the word store, loads no dictionary, and gets the same tokens."""
    pytest.importorskip(engine)
    full = seg.Segmenter(engine, cache_path=fresh_cache)
    lines = [line for text in _texts() for line in text.splitlines() if line.strip()]
    queries = lines + ["群众知晓度低", "公开渠道单一 莱阳", "政府 信息公开", "2020年 abc 依申请公开"]
    for query in queries:
        fast = seg.Segmenter(engine, cache_path=fresh_cache)
        assert fast.query_tokens(query) == full.tokens(query), query
        assert fast._loaded is None  # answered from the word store
    assert seg.Segmenter(engine, cache_path=fresh_cache).fingerprint() == full.fingerprint()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(min_size=1, max_size=4),  # words of any script, marks, mixed
            st.sampled_from([" ", "\n", "\u3000", "，", "_", "-", "%", "①", "3.5", "a_b", "_x"]),
        ).filter(lambda t: not any(ch.isspace() for ch in t) or t.isspace())
    )
)
def test_the_token_filter_keeps_exactly_the_tokens_with_a_letter_or_digit(tokens: list[str]) -> None:
    # the cutters' tokens: whitespace runs, or no whitespace at all
    expected = [t for t in tokens if any(ch.isalnum() for ch in t)]
    assert seg._keep(tokens) == expected
