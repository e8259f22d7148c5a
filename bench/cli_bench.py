"""Wall time of one `xxgk` command, as a user at a terminal waits for it (issue 12, point 7).

    .venv/bin/python bench/cli_bench.py [--runs 10] [--source DIR | --installed VENV]

Times `xxgk --help`, `xxgk search 公开 --facet county`, `xxgk show ID` and, as peers measured in the
same run, the bare interpreter, the imports no search can avoid (Typer, Rich, the standard
library's HTTP client) and the official Elasticsearch client's import, which search and show no
longer pay (they read through indexer/store/reader.py). Each command runs once to warm the caches, then ``--runs`` times; the median and
the fastest run are printed. ``--source DIR`` times another checkout of the project (a
`git worktree` of an older commit, say) with this virtualenv: the "before" figures.
``--installed VENV`` times the ``xxgk`` of a virtualenv where the project was installed from its
wheel (``python -m venv VENV && VENV/bin/pip install .``), as users run it, with that
environment's interpreter for the peers.

Needs a running node with the examples indexed (`make demo`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN_CLI = "import sys; sys.path.insert(0, sys.argv.pop(1)); from search_cli.app import main; sys.argv[0] = 'xxgk'; main()"


def wall_times(argv: list[str], runs: int, cwd: Path) -> list[float]:
    """Seconds per run of ``argv`` (after one warm-up run), output discarded."""
    env = {**os.environ, "NO_COLOR": "1"}
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(
            argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
        if i:
            times.append(elapsed)
    return times


def first_report_id(source: Path) -> str:
    out = subprocess.run(
        [sys.executable, "-c", RUN_CLI, str(source), "search", "--format", "jsonl", "-n", "1"],
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return str(json.loads(out.splitlines()[0])["id"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout whose xxgk is timed")
    parser.add_argument("--installed", type=Path, help="a virtualenv with xxgk installed from its wheel")
    args = parser.parse_args()
    source = args.source.resolve()
    python = sys.executable
    cli = [python, "-c", RUN_CLI, str(source)]
    report = first_report_id(source)
    if args.installed:
        python = str(args.installed / "bin" / "python")
        cli = [str(args.installed / "bin" / "xxgk")]
    cases = [
        ("python -c pass (interpreter)", [python, "-c", "pass"]),
        (
            "import typer, rich, http.client (floor)",
            [python, "-c", "import typer, rich.console, http.client"],
        ),
        ("import elasticsearch (not on the read path)", [python, "-c", "import elasticsearch"]),
        ("xxgk --help", [*cli, "--help"]),
        ("xxgk search 公开 --facet county", [*cli, "search", "公开", "--facet", "county"]),
        (f"xxgk show {report[:12]}", [*cli, "show", report]),
    ]
    print(f"xxgk: {args.installed or source}   runs: {args.runs} (after one warm-up)")
    print(f"{'command':<44} {'median s':>9} {'fastest s':>10}")
    for label, argv in cases:
        times = wall_times(argv, args.runs, source)
        print(f"{label:<44} {statistics.median(times):9.3f} {min(times):10.3f}")


if __name__ == "__main__":
    main()
