"""The compiled build against the source, on the same reports in the same run (issue 14).

    make compiled                                   # builds .venv-compiled (setup.py, XXGK_COMPILE=1)
    .venv/bin/python bench/compiled_bench.py [--n 1500] [--rounds 3]

Runs ``bench/extract_bench.py`` (one core) with the source's interpreter and with the compiled
build's, alternately, so that both see the same load on a shared machine, and prints the median
reports/s of each stage for each build and their ratio.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_FIGURE = re.compile(r"^(?P<stage>.+?)\s+wall .*?→\s+(?P<rate>\d+) reports/s", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compiled", type=Path, default=ROOT / ".venv-compiled/bin/python")
    args = parser.parse_args()
    if not args.compiled.exists():
        sys.exit(f"{args.compiled}: no compiled build; run `make compiled` first")
    builds = {"source": Path(sys.executable), "compiled": args.compiled}
    rates: dict[str, dict[str, list[int]]] = {name: {} for name in builds}
    for _ in range(args.rounds):
        for name, python in builds.items():
            for stage, rate in _run(python, args.n, name):
                rates[name].setdefault(stage, []).append(rate)
    print(f"1 core, {args.n} generated reports, median of {args.rounds} alternating rounds (reports/s)")
    print(f"{'stage':<32} {'source':>8} {'compiled':>9} {'ratio':>6}")
    for stage, source in rates["source"].items():
        plain, fast = statistics.median(source), statistics.median(rates["compiled"][stage])
        print(f"{stage:<32} {plain:8.0f} {fast:9.0f} {fast / plain:6.2f}")


def _run(python: Path, n: int, build: str) -> list[tuple[str, int]]:
    """The stages and rates one run of extract_bench prints, from the build the interpreter should run."""
    done = subprocess.run(
        [str(python), str(ROOT / "bench/extract_bench.py"), "--n", str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    header = done.stdout.splitlines()[0]
    if f"{build} build" not in header:
        sys.exit(f"{python} does not run the {build} build: {header}")
    return [(m["stage"].strip(), int(m["rate"])) for m in _FIGURE.finditer(done.stdout)]


if __name__ == "__main__":
    main()
