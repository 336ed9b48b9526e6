"""Validation benchmark: ``sugidx validate`` of one large, valid record-level file.

Writes a synthetic ``online_procedures.csv`` of ``--rows`` rows (default 1,000,000) into a
temporary folder: rows drawn with a seeded ``numpy`` generator from the synthetic example file
(``data/example/online_procedures.csv``), each given its own ``procedure_id`` (P0000001 …) so
that the key (fiscal_year, procedure_id) stays unique and the file is valid. Then runs
``sugidx validate --data-dir`` on it in a subprocess and prints rows, wall time and the
subprocess's peak resident memory (``getrusage(RUSAGE_CHILDREN)``), against the targets of
issue 14 (on 2 cores: under 30 s and under 2 GiB). Usage:
``python benchmarks/validate_bench.py [--rows N] [--seed S] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from sugidx_analysis import paths

BIN = Path(sys.executable).parent
FILE_NAME = "online_procedures.csv"
TARGET_SECONDS = 30.0
TARGET_BYTES = 2 * 1024**3


def write_records(folder: Path, rows: int, seed: int) -> Path:
    """A valid ``online_procedures.csv`` of ``rows`` rows in ``folder``; its path."""
    example = pd.read_csv(paths.EXAMPLE_DIR / FILE_NAME, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(seed)
    frame = example.iloc[rng.integers(0, len(example), size=rows)].reset_index(drop=True)
    frame["procedure_id"] = [f"P{i:07d}" for i in range(1, rows + 1)]
    path = folder / FILE_NAME
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="default: 1,000,000")
    parser.add_argument("--seed", type=int, default=14, help="seed of the row draw (default 14)")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="write the file here and keep it (default: a temp dir)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sugidx-validate-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = write_records(folder, args.rows, args.seed)
        size = path.stat().st_size
        command = [str(BIN / "sugidx"), "validate", "--data-dir", str(folder)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        # ru_maxrss is in KiB on Linux: the largest resident set of any waited-for child.
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024

    if done.returncode != 0:
        sys.exit(
            f"validation failed (exit {done.returncode}); the generated file should be valid\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    fast, small = seconds < TARGET_SECONDS, peak < TARGET_BYTES
    print(
        f"Validating {FILE_NAME}: {args.rows:,} rows, {size / 1e6:.1f} MB, {os.cpu_count()} core(s)"
    )
    print(
        f"  sugidx validate : {seconds:7.2f} s   (target < {TARGET_SECONDS:.0f} s)   "
        f"{'met' if fast else 'NOT met'}"
    )
    print(
        f"  peak memory     : {peak / 1024**3:7.2f} GiB (target < 2 GiB)  "
        f"{'met' if small else 'NOT met'}"
    )
    print(f"  targets {'met' if fast and small else 'NOT met'}")


if __name__ == "__main__":
    main()
