"""papermill's command line in a leaner process: ``python -m ethicskit._papermill ...``.

papermill imports pyarrow when it starts, for notebooks kept on HDFS; ethicskit reads and writes
local files only. Blocking that import (papermill carries on without HDFS support, as it does
where pyarrow is not installed) keeps each notebook's papermill process about 40 MB smaller,
which counts when several notebooks run at once on a large campaign. The notebook's kernel is a
process of its own and imports what it needs.
"""

from __future__ import annotations

import sys


def main() -> None:
    if "pyarrow" not in sys.modules:
        sys.modules["pyarrow"] = None  # type: ignore[assignment] - import pyarrow -> ImportError
    from papermill.cli import papermill

    papermill(prog_name="papermill")


if __name__ == "__main__":
    main()
