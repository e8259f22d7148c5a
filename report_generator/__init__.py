"""A deterministic generator of realistic synthetic annual reports, with the values they state.

For tests and benchmarks at scale.  Each :class:`Synthetic` report carries its text, the encoding
to write it in, and ``truth``: the values a correct extractor returns for it, under the key names
of the extractor's record -- ``title``, ``org``, ``level``, ``year``, ``publish_date``,
``template``, ``region`` (province … township, code), ``table2``/``table3``/``table4`` (same shape
as the record's), ``applications.received``, ``proactive``, ``narrative``, ``problem_categories``,
``failed_checks`` (names of indexer.extract.checks.CHECK_NAMES).  ``truth["variant"]`` says how the report
was made (template, layouts, encoding, noise, the rule broken on purpose), for accuracy per variant.

Usage::

    for report in generate(seed=0, n=1000, layouts=["cells"], noise=["blank_cells"]):
        record = extract_text(report.text, report.path_name, report.encoding)
        mismatches = compare(record, report.truth)     # field -> [(path, expected, got)]

    write_corpus(Path("corpus"), 100_000, seed=1)      # files in folders of 1,000 + truth.jsonl

What varies: the body (townships mostly, counties, prefectures, departments such as XX县教育局,
all from the gazetteer), title forms, the contact line with a telephone number using the
division's area code, the signature and date, years 2019-2024 and the 2019/2021 table templates,
table layouts ("tabs", "cells", "markdown", "spaces" or "mixed"), prose figures, section 五's
problems and measures, encodings, and the kinds of noise in NOISE_KINDS.

Report ``i`` of seed ``s`` is drawn from its own ``random.Random((s << 32) ^ i)``, so it is the same
whatever ``n`` is (and seeds do not share reports), and the same seed gives byte-identical output.

Truth is what the text shows: a blank, dashed, cut-off or missing cell is None, never 0; a figure
whose sentence was left out is None; the template is None when no table wording tells it.  The
region is always identifiable from the text: the county is dropped from the title only when the
body's own name, its parent named in the opening paragraph and the telephone area code still single
it out.

Formats (``formats=``, ``xxgk generate --format``): the text layouts above, and the same reports
as government-site html pages, Word .docx files and PDFs converted from them by LibreOffice, each
file's truth with its ``format``.

Modules: ``options`` (what may vary), ``world`` (divisions), ``banks`` (text), ``figures`` (the
numbers and the rules), ``naming``, ``prose``, ``tables`` (grids of cells), ``render_text`` (the
text layouts), ``merged`` (grids with merged cells), ``render_html``, ``render_docx``,
``render_pdf``, ``report`` (one report), ``truth`` (comparing records with the truth), ``corpus``
(generate, write_corpus).
"""

from report_generator.banks import MEASURES, PROBLEMS
from report_generator.corpus import CorpusStats, generate, write_corpus, write_corpus_stats
from report_generator.figures import failed_checks
from report_generator.options import (
    CHECK_NAMES,
    DEFAULT_NOISE,
    ENCODINGS,
    FORMATS,
    LAYOUTS,
    LEVELS,
    NOISE_KINDS,
)
from report_generator.report import Synthetic
from report_generator.truth import FIELDS, Mismatch, compare

__all__ = [
    "CHECK_NAMES",
    "DEFAULT_NOISE",
    "ENCODINGS",
    "FIELDS",
    "FORMATS",
    "LAYOUTS",
    "LEVELS",
    "MEASURES",
    "NOISE_KINDS",
    "PROBLEMS",
    "CorpusStats",
    "Mismatch",
    "Synthetic",
    "compare",
    "failed_checks",
    "generate",
    "write_corpus",
    "write_corpus_stats",
]
