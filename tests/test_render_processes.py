"""`sugidx render` stops cleanly: a killed run leaves no worker or kernel running, SIGTERM and
Ctrl-C stop the batch with one message and a consistent manifest, and temporary files of a
killed run are removed by the next one.

Each run is a real ``sugidx render --jobs 2`` in its own session, marked by an environment
variable that its workers and kernels inherit, so that every process of it can be found in
/proc whatever its parent has become.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from sugidx_analysis.hashing import file_sha256
from sugidx_analysis.render import batch, cache, plan

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = "01_fixture_report"
MARKER = "SUGIDX_TEST_RUN"
INTERRUPTED = re.compile(
    r"^sugidx render: interrupted; (\d+) report\(s\) finished are kept, "
    r"the rest were not rendered$"
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """The fixture data, and three notebooks made from the good fixture notebook with a
    ``pause`` parameter: 01 ignores it, 02 and 03 sleep that many seconds."""
    root = tmp_path_factory.mktemp("processes")
    shutil.copytree(FIXTURES / "data", root / "data")
    (root / "notebooks").mkdir()
    for stem, sleeps in (("01_quick", False), ("02_pause", True), ("03_pause", True)):
        nb = nbformat.read(FIXTURES / "notebooks" / f"{GOOD}.ipynb", as_version=4)
        index = next(
            i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])
        )
        nb.cells[index].source += "\npause = 0"
        wait = "import time\n\ntime.sleep(pause)" if sleeps else "assert pause >= 0"
        nb.cells.insert(index + 1, nbformat.v4.new_code_cell(wait))
        nbformat.write(nb, root / "notebooks" / f"{stem}.ipynb")
    return root


def _command(workspace: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sugidx_analysis.cli",
        "render",
        "--notebooks-dir",
        str(workspace / "notebooks"),
        "--data-dir",
        str(workspace / "data"),
        "--out",
        str(out),
        "--fiscal-year",
        "2022",
        "--formats",
        "html",
        "--jobs",
        "2",
        *extra,
    ]


def _start(workspace: Path, out: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """``sugidx render`` in a new session (as a terminal's foreground job), marked."""
    mark = uuid.uuid4().hex
    env = {**os.environ, MARKER: mark, "CI": "true"}
    process = subprocess.Popen(
        _command(workspace, out, *extra),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    return process, mark


def _marked(mark: str) -> dict[int, str]:
    """Live (not zombie) processes whose environment carries ``mark``: pid -> command line."""
    found = {}
    needle = f"{MARKER}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            found[int(entry.name)] = command
    return found


def _kernels(mark: str) -> list[int]:
    """The run's kernels: started as ``ipykernel_launcher``, or forked by a worker's zygote
    (render/zygote.py; they keep the zygote's command line)."""
    marked = _marked(mark)
    forked = {pid for pid, command in marked.items() if "render.zygote" in command}
    return [
        pid
        for pid, command in marked.items()
        if "ipykernel" in command or (pid in forked and _parent(pid) in forked)
    ]


def _parent(pid: int) -> int | None:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def _assert_all_gone(mark: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while (alive := _marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive, f"still running {timeout} s after the stop: {alive}"


def _assert_consistent(folder: Path) -> dict:
    """The manifest parses, every output it lists is there with its hash, no temporary file."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["reports"].items():
        for record in (entry.get("outputs") or {}).values():
            path = folder / record["file"]
            assert path.is_file(), f"{name}: {path.name} is listed but missing"
            assert file_sha256(path) == record["sha256"], f"{name}: {path.name} changed"
    for where in (folder, folder.parent / batch.CACHE_DIR):
        assert [p.name for p in where.iterdir() if cache.TEMP_NAME.fullmatch(p.name)] == []
    return manifest


def test_a_killed_run_leaves_no_worker_or_kernel_and_the_next_run_completes(workspace, tmp_path):
    out = tmp_path / "reports"
    process, mark = _start(workspace, out, "--notebooks", "02", "03", "-p", "pause=120")
    try:
        _wait_for(lambda: len(_kernels(mark)) >= 2, 60, "two kernels")
        ours = _marked(mark)
        assert len(ours) >= 5  # the command, two workers, two kernels
        process.kill()  # SIGKILL: no handler runs in the command
        process.wait(timeout=10)
        _assert_all_gone(mark)
        process.communicate(timeout=10)  # the pipes close once no process of the run holds them
    finally:
        for pid in _marked(mark):  # only if the test failed: leave nothing behind
            os.kill(pid, signal.SIGKILL)

    done = subprocess.run(
        _command(workspace, out, "--notebooks", "02", "03"),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CI": "true"},
    )
    assert done.returncode == 0, done.stderr
    folder = out / "FY2022"
    manifest = _assert_consistent(folder)
    assert {n: e["status"] for n, e in manifest["reports"].items()} == {
        "02_pause": "ok",
        "03_pause": "ok",
        "annual_report": "ok",
    }
    for name in ("02_pause", "03_pause"):
        assert "オンライン化率は <strong>39.0%</strong>" in (folder / f"{name}.html").read_text(
            encoding="utf-8"
        )
        nbformat.validate(nbformat.read(folder / f"{name}.ipynb", as_version=4))


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "Ctrl-C"]
)
def test_a_signal_stops_the_batch_cleanly(workspace, tmp_path, signum, code):
    """01 finishes, 02 is still running when the signal comes. Ctrl-C is sent as a terminal
    sends it: to the whole process group, workers included."""
    out = tmp_path / "reports"
    folder = out / "FY2022"
    process, mark = _start(workspace, out, "--notebooks", "01", "02", "-p", "pause=120")
    try:
        _wait_for(lambda: (folder / "01_quick.html").exists(), 60, "01's report")
        time.sleep(2)  # its result reaches the command
        assert _kernels(mark), "02's kernel should still run"
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        process.wait(timeout=30)
        _assert_all_gone(mark)
        stdout, stderr = process.communicate(timeout=10)
    finally:
        for pid in _marked(mark):
            os.kill(pid, signal.SIGKILL)

    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    finished = int(INTERRUPTED.match(lines[0]).group(1))
    manifest = _assert_consistent(folder)
    assert manifest["reports"]["01_quick"]["status"] == "ok"
    assert "02_pause" not in manifest["reports"]  # not finished: no entry, as before the run
    assert finished == sum(e["status"] == "ok" for e in manifest["reports"].values()) == 1
    assert not (folder / "02_pause.html").exists()


def test_a_run_removes_the_temporary_files_a_killed_run_left(workspace, tmp_path, monkeypatch):
    from sugidx_analysis.render import execute

    def fake_execute(source, output, parameters, cwd, timings=None):  # no kernel: files only
        nb = nbformat.read(source, as_version=4)
        nb.cells = [c for c in nb.cells if c.cell_type == "markdown"]
        nbformat.write(nb, output)

    monkeypatch.setattr(execute, "execute_notebook", fake_execute)
    # Other work in the checkout would change the code fingerprint between the runs.
    monkeypatch.setattr(plan, "code_fingerprint", lambda: "fixed-for-tests")
    out = tmp_path / "reports"
    folder, store = out / "FY2022", out / batch.CACHE_DIR
    folder.mkdir(parents=True)
    store.mkdir()
    stale = [
        cache.temp_path(folder / "01_quick.ipynb"),  # what a killed worker leaves: 0 bytes
        cache.temp_path(folder / "01_quick.html"),
        cache.temp_path(folder / "manifest.json"),
        folder / ".online_summary.csv.k3_9xq2a.tmp",  # datasets.files.write_atomic's names
        cache.temp_path(store / "facts.json"),
    ]
    kept = [
        folder / "notes.tmp.html",  # not a hidden temporary name
        folder / ".keep.tmp",
        folder / "sub" / cache.temp_path(folder / "sub" / "x.html").name,  # not our folder
        out / cache.temp_path(out / "x.html").name,  # nothing of a run is written there
    ]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine", encoding="utf-8")
    stale[3].touch()

    def render(force=False):
        return batch.render_reports(
            [2022],
            notebooks_dir=workspace / "notebooks",
            notebooks=["01"],
            data_dir=workspace / "data",
            out_dir=out,
            formats=("html",),
            jobs=1,
            force=force,
        )

    assert render().ok
    assert [p for p in stale if p.exists()] == []
    assert all(p.read_text(encoding="utf-8") == "mine" for p in kept)

    # Also when everything is a cache hit, and with --force.
    stale[0].touch()
    assert [r.cache_hit for r in render().reports] == [True, True]
    assert not stale[0].exists()
    stale[1].touch()
    assert render(force=True).ok and not stale[1].exists()
    _assert_consistent(folder)


def test_a_second_run_into_the_same_reports_folder_is_refused(workspace, tmp_path):
    """Its start would remove the first run's temporary files as stale (seen: a report failed
    with its executed notebook gone); it is refused, and the folder is left as it was."""
    from sugidx_analysis.errors import RenderError
    from sugidx_analysis.render import processes

    out = tmp_path / "reports"
    (out / "FY2022").mkdir(parents=True)
    working = cache.temp_path(out / "FY2022" / "01_quick.ipynb")  # the first run's, in use
    with processes.exclusive_output(out):  # the first run
        with pytest.raises(RenderError, match="another sugidx render is writing to"):
            batch.render_reports(
                [2022],
                notebooks_dir=workspace / "notebooks",
                notebooks=["01"],
                data_dir=workspace / "data",
                out_dir=out,
                jobs=1,
            )
        assert working.exists()
    with processes.exclusive_output(out):  # released when the first run ends
        pass
