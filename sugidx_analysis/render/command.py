"""``sugidx render``: the command line on top of :func:`batch.render_reports`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import paths
from ..cli import command


def _fiscal_year(text: str) -> int:
    from ..errors import ParseError
    from ..jp import parse_fiscal_year

    try:
        return parse_fiscal_year(text)
    except ParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _formats(text: str) -> tuple[str, ...]:
    items = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in items if f not in ("html", "pdf")]
    if bad or not items:
        raise argparse.ArgumentTypeError(f"{text!r}: use html, pdf or html,pdf")
    return items


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _arguments(parser: argparse.ArgumentParser) -> None:
    years = parser.add_mutually_exclusive_group()
    years.add_argument(
        "--fiscal-year",
        type=_fiscal_year,
        action="append",
        metavar="Y",
        help="fiscal year to render (2023, 令和5年度, FY2023); repeatable",
    )
    years.add_argument(
        "--all-years",
        action="store_true",
        help="every fiscal year in the data folder (the default)",
    )
    parser.add_argument(
        "--notebooks",
        nargs="+",
        metavar="NAME",
        help="only these notebooks (file stem such as 01_online_procedures, or its number 01)",
    )
    parser.add_argument(
        "--notebooks-dir",
        type=Path,
        default=paths.NOTEBOOKS_DIR,
        help="folder of NN_<theme>.ipynb notebooks (default: notebooks/)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=paths.PUBLISHED_DIR,
        help="data folder given to the notebooks (default: data/published)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=paths.REPORTS_DIR,
        help="output folder; reports go to <out>/FY<year>/ (default: reports/)",
    )
    parser.add_argument(
        "--formats",
        type=_formats,
        default=("html", "pdf"),
        help="html, pdf or html,pdf (default); HTML is always kept, as the "
        "source of the PDF and the annual report",
    )
    parser.add_argument(
        "--jobs", type=_jobs, default=None, help="worker processes (default: number of cores)"
    )
    parser.add_argument(
        "--force", action="store_true", help="render even reports whose inputs have not changed"
    )
    parser.add_argument(
        "-p",
        dest="params",
        action="append",
        metavar="NAME=VALUE",
        help="notebook parameter; VALUE is read as JSON when it is (0.9, 2030, "
        "true), else as text; repeatable",
    )


def _show_progress() -> bool:
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() != "true"


def _status(result) -> str:
    if result.status == "ok":
        return "cached" if result.cache_hit else "rendered"
    return result.status


def summary_table(batch) -> str:
    """The end-of-run table: one line per report, then what went wrong."""
    rows = [("year", "report", "status", "seconds")]
    for r in batch.reports:
        year = f"FY{r.fiscal_year}" if r.fiscal_year is not None else "-"
        seconds = r.entry.get("timings", {}).get("total_s") if not r.cache_hit else None
        rows.append((year, r.name, _status(r), "" if seconds is None else f"{seconds:.1f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    rendered = sum(1 for r in batch.reports if r.status == "ok" and not r.cache_hit)
    cached = sum(1 for r in batch.reports if r.cache_hit)
    lines.append("")
    lines.append(
        f"{rendered} rendered, {cached} unchanged (cached), "
        f"{len(batch.failed)} not rendered, in {batch.seconds:.1f} s"
    )
    for r in batch.failed:
        year = f"FY{r.fiscal_year} " if r.fiscal_year is not None else ""
        where = r.entry.get("error", {}).get("executed_notebook")
        kept = f" (executed notebook kept: {r.folder / where})" if where else ""
        lines.append(f"  {r.status}: {year}{r.name}: {r.error}{kept}")
    return "\n".join(lines)


@command("render", "render the notebooks into HTML and PDF reports", _arguments)
def run(args: argparse.Namespace) -> int:
    from .batch import render_reports
    from .plan import parse_assignments

    verbose = _show_progress()

    def progress(result, done: int, total: int) -> None:
        if verbose:
            year = f"FY{result.fiscal_year} " if result.fiscal_year is not None else ""
            print(
                f"[{done}/{total}] {year}{result.name}: {_status(result)}",
                file=sys.stderr,
                flush=True,
            )

    if verbose:
        print("sugidx render: planning…", file=sys.stderr, flush=True)
    batch = render_reports(
        None if args.all_years or not args.fiscal_year else args.fiscal_year,
        notebooks_dir=args.notebooks_dir,
        notebooks=args.notebooks,
        data_dir=args.data_dir,
        out_dir=args.out,
        formats=args.formats,
        jobs=args.jobs,
        force=args.force,
        parameters=parse_assignments(args.params),
        progress=progress,
    )
    print(summary_table(batch))
    return 0 if batch.ok else 1
