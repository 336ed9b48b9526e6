"""The kernel manager of rendered notebooks: a kernel dies with the process that started it.

Papermill creates it by name (``kernel_manager_class`` in :mod:`.execute`); importing this
module imports jupyter_client, so only a process that runs notebooks does.
"""

from __future__ import annotations

import functools
import os

from jupyter_client import AsyncKernelManager

from . import processes


class ReportKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, with the kernel process set to receive SIGKILL when the
    process that started it dies (Linux ``PR_SET_PDEATHSIG``), and registered so that a worker
    that is stopped kills it first (:func:`processes.kill_kernels`). ipykernel's own parent
    poller misses a parent that dies while the kernel starts, when a subreaper adopts it."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        processes.KERNELS.add(self)
        if self._fork_from_zygote(kernel_cmd, kw):
            return
        if "preexec_fn" not in kw:
            kw["preexec_fn"] = functools.partial(
                processes.as_kernel_of, os.getpid(), processes.prctl()
            )
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def _fork_from_zygote(self, kernel_cmd: list[str], kw: dict) -> bool:
        """Have this process's zygote fork the kernel (:mod:`.zygote`: the heavy imports are
        already done); False when there is none or it cannot, or for another kind of kernel."""
        from jupyter_client.provisioning import LocalProvisioner

        from . import zygote

        server = zygote.current()
        arguments = zygote.kernel_arguments(kernel_cmd)
        provisioner = self.provisioner
        if server is None or arguments is None or not isinstance(provisioner, LocalProvisioner):
            return False
        env = {k: str(v) for k, v in (kw.get("env") or os.environ).items()}
        cwd = str(kw.get("cwd") or os.getcwd())
        pid = server.spawn(arguments, env, cwd)
        if pid is None:
            return False
        provisioner.process = zygote.ForkedKernel(pid)
        provisioner.pid = provisioner.pgid = pid  # it leads its own session
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)
        return True
