"""Keep the renderer's processes tied to the command that started them.

- Pool workers die with their parent: Linux ``PR_SET_PDEATHSIG`` (elsewhere a thread polls for
  the parent), so a ``sugidx render`` killed with SIGKILL leaves no worker rendering on.
- Kernels die with their worker (:mod:`.kernels`). jupyter_client starts each kernel in a new
  session with ``JPY_PARENT_PID`` set, and ipykernel's parent poller ends a kernel whose parent
  is gone within about a second — but not when the parent dies while the kernel is starting
  and a subreaper, not PID 1, adopts it: then the kernel runs on forever.
- Ctrl-C in a terminal signals the whole foreground process group, workers included: workers
  ignore SIGINT, so the parent alone decides to stop. ``sugidx render`` turns SIGTERM into the
  same :class:`Interrupted` as Ctrl-C (:func:`stop_on_signals`); the batch then stops its workers
  (:func:`stop_workers`), and a stopped worker kills its kernel before it exits.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})
# How long stopped workers get to kill their kernels and exit before they are killed.
STOP_GRACE_S = 3.0

# The kernels a worker has started (jupyter_client kernel managers), to kill when it is stopped.
KERNELS: weakref.WeakSet = weakref.WeakSet()


class Interrupted(KeyboardInterrupt):
    """A stop asked for by SIGINT (Ctrl-C) or SIGTERM: ``exit_code`` is 128 + the signal, the
    shell's code for a process that signal ended."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = int(signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@functools.cache
def prctl() -> Callable[..., int] | None:
    """libc's ``prctl`` on Linux, else None. Resolved before a fork, so that a child calls it
    without loading anything."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    function.restype = ctypes.c_int
    function.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return function


def die_with_parent(parent_pid: int, signum: int = signal.SIGKILL) -> bool:
    """Have Linux send ``signum`` to this process when its parent dies; exit at once when the
    parent (``parent_pid``) died before that was set. False where it cannot be set."""
    call = prctl()
    if call is None or call(PR_SET_PDEATHSIG, signum, 0, 0) != 0:
        return False
    if os.getppid() != parent_pid:  # the parent died before the request: nothing would come
        os._exit(128 + signum)
    return True


def as_kernel_of(parent_pid: int, call: Callable[..., int] | None) -> None:
    """In a kernel's process, just after its fork (before exec, or before ipykernel starts in a
    zygote's child): SIGKILL when the parent dies, exit if it already has (``call``: libc's
    prctl, resolved before the fork); SIGINT and SIGTERM as a kernel expects them (a worker
    ignores SIGINT and blocks SIGTERM, and both would be inherited)."""
    if call is not None:
        call(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0)
        if os.getppid() != parent_pid:
            os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def pool_context() -> multiprocessing.context.BaseContext | None:
    """The start method of the worker pool: "fork" on Linux (each worker is then a child of
    the command, which :func:`init_worker` checks); the platform's default elsewhere."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def init_worker(parent_pid: int) -> None:
    """Pool initializer: ignore Ctrl-C, kill the kernels and exit on SIGTERM, die with the
    parent.

    The parent forks workers with SIGINT and SIGTERM blocked (:func:`signals_deferred`). SIGTERM
    stays blocked in every thread of the worker and one thread waits for it
    (``signal.sigwait``): it stops the worker at once, whatever the main thread is doing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    threading.Thread(target=_wait_for_stop, name="sugidx-stop", daemon=True).start()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if not die_with_parent(parent_pid):
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _wait_for_stop() -> None:
    _stop_worker(signal.sigwait({signal.SIGTERM}))


def _watch_parent(parent_pid: int) -> None:
    """Where there is no PR_SET_PDEATHSIG: stop this worker once its parent is gone."""
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    _stop_worker(signal.SIGTERM)


def kill_kernels() -> None:
    """Kill every kernel this process started that still runs (with its process group: the
    kernel leads its own session), and remove their connection files."""
    try:
        managers = list(KERNELS)
    except RuntimeError:  # the main thread was adding one: try once more
        managers = list(KERNELS)
    for manager in managers:
        process = getattr(manager.provisioner, "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                process.kill()
        if manager.connection_file:
            with contextlib.suppress(OSError):
                os.unlink(manager.connection_file)


def _stop_worker(signum: int) -> None:
    """Stop this worker: kill its kernel and exit, without unwinding (no tracebacks, no
    half-written report: the parent removes the temporary files)."""
    kill_kernels()
    os._exit(128 + signum)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Block SIGINT and SIGTERM in this thread for the block (they are delivered after it):
    a worker forked here starts with them blocked until :func:`init_worker` has set its
    handlers, so Ctrl-C cannot reach it while it still runs the parent's."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """For a command: SIGINT and SIGTERM raise :class:`Interrupted` in the main thread; further
    ones are ignored while it stops, so that a second Ctrl-C cannot cut the clean-up short.
    The previous handlers come back after the block."""
    owner = os.getpid()
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}

    def handler(signum: int, frame) -> None:
        if os.getpid() != owner:  # a forked worker that has not yet set its own handlers
            if signum == signal.SIGTERM:
                os._exit(128 + signum)
            return
        for stop in STOP_SIGNALS:
            signal.signal(stop, signal.SIG_IGN)
        raise Interrupted(signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, action in previous.items():
            signal.signal(signum, action if action is not None else signal.SIG_DFL)


def stop_workers(pool, grace: float = STOP_GRACE_S) -> None:
    """Stop the workers of a ``ProcessPoolExecutor`` now: SIGTERM (each kills its kernel and
    exits), SIGKILL for those still alive after ``grace`` seconds; then shut the pool down.
    Results already delivered stay in their futures; the rest are cancelled or fail."""
    from multiprocessing.connection import wait

    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            worker.terminate()
    deadline = time.monotonic() + grace
    alive = {worker.sentinel: worker for worker in workers if worker.exitcode is None}
    while alive and time.monotonic() < deadline:
        for sentinel in wait(list(alive), timeout=max(0.0, deadline - time.monotonic())):
            alive.pop(sentinel)
    for worker in alive.values():
        with contextlib.suppress(OSError, ValueError):
            worker.kill()
    for worker in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            worker.join(timeout=grace)
    pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def exclusive_output(out_dir: Path) -> Iterator[None]:
    """Hold the lock of the reports folder ``out_dir`` for the block: a second render into the
    same folder is refused, since it would remove this run's temporary files as stale and
    write the same manifests. The lock is ``flock`` on a file in the temporary directory (not in
    ``out_dir``, which a refused run must leave as it was); the system releases it when the
    holder dies, however it dies.

    Raises
    ------
    RenderError
        when another run holds it.
    """
    import fcntl
    import hashlib
    import tempfile

    from ..errors import RenderError

    key = hashlib.sha256(str(Path(out_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"sugidx-render-{key}.lock"
    # Read-only is enough for flock, so another user's lock file can be opened too.
    fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        with contextlib.suppress(OSError):  # only its owner may; then it is open to all
            os.fchmod(fd, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RenderError(
                f"another sugidx render is writing to {out_dir}; wait for it to end (or stop "
                "it) and run again"
            ) from None
        yield
    finally:
        os.close(fd)
