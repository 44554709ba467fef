"""The area notebooks executed on one reused kernel.

Under ``ethicskit run`` the notebooks only present a stored record (findings and small tables),
so starting a fresh papermill process and kernel for each would cost more than the notebook
itself. :class:`Kernel` starts one ipykernel, imports the libraries the notebooks use once, and
executes each notebook in turn through nbclient, with its parameters injected the way papermill
injects them (a cell tagged ``injected-parameters`` after the ``parameters`` cell). Between two
notebooks the kernel's namespace is reset, so no notebook sees another's variables; a kernel that
died is started again for the next notebook.

Kernel noise never reaches a run's log or the terminal. The kernel listens on Unix sockets in a
private folder (``transport="ipc"``), so it has no reason to warn that it is "running over TCP
without encryption"; it starts with ``PYDEVD_DISABLE_FILE_VALIDATION=1`` (debugpy's warning
about frozen modules), and the traitlets logger of this process shows errors only. Kernels
started by papermill or JupyterLab use TCP on localhost: ``make install`` runs ``python -m
ethicskit.kernel --install-config``, which writes :data:`QUIET_CONFIG` as the environment's
``etc/ipython/ipython_kernel_config.py``; that drops exactly the TCP notice from every kernel of
the environment.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ethicskit.notebooks import Execution

KERNEL = "python3"
#: Run in the fresh kernel once: the imports every area notebook needs. Under a run the
#: notebooks show the figures the package drew, so the kernel never needs a plotting library.
WARM_UP = ("import warnings; warnings.filterwarnings('ignore')\n"
           "import pandas, pyarrow.parquet\n"
           "import ethicskit.notebook, ethicskit.figures, ethicskit.privacy.tables, "
           "ethicskit.bias.tables, ethicskit.targeting.tables, ethicskit.transparency")
RESET = ("import sys as _sys\n"
         "if 'matplotlib.pyplot' in _sys.modules: _sys.modules['matplotlib.pyplot'].close('all')\n"
         "del _sys\n%reset -f")
#: The kernel's environment on top of the caller's: no debugpy warning about frozen modules.
QUIET_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}
#: The words of the notices that are noise in a log: ipykernel's TCP notice, debugpy's.
NOISE = ("running over TCP without encryption", "frozen modules",
         "PYDEVD_DISABLE_FILE_VALIDATION")
#: The first line of the config file :func:`install_quiet_config` writes (how it knows its own).
QUIET_MARK = "# Written by ethicskit (python -m ethicskit.kernel --install-config)"
#: An IPython kernel config file that drops the TCP notice of every kernel of the environment.
QUIET_CONFIG = QUIET_MARK + '''; kernel logs without noise.
# A kernel started over TCP on localhost (papermill, JupyterLab) warns that it runs "over TCP
# without encryption" on every start; ethicskit's own kernels use Unix sockets. Drop that notice.
import logging as _logging


class _NoTcpNotice(_logging.Filter):
    def filter(self, record):
        return "without encryption" not in record.getMessage()


_logging.getLogger("IPKernelApp").addFilter(_NoTcpNotice())
'''


def quiet_config_path(prefix: str | Path | None = None) -> Path:
    """Where IPython reads the environment's kernel config: ``<prefix>/etc/ipython``."""
    return Path(prefix or sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.py"


def install_quiet_config(prefix: str | Path | None = None) -> str:
    """Write :data:`QUIET_CONFIG` for the environment at ``prefix`` (default: this one) and
    return what was done, in words; a config file someone else wrote is left alone."""
    path = quiet_config_path(prefix)
    if path.exists() and not path.read_text(encoding="utf-8").startswith(QUIET_MARK):
        return f"left {path} as it is (not written by ethicskit)"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(QUIET_CONFIG, encoding="utf-8")
    return f"wrote {path}"


class Kernel:
    """One kernel for several notebooks (a context manager).

    Parameters
    ----------
    cwd
        The kernel's working folder (the run's build folder).
    timeout
        Seconds one cell may take.
    """

    def __init__(self, *, cwd: str | Path, timeout: int = 3600) -> None:
        self.cwd = str(cwd)
        self.timeout = timeout
        self.km = None
        self.kc = None

    def __enter__(self) -> "Kernel":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        """Start the kernel and send it the warm-up imports (they run while the caller works)."""
        from jupyter_client.manager import KernelManager

        logging.getLogger("traitlets").setLevel(logging.ERROR)
        # Unix sockets in a private folder instead of TCP on localhost: no port open to other
        # users of the machine, and no "running over TCP without encryption" warning.
        self._sockets = tempfile.mkdtemp(prefix="ethicskit-kernel-")
        self.km = KernelManager(kernel_name=KERNEL, transport="ipc",
                                ip=os.path.join(self._sockets, "k"))
        self.km.start_kernel(cwd=self.cwd, env={**os.environ, **QUIET_ENV},
                             extra_arguments=["--HistoryManager.enabled=False"])
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.kc.execute(WARM_UP, silent=True, store_history=False)

    def stop(self) -> None:
        """Shut the kernel down (and kill it if it does not stop)."""
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001 - a kernel that is already gone
                pass
            self.km = None
        if getattr(self, "_sockets", None):
            shutil.rmtree(self._sockets, ignore_errors=True)
            self._sockets = None

    def _alive(self) -> bool:
        return self.km is not None and self.km.is_alive()

    def run(self, notebook: Path, output: Path, parameters: dict) -> Execution:
        """Execute ``notebook`` with ``parameters`` into ``output`` (written even when a cell
        fails, with the traceback in that cell's output)."""
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, DeadKernelError
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        if not self._alive():
            self.stop()
            self.start()
        start = time.perf_counter()
        nb = load_notebook_node(str(notebook))  # as papermill reads it: every cell has tags
        nb = parameterize_notebook(nb, parameters, kernel_name=KERNEL, language="python")
        client = NotebookClient(nb, km=self.km, kernel_name=KERNEL, timeout=self.timeout,
                                resources={"metadata": {"path": self.cwd}})
        client.kc = self.kc
        error = ""
        try:
            client.execute()
        except CellExecutionError as exc:
            lines = [line for line in str(exc).strip().splitlines() if line.strip()]
            error = lines[-1] if lines else "a cell failed"
        except DeadKernelError:
            error = "the kernel died"
        except Exception as exc:  # noqa: BLE001 - a failed notebook is reported, not raised
            error = f"{type(exc).__name__}: {exc}"
        nbformat.write(client.nb, str(output))
        if self._alive():
            self.kc.execute_interactive(RESET, store_history=False, timeout=60)
        return Execution(notebook, output, not error, time.perf_counter() - start, error)


def main(argv: list[str] | None = None) -> int:
    """``python -m ethicskit.kernel --install-config [PREFIX]`` (run by ``make install``)."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "--install-config" or len(argv) > 2:
        print("usage: python -m ethicskit.kernel --install-config [PREFIX]", file=sys.stderr)
        return 2
    print(install_quiet_config(argv[1] if len(argv) == 2 else None))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
