"""Kernel noise stays out of run logs and the terminal (ethicskit.kernel).

The positive control starts a kernel over TCP without the quiet config: the notice is then in its
stderr, so the captures below would see it if it were printed.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from ethicskit import kernel
from ethicskit.kernel import NOISE, Kernel

pytestmark = pytest.mark.slow  # each test starts a kernel (seconds)

TCP_NOTICE = "running over TCP without encryption"


def tiny_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("import warnings\nprint(x * 21)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


def noisy(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(word in line for word in NOISE)
            or "[IPKernelApp] WARNING" in line or "Debugger warning" in line]


def test_a_notebook_on_the_kernel_leaves_no_noise_in_the_log_or_the_terminal(tmp_path, capfd):
    notebook = tiny_notebook(tmp_path / "in.ipynb")
    with Kernel(cwd=tmp_path) as k:
        result = k.run(notebook, tmp_path / "out.ipynb", {"x": 2})
    assert result.ok, result.error
    out = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)
    assert out.cells[-1].outputs[0]["text"] == "42\n"  # x = 2 injected, 2 * 21
    streams = "".join(o.get("text", "") for c in out.cells if c.cell_type == "code"
                      for o in c.outputs)
    captured = capfd.readouterr()  # the kernel's stdout and stderr are this process's
    assert noisy(captured.out + captured.err + streams) == []


def _tcp_kernel_stderr(tmp_path: Path, ipython_dir: Path) -> str:
    """Start and stop a kernel over TCP (as papermill and JupyterLab do); its stderr."""
    from jupyter_client.manager import KernelManager

    log = tmp_path / f"{ipython_dir.name}.log"
    env = {**os.environ, "IPYTHONDIR": str(ipython_dir)}
    km = KernelManager(kernel_name="python3", transport="tcp")
    with open(log, "w", encoding="utf-8") as stderr:
        km.start_kernel(cwd=str(tmp_path), env=env, stderr=stderr)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            kc.execute_interactive("1", timeout=60)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return log.read_text(encoding="utf-8")


def test_without_the_quiet_config_a_tcp_kernel_prints_the_notice(tmp_path):
    """The control: the capture of a kernel's stderr does see the notice."""
    if kernel.quiet_config_path().exists():  # installed here: every kernel of it is quiet
        pytest.skip(f"{kernel.quiet_config_path()} is installed; the control needs a bare one")
    assert TCP_NOTICE in _tcp_kernel_stderr(tmp_path, tmp_path / "bare")


def test_with_the_quiet_config_a_tcp_kernel_prints_no_noise(tmp_path):
    profile = tmp_path / "quiet" / "profile_default"
    profile.mkdir(parents=True)
    (profile / "ipython_kernel_config.py").write_text(kernel.QUIET_CONFIG, encoding="utf-8")
    assert noisy(_tcp_kernel_stderr(tmp_path, profile.parent)) == []


def test_the_quiet_config_drops_exactly_the_tcp_notice():
    import logging

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logger = logging.getLogger("IPKernelApp")
    before = list(logger.filters)
    handler = Keep()
    logger.addHandler(handler)
    try:
        exec(compile(kernel.QUIET_CONFIG, "ipython_kernel_config.py", "exec"), {"c": None})
        logger.warning("Kernel is running over TCP without encryption. All communication ...")
        logger.warning("Kernel died unexpectedly")
    finally:
        logger.removeHandler(handler)
        logger.filters[:] = before
    assert records == ["Kernel died unexpectedly"]


def test_install_quiet_config_writes_its_file_and_leaves_anothers(tmp_path, capsys):
    assert kernel.main(["--install-config", str(tmp_path)]) == 0
    path = tmp_path / "etc" / "ipython" / "ipython_kernel_config.py"
    assert capsys.readouterr().out == f"wrote {path}\n"
    assert path.read_text(encoding="utf-8") == kernel.QUIET_CONFIG
    compile(kernel.QUIET_CONFIG, str(path), "exec")
    path.write_text("c.IPKernelApp.log_level = 'DEBUG'\n", encoding="utf-8")
    assert kernel.install_quiet_config(tmp_path).startswith("left ")
    assert path.read_text(encoding="utf-8") == "c.IPKernelApp.log_level = 'DEBUG'\n"
    assert kernel.main([]) == 2


def test_the_default_place_is_where_ipython_reads_the_environments_config():
    from IPython.core.application import ENV_CONFIG_DIRS

    assert str(kernel.quiet_config_path().parent) in ENV_CONFIG_DIRS
    assert kernel.quiet_config_path().name == "ipython_kernel_config.py"  # IPKernelApp's name
