"""The ``sugidx`` command: validate data (and, as the themes arrive, synthesise and render).

Every expected failure is a ``SugidxError`` printed as a message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__, paths
from .errors import SugidxError

# name -> (help, add_arguments, run); theme and render modules add their commands here.
COMMANDS: dict[str, tuple[str, Callable, Callable]] = {}


def command(name: str, help: str, add_arguments: Callable[[argparse.ArgumentParser], None]):
    """Register ``run(args) -> int`` as the subcommand ``name``."""

    def decorate(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = (help, add_arguments, run)
        return run

    return decorate


def _validate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=paths.PUBLISHED_DIR,
        help="folder of dataset files (default: data/published)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


@command("validate", "check every dataset file in a folder", _validate_args)
def _validate(args: argparse.Namespace) -> int:
    from .validation import validate_folder

    report = validate_folder(args.data_dir)
    if args.json:
        print(
            json.dumps(
                {
                    "data_dir": str(report.data_dir),
                    "ok": report.ok,
                    "files": {name: t.file for name, t in report.tables.items()},
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
    if report.problems:
        print()
        for p in report.problems:
            label = "warning" if p.severity == "warning" else "error"
            print(f"  {label}: {p.describe()}")
    errors = len(report.errors)
    print()
    print("All datasets are valid." if report.ok else f"{errors} problem(s) found.")
    return 0 if report.ok else 1


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the module of the command asked for is imported (a warm
    ``sugidx render`` must not pay for pandas, which ``synth`` needs)."""
    parser = argparse.ArgumentParser(
        prog="sugidx", description="Suginami DX policy-evaluation workbook"
    )
    parser.add_argument("--version", action="version", version=f"sugidx {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _load_commands(argv)
    for name, (help_text, add_arguments, run) in COMMANDS.items():
        child = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(child)
        child.set_defaults(run=run)
    return parser


# Modules that register further commands; imported when needed, never at import time.
COMMAND_MODULES = {"synth": "sugidx_analysis.synth", "render": "sugidx_analysis.render"}


def _load_commands(argv: list[str] | None = None) -> None:
    """Import the module of the command named in ``argv``, or all of them (for --help)."""
    import importlib

    asked = next((a for a in argv or [] if not a.startswith("-")), None)
    if asked in COMMANDS:
        return
    wanted = [COMMAND_MODULES[asked]] if asked in COMMAND_MODULES else COMMAND_MODULES.values()
    for module in wanted:
        importlib.import_module(module)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SugidxError as exc:
        print(f"sugidx {args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be created or written: the analyst can act
        where = f": {exc.filename}" if exc.filename else ""
        print(f"sugidx {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # python -m sugidx_analysis.cli: use the imported module, in
    # which the command modules register themselves (not this __main__ copy)
    from sugidx_analysis.cli import main as _main

    sys.exit(_main())
