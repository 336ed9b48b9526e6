"""`sugidx render`: per-step timings in the manifest, `--profile`, and progress on a terminal.

Real kernels render the small fixture notebook (with one job and with two); a stand-in for
``execute_notebook`` that fills the timings it is given keeps the rest fast.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from sugidx_analysis import cli
from sugidx_analysis.render import batch, execute, plan

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = "01_fixture_report"
ANNUAL = "annual_report"
THEME_KEYS = {"queue_s", "kernel_start_s", "execute_s", "html_s", "pdf_s", "total_s"}
ANNUAL_KEYS = {"queue_s", "html_s", "pdf_s", "total_s"}


@pytest.fixture(scope="module", autouse=True)
def stable_code_fingerprint():
    """Other work in the checkout would change the code fingerprint between runs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan, "code_fingerprint", lambda: "fixed-for-tests")
        yield


@pytest.fixture(autouse=True)
def progress_decided_by_the_test(monkeypatch):
    """Each test says whether progress shows; the environment running the tests does not."""
    monkeypatch.delenv(cli.PROGRESS_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("timings")
    shutil.copytree(FIXTURES / "data", root / "data")
    (root / "notebooks").mkdir()
    shutil.copy(FIXTURES / "notebooks" / f"{GOOD}.ipynb", root / "notebooks")
    return root


def _args(workspace: Path, out: Path, *extra: str) -> list[str]:
    return [
        "render",
        "--notebooks-dir",
        str(workspace / "notebooks"),
        "--data-dir",
        str(workspace / "data"),
        "--out",
        str(out),
        *extra,
    ]


def _assert_timings(entry: dict, keys: set[str]) -> None:
    timings = entry["timings"]
    assert set(timings) == keys, timings
    assert all(isinstance(v, float | int) and v >= 0 for v in timings.values()), timings
    assert timings["total_s"] >= timings.get("execute_s", 0)
    parts = timings.get("kernel_start_s", 0) + timings.get("execute_s", 0)
    # Each time is rounded to the millisecond: the sum of three may pass the total by 1.5 ms.
    assert timings["total_s"] >= parts + timings["html_s"] + timings["pdf_s"] - 0.002


@pytest.fixture(scope="module")
def pool_run(workspace) -> dict:
    """Two fiscal years rendered by two workers with real kernels, with `--profile` and the
    progress display forced on (standard error is not a terminal under pytest)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cli.PROGRESS_ENV, "1")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(
                _args(
                    workspace,
                    workspace / "reports",
                    "--fiscal-year",
                    "2022",
                    "--fiscal-year",
                    "2023",
                    "--jobs",
                    "2",
                    "--profile",
                )
            )
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


def test_manifest_records_every_step_of_every_report(pool_run, workspace):
    assert pool_run["code"] == 0, pool_run["err"]
    for year in (2022, 2023):
        folder = workspace / "reports" / f"FY{year}"
        reports = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["reports"]
        _assert_timings(reports[GOOD], THEME_KEYS)
        assert reports[GOOD]["timings"]["execute_s"] > 0  # measured from the cells' own times
        _assert_timings(reports[ANNUAL], ANNUAL_KEYS)
        # Times are the manifest's alone: the executed notebook and the pages carry none.
        nb = nbformat.read(folder / f"{GOOD}.ipynb", as_version=4)
        for cell in nb.cells:
            times = cell.metadata.get("papermill", {})
            assert not {"start_time", "end_time", "duration"} & set(times), times
        for name in (GOOD, ANNUAL):
            page = (folder / f"{name}.html").read_text(encoding="utf-8")
            assert "kernel_start" not in page and "queue_s" not in page


def test_profile_prints_each_step_wall_time_and_utilisation(pool_run):
    out = pool_run["out"]
    table, _, profile = out.partition("\n\nstep ")
    assert "01_fixture_report  rendered" in table  # the summary table comes first, as before
    lines = ("step " + profile).splitlines()
    assert lines[0].split() == ["step", "reports", "sum", "s", "mean", "s", "max", "s", "slowest"]
    rows = {line.split()[0]: line.split() for line in lines[2:] if line.strip()}
    for step, count in [("queue", 4), ("kernel_start", 2), ("execute", 2), ("html", 4)]:
        assert rows[step][1] == str(count)
    assert rows["pdf"][1] == rows["total"][1] == "4"
    assert rows["execute"][-2] in ("FY2022", "FY2023") and rows["execute"][-1] == GOOD
    wall = lines[-1]
    assert wall.startswith("wall ") and "over 2 worker(s): utilisation " in wall
    assert 0 < int(wall.rsplit(" ", 1)[1].rstrip("%")) <= 100


def test_progress_shows_the_bar_and_each_reports_steps(pool_run):
    err = pool_run["err"]
    assert "sugidx render: planning…" in err
    assert "reports: 100%" in err and "4/4" in err
    for year in (2022, 2023):
        steps = [err.index(f"FY{year} {GOOD}: {step}…") for step in batch.STAGES]
        assert steps == sorted(steps)
        assert f"FY{year} {ANNUAL}: pdf…" in err
        assert f"FY{year} {GOOD}: rendered (" in err


def _stage_events(workspace: Path, out: Path, jobs: int, **kwargs) -> tuple[list, object]:
    """Render FY2022 with a ``stage`` callback: the steps it was told, and the result."""
    events: list[tuple[int | None, str, str]] = []
    result = batch.render_reports(
        [2022],
        **{"notebooks_dir": workspace / "notebooks", **kwargs},
        data_dir=workspace / "data",
        out_dir=out,
        jobs=jobs,
        stage=lambda year, name, step: events.append((year, name, step)),
    )
    return events, result


def test_one_job_reports_steps_in_order_and_records_them(workspace, tmp_path):
    events, result = _stage_events(workspace, tmp_path / "reports", jobs=1)
    assert result.ok and result.workers == 1
    assert events == [
        (2022, GOOD, "execute"),
        (2022, GOOD, "html"),
        (2022, GOOD, "pdf"),
        (2022, ANNUAL, "html"),
        (2022, ANNUAL, "pdf"),
    ]
    theme, annual = result.reports
    _assert_timings(theme.entry, THEME_KEYS)
    _assert_timings(annual.entry, ANNUAL_KEYS)


@pytest.fixture
def stand_in_execute(monkeypatch):
    """``execute_notebook`` without a kernel: it fills the timings it is given with fixed
    values, which the manifest must carry unchanged."""

    def fake_execute(source, output, parameters, cwd, timings=None):
        nb = nbformat.read(source, as_version=4)
        nb.cells = [c for c in nb.cells if c.cell_type == "markdown"]
        nbformat.write(nb, output)
        if timings is not None:
            timings.update({"kernel_start_s": 0.25, "execute_s": 0.5})

    monkeypatch.setattr(execute, "execute_notebook", fake_execute)


@pytest.mark.usefixtures("stand_in_execute")
def test_workers_send_their_steps_to_the_parent_in_order(workspace, tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for stem in ("01_first", "02_second"):
        shutil.copy(workspace / "notebooks" / f"{GOOD}.ipynb", notebooks / f"{stem}.ipynb")
    events, result = _stage_events(
        workspace, tmp_path / "reports", jobs=2, notebooks_dir=notebooks, formats=("html",)
    )
    assert result.ok and result.workers == 2
    for name in ("01_first", "02_second"):
        assert [step for _, n, step in events if n == name] == ["execute", "html"]
        entry = next(r for r in result.reports if r.name == name).entry
        assert entry["timings"]["kernel_start_s"] == 0.25
        assert entry["timings"]["execute_s"] == 0.5
        assert set(entry["timings"]) == THEME_KEYS - {"pdf_s"}  # no PDF wanted
    assert [step for _, n, step in events if n == ANNUAL] == ["html"]
    # A library caller that passes no callback gets nothing printed.
    capsys.readouterr()
    again = batch.render_reports(
        [2022],
        notebooks_dir=notebooks,
        data_dir=workspace / "data",
        out_dir=tmp_path / "reports",
        formats=("html",),
        jobs=2,
        force=True,
    )
    assert again.ok
    assert capsys.readouterr() == ("", "")


class _Terminal:
    """A standard error that says it is a terminal."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "terminal", "shown"),
    [
        ({}, True, True),
        ({"CI": "true"}, True, False),
        ({}, False, False),
        ({cli.PROGRESS_ENV: "1"}, False, True),
        ({cli.PROGRESS_ENV: "0"}, True, False),
        ({cli.PROGRESS_ENV: "1", "CI": "true"}, False, True),
    ],
)
def test_progress_shows_on_a_terminal_outside_ci_unless_forced(monkeypatch, env, terminal, shown):
    import io
    import sys

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stderr", _Terminal() if terminal else io.StringIO())
    assert cli._show_progress() is shown


def test_under_ci_nothing_but_the_summary_is_printed(pool_run, workspace, monkeypatch, capsys):
    """A run of cache hits prints progress lines on a terminal, and none under CI=true."""
    import sys

    args = _args(workspace, workspace / "reports", "--fiscal-year", "2022", "--jobs", "2")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(args) == 0
    assert f"[1/2] FY2022 {GOOD}: cached" in terminal.text
    assert "reports: 100%" in terminal.text

    monkeypatch.setenv("CI", "true")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main([*args, "--profile"]) == 0
    assert terminal.text == ""
    out = capsys.readouterr().out
    assert "cached" in out
    assert "profile: no report was rendered in this run" in out  # cache hits are not timed


def test_profile_summary_sums_steps_over_rendered_reports():
    def report(name, cached, **timings):
        entry = {"status": "ok", "timings": timings}
        return batch.ReportResult(2023, name, name, "ok", cached, Path(), entry)

    result = batch.BatchResult(
        [
            report("01_a", False, queue_s=0.0, execute_s=4.0, html_s=1.0, total_s=6.0),
            report("02_b", False, queue_s=3.0, execute_s=2.0, html_s=2.0, total_s=5.0),
            report("03_c", True, queue_s=9.0, execute_s=9.0, html_s=9.0, total_s=99.0),
        ],
        seconds=11.0,
        workers=2,
    )
    text = cli.profile_summary(result)
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()[2:] if line.strip()}
    assert rows["execute"] == ["2", "6.0", "3.00", "4.0", "FY2023", "01_a"]
    assert rows["queue"] == ["2", "3.0", "1.50", "3.0", "FY2023", "02_b"]
    assert rows["total"] == ["2", "11.0", "5.50", "6.0", "FY2023", "01_a"]
    assert "kernel_start" not in rows and "pdf" not in rows  # steps no report has
    assert text.splitlines()[-1] == (
        "wall 11.0 s; worker time 11.0 s over 2 worker(s): utilisation 50%"
    )


def test_a_failing_progress_display_fails_nothing():
    """A display that raises (stderr closed, `| head`) is switched off, silently."""
    from sugidx_analysis.render.batch import _best_effort

    calls = []

    def display(*message):
        calls.append(message)
        raise BrokenPipeError

    safe = _best_effort(display)
    safe(2023, "01", "execute")
    safe(2023, "01", "html")
    assert calls == [(2023, "01", "execute")]
    assert _best_effort(None) is None
