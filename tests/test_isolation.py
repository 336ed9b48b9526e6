"""Kernels forked from a worker's zygote (render/zygote.py) are as isolated as fresh ones: a
notebook that changes global state (matplotlib rcParams, a pandas option, a module attribute)
does not leak into the next notebook run in the same worker, and a notebook's executed output
is byte-identical to a fresh kernel's."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

from sugidx_analysis.render import zygote
from sugidx_analysis.render.execute import execute_notebook

STATE = (
    "import matplotlib as mpl\n"
    "import pandas as pd\n"
    "import sugidx_analysis.fmt as fmt\n"
    "print(label, mpl.rcParams['lines.linewidth'], pd.get_option('display.max_rows'),\n"
    "      getattr(fmt, 'leaked', 'clean'), sorted(k for k in globals() if not k.startswith('_')))"
)
FIGURE = "import matplotlib.pyplot as plt\n\nplt.figure(figsize=(2, 1))\nplt.plot([1, 2])"
MUTATE = (
    "if mutate:\n"
    "    mpl.rcParams['lines.linewidth'] = 9.0\n"
    "    pd.set_option('display.max_rows', 3)\n"
    "    fmt.leaked = 'leaked'\n"
    "    secret = 42"
)


@pytest.fixture(scope="module")
def notebook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("isolation") / "state.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    parameters = nbformat.v4.new_code_cell('label = "default"\nmutate = False')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        parameters,
        nbformat.v4.new_code_cell(STATE),
        nbformat.v4.new_code_cell(FIGURE),
        nbformat.v4.new_code_cell(MUTATE),
    ]
    nbformat.write(nb, path)
    return path


def _run(notebook: Path, out: Path, **parameters) -> tuple[str, bytes]:
    """The printed state line and the executed notebook's bytes."""
    timings: dict[str, float] = {}
    failure = execute_notebook(notebook, out, parameters, notebook.parent, timings)
    assert failure is None, failure
    assert timings["execute_s"] >= 0 and timings["kernel_start_s"] >= 0
    nb = nbformat.read(out, as_version=4)
    # the inline backend shows the figure, as in a fresh kernel
    assert any("image/png" in o.get("data", {}) for o in nb.cells[3].outputs), nb.cells[3]
    return nb.cells[2].outputs[0]["text"], out.read_bytes()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "zombie" not in status


def test_state_does_not_leak_between_notebooks_of_one_worker(notebook, tmp_path):
    with zygote.running() as server:
        first, _ = _run(notebook, tmp_path / "1.ipynb", label="first", mutate=True)
        second, forked = _run(notebook, tmp_path / "2.ipynb", label="second", mutate=False)
        assert _alive(server.pid)
    assert first.startswith("first 1.5 60 clean")  # matplotlib's, pandas' defaults
    # The first notebook changed all three and defined a name: none of it reaches the second.
    assert second.startswith("second 1.5 60 clean")
    assert "secret" not in second
    fresh_text, fresh = _run(notebook, tmp_path / "3.ipynb", label="second", mutate=False)
    assert fresh_text == second
    assert forked == fresh  # byte for byte, as a fresh kernel writes it


def test_kernels_come_from_the_zygote_and_it_stops_with_the_run(notebook, tmp_path, monkeypatch):
    forks: list[int] = []
    real = zygote.Zygote.spawn

    def counted(self, *args):
        pid = real(self, *args)
        forks.append(pid)
        return pid

    monkeypatch.setattr(zygote.Zygote, "spawn", counted)
    zygote_pid = []
    with zygote.running() as server:
        zygote_pid.append(server.pid)
        _run(notebook, tmp_path / "1.ipynb", label="a")
        _run(notebook, tmp_path / "2.ipynb", label="b")
    assert len(forks) == 2 and all(isinstance(p, int) for p in forks)
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in [*forks, zygote_pid[0]]) and time.monotonic() < deadline:
        time.sleep(0.1)
    # the forked kernels were shut down with their notebooks, the zygote with the run
    assert not any(_alive(p) for p in [*forks, zygote_pid[0]])


def test_a_forked_kernel_takes_sigterm_though_its_worker_blocks_it(tmp_path):
    """A pool worker blocks SIGTERM (render/processes.py); its zygote and the zygote's children
    inherit the mask, and a kernel must still stop on SIGTERM as a fresh one does."""
    import signal

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import signal\nprint(signal.SIGTERM in signal.pthread_sigmask(signal.SIG_BLOCK, []))"
        )
    ]
    source = tmp_path / "mask.ipynb"
    nbformat.write(nb, source)
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        with zygote.running():
            assert execute_notebook(source, tmp_path / "out.ipynb", {}, tmp_path) is None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert out.cells[0].outputs[0]["text"] == "False\n"


def test_only_this_interpreters_ipykernel_is_forked():
    import sys

    assert zygote.kernel_arguments(
        [sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]
    ) == [
        "-f",
        "c.json",
    ]
    assert zygote.kernel_arguments(["/usr/bin/python2", "-m", "ipykernel_launcher"]) is None
    assert zygote.kernel_arguments([sys.executable, "-m", "other_kernel"]) is None
