"""Execute one notebook with Papermill."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ExecutionFailure:
    """Where and how a notebook failed: the cell (Papermill's 0-based index, which counts its
    injected-parameters cell; the execution count Jupyter shows as In [n]; the cell's first
    line) and the exception's name and message."""

    cell_index: int | None
    execution_count: int | None
    ename: str
    evalue: str
    first_line: str = ""

    def describe(self) -> str:
        if self.cell_index is None:
            where = "before any cell ran"
        else:
            where = f"cell In [{self.execution_count}]" if self.execution_count else "a cell"
            if self.first_line:
                where += f" «{self.first_line}»"
        return f"{where}: {self.ename}: {self.evalue}"


# A kernel that dies before any cell ran is started again this many times: parallel workers
# start kernels at once, and jupyter_client picks their TCP ports by probing for free ones, so
# two kernels can race for one port ("Address already in use") and one of them dies.
START_RETRIES = 2


def execute_notebook(
    source: Path,
    output: Path,
    parameters: dict[str, object],
    cwd: Path,
    timings: dict[str, float] | None = None,
) -> ExecutionFailure | None:
    """Run ``source`` with ``parameters`` injected, writing the executed notebook to ``output``
    (also when a cell raises: Papermill then marks the failing cell). Returns ``None`` on
    success, else where it failed. A kernel that fails before any cell ran is started again
    (:data:`START_RETRIES` times); a cell that raises is never run again.

    The notebook written is :func:`~sugidx_analysis.render.reproducible.normalise`-d: no
    timestamps, temporary names or random ids, so the same inputs give the same bytes. The
    times it held go to ``timings`` instead: ``kernel_start_s`` (the call's start to the first
    cell's, the last attempt's) and ``execute_s`` (the first cell's start to the last one's
    end: the notebook's own work)."""
    import time

    from .reproducible import normalise_file

    for attempt in range(START_RETRIES + 1):
        started = time.time()
        failure = _execute_once(source, output, parameters, cwd)
        if failure is None or failure.cell_index is not None or attempt == START_RETRIES:
            break
        if _any_cell_ran(output):
            break
    if timings is not None:
        timings.update(cell_times(output, started))
    normalise_file(output)
    return failure


def cell_times(output: Path, started: float) -> dict[str, float]:
    """``kernel_start_s`` and ``execute_s`` from Papermill's per-cell times in the executed
    notebook at ``output`` (empty when no cell ran); ``started`` is the call's epoch time."""
    import datetime as dt
    import json

    try:
        nb = json.loads(Path(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}

    def epoch(text: str) -> float:
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is None:  # Papermill writes UTC
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.timestamp()

    spans = []
    for cell in nb.get("cells", []):
        times = cell.get("metadata", {}).get("papermill", {})
        if times.get("start_time") and times.get("end_time"):
            spans.append((epoch(times["start_time"]), epoch(times["end_time"])))
    if not spans:
        return {}
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    return {
        "kernel_start_s": round(max(0.0, first - started), 3),
        "execute_s": round(last - first, 3),
    }


def _any_cell_ran(output: Path) -> bool:
    """Whether the (partly) executed notebook at ``output`` has a cell with an execution count."""
    import json

    try:
        nb = json.loads(Path(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return any(c.get("execution_count") for c in nb.get("cells", []))


def _execute_once(
    source: Path, output: Path, parameters: dict[str, object], cwd: Path
) -> ExecutionFailure | None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            # Papermill fills {name} in paths from the parameters: a brace in a folder name
            # is a character, not a placeholder.
            _literal(source),
            _literal(output),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            # One write at the end (Papermill also writes the notebook when a cell fails).
            request_save_on_cell_execute=False,
            cwd=str(cwd),
            # The kernel's own start-up warnings would interleave with the CLI's output.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            # The kernel dies with the process that runs this (render/kernels.py).
            kernel_manager_class="sugidx_analysis.render.kernels.ReportKernelManager",
        )
    except PapermillExecutionError as exc:
        lines = [line for line in (exc.source or "").splitlines() if line.strip()]
        first = lines[0].strip() if lines else ""
        first = first if len(first) <= 60 else first[:59] + "…"
        return ExecutionFailure(exc.cell_index, exc.exec_count, exc.ename, exc.evalue, first)
    except Exception as exc:  # kernel death, timeouts, unreadable notebook: all are failures
        return ExecutionFailure(None, None, type(exc).__name__, str(exc))
    return None


def _literal(path: Path) -> str:
    """``path`` as a format string that formats to itself (braces doubled)."""
    return str(path).replace("{", "{{").replace("}", "}}")
