"""The command line (docs/data.md): ``run``, ``checks``, ``sample-data``, ``init-config``.

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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ethicskit", description=(
        "Audit an AI-driven marketing campaign for privacy, bias, targeting and transparency."))
    p.add_argument("--version", action="version", version=f"ethicskit {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    # on a subcommand too; SUPPRESS: its default must not undo `ethicskit --debug run`
    debug = dict(action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="run the audit notebooks and write a report")
    r.add_argument("dataset", nargs="?", help="CSV or Parquet file (default: the config's, "
                   "else the bundled sample)")
    r.add_argument("--config", help="campaign config YAML")
    r.add_argument("--out", default="reports", help="folder for run folders (default reports/)")
    r.add_argument("--only", help="comma-separated areas: privacy,bias,targeting,transparency")
    r.add_argument("--as-of", dest="as_of", help="reference date YYYY-MM-DD")
    r.add_argument("--fail-on", dest="fail_on", choices=["fail", "warn"], default="fail")
    r.add_argument("--jobs", type=int, default=1, help="kernels presenting the area notebooks "
                   "side by side, each reused for several (default 1: measured faster here)")
    r.add_argument("--keep", type=int, default=None, help="keep only the N newest runs")
    r.add_argument("--pdf", action="store_true", help="also write report.pdf (needs chromium)")
    r.add_argument("--export", metavar="FILE", help="also write the anonymised extract "
                   "(.csv or .parquet; key from ETHICSKIT_HMAC_KEY, see docs/anonymise.md)")
    r.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("NAME", "VALUE"), help="pass a parameter to every notebook")
    r.add_argument("--debug", **debug)

    c = sub.add_parser("checks", help="print the catalogue of checks")
    c.add_argument("--markdown", action="store_true",
                   help="write the catalogue as Markdown (the text of docs/checks.md)")
    c.add_argument("--out", help="write to this file instead of printing")

    s = sub.add_parser("sample-data", help="write a synthetic campaign with planted issues")
    s.add_argument("--rows", type=int, default=5000)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--out", required=True, help="output file (.csv or .parquet)")
    s.add_argument("--no-config", action="store_true", help="write only the data file")

    i = sub.add_parser("init-config", help="print a config template with a guessed mapping "
                       "that loads as it is written")
    i.add_argument("dataset", help="CSV (with a header line) or Parquet file")
    i.add_argument("--out", help="write to this file instead of printing (dataset: is then "
                   "relative to its folder; absolute when printed)")

    a = sub.add_parser("anonymise", help="write a pseudonymised, generalised extract "
                       "(k >= k_min)")
    a.add_argument("dataset", nargs="?", help="CSV or Parquet file (default: the config's, "
                   "else the bundled sample)")
    a.add_argument("--config", help="campaign config YAML")
    a.add_argument("--out", required=True, help="the extract (.csv or .parquet)")
    a.add_argument("--max-suppression", dest="max_suppression", type=float, default=None,
                   help="largest share of rows that may be suppressed (default 0.05)")
    a.add_argument("--debug", **debug)

    u = sub.add_parser("rules", help="print the rule pack in force, with references and "
                       "review dates")
    u.add_argument("--country", help="only the rules a person in this country (or region, "
                   "e.g. US-CA) follows, every value inherited")
    u.add_argument("--config", help="campaign config YAML whose rules: overrides apply")
    u.add_argument("--debug", **debug)

    t = sub.add_parser("training", help="render the training notebooks as HTML handouts")
    t.add_argument("--out", required=True, help="folder for the trainer and trainee handouts")
    return p


def cmd_checks(args) -> int:
    from ethicskit import catalogue

    text = catalogue.markdown() if args.markdown else catalogue.table()
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
    from ethicskit.runner import run
    from ethicskit.yamlfile import parse_yaml

    areas = [a.strip() for a in args.only.split(",")] if args.only else None
    parameters = {name: parse_yaml(value, where=f"-p {name}") for name, value in args.parameter}
    result = run(dataset=args.dataset, config=args.config, out=args.out, areas=areas,
                 as_of=args.as_of, jobs=args.jobs, keep=args.keep, pdf=args.pdf,
                 parameters=parameters, export=args.export,
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


def cmd_training(args) -> int:
    from ethicskit.training import render_handouts

    render_handouts(args.out, log=lambda msg: print(printable(msg), flush=True))
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
            return cmd_training(args)
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
