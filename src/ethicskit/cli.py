"""The command line (docs/data.md): ``run``, ``checks``, ``sample-data``, ``init-config``,
``anonymise``, ``rules``, ``training``. Every option's help says its default.

Exit codes: 0 no finding at or above ``--fail-on``; 1 at least one; 2 the run could not be made,
whatever the cause (bad input, a crashed notebook, a failed PDF, an unwritable folder, a bug);
130 interrupted (Ctrl-C), 143 terminated (``SIGTERM``). Every error prints one or two lines
``ethicskit: error: ...``, without a traceback unless ``--debug`` is given; every message is
stripped of control characters (:func:`ethicskit.errors.printable`).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from ethicskit import __version__
from ethicskit.errors import InputError, Terminated, printable

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


#: The exit codes, as ``ethicskit --help`` and ``ethicskit run --help`` list them.
EXIT_CODES = """\
exit codes:
  0    no failure: no finding at or above --fail-on
  1    the audit found a fail (with --fail-on warn: a fail or a warn); the report is written
  2    the run could not be made: bad input or config, a check that ended in error, a notebook
       that crashed, a PDF that could not be printed (one line "ethicskit: error: ...")
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM)
"""

FAIL_ON = """\
--fail-on:
  which findings make the run exit 1. "fail" (the default): a breach of law or of a platform's
  hard rule. "warn": also a norm, risk or statistical screen (status warn). Findings for
  information, passes and not-evaluated checks never make it exit 1.
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help as written (the epilogs' tables), options aligned in a readable column."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=min(100, _columns()))


def _columns() -> int:
    import shutil

    return max(60, shutil.get_terminal_size((100, 24)).columns)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ethicskit", formatter_class=_Formatter,
        description="Audit an AI-driven marketing campaign for privacy, bias, targeting and "
                    "transparency.",
        epilog=EXIT_CODES + "\n`ethicskit COMMAND --help` describes each command's options.")
    p.add_argument("--version", action="version", version=f"ethicskit {__version__}",
                   help="print the version and exit")
    p.add_argument("--debug", action="store_true",
                   help="show tracebacks on errors (default: off)")
    # on a subcommand too; SUPPRESS: its default must not undo `ethicskit --debug run`
    debug = dict(action="store_true", default=argparse.SUPPRESS,
                 help="show tracebacks on errors (default: off)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, **kwargs) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=summary[:1].upper() + summary[1:]
                              + ".", formatter_class=_Formatter, **kwargs)

    r = command("run", "run the audit notebooks and write a report",
                epilog=EXIT_CODES + "\n" + FAIL_ON)
    r.add_argument("dataset", nargs="?", help="CSV or Parquet file, a folder or glob of "
                   "Parquet files, FILE.duckdb:TABLE, or with --engine spark a Spark table "
                   "(table:NAME) or path (default: the config's dataset, else the bundled "
                   "sample campaign)")
    r.add_argument("--config", metavar="FILE", help="campaign config YAML (default: the "
                   "bundled sample's config when no dataset is given, else none)")
    r.add_argument("--out", metavar="DIR", default="reports",
                   help="folder for run folders (default: reports)")
    r.add_argument("--only", metavar="AREAS", help="comma-separated areas among privacy, "
                   "bias, targeting, transparency (default: all four)")
    r.add_argument("--as-of", dest="as_of", metavar="DATE", help="reference date YYYY-MM-DD "
                   "for deadlines and ages (default: the config's as_of, else today)")
    r.add_argument("--fail-on", dest="fail_on", choices=["fail", "warn"], default="fail",
                   help="the lowest status that makes the run exit 1 (default: fail; see "
                        "below)")
    r.add_argument("--jobs", type=int, metavar="N", default=1,
                   help="kernels presenting the area notebooks side by side, each reused for "
                        "several (default: 1, measured faster on 2 cores)")
    r.add_argument("--keep", type=int, metavar="N", default=None,
                   help="afterwards keep only the N newest runs in --out (default: keep all)")
    r.add_argument("--pdf", action="store_true",
                   help="also write report.pdf: the report, the area pages, the notice, the "
                   "data sheet and the model card in one PDF, its path printed last (needs "
                   "chromium; default: off)")
    r.add_argument("--export", metavar="FILE", help="also write the anonymised extract "
                   "(.csv or .parquet; key from ETHICSKIT_HMAC_KEY, see docs/anonymise.md; "
                   "default: none)")
    r.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("NAME", "VALUE"), help="pass a parameter (a YAML value) to every "
                   "notebook; repeatable (default: none)")
    r.add_argument("--engine", choices=["auto", "pandas", "duckdb", "spark"], default=None,
                   help="who reads the rows: pandas (Arrow), duckdb or spark (with --only bias "
                   "on duckdb or spark, the engine's cells: the rows are never loaded); auto is "
                   "spark for a table:NAME dataset, duckdb's cells for --only bias on 32 MB or "
                   "more of Parquet, else pandas; the findings are the same on every engine "
                   "(default: the config's engine, else auto; docs/engines.md)")
    r.add_argument("--spark-master", dest="spark_master", metavar="URL", default=None,
                   help="Spark's master with --engine spark: local[N], spark://HOST:PORT, yarn "
                   "(default: the config's spark.master, else local[*])")
    r.add_argument("--debug", **debug)

    c = command("checks", "print the catalogue of checks")
    c.add_argument("--markdown", action="store_true", help="write the catalogue as Markdown, "
                   "the text of docs/checks.md (default: off, plain text as wide as the "
                   "terminal, at most 100 columns)")
    c.add_argument("--out", metavar="FILE",
                   help="write to this file instead of printing (default: print)")

    s = command("sample-data", "write a synthetic campaign with planted issues")
    s.add_argument("--rows", type=int, metavar="N", default=5000,
                   help="number of people (default: 5000)")
    s.add_argument("--seed", type=int, metavar="N", default=7,
                   help="random seed; the same seed writes the same file (default: 7)")
    s.add_argument("--out", metavar="PATH", required=True,
                   help="output file, .csv or .parquet; or a folder (a name without those "
                   "suffixes, or ending in /), written as Parquet parts of 500,000 rows one "
                   "at a time, in bounded memory, for samples of any size (required)")
    s.add_argument("--no-config", action="store_true", help="write only the data file "
                   "(default: off, also its config and expected results beside it)")

    i = command("init-config", "print a config template with a guessed mapping that loads as "
                "it is written")
    i.add_argument("dataset", help="CSV (with a header line) or Parquet file (required)")
    i.add_argument("--out", metavar="FILE", help="write to this file instead of printing "
                   "(dataset: is then relative to its folder; default: print, dataset: "
                   "absolute)")

    a = command("anonymise", "write a pseudonymised, generalised extract (k >= k_min)")
    a.add_argument("dataset", nargs="?", help="CSV or Parquet file (default: the config's "
                   "dataset, else the bundled sample campaign)")
    a.add_argument("--config", metavar="FILE", help="campaign config YAML (default: the "
                   "bundled sample's config when no dataset is given, else none)")
    a.add_argument("--out", metavar="FILE", required=True,
                   help="the extract, .csv or .parquet (required)")
    a.add_argument("--max-suppression", dest="max_suppression", type=float, metavar="SHARE",
                   default=None, help="largest share of rows that may be suppressed (default: "
                   "the config's anonymise.max_suppression, else 0.05)")
    a.add_argument("--debug", **debug)

    u = command("rules", "print the rule pack in force, with references and review dates")
    u.add_argument("--country", metavar="CODE", help="only the rules a person in this country "
                   "(or region, e.g. US-CA) follows, every value inherited (default: every "
                   "jurisdiction)")
    u.add_argument("--config", metavar="FILE", help="campaign config YAML whose rules: "
                   "overrides apply (default: none, the rule pack as shipped)")
    u.add_argument("--debug", **debug)

    from ethicskit.training import command as training  # its own parser: handouts, trainee...

    training.add_parser(sub)
    return p


def cmd_checks(args) -> int:
    from ethicskit import catalogue

    # the plain table: at most 100 columns, narrower on a narrower terminal (at least 60)
    text = catalogue.markdown() if args.markdown else catalogue.table(min(100, _columns()))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return EXIT_OK


def cmd_rules(args) -> int:
    from ethicskit.config import load_config
    from ethicskit.jurisdictions import describe
    from ethicskit.rulepack import load

    config = load_config(args.config)
    pack = load(config.rules)
    rows = describe(pack, country=args.country)
    if args.country and not rows:
        print(f"{printable(args.country)}: the rule pack has no entry for it and it is not an "
              f"EU/EEA country; such rows follow default_jurisdiction "
              f"({config.default_jurisdiction}):")
        rows = describe(pack, country=config.default_jurisdiction)
    print(f"rule pack v{pack.raw['version']}, reviewed {pack.raw['reviewed']}"
          + (f"; overridden by {args.config}: {', '.join(pack.overridden)}"
             if pack.overridden else "")
          + f"; default_jurisdiction {config.default_jurisdiction}")
    current = None
    for row in rows:
        if row["jurisdiction"] != current:
            current = row["jurisdiction"]
            name = pack.raw["jurisdictions"][current].get("name")
            print(f"\n{current}" + (f" ({name})" if name else ""))
        mark = " *" if row["overridden"] else ""
        ref = f"  [{row['ref']}; reviewed {row['reviewed']}]" if row["ref"] else ""
        print(f"  {row['parameter']}: {row['value']}{mark}{ref}")
    if not args.country:
        print("\nopportunity_criteria (targeting keys opportunity ads may not use)")
        for category, item in pack.raw["opportunity_criteria"].items():
            print(f"  {category}: {', '.join(item['keys'])}  [{item['ref']}; reviewed "
                  f"{item['reviewed']}]")
        print(f"\nEU/EEA countries (judged by EU): {' '.join(sorted(pack.eu_eea))}")
    return EXIT_OK


def cmd_sample(args) -> int:
    from ethicskit.sample import write_sample
    from ethicskit.sample.build import is_folder_target, write_sample_parts

    if is_folder_target(args.out):
        done = write_sample_parts(args.out, rows=args.rows, seed=args.seed,
                                  with_config=not args.no_config,
                                  log=lambda line: print(line, file=sys.stderr, flush=True))
        folder = Path(args.out)
        parts = f"{done['parts']} Parquet part{'' if done['parts'] == 1 else 's'}"
        print(f"wrote {folder}/: {done['rows']:,} rows in {parts}, "
              f"{done['columns']} columns, seed {args.seed}")
        if not args.no_config:
            print(f"config: {folder.parent / (folder.name + '.yaml')} (no expected results: "
                  f"they are counted on a sample written as one file)")
        return EXIT_OK
    sample = write_sample(args.out, rows=args.rows, seed=args.seed,
                          with_config=not args.no_config)
    print(f"wrote {args.out}: {len(sample.df):,} rows, {sample.df.shape[1]} columns, seed "
          f"{args.seed}")
    if not args.no_config:
        stem = Path(args.out)
        print(f"config: {stem.with_suffix('.yaml')}; expected results: "
              f"{stem.parent / (stem.stem + '.expected.json')}")
    return EXIT_OK


def cmd_init_config(args) -> int:
    from ethicskit.initconfig import config_template

    text = config_template(args.dataset, out=args.out)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return EXIT_OK


def cmd_run(args) -> int:
    from ethicskit.runner import run, skip_iri_grammars
    from ethicskit.yamlfile import parse_yaml

    skip_iri_grammars()  # this process is the command's own

    areas = [a.strip() for a in args.only.split(",")] if args.only else None
    parameters = {name: parse_yaml(value, where=f"-p {name}") for name, value in args.parameter}
    result = run(dataset=args.dataset, config=args.config, out=args.out, areas=areas,
                 as_of=args.as_of, jobs=args.jobs, keep=args.keep, pdf=args.pdf,
                 parameters=parameters, export=args.export, engine=args.engine,
                 spark_master=args.spark_master,
                 log=lambda msg: print(printable(msg), flush=True))
    if result.pdf_error:
        _error(f"{result.pdf_error} (the HTML report is kept: {result.run_dir})")
    return result.exit_code(fail_on=args.fail_on)


def cmd_anonymise(args) -> int:
    from ethicskit.anonymise import anonymise, load_key
    from ethicskit.campaign import SAMPLE_CONFIG, open_campaign
    from ethicskit.config import load_config

    config = args.config or (None if args.dataset else SAMPLE_CONFIG)
    key = load_key(load_config(config))  # refuse before reading the data
    campaign = open_campaign(args.dataset, config_path=args.config)
    report = anonymise(campaign, out=args.out, key=key, max_suppression=args.max_suppression)
    for line in report.lines():
        print(line)
    return EXIT_OK


def _error(message: str) -> None:
    """Print ``ethicskit: error: <message>`` on stderr (each line made printable)."""
    lines = [printable(line) for line in str(message).strip().splitlines() if line.strip()]
    print("ethicskit: error: " + "\n  ".join(lines[:2] or ["(no message)"]), file=sys.stderr,
          flush=True)


def describe(exc: BaseException) -> str:
    """The one or two lines that say what went wrong, for any exception."""
    if isinstance(exc, InputError) or type(exc).__module__.startswith("ethicskit"):
        return str(exc)
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc) or type(exc).__name__
        where = exc.filename if exc.filename is not None else None
        return f"{what}: {where}" if where is not None else what
    text = str(exc).strip().splitlines()
    return (f"unexpected {type(exc).__name__}" + (f": {text[0]}" if text else "")
            + "\n(a bug in ethicskit? run again with --debug for the traceback)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        if args.command == "checks":
            return cmd_checks(args)
        if args.command == "sample-data":
            return cmd_sample(args)
        if args.command == "init-config":
            return cmd_init_config(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "training":
            from ethicskit.training import command as training

            return training.run(args)
        if args.command == "anonymise":
            return cmd_anonymise(args)
        return cmd_run(args)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM during a run (errors.Terminated)
        signum = exc.signum if isinstance(exc, Terminated) else 2
        print(f"ethicskit: {'terminated' if signum != 2 else 'interrupted'}", file=sys.stderr,
              flush=True)
        return 128 + signum
    except Exception as exc:  # noqa: BLE001 - every failure is exit 2 and a short message
        if debug:
            traceback.print_exc()
            remote = getattr(exc, "remote_traceback", None)
            if remote:
                print("in the child process that computed the record:\n" + remote,
                      file=sys.stderr, end="")
        _error(describe(exc))
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
