"""The ``sugidx`` command: every command's arguments, mapped to library functions.

Nothing in the library imports this module. Every expected failure is a ``SugidxError`` (or a
file-system error) printed as a message, never a traceback; any other exception is a bug,
printed in one line as an internal error (exit status 2). Each command imports what it needs
when it runs, so ``sugidx render`` with nothing to do starts without pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__, paths
from .errors import SugidxError


def _validate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=paths.PUBLISHED_DIR,
        help="folder of dataset files (default: data/published)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the report as JSON (listing every problem; the text listing shows 20 of "
        "each kind and counts the rest)",
    )


def _check_profile(report) -> dict | None:
    """:func:`sugidx_analysis.catalogue.check_profile` (``render`` runs the same check)."""
    from .catalogue import check_profile

    return check_profile(report)


def _validate(args: argparse.Namespace) -> int:
    from .catalogue import validate_folder
    from .errors import more_line, summarise
    from .municipality import PROFILE_FILE, UNNAMED

    report = validate_folder(args.data_dir)
    before = len(report.problems)
    municipality = _check_profile(report)
    profile_errors = sum(1 for p in report.problems[before:] if p.severity == "error")
    if args.json:
        print(
            json.dumps(
                {
                    "data_dir": str(report.data_dir),
                    "ok": report.ok,
                    "files": {name: t.file for name, t in report.tables.items()},
                    "municipality": municipality,
                    "problems": [
                        {
                            "file": p.file,
                            "row": p.row,
                            "column": p.column,
                            "value": None if p.value is None else str(p.value),
                            "expected": p.expected,
                            "severity": p.severity,
                        }
                        for p in report.problems
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0 if report.ok else 1
    print(f"Validating {report.data_dir}")
    for name, table in sorted(report.tables.items()):
        errors = len(table.errors)
        status = "ok" if not errors else f"{errors} problem(s)"
        print(f"  {table.file:<32} {name:<26} {len(table.frame):>5} rows  {status}")
    status = "ok" if not profile_errors else f"{profile_errors} problem(s)"
    if municipality is not None:
        about = f"profile: {municipality['name']}, {municipality['targets']} target(s)"
        print(f"  {PROFILE_FILE:<32} {about}  {status}")
    elif profile_errors:
        print(f"  {PROFILE_FILE:<32} profile: invalid  {status}")
    else:
        print(f"  (no {PROFILE_FILE}: reports use 「{UNNAMED}」 and judge no targets)")
    if report.problems:
        print()
        # The same problem down a column is listed 20 times, then counted (「ほか N 件」).
        for p, hidden in summarise(report.problems):
            label = "warning" if p.severity == "warning" else "error"
            print(f"  {label}: {p.describe()}")
            if hidden:
                print(f"  {more_line(p, hidden)}")
    errors = len(report.errors)
    print()
    print("All datasets are valid." if report.ok else f"{errors:,} problem(s) found.")
    return 0 if report.ok else 1


def _synth_args(parser: argparse.ArgumentParser) -> None:
    from .themes import THEMES

    names = [t.name for t in THEMES if t.synth]
    parser.add_argument(
        "themes",
        nargs="*",
        metavar="THEME",
        help=f"themes to generate (default: all of {', '.join(names)})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=paths.EXAMPLE_DIR,
        help="folder to write to (default: data/example)",
    )

    def seed(text: str) -> int:
        # a whole number; its range is checked by write_examples (before anything is written)
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r}: expected a whole number of 0 or more, below 2**32"
            ) from None

    parser.add_argument(
        "--seed",
        type=seed,
        default=None,
        help="random seed, 0 to 2**32 - 1 (default: each theme's own)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=paths.PUBLISHED_DIR,
        help="published figures to calibrate to (default: data/published)",
    )


def _synth(args: argparse.Namespace) -> int:
    from .examples import write_examples

    written = write_examples(args.themes, args.out, args.seed, args.data_dir)
    for path in written:
        print(f"Wrote {path} (synthetic; it reproduces the published totals it is calibrated to).")
    return 0


def _dictionary_args(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def _dictionary(args: argparse.Namespace) -> int:
    from .catalogue import refresh_dictionary

    changed = refresh_dictionary()
    where = paths.DATA_DIR / "README.md"
    print(f"{where}: data dictionary {'updated' if changed else 'already up to date'}.")
    return 0


def _fiscal_year(text: str) -> int:
    from .errors import ParseError
    from .jp import parse_fiscal_year

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


def _render_args(parser: argparse.ArgumentParser) -> None:
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
        help="data folder given to the notebooks (default: data/published); its "
        "municipality.toml names the municipality and its targets",
    )
    parser.add_argument(
        "--example-dir",
        type=Path,
        default=None,
        help="folder of record-level data (default: data/example with data/published, "
        "otherwise the data folder itself: example data is never mixed into another folder)",
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
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the summary, the time each step took (sum, mean, max, slowest report) "
        "over the reports rendered, wall time and worker utilisation",
    )


PROGRESS_ENV = "SUGIDX_PROGRESS"


def _show_progress() -> bool:
    """Whether ``sugidx render`` shows progress on standard error: on a terminal, not under
    ``CI=true``; ``SUGIDX_PROGRESS=1`` (or ``0``) turns it on (or off) whatever the output."""
    forced = os.environ.get(PROGRESS_ENV, "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() != "true"


def _label(fiscal_year: int | None, name: str) -> str:
    return f"FY{fiscal_year} {name}" if fiscal_year is not None else name


class _Progress:
    """``sugidx render``'s display on standard error: a bar of the reports done, below it one
    line per report being rendered naming its step (「FY2023 01_online_procedures: execute…」),
    and above it a line per report finished. Its methods are called from the main thread
    (:meth:`report`) and from the batch's stage thread (:meth:`step`)."""

    def __init__(self) -> None:
        import threading

        from tqdm import tqdm

        class Line(tqdm):
            monitor_interval = 0  # no monitor thread: workers are forked while it is shown

        self._line = Line
        self._lock = threading.Lock()
        self._bar = None
        self._rows: list = []  # the step lines, reused as reports finish
        self._where: dict[tuple[int | None, str], int] = {}  # report -> its step line
        self._finished: set[tuple[int | None, str]] = set()
        self._closed = False

    def _start(self) -> None:
        if self._bar is None:
            self._bar = self._line(
                total=None,
                desc="reports",
                file=sys.stderr,
                position=0,
                dynamic_ncols=True,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}]",
            )

    def step(self, fiscal_year: int | None, name: str, step: str) -> None:
        """A report being rendered starts ``step`` ("execute", "html", "pdf")."""
        key = (fiscal_year, name)
        with self._lock:
            if self._closed or key in self._finished:  # a late message: its result came first
                return
            self._start()
            if key not in self._where:
                free = [i for i in range(len(self._rows)) if i not in self._where.values()]
                if not free:
                    self._rows.append(
                        self._line(
                            total=0,
                            file=sys.stderr,
                            position=len(self._rows) + 1,
                            leave=False,
                            bar_format="{desc}",
                        )
                    )
                    free = [len(self._rows) - 1]
                self._where[key] = free[0]
            row = self._rows[self._where[key]]
            row.set_description_str(f"  {_label(fiscal_year, name)}: {step}…", refresh=True)

    def report(self, result, done: int, total: int) -> None:
        """``render_reports``'s ``progress``: a report is done (rendered, cached, failed…)."""
        key = (result.fiscal_year, result.name)
        with self._lock:
            if self._closed:
                return
            self._start()
            self._finished.add(key)
            if key in self._where:
                self._rows[self._where.pop(key)].set_description_str("", refresh=True)
            seconds = result.entry.get("timings", {}).get("total_s")
            took = f" ({seconds:.1f} s)" if seconds is not None and not result.cache_hit else ""
            self._bar.write(
                f"[{done}/{total}] {_label(*key)}: {_status(result)}{took}", file=sys.stderr
            )
            self._bar.total = total
            self._bar.n = done
            self._bar.refresh()

    def close(self) -> None:
        """Remove the step lines and leave the bar as it ended."""
        with self._lock:
            self._closed = True
            for row in reversed(self._rows):
                row.close()
            self._rows.clear()
            if self._bar is not None:
                self._bar.close()


NO_DATA_LABEL = "データなし"


def _status(result) -> str:
    if result.status == "ok":
        return "cached" if result.cache_hit else "rendered"
    if result.status == "no_data":
        return NO_DATA_LABEL
    return result.status


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (a full-width character takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def summary_table(batch) -> str:
    """The end-of-run table: one line per report, then what went wrong."""
    rows = [("year", "report", "status", "seconds")]
    for r in batch.reports:
        year = f"FY{r.fiscal_year}" if r.fiscal_year is not None else "-"
        seconds = r.entry.get("timings", {}).get("total_s") if not r.cache_hit else None
        rows.append((year, r.name, _status(r), "" if seconds is None else f"{seconds:.1f}"))
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(
            cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    rendered = sum(1 for r in batch.reports if r.status == "ok" and not r.cache_hit)
    cached = sum(1 for r in batch.reports if r.cache_hit)
    lines.append("")
    lines.append(
        f"{rendered} rendered, {cached} unchanged (cached), "
        f"{len(batch.no_data)} {NO_DATA_LABEL} (no data for the year), "
        f"{len(batch.failed)} not rendered, in {batch.seconds:.1f} s"
    )
    for r in batch.failed:
        year = f"FY{r.fiscal_year} " if r.fiscal_year is not None else ""
        where = r.entry.get("error", {}).get("executed_notebook")
        kept = f" (executed notebook kept: {r.folder / where})" if where else ""
        lines.append(f"  {r.status}: {year}{r.name}: {r.error}{kept}")
    return "\n".join(lines)


# The steps ``--profile`` sums, in the order a report goes through them (manifest timings).
PROFILE_STAGES = ("queue_s", "kernel_start_s", "execute_s", "html_s", "pdf_s", "total_s")


def profile_summary(batch) -> str:
    """``--profile``: for each step, its sum, mean and max over the reports rendered in this
    run (not the cached ones) and the slowest report; then wall time and worker utilisation
    (the reports' ``total_s`` summed, over workers × wall time)."""
    rendered = [
        r for r in batch.reports if not r.cache_hit and isinstance(r.entry.get("timings"), dict)
    ]
    if not rendered:
        return f"profile: no report was rendered in this run (wall {batch.seconds:.1f} s)"
    rows = [("step", "reports", "sum s", "mean s", "max s", "slowest")]
    for key in PROFILE_STAGES:
        times = [(r.entry["timings"][key], r) for r in rendered if key in r.entry["timings"]]
        if not times:
            continue
        values = [t for t, _ in times]
        slowest, report = max(times, key=lambda pair: pair[0])
        rows.append(
            (
                key.removesuffix("_s"),
                str(len(values)),
                f"{sum(values):.1f}",
                f"{sum(values) / len(values):.2f}",
                f"{slowest:.1f}",
                _label(report.fiscal_year, report.name),
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = (False, True, True, True, True, False)
    lines = [
        "  ".join(
            (" " * (w - _width(cell)) + cell) if align else (cell + " " * (w - _width(cell)))
            for cell, w, align in zip(row, widths, right, strict=True)
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    busy = sum(r.entry["timings"].get("total_s", 0.0) for r in rendered)
    lines.append("")
    if batch.workers and batch.seconds > 0:
        share = busy / (batch.workers * batch.seconds)
        lines.append(
            f"wall {batch.seconds:.1f} s; worker time {busy:.1f} s over {batch.workers} "
            f"worker(s): utilisation {share:.0%}"
        )
    else:
        lines.append(f"wall {batch.seconds:.1f} s; worker time {busy:.1f} s")
    return "\n".join(lines)


def _render(args: argparse.Namespace) -> int:
    from .render.batch import RenderInterrupted, render_reports
    from .render.plan import parse_assignments
    from .render.processes import stop_on_signals

    display = _Progress() if _show_progress() else None
    if display is not None:
        print("sugidx render: planning…", file=sys.stderr, flush=True)
    try:
        # SIGTERM stops the batch as Ctrl-C does: workers and kernels stopped, finished
        # reports recorded, no temporary file left.
        with stop_on_signals():
            batch = render_reports(
                None if args.all_years or not args.fiscal_year else args.fiscal_year,
                notebooks_dir=args.notebooks_dir,
                notebooks=args.notebooks,
                data_dir=args.data_dir,
                example_dir=args.example_dir,
                out_dir=args.out,
                formats=args.formats,
                jobs=args.jobs,
                force=args.force,
                parameters=parse_assignments(args.params),
                progress=display.report if display is not None else None,
                stage=display.step if display is not None else None,
            )
    except RenderInterrupted as stop:
        if display is not None:
            display.close()
        print(
            f"sugidx render: interrupted; {stop.finished} report(s) finished are kept, "
            "the rest were not rendered",
            file=sys.stderr,
        )
        return stop.exit_code
    finally:
        if display is not None:
            display.close()
    print(summary_table(batch))
    if args.profile:
        print()
        print(profile_summary(batch))
    return 0 if batch.ok else 1


KPI_FORMATS = ("json", "csv")


def _kpis_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fiscal-year",
        type=_fiscal_year,
        default=None,
        metavar="Y",
        help="fiscal year of the scorecard (2023, 令和5年度, FY2023; default: the latest "
        "year in the data folder)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=paths.PUBLISHED_DIR,
        help="data folder (default: data/published); its municipality.toml sets the targets",
    )
    parser.add_argument(
        "--format",
        choices=KPI_FORMATS,
        default="json",
        help="json (default) or csv (UTF-8 with a BOM, for Excel)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="file to write (replaced only once complete; default: standard output)",
    )


def _kpis(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        raise SugidxError(f"--data-dir {data_dir}: no such folder")
    from .catalogue import load_inputs
    from .municipality import load_profile
    from .render.plan import fiscal_years
    from .themes import get_theme
    from .themes.overview import export
    from .themes.overview.metrics import OverviewParams, evaluate, records

    year = args.fiscal_year if args.fiscal_year is not None else fiscal_years(data_dir)[-1]
    params = OverviewParams(year, load_profile(data_dir))
    card = evaluate(load_inputs(get_theme("overview"), data_dir), params)
    rows = records(card)
    if not rows:
        print(f"sugidx kpis: no figure up to FY{year} in {data_dir}", file=sys.stderr)
    if args.format == "csv":
        data = export.to_csv(rows)
        text = None
    else:
        text = export.to_json(rows)
        data = text.encode("utf-8")
    if args.output is not None:
        from .datasets.files import write_atomic

        write_atomic(args.output, data)
        print(f"Wrote {args.output}: {len(rows)} KPI(s), FY{year}.", file=sys.stderr)
        return 0
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test and IDE consoles)
        sys.stdout.write(data.decode("utf-8-sig"))
    else:
        buffer.write(data)
        buffer.flush()
    return 0


# name -> (help, add_arguments, run)
COMMANDS: dict[str, tuple[str, Callable, Callable]] = {
    "validate": ("check every dataset file in a folder", _validate_args, _validate),
    "synth": (
        "generate the synthetic example data, calibrated to the published figures",
        _synth_args,
        _synth,
    ),
    "render": ("render the notebooks into HTML and PDF reports", _render_args, _render),
    "kpis": (
        "export the scorecard's KPIs of a fiscal year, with their judgements, as JSON or CSV",
        _kpis_args,
        _kpis,
    ),
    "dictionary": (
        "rewrite the data dictionary in data/README.md from the schemas",
        _dictionary_args,
        _dictionary,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sugidx", description="Suginami DX policy-evaluation workbook"
    )
    parser.add_argument("--version", action="version", version=f"sugidx {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, add_arguments, run) in COMMANDS.items():
        child = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(child)
        child.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SugidxError as exc:
        print(f"sugidx {args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be created or written: the analyst can act
        where = f": {exc.filename}" if exc.filename else ""
        print(f"sugidx {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM where a command turns it into this
        print(f"sugidx {args.command}: interrupted", file=sys.stderr)
        return getattr(exc, "exit_code", 130)  # 128 + the signal, as the shell reports it
    except Exception as exc:  # a bug: one line to report, never a traceback
        message = " ".join(str(exc).split())
        print(
            f"sugidx {args.command}: internal error: {type(exc).__name__}: {message} "
            "(please report this)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # python -m sugidx_analysis.cli
    sys.exit(main())
