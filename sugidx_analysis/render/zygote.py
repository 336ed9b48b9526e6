"""Kernels forked from a process that has already imported the heavy libraries.

A fresh kernel spends ≈ 3–4 s of CPU importing pandas, matplotlib, seaborn, statsmodels and the
library before a notebook's first cell runs; with six themes × four years that is most of a
cold render on two cores. Each worker (and a render run in-process) therefore starts one
*zygote*: a plain Python process that imports those modules once and then, on request, forks a
child that becomes an ipykernel with the connection file Jupyter gave it. The child starts from
the zygote's state — modules imported, nothing executed in any namespace — so every notebook
still runs in its own clean process, and a notebook's changes to global state (rcParams, pandas
options, module attributes) die with it. Papermill and nbclient drive the kernel as usual
(:class:`~sugidx_analysis.render.kernels.ReportKernelManager` asks the zygote instead of
starting ``python -m ipykernel_launcher``).

The zygote dies with the process that started it (``PR_SET_PDEATHSIG``), and each kernel with
the zygote. A zygote that cannot start or answer is not an error: kernels are then started the
usual way.

The zygote runs :func:`serve`.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator

# Imported before any fork (what every theme notebook imports; the backend first, as the
# kernel would set it).
PRELOAD = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib_inline.backend_inline",
    "matplotlib.pyplot",
    "seaborn",
    "scipy.stats",
    "statsmodels.api",
    "IPython",
    "ipykernel.kernelapp",
    "sugidx_analysis.catalogue",
    "sugidx_analysis.report.display",
    "sugidx_analysis.report.figures",
    "sugidx_analysis.report.provenance",
    "sugidx_analysis.themes.online.present",
    "sugidx_analysis.themes.rpa.present",
    "sugidx_analysis.themes.survey.present",
    "sugidx_analysis.themes.standardization.present",
    "sugidx_analysis.themes.cashless.present",
    "sugidx_analysis.themes.overview.present",
)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
LAUNCHER = "ipykernel_launcher"


def kernel_arguments(kernel_cmd: list[str]) -> list[str] | None:
    """The arguments after ``-m ipykernel_launcher`` of a kernel command run by this very
    interpreter, or None for any other kernel (started the usual way)."""
    if not kernel_cmd or not _same_file(kernel_cmd[0], sys.executable):
        return None  # a kernelspec naming another interpreter runs there, as before
    for i in range(len(kernel_cmd) - 1):
        if kernel_cmd[i] == "-m" and kernel_cmd[i + 1] == LAUNCHER:
            return list(kernel_cmd[i + 2 :])
    return None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class Zygote:
    """The worker's side: the zygote process and the one request it serves — fork a kernel."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.owner = os.getpid()
        self._process = subprocess.Popen(
            # -c, not -m: the package is imported first either way, and -m would run a
            # second copy of this module (with a warning on the terminal)
            [sys.executable, "-c", f"from {__name__} import serve; serve({os.getpid()})"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            # the zygote must not read the terminal's Ctrl-C: the command decides
            start_new_session=True,
        )
        self._ready = False

    @property
    def pid(self) -> int:
        return self._process.pid

    def spawn(self, arguments: list[str], env: dict[str, str], cwd: str) -> int | None:
        """The process id of a new kernel forked with ``arguments`` (ipykernel's), ``env`` and
        ``cwd``; None when the zygote cannot serve (the caller starts a kernel itself)."""
        with self._lock:
            try:
                if not self._ready:
                    self._ready = self._process.stdout.readline().strip() == "ready"
                    if not self._ready:
                        return None
                request = {"arguments": arguments, "env": env, "cwd": cwd}
                self._process.stdin.write(json.dumps(request) + "\n")
                self._process.stdin.flush()
                answer = json.loads(self._process.stdout.readline() or "null")
            except (OSError, ValueError):
                return None
            return answer.get("pid") if isinstance(answer, dict) else None

    def close(self) -> None:
        """Stop the zygote (its kernels are their own sessions; nbclient stops them)."""
        with contextlib.suppress(OSError):
            self._process.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self._process.wait(timeout=5)
        for stream in (self._process.stdin, self._process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


_CURRENT: Zygote | None = None


def current() -> Zygote | None:
    """This process's zygote, if :func:`start` made one (a forked worker does not share its
    parent's: the answers on one pipe would cross)."""
    return _CURRENT if _CURRENT is not None and _CURRENT.owner == os.getpid() else None


def start() -> Zygote:
    """Start this process's zygote (from the main thread: a child set to die with its parent
    dies with the parent *thread*) and return it; it imports while the caller goes on."""
    global _CURRENT
    if current() is None:
        _CURRENT = Zygote()
    return _CURRENT


def stop() -> None:
    global _CURRENT
    if current() is not None:
        _CURRENT.close()
    _CURRENT = None


@contextlib.contextmanager
def running() -> Iterator[Zygote]:
    """A zygote for the block (a render in this process): stopped after it, so the next run
    imports the library's code as it is then."""
    if current() is not None:  # a render inside another's block uses its zygote
        yield current()
        return
    zygote = start()
    try:
        yield zygote
    finally:
        stop()


class ForkedKernel:
    """What jupyter_client's local provisioner needs of a ``Popen``, for a kernel forked by the
    zygote (not this process's child: it is polled by its process id)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # its exit status went to the zygote
            except PermissionError:  # the id was reused by another user's process
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


# --- the zygote process -----------------------------------------------------------------------


def serve(parent_pid: int) -> None:
    """The zygote process's life: import, then fork a kernel per request on stdin."""
    from . import processes

    if not processes.die_with_parent(parent_pid):
        return
    os.environ["MPLBACKEND"] = INLINE_BACKEND  # as the kernel sets it, before matplotlib
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (the notebook importing it reports the error, in its cell)
            continue
    # Forked kernels are reaped by the system; a request is served one at a time.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    print("ready", flush=True)
    me = os.getpid()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request, me)  # never returns
        print(json.dumps({"pid": pid}), flush=True)


def _become_kernel(request: dict, zygote_pid: int) -> None:
    """In the forked child: a session of its own, dying with the zygote, the kernel's
    environment and folder, then ipykernel's own start-up with the given arguments."""
    from . import processes

    code = 1
    try:
        os.setsid()
        processes.as_kernel_of(zygote_pid, processes.prctl())
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel waits for its subprocesses
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as Python starts
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)  # the zygote's answers go through fd 1
        os.close(null)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["MPLBACKEND"] = INLINE_BACKEND
        os.chdir(request["cwd"])
        sys.argv = [LAUNCHER, *request["arguments"]]
        sys.stdin = open(os.devnull)  # noqa: SIM115 (the kernel's stdin, for its lifetime)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()  # IPKernelApp.launch_instance, with one step between
        app.initialize(request["arguments"])
        # The inline backend hooks into IPython when it is imported with a shell running; here
        # it was imported before there was one, so hook it now (or figures are never shown).
        from matplotlib_inline.backend_inline import _enable_matplotlib_integration

        _enable_matplotlib_integration()
        app.start()
        code = 0
    finally:
        os._exit(code)
