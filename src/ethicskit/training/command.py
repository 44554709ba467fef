"""``ethicskit training``: handouts, trainee copies, and the summary of completion records.

- ``ethicskit training handouts --out DIR``: trainer and trainee HTML handouts (the old form
  ``ethicskit training --out DIR`` still works and does the same);
- ``ethicskit training trainee --out DIR [--modules M ...] [--key FILE]``: trainee notebooks and
  their data (:mod:`.trainee`), the trainer's key outside ``DIR``;
- ``ethicskit training summary RECORDS... [--json]``: per trainee and module the best score,
  attempts, passed and last date, and per module how many passed (:mod:`.records`); a missing
  or damaged file exits 2 with one line naming the file and line.
"""

from __future__ import annotations

import json
import sys

EXIT_OK, EXIT_ERROR = 0, 2
ACTIONS = ("handouts", "trainee", "summary")


def add_parser(subparsers):
    """Add ``training`` to the ``ethicskit`` subcommands; returns its parser."""
    t = subparsers.add_parser(
        "training", help="training: HTML handouts, trainee copies, summary of records",
        description="ethicskit training handouts --out DIR | trainee --out DIR [--modules ...] "
                    "| summary RECORDS... [--json]")
    t.add_argument("action", nargs="?", choices=ACTIONS, default=None,
                   help="handouts, trainee or summary (default: handouts)")
    t.add_argument("records", nargs="*", metavar="RECORDS",
                   help="summary: record files or folders (training-records.jsonl or .csv; "
                        "default: none)")
    t.add_argument("--out", help="handouts, trainee: the folder to write (required)")
    t.add_argument("--modules", nargs="+", metavar="MODULE",
                   help="only these modules (file stems, like 01_consent; default: all "
                        "modules)")
    t.add_argument("--key", help="trainee: where to write the trainer's answer key (default: "
                                 "DIR-trainer-key.json next to DIR)")
    t.add_argument("--json", action="store_true", help="summary: print JSON, not a table "
                                                       "(default: off, a table)")
    return t


def _error(message: str) -> int:
    from ethicskit.errors import printable

    print(f"ethicskit: error: {printable(str(message).splitlines()[0])}", file=sys.stderr)
    return EXIT_ERROR


def run(args) -> int:
    """Run ``ethicskit training``; input problems give one line on stderr and exit 2."""
    from ethicskit.errors import InputError, printable

    action = args.action or "handouts"
    log = lambda msg: print(printable(msg), flush=True)  # noqa: E731
    try:
        if action == "summary":
            if not args.records:
                return _error("training summary: give one or more record files or folders")
            from ethicskit.training.records import summarise

            summary = summarise(args.records)
            if args.json:
                print(json.dumps(summary.to_dict(), indent=1, ensure_ascii=False))
            else:
                print("\n".join(printable(line) for line in summary.text().splitlines()))
            return EXIT_OK
        if args.records:
            return _error(f"training {action}: unexpected argument {args.records[0]!r}")
        if not args.out:
            return _error(f"training {action}: --out DIR is required")
        if action == "trainee":
            from ethicskit.training.trainee import build

            build(args.out, modules=args.modules, key=args.key, log=log)
            return EXIT_OK
        from ethicskit.training import render_handouts

        render_handouts(args.out, log=log, modules=args.modules)
        return EXIT_OK
    except InputError as exc:
        return _error(str(exc))
