"""The README's commands work as written, and the Make targets it names do what it says.

The cheap fenced shell commands of the README (``ethicskit --help``, ``checks``, ``rules --country
FR``, the papermill example on the bundled sample) are taken from the README itself and run from
the repository's root exactly as written.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = ROOT / ".venv" / "bin"
FENCE = re.compile(r"^( *)```sh\n(.*?)^\1```", re.S | re.M)
NOISE = ("Traceback", "running over TCP without encryption", "Debugger warning")


def shell_commands(text: str) -> list[str]:
    """Every command of the README's ```sh blocks: continuation lines joined, comments and the
    block's indent removed."""
    commands = []
    for match in FENCE.finditer(text):
        body = re.sub(r"\\\n\s*", " ", match.group(2))
        for line in body.splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(shlex.join(words))
    return commands


COMMANDS = shell_commands(README.read_text(encoding="utf-8"))


def cheap(command: str) -> bool:
    words = shlex.split(command)
    return words[0] == ".venv/bin/ethicskit" and (
        "--help" in words or words[1:2] == ["checks"] or words[1:3] == ["rules", "--country"])


def test_the_fence_reader_joins_continuations_and_drops_comments():
    text = ("x\n```sh\nmake a   # one\n```\n\n   ```sh\n   b --x 1 \\\n       --y 'two words'\n"
            "   ```\n")
    assert shell_commands(text) == ["make a", "b --x 1 --y 'two words'"]


def test_the_readme_shows_the_cheap_commands_and_the_papermill_example():
    assert ".venv/bin/ethicskit --help" in COMMANDS
    assert ".venv/bin/ethicskit run --help" in COMMANDS
    assert ".venv/bin/ethicskit checks" in COMMANDS
    assert ".venv/bin/ethicskit rules --country FR" in COMMANDS
    assert [c for c in COMMANDS if c.startswith(".venv/bin/papermill ")]


def test_every_file_a_readme_command_reads_is_in_the_repository():
    """Paths into the repository's own folders exist (``reports/`` is what the commands write)."""
    for command in COMMANDS:
        for word in shlex.split(command):
            if re.match(r"^(notebooks|src|examples|templates|docs|benchmarks)/", word):
                assert (ROOT / word).exists(), f"{command}: {word} does not exist"


def _run(command: str, timeout: int) -> subprocess.CompletedProcess:
    if not (BIN / "ethicskit").exists():
        pytest.skip("no .venv in the repository (make install)")
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal: the output must still fit 100
    return subprocess.run(shlex.split(command), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in COMMANDS if cheap(c)])
def test_a_cheap_readme_command_runs_as_written(command):
    run = _run(command, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.strip()
    assert not any(word in run.stdout for word in NOISE)
    if command.endswith(("--help", " checks")):
        assert max(len(line) for line in run.stdout.splitlines()) <= 100


@pytest.mark.slow
def test_rules_for_france_give_its_digital_consent_age():
    """France set the age of digital consent at 15 (Loi Informatique et Libertés, art. 45),
    under GDPR Art. 8(1); the rest is inherited from the EU entry (the DSA's ban of profiling
    ads to minors)."""
    run = _run(".venv/bin/ethicskit rules --country FR", timeout=120)
    assert "\nFR\n" in run.stdout
    assert ("  digital_consent_age: age=15  [GDPR Art. 8(1); Loi Informatique et Libertés "
            "art. 45") in run.stdout
    assert ("  minors_profiling_ads: banned=True, under=18  [Digital Services Act "
            "Art. 28(2)") in run.stdout


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in COMMANDS if c.startswith(".venv/bin/papermill ")])
def test_the_papermill_example_runs_as_written(command):
    """Exit 0, no traceback, no kernel notice; the executed notebook has its outputs and no
    error."""
    words = shlex.split(command)
    output = ROOT / words[2]
    output.unlink(missing_ok=True)
    run = _run(command, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    assert not any(word in run.stdout + run.stderr for word in NOISE), run.stderr[-2000:]
    nb = nbformat.read(str(output), as_version=4)
    output.unlink()  # reports/ is git-ignored; leave it as it was
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error"]
    assert nb.metadata["papermill"]["parameters"]["dataset_path"] == words[words.index(
        "dataset_path") + 1]


# ---------------------------------------------------------------------------- the Make targets
def _fake_bin(tmp_path: Path, uid: int) -> tuple[Path, dict]:
    """A BIN folder whose ``jupyter`` prints its arguments, and a PATH whose ``id`` says
    ``uid``: the recipes run, nothing is started."""
    fake = tmp_path / "bin"
    fake.mkdir()
    for name, body in [("jupyter", 'echo "jupyter $*"'), ("id", f"echo {uid}"),
                       ("python", 'echo "python $*"'), ("ethicskit", 'echo run; exit "$CODE"')]:
        script = fake / name
        script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return fake, env


def _make(tmp_path: Path, target: str, uid: int = 0, **variables) -> subprocess.CompletedProcess:
    if shutil.which("make") is None:
        pytest.skip("needs make")
    fake, env = _fake_bin(tmp_path, uid)
    env.update({k: str(v) for k, v in variables.items()})
    stamp = tmp_path / "stamp"
    stamp.touch()
    work = tmp_path / "work"  # not a git work tree: git-filter has nothing to do
    work.mkdir(exist_ok=True)
    return subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), f"BIN={fake}",
                           f"STAMP={stamp}", "-o", str(stamp), target], cwd=work, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("uid, display, expected", [
    (0, ":0", "jupyter lab notebooks/ --allow-root"),
    (1000, ":0", "jupyter lab notebooks/"),
    (0, "", "jupyter lab notebooks/ --allow-root --no-browser"),
    (1000, "", "jupyter lab notebooks/ --no-browser"),
])
def test_make_lab_passes_allow_root_as_root_and_no_browser_without_display(tmp_path, uid,
                                                                           display, expected):
    run = _make(tmp_path, "lab", uid=uid, DISPLAY=display, WAYLAND_DISPLAY="")
    assert run.returncode == 0, run.stderr
    assert " ".join(run.stdout.split()) == expected


def test_make_strip_strips_the_area_notebooks_only(tmp_path):
    run = _make(tmp_path, "strip")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "python -m ethicskit.strip notebooks/0*.ipynb"


@pytest.mark.parametrize("code, make_ok", [(0, True), (1, True), (2, False), (130, False)])
def test_make_report_maps_exit_1_to_success_and_says_so_as_the_readme_does(tmp_path, code,
                                                                          make_ok):
    run = _make(tmp_path, "report", CODE=code)
    assert (run.returncode == 0) is make_ok, run.stderr
    said = [line for line in run.stdout.splitlines() if line.startswith("make: ")]
    if code == 1:
        assert len(said) == 1
        readme = " ".join(README.read_text(encoding="utf-8").split())
        assert f"`{said[0]}`" in readme, "the README quotes make's words"
    else:
        assert said == []


def test_make_install_runs_the_filter_set_up_and_the_quiet_kernel_config():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^install: \$\(STAMP\) git-filter$", text, re.M)
    assert "-m ethicskit.kernel --install-config" in text
    for target in ("report", "test", "check", "lab", "strip"):
        assert re.search(rf"^{target}: install$", text, re.M), target
