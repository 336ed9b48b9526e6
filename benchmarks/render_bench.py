"""Rendering benchmark: every theme's report for one fiscal year (or every year), side by side.

Measured in one run, on the same notebooks with the same parameters:

(b) ``sugidx render --force`` (cold: everything executed and printed, plus each year's annual
    report), with the peak memory of its whole process tree (the command, its workers and their
    kernels: RSS summed every 0.2 s) and of its largest single process;
(c) ``sugidx render`` again with nothing changed (warm: every report a cache hit);
(a) the naive chain a user would script: for each report the cold run rendered, one after
    another, the ``papermill`` CLI with the parameters render gave that notebook (read from the
    cold run's manifests), then ``jupyter nbconvert --to html --no-input``, then the
    ``weasyprint`` CLI. Notebooks the cold run listed as データなし (no data for the year) are
    skipped, as render skips them; the naive chain builds no annual report;
(d) the limit estimate: from the cold run's manifests, every rendered report's own work —
    ``execute_s`` (the notebook's cells inside its kernel) + ``html_s`` + ``pdf_s``; the annual
    reports' ``html_s`` + ``pdf_s`` — summed and divided by the cores. Kernel start-up
    (``kernel_start_s``) and waiting for a worker (``queue_s``) are not part of it; a manifest
    without ``kernel_start_s`` comes from a render whose ``execute_s`` still includes kernel
    start-up, and the script says so (the estimate is then too high).

Prints the times, the ratios and whether each target of issue 15 is met (2 cores: cold ≥ 3×
faster than naive for one year, ≥ 4× and within 1.5× of (d) for every year; warm < 1 s and
≥ 50× faster than cold; peak memory < 4 GiB). ``--write-readme`` puts this run's row into the
table of README.md's Performance section (between ``<!-- render_bench:start -->`` and
``<!-- render_bench:end -->``); the other report set's row is kept. Outputs go to
benchmarks/out/ (ignored by git). Usage: ``python benchmarks/render_bench.py
[--fiscal-year 2023 | --all-years] [--jobs N] [--write-readme]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from sugidx_analysis import paths
from sugidx_analysis.render import fiscal_years
from sugidx_analysis.render.cache import atomic_write

BIN = Path(sys.executable).parent
OUT = Path(__file__).resolve().parent / "out"
REPORTS = OUT / "reports"
README = paths.PROJ_ROOT / "README.md"
START, END = "<!-- render_bench:start -->", "<!-- render_bench:end -->"
SAMPLE_S = 0.2
GIB = 1024**3
# Per-report work that (d) counts; kernel_start_s and queue_s are not.
WORK_KEYS = ("execute_s", "html_s", "pdf_s")
ONE_YEAR, ALL_YEARS = "one fiscal year", "every fiscal year"


@dataclass(frozen=True)
class Rendered:
    """One report the cold run rendered, from its manifest."""

    year: int | None
    name: str
    notebook: Path | None  # None: the annual report
    parameters: dict
    timings: dict

    @property
    def work_s(self) -> float:
        return sum(float(self.timings.get(key, 0.0)) for key in WORK_KEYS)


@dataclass
class Peak:
    """Largest RSS seen: of the process tree summed, and of one process (with its role)."""

    tree: int = 0
    single: int = 0
    single_role: str = ""
    samples: int = 0


@dataclass(frozen=True)
class Target:
    name: str
    value: str
    goal: str
    met: bool | None  # None: not a target for this report set


@dataclass
class Naive:
    total: float = 0.0
    steps: dict[str, float] = field(
        default_factory=lambda: {"papermill": 0.0, "nbconvert": 0.0, "weasyprint": 0.0}
    )


def _fail(command: list[str], done: subprocess.CompletedProcess | tuple[str, str], rc: int):
    out, err = (done.stdout, done.stderr) if hasattr(done, "stdout") else done
    sys.exit(f"failed ({rc}): {' '.join(command)}\n{out[-2000:]}\n{err[-2000:]}")


def _env() -> dict[str, str]:
    return {**os.environ, "CI": "true"}  # no progress lines


def _run(command: list[str]) -> float:
    """Wall time of one command; stops the benchmark if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=_env())
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        _fail(command, done, done.returncode)
    return elapsed


def _role(proc: psutil.Process, root: psutil.Process) -> str:
    if proc.pid == root.pid:
        return "sugidx render"
    try:
        cmdline = " ".join(proc.cmdline())
        parent = " ".join(proc.parent().cmdline())
    except (psutil.Error, AttributeError):
        return "?"
    if "ipykernel" in cmdline:
        return "kernel"
    if "render.zygote" in cmdline:  # a kernel forked from a zygote keeps the zygote's name
        return "kernel" if "render.zygote" in parent else "zygote"
    return "worker"


def _sample(root: psutil.Process, peak: Peak) -> None:
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return
    total = 0
    for proc in procs:
        try:
            rss = proc.memory_info().rss
        except psutil.Error:  # ended between the listing and the reading
            continue
        total += rss
        if rss > peak.single:
            peak.single, peak.single_role = rss, _role(proc, root)
    peak.tree = max(peak.tree, total)
    peak.samples += 1


def _run_sampled(command: list[str]) -> tuple[float, Peak]:
    """Wall time of one command and the peak memory of its process tree (sampled in a thread,
    so that the wall time is not rounded to the sampling interval)."""
    peak = Peak()
    stop = threading.Event()
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    root = psutil.Process(proc.pid)

    def sampler() -> None:
        while not stop.is_set():
            _sample(root, peak)
            stop.wait(SAMPLE_S)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    thread.join()
    if proc.returncode != 0:
        _fail(command, (out, err), proc.returncode)
    return elapsed, peak


def read_manifests(out_dir: Path) -> tuple[list[Rendered], list[str], list[str]]:
    """The reports rendered (not cache hits), the データなし ones and any other outcome, from
    every ``manifest.json`` under ``out_dir``."""
    rendered, no_data, other = [], [], []
    for manifest_path in sorted(out_dir.glob("*/manifest.json")):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        year = manifest.get("fiscal_year")
        label = f"FY{year}" if year is not None else manifest_path.parent.name
        for name, entry in sorted(manifest.get("reports", {}).items()):
            status = entry.get("status")
            if status == "no_data":
                no_data.append(f"{label} {name}")
            elif status == "ok" and not entry.get("cache_hit"):
                notebook = entry.get("notebook")
                rendered.append(
                    Rendered(
                        year,
                        name,
                        paths.PROJ_ROOT / notebook if notebook else None,
                        entry.get("parameters") or {},
                        entry.get("timings") or {},
                    )
                )
            else:
                state = "cached" if entry.get("cache_hit") else status
                other.append(f"{label} {name}: {state}")
    return rendered, no_data, other


def fingerprints(out_dir: Path) -> set[str]:
    """The ``code_fingerprint`` of every manifest under ``out_dir`` (the library's code that
    wrote it)."""
    return {
        json.loads(path.read_text(encoding="utf-8")).get("code_fingerprint", "")
        for path in out_dir.glob("*/manifest.json")
    }


def naive(reports: list[Rendered]) -> Naive:
    """(a): papermill → nbconvert → weasyprint for each theme report, one after another."""
    result = Naive()
    for report in reports:
        if report.notebook is None:
            continue
        folder = OUT / "naive" / (f"FY{report.year}" if report.year is not None else "all_years")
        folder.mkdir(parents=True, exist_ok=True)
        executed = folder / report.notebook.name
        html = executed.with_suffix(".html")
        steps = {
            "papermill": [
                str(BIN / "papermill"),
                str(report.notebook),
                str(executed),
                # the very parameters render injected (JSON is YAML: types are kept)
                "-y",
                json.dumps(report.parameters),
                "-k",
                "python3",
                "--cwd",
                str(report.notebook.parent),
                "--no-progress-bar",
            ],
            "nbconvert": [
                str(BIN / "jupyter"),
                "nbconvert",
                "--to",
                "html",
                "--no-input",
                str(executed),
            ],
            "weasyprint": [str(BIN / "weasyprint"), str(html), str(html.with_suffix(".pdf"))],
        }
        for step, command in steps.items():
            seconds = _run(command)
            result.steps[step] += seconds
            result.total += seconds
    return result


def _years_label(years: list[int]) -> str:
    return f"FY{years[0]}" if len(years) == 1 else f"FY{years[0]}–FY{years[-1]}"


def _gib(n: int) -> str:
    return f"{n / GIB:.2f} GiB"


def targets(
    kind: str, t_naive: float, t_cold: float, t_warm: float, t_limit: float, peak: Peak
) -> list[Target]:
    every = kind == ALL_YEARS
    speedup = 4.0 if every else 3.0
    return [
        Target(
            "naive / cold",
            f"{t_naive / t_cold:.2f}×",
            f"≥ {speedup:g}×",
            t_naive / t_cold >= speedup,
        ),
        Target(
            "cold / limit (d)",
            f"{t_cold / t_limit:.2f}×",
            "≤ 1.5×",
            t_cold / t_limit <= 1.5 if every else None,
        ),
        Target("warm", f"{t_warm:.2f} s", "< 1 s", t_warm < 1.0),
        Target("cold / warm", f"{t_cold / t_warm:.0f}×", "≥ 50×", t_cold / t_warm >= 50),
        Target("peak memory (cold)", _gib(peak.tree), "< 4 GiB", peak.tree < 4 * GIB),
    ]


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "NOT MET", None: "(a target for --all-years only)"}[met]


def readme_block(old: str, kind: str, row: str, target_line: str) -> str:
    """The text between the markers: the table with this run's row for ``kind`` and the other
    report set's row as it was (or "not measured yet"), then one line of targets per set."""
    rows = {}
    for other in (ONE_YEAR, ALL_YEARS):
        if other == kind:
            rows[other] = (row, target_line)
            continue
        lines = old.splitlines()
        kept_row = next((x for x in lines if x.startswith(f"| {other}")), None)
        kept_targets = next((x for x in lines if x.startswith(f"- {other}")), "")
        placeholder = f"| {other}, all themes | not measured yet |" + " |" * 9
        rows[other] = (kept_row or placeholder, kept_targets)
    lines = [
        START,
        "| report set | measured | (a) naive | (b) cold | (c) warm | (d) limit | naive / cold "
        "| cold / warm | cold / (d) | peak memory (cold) | largest process |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *(rows[k][0] for k in (ONE_YEAR, ALL_YEARS)),
        "",
        *(rows[k][1] for k in (ONE_YEAR, ALL_YEARS) if rows[k][1]),
        END,
    ]
    return "\n".join(lines)


def write_readme(kind: str, row: str, target_line: str) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        sys.exit(f"{README}: no {START} … {END} block to replace")
    old = text[start : end + len(END)]
    block = readme_block(old, kind, row, target_line)
    atomic_write(README, text[:start] + block + text[end + len(END) :])  # never half a README
    print(f"README.md: the {kind} row of the Performance table is replaced")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    years_group = parser.add_mutually_exclusive_group()
    years_group.add_argument(
        "--fiscal-year",
        type=int,
        default=None,
        metavar="Y",
        help="default: the latest fiscal year in data/published",
    )
    years_group.add_argument(
        "--all-years",
        action="store_true",
        help="every published fiscal year (the whole `make report` set) instead of one",
    )
    parser.add_argument("--jobs", type=int, default=None, help="default: number of cores")
    parser.add_argument(
        "--write-readme",
        action="store_true",
        help="put this run's row into README.md's Performance table",
    )
    args = parser.parse_args()
    published = fiscal_years(paths.PUBLISHED_DIR)
    cores = os.cpu_count() or 1
    kind = ALL_YEARS if args.all_years else ONE_YEAR
    years = published if args.all_years else [args.fiscal_year or published[-1]]
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    sugidx = [str(BIN / "sugidx"), "render", "--out", str(REPORTS)]
    if args.all_years:
        sugidx.append("--all-years")
    else:
        sugidx += ["--fiscal-year", str(years[0])]
    if args.jobs:
        sugidx += ["--jobs", str(args.jobs)]

    # (b) first: its manifests say which reports exist for these years, and their timings.
    t_cold, peak = _run_sampled([*sugidx, "--force"])
    reports, no_data, other = read_manifests(REPORTS)
    if other:
        sys.exit("the cold run did not render every report:\n  " + "\n  ".join(other))
    cold_code = fingerprints(REPORTS)
    t_warm = _run(sugidx)
    rerendered = [f"FY{r.year} {r.name}" for r in read_manifests(REPORTS)[0]]
    code_changed = fingerprints(REPORTS) != cold_code
    naive_result = naive(reports)
    t_naive = naive_result.total

    work = sum(r.work_s for r in reports)
    t_limit = work / cores
    themes = [r for r in reports if r.notebook is not None]
    annuals = [r for r in reports if r.notebook is None]
    with_start = [r for r in themes if "kernel_start_s" in r.timings]
    kernel_start = sum(float(r.timings.get("kernel_start_s", 0.0)) for r in themes)
    queue = sum(float(r.timings.get("queue_s", 0.0)) for r in reports)

    print(
        f"Rendering {_years_label(years)}, all themes: {len(themes)} theme report(s) "
        f"+ {len(annuals)} annual report(s), {cores} core(s), jobs {args.jobs or cores}"
    )
    by_year: dict[object, list[str]] = {}
    for r in themes:
        by_year.setdefault(r.year, []).append(r.name)
    for year, names in by_year.items():
        print(f"  FY{year}: {', '.join(names)}")
    if no_data:
        print(f"  データなし (not rendered, not in the naive chain): {', '.join(no_data)}")
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in naive_result.steps.items())
    print(f"  (a) naive papermill → nbconvert → weasyprint : {t_naive:8.2f} s   ({steps})")
    print(f"  (b) sugidx render --force (cold)             : {t_cold:8.2f} s   (+ annual reports)")
    print(f"  (c) sugidx render (warm, nothing changed)    : {t_warm:8.2f} s")
    print(f"  (d) limit: Σ execute+html+pdf {work:.2f} s / {cores} core(s) : {t_limit:8.2f} s")
    print(
        f"  peak memory of the cold run: {_gib(peak.tree)} (process tree, RSS summed, "
        f"{peak.samples} samples every {SAMPLE_S} s); largest process {_gib(peak.single)} "
        f"({peak.single_role})"
    )
    if len(with_start) == len(themes):
        print(f"  Σ kernel start-up {kernel_start:.2f} s, Σ queue {queue:.2f} s: not in (d)")
    else:
        print(
            "  note: no kernel_start_s in the manifests: execute_s includes kernel start-up, "
            "so (d) is too high"
        )
    if rerendered:
        print(f"  warning: the warm run rendered again: {', '.join(rerendered)}")
        if code_changed:
            print(
                "  (the library's code changed between the cold and the warm run: its "
                "code_fingerprint differs; (c) is no warm run, run the benchmark again)"
            )

    found = targets(kind, t_naive, t_cold, t_warm, t_limit, peak)
    print(f"Targets ({kind}, all themes):")
    for t in found:
        print(f"  {t.name:<19} = {t.value:>9}   target {t.goal:<12} {_verdict(t.met)}")

    if args.write_readme and rerendered:
        sys.exit("README.md not written: the warm run was not a warm run")
    if args.write_readme:
        set_label = f"{kind}, all themes ({_years_label(years)})"
        command = "`render_bench.py --all-years`" if args.all_years else "`render_bench.py`"
        if args.fiscal_year:
            command = f"`render_bench.py --fiscal-year {args.fiscal_year}`"
        values = {t.name: t.value for t in found}
        row = (
            f"| {set_label}: {command} | {dt.date.today().isoformat()}, {cores} cores | "
            f"{t_naive:.2f} s | {t_cold:.2f} s | {t_warm:.2f} s | {t_limit:.2f} s | "
            f"{values['naive / cold']} | {values['cold / warm']} | "
            f"{values['cold / limit (d)']} | {_gib(peak.tree)} | {_gib(peak.single)} "
            f"({peak.single_role}) |"
        )
        verdicts = "; ".join(
            f"{t.name} {t.goal}: **{_verdict(t.met)}**" for t in found if t.met is not None
        )
        write_readme(kind, row, f"- {kind}: {verdicts}.")


if __name__ == "__main__":
    main()
