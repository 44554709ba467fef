"""A forked child ends with its parent, even when the parent is killed outright."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from ethicskit.lifetime import die_with_parent

PARENT = textwrap.dedent("""
    import os, sys, time
    from ethicskit.lifetime import die_with_parent
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        die_with_parent(parent)
        time.sleep(60)
        os._exit(0)
    print(pid, flush=True)
    time.sleep(60)
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie (reaped by init soon) counts as ended
        return f.read().split()[2] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux only")
def test_the_child_ends_when_the_parent_is_killed_with_sigkill():
    proc = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline())
    time.sleep(0.5)
    assert _alive(child)
    proc.kill()  # SIGKILL: no handler of the parent runs
    proc.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the child outlived its killed parent"


def test_a_child_whose_parent_is_already_gone_exits():
    pid = os.fork()
    if pid == 0:
        die_with_parent(os.getppid() + 10**6)  # not our parent: as if it had died
        os._exit(0)  # not reached
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 128 + 15
