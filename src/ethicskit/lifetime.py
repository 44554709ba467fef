"""Child processes that end with their parent (a leaf module).

A run forks a child that computes the record and draws the figures. When the runner is killed
outright (``kill -9``, the OOM killer), no handler of its own runs: without help the child would
go on writing into the unfinished run folder. On Linux, :func:`die_with_parent` asks the kernel
to send the child ``SIGTERM`` the moment its parent dies (``prctl(PR_SET_PDEATHSIG)``); the
kernels a run starts end the same way through ipykernel's own parent poller. Elsewhere it checks
once that the parent is still there; the next run removes what is left (``.building-*``).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

#: ``PR_SET_PDEATHSIG`` of ``<linux/prctl.h>``.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, *, signum: int = signal.SIGTERM) -> bool:
    """Make this process receive ``signum`` when its parent dies (Linux), and exit at once if
    the parent ``parent`` (its pid) is already gone. True when the kernel took the request."""
    taken = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            taken = libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
        except (OSError, AttributeError):
            taken = False
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(128 + int(signum))
    return taken
