"""Rendering benchmark: the full report set for one fiscal year, three ways, in one run.

(a) the naive chain a user would script: for each notebook, the ``papermill`` CLI, then
    ``jupyter nbconvert --to html --no-input``, then the ``weasyprint`` CLI, one after another;
(b) ``sugidx render --force`` (cold: everything executed and printed, plus the annual report);
(c) ``sugidx render`` again with nothing changed (warm: every report a cache hit).

Prints wall times and the ratios the issue sets as targets (on 2 cores: cold ≥ 2.5× faster
than naive; warm < 1 s and ≥ 20× faster than cold). Outputs go to benchmarks/out/ (ignored by
git). Usage: ``python benchmarks/render_bench.py [--fiscal-year 2023 | --all-years] [--jobs N]``;
``--all-years`` measures the whole ``make report`` set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sugidx_analysis import paths
from sugidx_analysis.render import discover_notebooks, fiscal_years

BIN = Path(sys.executable).parent
OUT = Path(__file__).resolve().parent / "out"


def _run(command: list[str]) -> float:
    """Wall time of one command; stops the benchmark if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CI": "true"})
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def naive(notebooks: list[Path], year: int) -> float:
    folder = OUT / "naive" / f"FY{year}"
    folder.mkdir(parents=True)
    total = 0.0
    for nb in notebooks:
        executed = folder / nb.name
        html = executed.with_suffix(".html")
        total += _run(
            [
                str(BIN / "papermill"),
                str(nb),
                str(executed),
                "-p",
                "fiscal_year",
                str(year),
                "-k",
                "python3",
                "--cwd",
                str(nb.parent),
                "--no-progress-bar",
            ]
        )
        total += _run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]
        )
        total += _run([str(BIN / "weasyprint"), str(html), str(html.with_suffix(".pdf"))])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fiscal-year",
        type=int,
        default=None,
        help="default: the latest fiscal year in data/published",
    )
    parser.add_argument("--jobs", type=int, default=None, help="default: number of cores")
    parser.add_argument(
        "--all-years",
        action="store_true",
        help="the whole `make report` set (every fiscal year) instead of one year",
    )
    args = parser.parse_args()
    all_years = fiscal_years(paths.PUBLISHED_DIR)
    years = all_years if args.all_years else [args.fiscal_year or all_years[-1]]
    notebooks = discover_notebooks(paths.NOTEBOOKS_DIR)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    sugidx = [str(BIN / "sugidx"), "render", "--out", str(OUT / "reports")]
    for year in years:
        sugidx += ["--fiscal-year", str(year)]
    if args.jobs:
        sugidx += ["--jobs", str(args.jobs)]

    t_naive = sum(naive(notebooks, year) for year in years)
    t_cold = _run([*sugidx, "--force"])
    t_warm = _run(sugidx)

    print(
        f"Rendering {', '.join(f'FY{y}' for y in years)}: {len(notebooks)} notebook(s) "
        f"({', '.join(nb.stem for nb in notebooks)}), {os.cpu_count()} core(s)"
    )
    print("  sugidx also builds the annual report (HTML + PDF); the naive chain does not.")
    print(f"  (a) naive papermill → nbconvert → weasyprint : {t_naive:7.2f} s")
    print(f"  (b) sugidx render --force (cold)             : {t_cold:7.2f} s")
    print(f"  (c) sugidx render (warm, nothing changed)    : {t_warm:7.2f} s")
    print(f"  naive / cold = {t_naive / t_cold:5.2f}×   (target ≥ 2.5×)")
    print(f"  cold / warm  = {t_cold / t_warm:5.1f}×   (target ≥ 20×; warm target < 1 s)")


if __name__ == "__main__":
    main()
