"""The one check of a file the user names (dataset, config, inventory, lexicon) before it is
read: it must exist, be readable and be a regular file. A FIFO or a device would make a read
hang or never end, and a folder would fail deep inside a parser."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def regular_file(path: str | Path, *, what: str, expected: str, error: type[Exception],
                 prefix: str = "") -> os.stat_result:
    """``os.stat`` of ``path``, or ``error`` (an input error class) in one line: ``<prefix><path>:
    <what> not found`` / ``cannot read <what>`` / ``is a folder, expected <expected>`` / ``is not
    a regular file (a pipe, device or socket), expected <expected>``."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise error(f"{prefix}{path}: {what} not found") from None
    except OSError as exc:
        raise error(f"{prefix}{path}: cannot read {what}: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{prefix}{path}: is a folder, expected {expected}")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{prefix}{path}: is not a regular file (a pipe, device or socket), "
                    f"expected {expected}")
    return st
