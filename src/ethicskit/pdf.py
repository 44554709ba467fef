"""``ethicskit run --pdf``: print ``index.html`` to ``report.pdf`` with headless Chromium.

The browser is the system's (Debian's ``chromium`` package, ``apt-get install chromium``); nothing
is downloaded. ``ETHICSKIT_CHROMIUM`` may name another Chromium or Chrome binary. The page prints
with its own print style sheet (A4, no browser header or footer); it is script-free and its
Content-Security-Policy forbids any request, so the browser only lays it out.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ethicskit.errors import RunError

#: Looked for on ``PATH``, in this order, unless ``ETHICSKIT_CHROMIUM`` names a binary.
CANDIDATES = ("chromium", "chromium-browser")
ENV = "ETHICSKIT_CHROMIUM"
TIMEOUT = 120
INSTALL_HINT = ("install Debian's package with `apt-get install chromium` (as root), or set "
                f"{ENV} to a Chromium or Chrome binary")


class ChromiumMissing(RunError):
    """``--pdf`` was asked for but no Chromium binary can be found."""


def find_chromium() -> str:
    """The Chromium binary to print with; :class:`ChromiumMissing` (a ``RunError``) if none."""
    named = os.environ.get(ENV, "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise ChromiumMissing(f"--pdf: {ENV}={named!r} is not an executable file; "
                                  f"{INSTALL_HINT}.")
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing(f"--pdf needs Chromium to print the report, and no `chromium` was "
                          f"found on PATH: {INSTALL_HINT}. Without --pdf the HTML report is "
                          "written as usual.")


def chromium_command(binary: str, html: Path, pdf: Path, profile: Path) -> list[str]:
    """The command line that prints ``html`` to ``pdf`` (headless, no network, no header)."""
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--mute-audio", "--disable-quic",
            f"--user-data-dir={profile}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", html.resolve().as_uri()]


def write_pdf(html: str | Path, pdf: str | Path, *, timeout: int = TIMEOUT) -> Path:
    """Print ``html`` to ``pdf``; raise :class:`RunError` saying why when it cannot.

    The PDF is written beside its target first and renamed into place only when it starts with
    ``%PDF``, so a failed print never leaves a broken ``report.pdf``.
    """
    html, pdf = Path(html), Path(pdf)
    if not html.is_file():
        raise RunError(f"--pdf: {html} does not exist")
    binary = find_chromium()
    partial = pdf.with_name(f".{pdf.name}.partial")
    partial.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ethicskit-chromium-") as profile:
        env = dict(os.environ, HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
        proc = subprocess.Popen(chromium_command(binary, html, partial, Path(profile)),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            partial.unlink(missing_ok=True)
            raise RunError(f"--pdf: Chromium ({binary}) did not print {html.name} within "
                           f"{timeout} s") from None
        finally:
            _kill_group(proc)  # no helper process outlives the print
    ok = partial.is_file() and partial.read_bytes()[:4] == b"%PDF"
    if proc.returncode != 0 or not ok:
        partial.unlink(missing_ok=True)
        lines = [ln for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
        why = lines[-1].strip() if lines else f"exit code {proc.returncode}, no PDF written"
        raise RunError(f"--pdf: Chromium ({binary}) could not print {html.name}: {why}")
    os.replace(partial, pdf)
    return pdf


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
