"""Render every selected notebook × fiscal year in parallel worker processes, with a
content-hash cache, atomic outputs, per-year manifests and the combined annual report.

The parent process plans the work, decides cache hits and which reports have no data for
their year (cheap: JSON and hashing only); workers execute, export and print. The parent alone
writes the manifests and removes the outputs of reports that no longer have data. Workers and
their kernels die with the parent and leave stopping to it (:mod:`.processes`); a run first
removes the temporary files a killed run left in the folders it writes.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import multiprocessing
import os
import queue as queues
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, paths, tiers
from ..errors import RenderError
from ..municipality import UNNAMED, load_profile
from . import cache, plan, processes, zygote
from .annual import ANNUAL, ANNUAL_TITLE, render_annual
from .cache import failure_entry, stage, success_entry
from .pdf import source_date_epoch

FORMATS = ("html", "pdf")
CACHE_DIR = ".sugidx-cache"
UNDATED_FOLDER = "all_years"
NO_DATA = "no_data"
# Every file a report of name N may have left in its folder: N + one of these.
OUTPUT_SUFFIXES = (".html", ".pdf", ".ipynb", ".failed.ipynb")
# The steps a report being rendered goes through, in order, as the ``stage`` callback names them
# (an annual report has no "execute"; "pdf" only when PDF is wanted).
STAGES = ("execute", "html", "pdf")


@dataclass
class ReportResult:
    """The outcome of one report: ``status`` is "ok", "failed", "skipped" (an annual report
    not rebuilt because a theme failed) or "no_data" (not rendered: its theme has no data for
    the year or an earlier one; for an annual report, no theme of the year has);
    ``entry`` is what the manifest records."""

    fiscal_year: int | None
    name: str
    title: str
    status: str
    cache_hit: bool
    folder: Path
    entry: dict = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        error = self.entry.get("error")
        return None if not error else error["message"]


@dataclass
class BatchResult:
    """Every report of a run, in order (themes of each year, then its annual report)."""

    reports: list[ReportResult]
    seconds: float
    workers: int = 0  # the processes that rendered (1: the command's own), 0 when none did

    @property
    def ok(self) -> bool:
        """True when no report failed or was skipped (reports without data are not failures)."""
        return not self.failed

    @property
    def failed(self) -> list[ReportResult]:
        return [r for r in self.reports if r.status not in ("ok", NO_DATA)]

    @property
    def no_data(self) -> list[ReportResult]:
        return [r for r in self.reports if r.status == NO_DATA]


class RenderInterrupted(processes.Interrupted):
    """A batch stopped by SIGINT or SIGTERM: its workers and their kernels are stopped, the
    manifests record the ``finished`` reports and keep the previous entries of the
    ``not_rendered`` ones, and no temporary file is left."""

    def __init__(self, signum: int, finished: int, not_rendered: int) -> None:
        super().__init__(signum)
        self.finished = finished
        self.not_rendered = not_rendered


@dataclass
class _Task:
    """One theme report to render (a plain, picklable description for a worker)."""

    name: str
    title: str
    notebook: Path
    fiscal_year: int | None
    folder: Path
    parameters: dict
    tier: str
    formats: tuple[str, ...]
    cache_key: str
    entry: dict  # the manifest entry so far (without outputs, timings, status)
    no_data: str | None = None  # why the theme has no data for the year: not rendered
    municipality: str = UNNAMED  # the profile's name, for the cover and running header
    submitted: float = 0.0  # time.time() when the parent handed it to a worker: queue_s


def folder_for(out_dir: Path, fiscal_year: int | None) -> Path:
    """``<out>/FY<year>``, or ``<out>/all_years`` for a notebook without a fiscal year."""
    return Path(out_dir) / (f"FY{fiscal_year}" if fiscal_year is not None else UNDATED_FOLDER)


def render_reports(
    fiscal_years: list[int] | None = None,
    *,
    notebooks_dir: Path = paths.NOTEBOOKS_DIR,
    notebooks: list[str] | None = None,
    data_dir: Path = paths.PUBLISHED_DIR,
    example_dir: Path | None = None,
    out_dir: Path = paths.REPORTS_DIR,
    formats: tuple[str, ...] = FORMATS,
    jobs: int | None = None,
    force: bool = False,
    parameters: dict[str, object] | None = None,
    progress: Callable[[ReportResult, int, int], None] | None = None,
    stage: Callable[[int | None, str, str], None] | None = None,
) -> BatchResult:
    """Render the theme notebooks for each fiscal year, and each year's annual report.

    Parameters
    ----------
    fiscal_years
        Years to render; ``None`` means every year in the data (:func:`plan.fiscal_years`).
        A theme report is rendered only for a year when its primary dataset has a row for
        that year or an earlier one (:func:`plan.data_years`); otherwise it is listed as
        "no_data", its old outputs in the year's folder are removed, and so is a year's
        annual report when none of its themes has data.
    notebooks_dir, notebooks
        Where the ``NN_<theme>.ipynb`` notebooks are, and optionally which of them.
    data_dir
        The data folder injected as ``data_dir``; also decides the cover's data tier. Its
        ``municipality.toml`` names the municipality on every cover and running header.
    example_dir
        The record-level folder injected as ``example_dir`` (None: ``data/example`` beside
        ``data/published``, the data folder itself otherwise).
    out_dir
        Reports go to ``<out_dir>/FY<year>/``.
    formats
        "html" and/or "pdf". HTML is always written: the PDF and the annual report are made
        from it.
    jobs
        Worker processes (default: the number of cores).
    force
        Render even reports whose cache key and outputs are unchanged.
    parameters
        Further notebook parameters (``-p``), the same for every notebook.
    progress
        Called as ``progress(result, done, total)`` after each report.
    stage
        Called as ``stage(fiscal_year, name, step)`` when a report being rendered starts a
        step of :data:`STAGES` ("execute", "html", "pdf"), in that order for each report;
        with more than one job, from a thread of this process while reports run.

    Returns
    -------
    BatchResult
        with one :class:`ReportResult` per report; ``ok`` is False if any failed (a report
        without data is not a failure).

    Raises
    ------
    RenderError
        before anything runs, for bad arguments, unknown notebooks or parameters, or when
        another run is writing to ``out_dir``.
    DataValidationError
        before anything runs or is written, when the data folder (every dataset file and its
        ``municipality.toml``) or a record-level file of the example folder breaks its rules
        (:func:`plan.check_inputs`, the checks of ``sugidx validate``).
    RenderInterrupted
        on KeyboardInterrupt while reports run (``sugidx render`` turns SIGTERM into one):
        the workers and their kernels are stopped, the manifests record the reports that
        finished and keep the previous entries of the others, temporary files are removed.
    """
    started = time.perf_counter()
    stage = _best_effort(stage)  # a display that fails never fails a report
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise RenderError(f"unknown format(s) {unknown}; use html, pdf or html,pdf")
    formats = tuple(f for f in FORMATS if f in {"html", *formats})
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs < 1:
        raise RenderError(f"--jobs must be at least 1 (got {jobs})")
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise RenderError(f"{data_dir}: no such data folder")
    if example_dir is not None and not Path(example_dir).is_dir():
        raise RenderError(f"{example_dir}: no such example data folder")
    out_dir = Path(out_dir)
    cache_dir = out_dir / CACHE_DIR
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH is one message, not one failure per PDF
    with processes.exclusive_output(out_dir):
        # What `sugidx validate` refuses is never rendered, even a file no selected notebook
        # reads; nothing is written before (a pass is remembered in the cache folder, so it
        # is checked under the lock, which a refused run takes outside ``out_dir``).
        plan.check_inputs(data_dir, example_dir, None, cache_dir)
        return _render_reports(
            fiscal_years,
            notebooks_dir=notebooks_dir,
            notebooks=notebooks,
            data_dir=data_dir,
            example_dir=example_dir,
            out_dir=out_dir,
            formats=formats,
            jobs=jobs,
            force=force,
            parameters=parameters,
            progress=progress,
            stage=stage,
            started=started,
        )


def _render_reports(
    fiscal_years: list[int] | None,
    *,
    notebooks_dir: Path,
    notebooks: list[str] | None,
    data_dir: Path,
    example_dir: Path | None,
    out_dir: Path,
    formats: tuple[str, ...],
    jobs: int,
    force: bool,
    parameters: dict[str, object] | None,
    progress: Callable[[ReportResult, int, int], None] | None,
    stage: Callable[[int | None, str, str], None] | None,
    started: float,
) -> BatchResult:
    """:func:`render_reports` once its arguments and inputs are checked and the reports
    folder is this run's alone."""
    cache_dir = out_dir / CACHE_DIR
    profile = load_profile(data_dir)
    infos = [
        plan.notebook_info(p, cache_dir) for p in plan.discover_notebooks(notebooks_dir, notebooks)
    ]
    if fiscal_years is None:
        fiscal_years = plan.fiscal_years(data_dir, cache_dir)
    fiscal_years = sorted({int(y) for y in fiscal_years})
    extra = dict(parameters or {})
    tier = tiers.LABELS[tiers.folder_tier(data_dir)]
    fingerprint = plan.code_fingerprint()
    run_info = {
        "library_version": __version__,
        "git_commit": paths.git_commit(),
        "code_fingerprint": fingerprint,
        "data_dir": paths.display_path(data_dir),
        "data_tier": tier,
        "municipality": profile.name,
    }

    tasks: list[_Task] = []
    hashes: dict[Path, str] = {}
    for info in infos:
        data = plan.data_years(info, data_dir, cache_dir) if info.per_year else None
        for year in fiscal_years if info.per_year else [None]:
            params = plan.build_parameters(info, year, data_dir, extra, example_dir)
            inputs = {}
            files = plan.input_files(info, data_dir, params)
            report_tier = plan.report_tier(data_dir, files)
            if report_tier != tier:
                run_info["data_tier"] = report_tier  # the annual report's cover says so too
            for label, path in files.items():
                if path not in hashes:
                    hashes[path] = cache.file_sha256(path)
                inputs[label] = hashes[path]
            key = cache.cache_key(
                {
                    "notebook_sha256": info.sha256,
                    "parameters": params,
                    "inputs": inputs,
                    "tier": report_tier,
                    "municipality": profile.name,
                    "library_version": __version__,
                    "code": fingerprint,
                }
            )
            entry = {
                "notebook": paths.display_path(info.path),
                "notebook_sha256": info.sha256,
                "title": info.title,
                "parameters": params,
                "inputs": [{"file": f, "sha256": h} for f, h in inputs.items()],
                "cache_key": key,
            }
            tasks.append(
                _Task(
                    info.name,
                    info.title,
                    info.path,
                    year,
                    folder_for(out_dir, year),
                    params,
                    report_tier,
                    formats,
                    key,
                    entry,
                    None if data is None or data.supports(year) else data.describe(year),
                    profile.name,
                )
            )

    # Temporary files that a killed run left behind (this run's own writes are complete).
    for folder in {cache_dir, *(t.folder for t in tasks)}:
        cache.remove_temp_files(folder)
    manifests: dict[Path, dict] = {}
    for folder in {t.folder for t in tasks}:
        manifests[folder] = cache.read_manifest(folder)

    tier = run_info["data_tier"]
    results: dict[tuple[Path, str], ReportResult] = {}
    total = len(tasks) + len({t.folder for t in tasks if t.fiscal_year is not None})
    done = 0

    def record(result: ReportResult) -> None:
        nonlocal done
        results[(result.folder, result.name)] = result
        done += 1
        if progress:
            progress(result, done, total)

    stale: dict[Path, list[Path]] = {}

    def record_no_data(
        year: int | None, folder: Path, name: str, title: str, reason: str, entry: dict
    ) -> None:
        """Record a report not rendered for want of data; its old outputs are to go."""
        gone = [folder / f"{name}{suffix}" for suffix in OUTPUT_SUFFIXES]
        gone = [path for path in gone if path.exists()]
        stale.setdefault(folder, []).extend(gone)
        entry = {
            **entry,
            "status": NO_DATA,
            "cache_hit": False,
            "error": None,
            "reason": reason,
            "removed_outputs": [path.name for path in gone],
        }
        record(ReportResult(year, name, title, NO_DATA, False, folder, entry))

    pending: list[_Task] = []
    for task in tasks:
        if task.no_data is not None:
            entry = {k: v for k, v in task.entry.items() if k != "cache_key"}
            record_no_data(
                task.fiscal_year, task.folder, task.name, task.title, task.no_data, entry
            )
            continue
        old = manifests[task.folder]["reports"].get(task.name)
        if not force and cache.outputs_intact(task.folder, old, task.cache_key, list(formats)):
            entry = {**old, "cache_hit": True}
            record(
                ReportResult(
                    task.fiscal_year, task.name, task.title, "ok", True, task.folder, entry
                )
            )
        else:
            pending.append(task)

    years_left = {
        t.folder: {u.name for u in tasks if u.folder == t.folder}
        for t in tasks
        if t.fiscal_year is not None
    }

    def annual_ready(folder: Path) -> _Task | None:
        """The annual task of ``folder`` once all its themes are done, or a skip, hit or
        no-data result."""
        themes = [t for t in tasks if t.folder == folder]
        outcome = [results[(folder, t.name)] for t in themes]
        outcome = [r for r in outcome if r.status != NO_DATA]
        year = themes[0].fiscal_year
        if not outcome:
            reason = "no theme report of this fiscal year has data"
            record_no_data(year, folder, ANNUAL, ANNUAL_TITLE, reason, {"title": ANNUAL_TITLE})
            return None
        if any(r.status != "ok" for r in outcome):
            names = ", ".join(r.name for r in outcome if r.status != "ok")
            entry = {
                "status": "skipped",
                "cache_hit": False,
                "error": {
                    "message": f"not rebuilt because {names} failed; "
                    "the previous annual report is left in place"
                },
            }
            old = manifests[folder]["reports"].get(ANNUAL) or {}
            previous = old.get("outputs" if old.get("status") == "ok" else "previous_outputs")
            if previous:
                entry["previous_outputs"] = previous
            record(ReportResult(year, ANNUAL, ANNUAL_TITLE, "skipped", False, folder, entry))
            return None
        parts = {r.name: r.entry["outputs"]["html"]["sha256"] for r in outcome}
        key = cache.cache_key(
            {
                "themes": parts,
                "tier": tier,
                "municipality": profile.name,
                "code": fingerprint,
                "library_version": __version__,
            }
        )
        old = manifests[folder]["reports"].get(ANNUAL)
        if not force and cache.outputs_intact(folder, old, key, list(formats)):
            record(
                ReportResult(
                    year, ANNUAL, ANNUAL_TITLE, "ok", True, folder, {**old, "cache_hit": True}
                )
            )
            return None
        entry = {
            "title": ANNUAL_TITLE,
            "themes": [{"report": n, "html_sha256": h} for n, h in parts.items()],
            "cache_key": key,
        }
        return _Task(
            ANNUAL,
            ANNUAL_TITLE,
            Path(),
            year,
            folder,
            {},
            tier,
            formats,
            key,
            entry,
            municipality=profile.name,
        )

    def finish(task: _Task, outcome: dict) -> None:
        entry = {**task.entry, **outcome, "cache_hit": False}
        if outcome["status"] != "ok":
            old = manifests[task.folder]["reports"].get(task.name)
            previous = (old or {}).get(
                "outputs" if (old or {}).get("status") == "ok" else "previous_outputs"
            )
            if previous:
                entry["previous_outputs"] = previous
        record(
            ReportResult(
                task.fiscal_year,
                task.name,
                task.title,
                outcome["status"],
                False,
                task.folder,
                entry,
            )
        )

    # Annual reports whose themes were all cache hits can be decided now.
    work: list[_Task] = list(pending)
    for folder, names in years_left.items():
        if all((folder, n) in results for n in names):
            annual = annual_ready(folder)
            if annual:
                work.append(annual)

    interrupted: KeyboardInterrupt | None = None
    workers = max(1, min(jobs, len(work))) if work else 0
    if work:
        try:
            if workers == 1:
                queue = list(work)
                for task in queue:
                    task.submitted = time.time()
                # One zygote for this run's kernels, stopped after it (the next run forks
                # from the library's code as it is then).
                notebooks = any(t.name != ANNUAL for t in work)
                with zygote.running() if notebooks else contextlib.nullcontext():
                    while queue:
                        task = queue.pop(0)
                        finish(task, _run(task, _in_process_reporter(task, stage)))
                        for annual in _newly_ready(task, years_left, results, annual_ready):
                            annual.submitted = time.time()
                            queue.append(annual)
            else:
                _run_in_pool(
                    work,
                    workers,
                    finish,
                    lambda task: _newly_ready(task, years_left, results, annual_ready),
                    stage,
                )
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM under `sugidx render`
            interrupted = exc  # the workers and their kernels are stopped by now
            for folder, manifest in manifests.items():
                names = {t.name for t in tasks if t.folder == folder} | {ANNUAL}
                for name in names - {n for (where, n) in results if where == folder}:
                    old = manifest["reports"].get(name)
                    if old is not None and not _outputs_unchanged(folder, old):
                        manifest["reports"][name] = _interrupted_entry(old)

    # A signal now would leave some folders' manifests unwritten: it waits until they are.
    with processes.signals_deferred():
        generated = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        for folder, manifest in manifests.items():
            year = next(t.fiscal_year for t in tasks if t.folder == folder)
            manifest.update({"fiscal_year": year, **run_info, "generated_at": generated})
            for (where, name), result in results.items():
                if where == folder:
                    manifest["reports"][name] = result.entry
            cache.write_manifest(folder, manifest)
            # After the manifest, which no longer lists them: a run stopped in between leaves files
            # that no manifest lists, and the next run removes them.
            for path in stale.get(folder, []):
                path.unlink(missing_ok=True)

    if interrupted is not None:
        for folder in manifests:
            cache.remove_temp_files(folder)
        fresh = [r for r in results.values() if not r.cache_hit and r.status in ("ok", "failed")]
        signum = getattr(interrupted, "signum", signal.SIGINT)
        raise RenderInterrupted(signum, len(fresh), total - done) from None

    ordered: list[ReportResult] = []
    for folder in sorted({t.folder for t in tasks}):
        ordered.extend(results[(folder, t.name)] for t in tasks if t.folder == folder)
        if (folder, ANNUAL) in results:
            ordered.append(results[(folder, ANNUAL)])
    return BatchResult(ordered, time.perf_counter() - started, workers)


def _newly_ready(task, years_left, results, annual_ready) -> list[_Task]:
    """The annual task that ``task`` completing makes ready (at most one)."""
    if task.name == ANNUAL or task.folder not in years_left:
        return []
    if (task.folder, ANNUAL) in results:
        return []
    if all((task.folder, n) in results for n in years_left[task.folder]):
        annual = annual_ready(task.folder)
        return [annual] if annual else []
    return []


def _run_in_pool(
    work: list[_Task],
    workers: int,
    finish: Callable[[_Task, dict], None],
    ready: Callable[[_Task], list[_Task]],
    stage: Callable[[int | None, str, str], None] | None = None,
) -> None:
    """Run ``work`` in ``workers`` processes, calling ``finish(task, outcome)`` as each report
    completes and submitting the tasks ``ready(task)`` then returns. Workers send the steps
    they start through a queue, which a thread of this process passes on to ``stage``.

    On KeyboardInterrupt (Ctrl-C; SIGTERM under ``sugidx render``) no more is submitted, the
    workers and their kernels are stopped, the reports whose results had arrived are finished,
    and the interrupt is raised again."""
    context = processes.pool_context()
    # Made before the pool, so that every worker inherits it; only workers write to it.
    steps = (context or multiprocessing).Queue() if stage is not None else None
    pool = cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(), any(t.name != ANNUAL for t in work), steps),
    )
    running: dict[cf.Future, _Task] = {}
    relay: _StageRelay | None = None

    def submit(task: _Task) -> None:
        with processes.signals_deferred():  # the workers are forked here
            try:
                task.submitted = time.time()
                running[pool.submit(_run, task)] = task
            except cf.BrokenExecutor as exc:  # a worker died (killed, out of memory)
                finish(task, _worker_failure(exc))

    try:
        for task in work:
            submit(task)
        if steps is not None:  # after the workers are forked: they must not inherit a thread
            relay = _StageRelay(steps, stage)
        while running:
            finished, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker died (killed, out of memory)
                    outcome = _worker_failure(exc)
                finish(task, outcome)
                for annual in ready(task):
                    submit(annual)
    except KeyboardInterrupt:
        with processes.signals_deferred():  # a second Ctrl-C waits until the workers are gone
            processes.stop_workers(pool)
            if relay is not None:
                relay.stop(drain=False)
            for future, task in running.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    finish(task, future.result())
        raise
    except BaseException:
        processes.stop_workers(pool)
        if relay is not None:
            relay.stop(drain=False)
        raise
    pool.shutdown()  # the workers have exited: every step they sent is in the queue
    if relay is not None:
        relay.stop(drain=True)


class _StageRelay:
    """A thread of the parent that passes the workers' ``(fiscal_year, name, step)`` messages
    from ``steps`` on to ``stage``, until :meth:`stop`."""

    POLL_S = 0.1

    def __init__(self, steps, stage: Callable[[int | None, str, str], None]) -> None:
        self._steps = steps
        self._stage = stage
        self._done = threading.Event()
        self._drain = True
        self._thread = threading.Thread(target=self._pass_on, name="sugidx-stages", daemon=True)
        self._thread.start()

    def _pass_on(self) -> None:
        while True:
            try:
                message = self._steps.get(timeout=self.POLL_S)
            except queues.Empty:
                if self._done.is_set():
                    return
                continue
            except (EOFError, OSError, ValueError):  # the queue is gone
                return
            if self._done.is_set() and not self._drain:
                return
            self._stage(*message)  # never raises (_best_effort)

    def stop(self, drain: bool) -> None:
        """Stop the thread: after the messages already sent (``drain``), or at once (the workers
        were stopped: what they sent last no longer matters). A thread blocked on a message a
        killed worker left half-written is left behind (it is a daemon)."""
        self._drain = drain
        self._done.set()
        self._thread.join(timeout=5.0 if drain else 1.0)


def _worker_failure(exc: BaseException) -> dict:
    return failure_entry(
        f"worker failed: {type(exc).__name__}: {exc}", type(exc).__name__, str(exc)
    )


def _outputs_unchanged(folder: Path, entry: dict) -> bool:
    """Whether the outputs and previous outputs ``entry`` lists are on disk as recorded."""
    return cache.outputs_match(folder, entry) and cache.outputs_match(
        folder, {"outputs": entry.get("previous_outputs")}
    )


def _interrupted_entry(old: dict) -> dict:
    """The entry of a report whose worker was stopped after it had replaced some of the
    report's files: it lists no output, so the next run renders the report again."""
    kept = {k: v for k, v in old.items() if k not in ("outputs", "previous_outputs", "cache_key")}
    message = "interrupted while its files were being replaced; the next run renders it again"
    return {
        **kept,
        "status": "failed",
        "cache_hit": False,
        "error": {"message": message, "ename": "Interrupted", "evalue": ""},
    }


# In a worker: the queue its steps go to (:func:`_start_worker`), None when no one listens.
_STEPS = None


def _start_worker(parent_pid: int, notebooks: bool = True, steps=None) -> None:
    """Pool initializer: tie the worker to the parent (:func:`processes.init_worker`), start its
    :mod:`.zygote` when it will run notebooks (the kernels' imports, paid once per worker),
    then :func:`_warm_up`; the steps of its reports go to the queue ``steps``."""
    global _STEPS
    _STEPS = steps
    processes.init_worker(parent_pid)
    if notebooks:
        zygote.start()
    _warm_up()


def _warm_up() -> None:
    """Worker start: import the engines in the background while the first notebook runs in its
    kernel (a separate process), so that export and printing do not wait for imports."""

    def imports() -> None:
        import bs4  # noqa: F401
        import fontTools.subset  # noqa: F401
        import nbconvert  # noqa: F401
        import weasyprint  # noqa: F401

    threading.Thread(target=imports, daemon=True).start()


def _run(task: _Task, report: Callable[[str], None] | None = None) -> dict:
    """Render one report (in a worker, or in the parent with one job), telling ``report`` (by
    default the worker's queue) each step it starts: returns the manifest fields of the
    outcome, whose ``timings`` start with ``queue_s``, the time since the parent handed it on."""
    waited = round(max(0.0, time.time() - task.submitted), 3) if task.submitted else 0.0
    started = time.perf_counter()
    report = report or _queue_reporter(task)
    try:
        if task.name == ANNUAL:
            outcome = render_annual(task, report)
        else:
            outcome = _render_theme(task, report)
    except Exception as exc:  # anything unexpected is this report's failure, not the batch's
        outcome = failure_entry(f"{type(exc).__name__}: {exc}", type(exc).__name__, str(exc))
    timings = outcome.get("timings") or {"total_s": round(time.perf_counter() - started, 3)}
    return {**outcome, "timings": {"queue_s": waited, **timings}}


def _queue_reporter(task: _Task) -> Callable[[str], None]:
    """In a worker: send ``(fiscal_year, name, step)`` to the parent's queue (if it has one)."""
    steps = _STEPS
    if steps is None:
        return lambda step: None

    def report(step: str) -> None:
        with contextlib.suppress(ValueError, OSError):  # progress never fails a report
            steps.put((task.fiscal_year, task.name, step))

    return report


def _best_effort(
    stage: Callable[[int | None, str, str], None] | None,
) -> Callable[[int | None, str, str], None] | None:
    """``stage``, made harmless: the first exception it raises (a closed terminal, a broken
    display) turns it off for the rest of the run, silently; progress is never a failure."""
    if stage is None:
        return None
    broken = False

    def call(*message) -> None:
        nonlocal broken
        if broken:
            return
        try:
            stage(*message)
        except Exception:  # noqa: BLE001 (see above)
            broken = True

    return call


def _in_process_reporter(
    task: _Task, stage: Callable[[int | None, str, str], None] | None
) -> Callable[[str], None]:
    """With one job (no worker): pass the steps of ``task`` straight on to ``stage``."""
    if stage is None:
        return lambda step: None
    return lambda step: stage(task.fiscal_year, task.name, step)


def _render_theme(task: _Task, report: Callable[[str], None]) -> dict:
    """Execute, export and print one theme report, telling ``report`` each step it starts.
    ``timings``: ``kernel_start_s`` and ``execute_s`` as :func:`.execute.execute_notebook`
    measures them (when no cell ran, the whole call is ``kernel_start_s``), ``html_s``
    (reading the executed notebook and exporting), ``pdf_s``, ``total_s``."""
    import nbformat

    from .execute import execute_notebook
    from .html import ReportMeta, notebook_to_html
    from .pdf import html_to_pdf

    timings: dict[str, float] = {}
    folder = task.folder
    folder.mkdir(parents=True, exist_ok=True)
    staged: dict[str, tuple[Path, Path]] = {}
    started = time.perf_counter()
    executed = cache.temp_path(folder / f"{task.name}.ipynb")
    try:
        report("execute")
        ran: dict[str, float] = {}
        failure = execute_notebook(
            task.notebook, executed, task.parameters, cwd=task.notebook.parent, timings=ran
        )
        call = round(time.perf_counter() - started, 3)
        timings["kernel_start_s"] = ran.get("kernel_start_s", 0.0 if "execute_s" in ran else call)
        timings["execute_s"] = ran.get("execute_s", 0.0)
        if failure is not None:
            timings["total_s"] = call
            kept = folder / f"{task.name}.failed.ipynb"
            if executed.stat().st_size:
                os.replace(executed, kept)
            return {
                **failure_entry(
                    failure.describe(),
                    failure.ename,
                    failure.evalue,
                    cell_index=failure.cell_index,
                    execution_count=failure.execution_count,
                    cell_first_line=failure.first_line,
                    executed_notebook=kept.name if kept.exists() else None,
                ),
                "timings": timings,
                "rendered_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            }
        staged["ipynb"] = (executed, folder / f"{task.name}.ipynb")
        report("html")
        step = time.perf_counter()
        nb = nbformat.read(executed, as_version=4)
        meta = ReportMeta(task.name, task.title, task.fiscal_year, task.tier, task.municipality)
        page = notebook_to_html(nb, meta)
        staged["html"] = stage(folder / f"{task.name}.html", page)
        timings["html_s"] = round(time.perf_counter() - step, 3)
        if "pdf" in task.formats:
            report("pdf")
            step = time.perf_counter()
            staged["pdf"] = stage(folder / f"{task.name}.pdf", html_to_pdf(page, folder))
            timings["pdf_s"] = round(time.perf_counter() - step, 3)
        outputs = cache.commit(staged)
        (folder / f"{task.name}.failed.ipynb").unlink(missing_ok=True)
    finally:
        executed.unlink(missing_ok=True)
        for tmp, _ in staged.values():
            tmp.unlink(missing_ok=True)
    return success_entry(outputs, timings, started)
