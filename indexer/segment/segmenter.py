"""Chinese word segmentation for indexing and search: jieba, precise mode, HMM off, project dictionary.

The ``*_seg`` fields are analysed by Elasticsearch's ``whitespace`` analyzer, so their tokens are
made here, and queries must be cut by exactly the same segmenter, dictionary and settings:
:func:`segment` / :func:`tokens` for documents, :func:`query_tokens` for queries (the same cut), and
:func:`fingerprint` to record and compare what was used (the indexer stores it in the index ``_meta``).

Text preparation
    NFKC (full-width letters, digits and punctuation become ASCII), lower case, zero-width
    characters removed, and a run of spaces holding at most one line break *between two Han
    characters* removed: PDF and DOCX conversions break words ("三安全一稳 定", "本年新\\n制作数量")
    and a user may type "政府 信息公开".  Tabs and blank lines stay boundaries.  Tokens without a
    letter or digit (punctuation, whitespace, symbols) are dropped; Latin and digit runs are tokens
    of their own ("www", "gaoqing", "2020"; "3.5%" gives "3" and "5").

Mode: precise (``cut``), the same for documents and queries
    ``cut_for_search`` would add sub-words at index time only, and ``cut_all`` overlapping words that
    break phrase positions; one precise cut on both sides keeps a query's tokens in the same order
    as in the document.

HMM off
    jieba's HMM groups runs of characters the dictionary does not know into guessed words.  The
    guess depends on the neighbours: inside a document a run is bounded by the surrounding known
    words, in a query by the query's edges, so the same words get different tokens and a query
    that requires all its tokens misses: on the example reports, a run of 1-3 document tokens cut
    on its own gives other tokens in 0.2-0.6 % of cases with HMM on (本年 in a text, 本/年 alone),
    never with HMM off (``tests/test_segment.py::test_hmm_off_keeps_query_tokens_in_context``).
    With HMM off an unknown word falls apart into single characters, the same in query and document.
    What HMM would find (new words, personal names) is covered by the dictionary below for this
    domain and by the phrase match on the ``text`` field for the rest.

The dictionary
    jieba 0.42.1's main dictionary, normalised like the text, plus
    (a) ``data/domain_terms.txt``: terms of the Regulations and the report template (依申请公开,
    三安全一稳定, 行政事业性收费 ...) and words jieba lacks (微信, 抖音, 线上);
    (b) every official name of the gazetteer (大门镇, 洞头区, 莱阳市), and
    (c) the short names of prefectures and counties with at least two characters (莱阳, 洞头).
    A project word gets the largest of: jieba's frequency for it, jieba's ``suggest_freq`` (the
    smallest frequency that cuts it as one word on its own, computed against jieba's dictionary
    alone, so the result does not depend on the order of additions) and a floor that lets it hold
    inside sentences: :data:`TERM_FLOOR` for domain terms, :data:`NAME_FLOOR` for official names,
    a low :data:`SHORT_NAME_FLOOR` for short names, so that 市中 (市中区) does not break 城市中心.
    On the example reports and sentence templates every domain term, and all but 4 of the 36k
    official names in 288k embeddings, keep their token inside a sentence (tests/test_segment.py).

    Problem-category names (公开渠道单一, 政策解读不到位 ...) are deliberately *not* words, and no term
    glues their parts: the search side requires every query token, and a query 公开渠道单一 must
    match a report saying "渠道过于单一", so it must be cut 公开/渠道/单一.  The same holds for any
    dictionary word that contains another one: the query 莱阳 or 规范性文件 does not match the
    tokens 莱阳市 or 行政规范性文件 -- the search side's phrase match on ``text`` covers these.

Build and cache
    The dictionary is built on first use (~2.5-4 s) and cached under ``$XXGK_CACHE_DIR`` (default
    ``$XDG_CACHE_HOME/xxgk`` or ``~/.cache/xxgk``) in ``segment/``, keyed by a hash of its inputs
    (jieba's version and dictionary, the terms file, the gazetteer, this module's source and the
    settings): ``<key>.dict`` (``word freq`` lines, whose sha256 is the fingerprint's
    ``dictionary_sha256``) and ``<key>.jieba.marshal`` (jieba's prefix dictionary).  Later processes
    put the cached prefix dictionary into a private ``jieba.Tokenizer`` (~0.5 s; jieba's own
    ``initialize`` takes ~1 s for its bare dictionary, because it reads its marshal cache through a
    file object) and never call ``initialize``, so jieba writes nothing to the system temp dir; its
    ``tmp_dir`` points into our cache all the same.  Files are written to a temporary name and
    renamed, so parallel workers may build at the same time; an unusable cache only costs the
    rebuild, and only the last :data:`KEEP_CACHED` dictionaries are kept.  Beside them,
    ``<key>.words.sqlite`` holds the same words for :meth:`Segmenter.query_tokens`: a process that
    only cuts queries (``xxgk search``) reads the few words a query contains from it instead of
    loading the whole dictionary (:mod:`indexer.segment.word_store`).  Each process loads the
    segmenter once: load it before forking workers, or call :func:`warm_up` in each worker.
    jieba's stderr log handler is removed; its records reach :mod:`logging` at DEBUG.

Engines
    rjieba (jieba-rs, the same algorithm) loaded with the same dictionary gave the same tokens as
    jieba on every line of the example reports, on generated reports and on 33k random strings,
    ~10x faster, so it is the default engine when installed; jieba is the reference the tests
    compare it with, and ``XXGK_SEGMENTER=jieba`` selects it.  :func:`fingerprint` names the engine,
    so an index built with one engine is not silently queried with the other.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import marshal
import os
import re
import sqlite3
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from indexer.extract.gazetteer import no_gc
from indexer.segment.word_store import WordStore, open_word_store, write_word_store
from indexer.settings import setting

__all__ = [
    "ENGINES",
    "SETTINGS",
    "Dictionary",
    "Segmenter",
    "DictionaryWord",
    "build_dictionary",
    "cache_dir",
    "default_engine",
    "default_segmenter",
    "fingerprint",
    "cut_form",
    "query_tokens",
    "read_terms",
    "region_words",
    "segment",
    "tokens",
    "warm_up",
]

log = logging.getLogger(__name__)

HMM = False
SETTINGS = f"precise,hmm={HMM},nfkc,lower,join-han-gaps"
ENGINES: tuple[str, ...] = ("jieba", "rjieba")
ENGINE_ENV = "XXGK_SEGMENTER"
CACHE_ENV = "XXGK_CACHE_DIR"
_FORMAT = 1  # layout of the cached marshal file
KEEP_CACHED = 3  # dictionaries kept in the cache directory

# Frequency floors for new words (jieba's dictionary totals ~6e7; 工作 has 36k, 公开 3k, 大门 247).
TERM_FLOOR = 2000
NAME_FLOOR = 200
SHORT_NAME_FLOOR = 100
SHORT_NAME_LEVELS: tuple[str, ...] = ("prefecture", "county")

_DATA_PACKAGE = "indexer.segment"
_TERMS_FILE = "domain_terms.txt"
_GAZETTEER_FILE = "gazetteer.tsv.gz"

# jieba 0.42.1 cuts runs of these characters (re_han_default); a word with any other character
# can never be matched, so such words (names with parentheses or rare characters) are skipped.
_JIEBA_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
_USER_LINE = re.compile(r"^(.+?)(?: ([0-9]+))?(?: ([a-z]+))?$")  # jieba's user-dictionary line
_HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_GAP = re.compile(rf"(?<=[{_HAN}])(?: +(?:\r?\n *)?|\r?\n *)(?=[{_HAN}])")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphen, zero-width (no-)joiners, BOM
_WORDLIKE = re.compile(r"[^\W_]")


# --------------------------------------------------------------------------------------------------
# text


def cut_form(text: str) -> str:
    """The form that is cut: NFKC, lower case, no zero-width characters, no gaps between Han characters."""
    text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):  # a report's cleaned text already is
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    return _HAN_GAP.sub("", text)


def _keep(tokens: Iterable[str]) -> list[str]:
    """Drop whitespace and punctuation: keep tokens with a letter or digit of any script."""
    return [t for t in tokens if t.isalnum() or _WORDLIKE.search(t)]


# --------------------------------------------------------------------------------------------------
# the dictionary


@dataclass(frozen=True, slots=True)
class DictionaryWord:
    """A line of ``domain_terms.txt``: a word, optionally its jieba frequency and tag."""

    word: str
    freq: int | None = None
    tag: str | None = None


def _norm_word(word: str) -> str:
    return unicodedata.normalize("NFKC", word.strip()).lower()


def read_terms(text: str | None = None) -> list[DictionaryWord]:
    """Parse a terms file (the packaged ``data/domain_terms.txt`` by default)."""
    if text is None:
        text = _data(_TERMS_FILE).decode("utf-8")
    terms: list[DictionaryWord] = []
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        m = _USER_LINE.match(line)
        assert m is not None  # (.+?) matches any non-empty line
        word, freq, tag = m.groups()
        terms.append(DictionaryWord(_norm_word(word), int(freq) if freq else None, tag))
    return terms


def region_words() -> tuple[list[str], list[str]]:
    """(official names, short names of prefectures and counties with ≥ 2 characters), normalised."""
    from indexer.extract.gazetteer import load_gazetteer, short_name

    gazetteer = load_gazetteer()
    names = sorted({_norm_word(n) for n in gazetteer.names()})
    shorts = {
        _norm_word(short_name(d.name))
        for d in gazetteer
        if d.level in SHORT_NAME_LEVELS and short_name(d.name) != d.name
    }
    return names, sorted(s for s in shorts if len(s) >= 2)


@dataclass(frozen=True)
class Dictionary:
    """The complete dictionary: jieba's main dictionary plus the project's words, normalised.

    ``words`` maps word → frequency; ``added`` maps each project word that jieba lacked, or had
    below its floor, to the frequency it was given; ``skipped`` lists project words jieba can never
    cut as one word (characters outside its word pattern, such as parentheses or rare ideographs).
    """

    words: dict[str, int]
    added: dict[str, int]
    skipped: tuple[str, ...]
    _prefix: tuple[dict[str, int], int] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def content(self) -> bytes:
        """The dictionary file: ``word freq`` lines sorted by word (jieba's dictionary format)."""
        return "".join(f"{w} {f}\n" for w, f in sorted(self.words.items())).encode("utf-8")

    @cached_property
    def sha256(self) -> str:
        """sha256 of :attr:`content`."""
        return hashlib.sha256(self.content).hexdigest()

    def prefix_dict(self) -> tuple[dict[str, int], int]:
        """jieba's prefix dictionary (FREQ, total), as ``Tokenizer.gen_pfdict`` builds it from :attr:`content`."""
        return self._prefix if self._prefix is not None else _prefix_dict(self.words)


def _prefix_dict(words: dict[str, int]) -> tuple[dict[str, int], int]:
    freq = dict(words)
    for word in words:
        _add_prefixes(freq, word)
    return freq, sum(words.values())


def _add_prefixes(freq: dict[str, int], word: str) -> None:
    for i in range(1, len(word)):
        freq.setdefault(word[:i], 0)


def _jieba_dict_path() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def _jieba_words() -> dict[str, int]:
    """jieba's main dictionary, words normalised like the text (on a clash the higher frequency wins)."""
    words: dict[str, int] = {}
    for line in _norm_word(_jieba_dict_path().read_text(encoding="utf-8")).splitlines():
        word, freq, _tag = line.rsplit(" ", 2)
        if int(freq) > words.get(word, -1):
            words[word] = int(freq)
    return words


def build_dictionary(
    terms: Iterable[DictionaryWord] | None = None,
    names: Iterable[str] | None = None,
    short_names: Iterable[str] | None = None,
) -> Dictionary:
    """Build the dictionary from jieba's, the domain terms and the region names (packaged data by default).

    Deterministic: the frequencies of new words are computed against jieba's dictionary alone,
    before any is added, so they do not depend on the order of the words.
    """
    import jieba

    terms = read_terms() if terms is None else list(terms)
    if names is None or short_names is None:
        default_names, default_shorts = region_words()
        names = default_names if names is None else names
        short_names = default_shorts if short_names is None else short_names

    with no_gc():
        base = _jieba_words()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = _prefix_dict(base)
        tokenizer.initialized = True

        def suggest(word: str) -> int:
            """jieba's suggest_freq(word): the smallest frequency that makes ``word`` one token on its own."""
            pieces = tokenizer.lcut(word, HMM=False)
            if pieces == [word]:
                return base[word]
            p = 1.0
            for piece in pieces:
                p *= (tokenizer.FREQ.get(piece) or 1) / tokenizer.total
            return int(p * tokenizer.total) + 1

        added: dict[str, int] = {}
        skipped: set[str] = set()
        # Terms (explicit frequencies, floor) first, then official names, then short names: the
        # first claim wins, so a short name that is also an official name keeps the name's floor.
        wanted: list[tuple[str, int | None, int]] = [(t.word, t.freq, TERM_FLOOR) for t in terms]
        wanted += [(_norm_word(n), None, NAME_FLOOR) for n in names]
        wanted += [(_norm_word(s), None, SHORT_NAME_FLOOR) for s in short_names]
        for word, freq, floor in wanted:
            if len(word) < 2 or not _JIEBA_WORD.fullmatch(word):
                skipped.add(word)
            elif word not in added:
                if freq is None:
                    freq = max(base.get(word, 0), floor, suggest(word))
                if freq != base.get(word):  # else a jieba word that needs nothing
                    added[word] = freq

        words, prefix = base, tokenizer.FREQ  # extended in place: nothing reads them any more
        for word, freq in added.items():
            words[word] = prefix[word] = freq
            _add_prefixes(prefix, word)
        return Dictionary(words, added, tuple(sorted(skipped)), (prefix, sum(words.values())))


# --------------------------------------------------------------------------------------------------
# cache


def cache_dir() -> Path:
    """``$XXGK_CACHE_DIR``, else ``$XDG_CACHE_HOME/xxgk``, else ``~/.cache/xxgk``."""
    if cache_dir := setting("cache_dir"):
        return Path(cache_dir).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "xxgk"


def _data(name: str) -> bytes:
    """A data file: the segmenter's own terms, or the gazetteer that extraction ships."""
    if name == _GAZETTEER_FILE:
        return resources.files("indexer.extract").joinpath("data", name).read_bytes()
    return resources.files(_DATA_PACKAGE).joinpath("data", name).read_bytes()


def _engine_version(engine: str) -> str:
    import importlib.metadata  # 10 ms of imports: only when the inputs' signature is not cached

    return importlib.metadata.version(engine)


def _inputs_signature(engine: str) -> str | None:
    """A hash of the paths, sizes and modification times of everything the dictionary and the
    engines' versions come from (None when one is not a plain file, as in a zipped install)."""
    files: list[object] = [
        Path(__file__),
        resources.files(_DATA_PACKAGE).joinpath("data", _TERMS_FILE),
        resources.files("indexer.extract").joinpath("data", _GAZETTEER_FILE),
        _jieba_dict_path(),
    ]
    for name in {"jieba", engine}:
        spec = importlib.util.find_spec(name)
        folder = Path(next(iter(spec.submodule_search_locations or []), "")) if spec else Path()
        files += sorted(folder.glob("*.py")) + sorted(folder.glob("*.so")) + sorted(folder.glob("*.pyd"))
    parts = [f"{SETTINGS} {_FORMAT}"]
    for file in files:
        if not isinstance(file, Path) or not file.is_file():
            return None
        stat = file.stat()
        parts.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _source_key(terms: bytes, jieba_version: str) -> str:
    """Hash of everything the built dictionary depends on (the cache key; not the identity)."""
    h = hashlib.sha256()
    for part in (
        f"jieba {jieba_version} {SETTINGS} {_FORMAT}".encode(),
        Path(__file__).read_bytes(),
        terms,
        _data(_GAZETTEER_FILE),
        _jieba_dict_path().read_bytes(),
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:32]


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory and rename: readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the cache from other users of a shared dir
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_store(path: Path, words: dict[str, int], sha256: str) -> None:
    """Write the word store through a temporary file and a rename, like the other cache files."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        write_word_store(tmp, words, sha256)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        log.debug("segmenter word store %s not written: %s", path, exc)


def _prune(directory: Path, keep: int = KEEP_CACHED) -> None:
    """Delete the files of all but the ``keep`` most recently built dictionaries (each ~15 MB)."""
    try:
        files = [p for p in directory.iterdir() if p.suffix in (".dict", ".marshal", ".sqlite")]
        keys = sorted(
            {p.name.split(".")[0] for p in files},
            key=lambda k: -max(p.stat().st_mtime for p in files if p.name.startswith(k + ".")),
        )
        for p in files:
            if p.name.split(".")[0] not in keys[:keep]:
                p.unlink(missing_ok=True)
    except OSError as exc:  # another process pruning at the same time, permissions ...
        log.debug("segmenter cache %s not pruned: %s", directory, exc)


@dataclass(frozen=True)
class _Loaded:
    sha256: str
    cut: Callable[[str], list[str]]
    seconds: float
    source: str  # "cache" | "built"


# --------------------------------------------------------------------------------------------------
# engines


def _quiet_jieba() -> Any:
    """Import jieba with its stderr handler removed: its log records go to logging (DEBUG) only."""
    import jieba

    jieba.default_logger.removeHandler(jieba.log_console)
    return jieba


def _jieba_cut(
    freq: dict[str, int], total: int, dict_path: Path | None, tmp_dir: Path
) -> Callable[[str], list[str]]:
    jieba = _quiet_jieba()
    tokenizer = jieba.Tokenizer(str(dict_path)) if dict_path is not None else jieba.Tokenizer()
    # Should anything call initialize() again, its cache goes to our directory, not /tmp.
    tokenizer.tmp_dir = str(tmp_dir)
    tokenizer.cache_file = f"{dict_path.stem if dict_path else 'xxgk'}.jieba.cache"
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True
    cut = tokenizer.cut
    return lambda text: _keep(cut(text, HMM=HMM))


@cache
def _rjieba_class() -> Any:
    """rjieba's ``Jieba`` class, from its compiled module alone (loaded once per process).

    The package's ``__init__`` builds a default tokenizer with rjieba's own dictionary (0.15 s),
    which we never use; a search process would pay that on every run.  The compiled module is
    loaded by itself when it is where rjieba 0.2 puts it, else through the package; it is
    registered as ``rjieba.rjieba``, so a later ``import rjieba`` reuses it.
    """
    if "rjieba.rjieba" in sys.modules:
        return sys.modules["rjieba.rjieba"].Jieba
    spec = importlib.util.find_spec("rjieba")
    for location in (spec.submodule_search_locations or []) if spec else []:
        for library in sorted(Path(location).glob("rjieba.*.so")) + sorted(
            Path(location).glob("rjieba*.pyd")
        ):
            module_spec = importlib.util.spec_from_file_location("rjieba.rjieba", library)
            if module_spec is not None and module_spec.loader is not None:
                module = importlib.util.module_from_spec(module_spec)
                sys.modules["rjieba.rjieba"] = module
                module_spec.loader.exec_module(module)
                return module.Jieba
    import rjieba

    return rjieba.Jieba


def _rjieba_cut(words: Iterable[tuple[str, int]]) -> Callable[[str], list[str]]:
    engine = _rjieba_class().empty()
    add = engine.add_word
    for word, freq in words:
        add(word, freq, None)
    cut = engine.cut
    return lambda text: _keep(cut(text, hmm=HMM))


_PAD = "\ue000"  # a private-use character: never in a word jieba cuts, so never in a query's DAG


def _rjieba_subset_cut(words: dict[str, int], total: int) -> Callable[[str], list[str]]:
    """rjieba with only ``words``, and a padding entry that makes its total the full dictionary's."""
    pad = total - sum(words.values())
    return _rjieba_cut([*words.items(), *([(_PAD, pad)] if pad > 0 else [])])


def _jieba_subset_cut(words: dict[str, int], total: int, tmp_dir: Path) -> Callable[[str], list[str]]:
    """jieba with only ``words`` (and their prefixes) and the full dictionary's total."""
    freq = dict(words)
    for word in words:
        _add_prefixes(freq, word)
    return _jieba_cut(freq, total, None, tmp_dir)


def _parse_dict(content: bytes) -> Iterator[tuple[str, int]]:
    for line in content.decode("utf-8").splitlines():
        word, _, freq = line.rpartition(" ")
        yield word, int(freq)


# --------------------------------------------------------------------------------------------------
# the segmenter


class Segmenter:
    """A segmenter with its dictionary, loaded on first use; the module functions use :func:`default_segmenter`.

    ``terms`` replaces the packaged domain terms (for experiments and tests); ``cache`` = False
    builds in memory without reading or writing the cache.
    """

    def __init__(
        self,
        engine: str = "jieba",
        *,
        terms: Iterable[DictionaryWord] | None = None,
        cache: bool = True,
        cache_path: Path | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown segmenter engine {engine!r}; expected one of {ENGINES}")
        if importlib.util.find_spec(engine) is None:
            raise ImportError(f"segmenter engine {engine!r} is not installed (pip install {engine})")
        self.engine = engine
        self._terms = None if terms is None else list(terms)
        self._cache = cache
        self._cache_path = cache_path
        self._lock = threading.Lock()
        self._loaded: _Loaded | None = None
        self._store: WordStore | None = None

    # -- loading

    def _load(self) -> _Loaded:
        loaded = self._loaded
        if loaded is None:
            with self._lock:
                loaded = self._loaded
                if loaded is None:
                    loaded = self._loaded = self._load_now()
                    log.debug(
                        "segmenter %s: dictionary %s %s in %.2f s",
                        self.engine,
                        loaded.sha256[:12],
                        loaded.source,
                        loaded.seconds,
                    )
        return loaded

    @cached_property
    def _directory(self) -> Path:
        """Where this segmenter's dictionary files are cached."""
        return (self._cache_path or cache_dir()) / "segment"

    @cached_property
    def _key(self) -> str:
        """The cache key of this segmenter's dictionary (hashes its inputs: computed once)."""
        return self._inputs[0]

    @cached_property
    def _inputs(self) -> tuple[str, dict[str, str]]:
        """(the dictionary's cache key, the engines' versions).

        Hashing the inputs (jieba's 5 MB dictionary among them) and asking the package metadata
        for versions cost a search process ~25 ms; with the cache, both are kept in
        ``inputs-<signature>.json``, the signature being that of the files they come from (paths,
        sizes, times): a changed file gives a new record, and installations that share the cache
        keep one record each.
        """
        signature = _inputs_signature(self.engine) if self._cache and self._terms is None else None
        record = self._directory / f"inputs-{(signature or '')[:24]}.json"
        if signature is not None:
            try:
                cached = json.loads(record.read_text(encoding="utf-8"))
                if cached.get("signature") == signature:
                    return str(cached["key"]), dict(cached["versions"])
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass
        versions = {name: _engine_version(name) for name in dict.fromkeys(["jieba", self.engine])}
        terms_text = (
            _data(_TERMS_FILE)
            if self._terms is None
            else "\n".join(f"{t.word} {t.freq or ''} {t.tag or ''}" for t in self._terms).encode()
        )
        key = _source_key(terms_text, versions["jieba"])
        if signature is not None:
            try:
                content = {"signature": signature, "key": key, "versions": versions}
                _write_atomic(record, json.dumps(content).encode())
            except OSError as exc:
                log.warning("segmenter cache %s not writable (%s)", self._directory, exc)
        return key, versions

    def _load_now(self) -> _Loaded:
        start = time.perf_counter()
        directory, key = self._directory, self._key
        dict_file = directory / f"{key}.dict"
        marshal_file = directory / f"{key}.jieba.marshal"
        store_file = directory / f"{key}.words.sqlite"

        if self._cache:
            try:
                loaded = self._from_cache(dict_file, marshal_file, directory)
                if loaded is not None and not store_file.is_file():
                    _write_store(store_file, dict(_parse_dict(dict_file.read_bytes())), loaded[0])
            except (OSError, ValueError, EOFError, TypeError) as exc:
                log.warning("segmenter cache %s unusable (%s); rebuilding", directory, exc)
                loaded = None
            if loaded is not None:
                return _Loaded(loaded[0], loaded[1], time.perf_counter() - start, "cache")

        dictionary = build_dictionary(self._terms)
        freq, total = dictionary.prefix_dict()
        if self._cache:
            try:
                _write_atomic(dict_file, dictionary.content)
                if self.engine == "jieba":
                    _write_atomic(marshal_file, marshal.dumps((_FORMAT, dictionary.sha256, freq, total)))
                _write_store(store_file, dictionary.words, dictionary.sha256)
                _prune(directory)
            except OSError as exc:
                log.warning("segmenter cache %s not writable (%s); continuing without it", directory, exc)
        if self.engine == "jieba":
            cut = _jieba_cut(freq, total, dict_file if self._cache else None, directory)
        else:
            cut = _rjieba_cut(sorted(dictionary.words.items()))
        return _Loaded(dictionary.sha256, cut, time.perf_counter() - start, "built")

    def _from_cache(
        self, dict_file: Path, marshal_file: Path, directory: Path
    ) -> tuple[str, Callable[[str], list[str]]] | None:
        if self.engine == "jieba" and marshal_file.is_file():
            with no_gc():
                fmt, sha, freq, total = marshal.loads(marshal_file.read_bytes())
            if fmt == _FORMAT:
                return sha, _jieba_cut(freq, total, dict_file, directory)
        if not dict_file.is_file():
            return None
        content = dict_file.read_bytes()
        sha = hashlib.sha256(content).hexdigest()
        with no_gc():
            if self.engine == "rjieba":
                return sha, _rjieba_cut(_parse_dict(content))
            # the dictionary without jieba's prefix dictionary (written by an rjieba process)
            freq, total = _prefix_dict(dict(_parse_dict(content)))
        try:
            _write_atomic(marshal_file, marshal.dumps((_FORMAT, sha, freq, total)))
        except OSError as exc:
            log.debug("segmenter cache %s not writable: %s", directory, exc)
        return sha, _jieba_cut(freq, total, dict_file, directory)

    def warm_up(self) -> float:
        """Load now; returns the seconds the load took (0 when already loaded)."""
        if self._loaded is not None:
            return 0.0
        return self._load().seconds

    # -- cutting

    def tokens(self, text: str) -> list[str]:
        """Tokens of a text: normalised, cut in precise mode, punctuation and whitespace dropped."""
        if not text:
            return []
        return self._load().cut(cut_form(text))

    def segment(self, text: str) -> str:
        """The tokens joined by single spaces, for a field with the ``whitespace`` analyzer."""
        return " ".join(self.tokens(text))

    def query_tokens(self, text: str) -> list[str]:
        """The tokens of a short text, the same as :meth:`tokens`; loads no dictionary when the
        cache holds its word store (a process that only searches starts fast)."""
        if not text:
            return []
        store = None if self._loaded is not None else self._word_store()
        if store is None:
            return self.tokens(text)
        form = cut_form(text)
        words = store.substrings(form)
        if self.engine == "rjieba":
            cut = _rjieba_subset_cut(words, store.total)
        else:
            cut = _jieba_subset_cut(words, store.total, self._directory)
        return cut(form)

    def _word_store(self) -> WordStore | None:
        """The cached word store of this dictionary, when there is one (opened once per process)."""
        if not self._cache or self._terms is not None:
            return None
        if self._store is None:
            self._store = open_word_store(self._directory / f"{self._key}.words.sqlite")
        return self._store

    def fingerprint(self) -> dict[str, str]:
        """What produced the tokens; equal identities give equal tokens for equal input."""
        store = None if self._loaded is not None else self._word_store()
        sha = store.sha256 if store is not None else self._load().sha256
        version = self._inputs[1][self.engine]
        combined = hashlib.sha256(f"{self.engine}\n{version}\n{SETTINGS}\n{sha}".encode()).hexdigest()
        return {
            "engine": self.engine,
            "engine_version": version,
            "settings": SETTINGS,
            "dictionary_sha256": sha,
            "sha256": combined,
        }


_default: Segmenter | None = None
_default_lock = threading.Lock()


def default_engine() -> str:
    """``XXGK_SEGMENTER`` when set, else rjieba when installed, else jieba."""
    chosen = (setting("segmenter") or "").lower()
    if chosen:
        return chosen
    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


def default_segmenter() -> Segmenter:
    """The process-wide segmenter (see :func:`default_engine`)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Segmenter(default_engine())
    return _default


def segment(text: str) -> str:
    """Space-joined tokens of ``text`` for a ``whitespace``-analysed field."""
    return default_segmenter().segment(text)


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` (what :func:`segment` joins)."""
    return default_segmenter().tokens(text)


def query_tokens(text: str) -> list[str]:
    """The tokens of a query: exactly the document cut (precise mode, same HMM setting and dictionary)."""
    return default_segmenter().query_tokens(text)


def fingerprint() -> dict[str, str]:
    """Engine, its version, settings, dictionary hash and a combined ``sha256`` of the default segmenter."""
    return default_segmenter().fingerprint()


def warm_up() -> float:
    """Load the default segmenter now (in each worker process, or before forking); returns seconds taken."""
    return default_segmenter().warm_up()
