"""Completion records of the end-of-module assessments, and the summary a trainer reads.

Each submitted assessment is one record (one attempt), appended to
``<records_dir>/training-records.jsonl`` and ``<records_dir>/training-records.csv``: trainee id,
module and its title, date (UTC, ISO 8601), score, maximum, pass mark, passed, attempt number
and the version of the module's assessment questions (a hash, so records made on different
versions of the bank can be told apart). No answer, right or given, is recorded.

These records are the organisation's evidence that staff were trained: the GDPR asks the data
protection officer to see to awareness-raising and training of staff (Art. 39(1)(b)), and the
EU AI Act asks providers and deployers of AI systems to ensure a sufficient level of AI literacy
of their staff (Art. 4). Prefer a staff number to a name as the trainee id; the records hold no
other personal data.

Appending is atomic: a lock (``fcntl.flock`` where available) is held while the next attempt
number is read and one line is written to each file, so two notebooks submitting at once never
interleave or reuse an attempt number. The CSV header is written once, when the file is created.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

from ethicskit.errors import InputError

JSONL, CSV = "training-records.jsonl", "training-records.csv"
FIELDS = ("trainee", "module", "module_title", "date", "score", "max", "pass_mark", "passed",
          "attempt", "bank_version")
MAX_TRAINEE = 80


class RecordError(InputError):
    """A training record file is missing or damaged; the message names the file and line."""


@dataclass(frozen=True)
class Record:
    """One attempt at one module's assessment."""

    trainee: str
    module: str
    module_title: str
    date: str
    score: int
    max: int
    pass_mark: float
    passed: bool
    attempt: int
    bank_version: str

    def to_dict(self) -> dict:
        return asdict(self)


def clean_trainee(trainee) -> str:
    """The trainee id as it will be recorded: one line of text, 1 to 80 characters."""
    if not isinstance(trainee, str) or not trainee.strip():
        raise RecordError('trainee: give your staff id or name in quotes, like trainee = "AB123"')
    text = " ".join(trainee.split())
    if len(text) > MAX_TRAINEE or any(ord(ch) < 32 for ch in text):
        raise RecordError(f"trainee: use a short id of at most {MAX_TRAINEE} characters")
    return text


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@contextmanager
def _locked(directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    lock = open(directory / ".training-records.lock", "a+")  # noqa: SIM115 - held to the end
    try:
        try:
            import fcntl

            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows: no advisory lock, appends still whole
            pass
        yield
    finally:
        lock.close()  # releases the lock


def _append(path: Path, text: str) -> None:
    """Write ``text`` with one ``write`` on a descriptor opened for appending."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _csv_line(row: Iterable) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(list(row))
    return buf.getvalue()


def append(records_dir, *, trainee: str, module: str, module_title: str, score: int,
           max_score: int, pass_mark: float, bank_version: str, date: str | None = None
           ) -> Record:
    """Append one attempt to the records in ``records_dir`` and return it.

    The attempt number is one more than the attempts already recorded there for the same
    trainee and module; earlier attempts are never changed.
    """
    trainee = clean_trainee(trainee)
    directory = Path(records_dir)
    with _locked(directory):
        jsonl = directory / JSONL
        previous = 0
        if jsonl.exists():
            for rec in read_jsonl(jsonl):
                if rec.trainee == trainee and rec.module == module:
                    previous = max(previous, rec.attempt)
        record = Record(trainee=trainee, module=module, module_title=module_title,
                        date=date or now_utc(), score=int(score), max=int(max_score),
                        pass_mark=float(pass_mark),
                        passed=bool(max_score) and score >= pass_mark * max_score - 1e-9,
                        attempt=previous + 1, bank_version=bank_version)
        _append(jsonl, json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        path = directory / CSV
        header = "" if path.exists() and path.stat().st_size else _csv_line(FIELDS)
        _append(path, header + _csv_line(getattr(record, f) for f in FIELDS))
    return record


# ---------------------------------------------------------------- reading
def _record(data, where: str) -> Record:
    if not isinstance(data, dict):
        raise RecordError(f"{where}: not a training record")
    missing = [f for f in FIELDS if f not in data]
    if missing:
        raise RecordError(f"{where}: the record has no {missing[0]!r}")
    try:
        passed = data["passed"]
        if isinstance(passed, str):
            if passed.strip().lower() not in ("true", "false"):
                raise ValueError(passed)
            passed = passed.strip().lower() == "true"
        return Record(trainee=str(data["trainee"]), module=str(data["module"]),
                      module_title=str(data["module_title"]), date=str(data["date"]),
                      score=int(data["score"]), max=int(data["max"]),
                      pass_mark=float(data["pass_mark"]), passed=bool(passed),
                      attempt=int(data["attempt"]), bank_version=str(data["bank_version"]))
    except (TypeError, ValueError) as exc:
        raise RecordError(f"{where}: a value of the record cannot be read ({exc})") from None


def read_jsonl(path: Path) -> list[Record]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                raise RecordError(f"{path}: line {n}: not a JSON record (damaged file?)") from None
            out.append(_record(data, f"{path}: line {n}"))
    return out


def read_csv(path: Path) -> list[Record]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows or tuple(rows[0]) != FIELDS:
        raise RecordError(f"{path}: line 1: not a training-records CSV header")
    out = []
    for n, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(FIELDS):
            raise RecordError(f"{path}: line {n}: {len(row)} fields, expected {len(FIELDS)}")
        out.append(_record(dict(zip(FIELDS, row)), f"{path}: line {n}"))
    return out


def read(paths: Iterable) -> list[Record]:
    """Every record in ``paths``, duplicates once. A path is a record file, or a folder: every
    record file in it or below (a trainer collects the trainees' folders in one place), the
    JSON lines of a folder preferred to its CSV copy; a folder without any holds no record
    yet (nobody has submitted). A path that does not exist is an error."""
    records, seen = [], set()
    for p in paths:
        for path in _record_files(Path(p)):
            try:
                got = read_csv(path) if path.suffix.lower() == ".csv" else read_jsonl(path)
            except UnicodeDecodeError:
                raise RecordError(f"{path}: not a text file") from None
            for rec in got:
                key = (rec.trainee, rec.module, rec.attempt, rec.date)
                if key not in seen:
                    seen.add(key)
                    records.append(rec)
    return records


def _record_files(path: Path) -> list[Path]:
    """The record files ``path`` stands for (see :func:`read`), in name order."""
    if not path.is_dir():
        if not path.is_file():
            raise RecordError(f"{path}: no such file")
        return [path]
    folders = sorted({f.parent for f in path.rglob(JSONL)} | {f.parent for f in path.rglob(CSV)})
    return [f / JSONL if (f / JSONL).is_file() else f / CSV for f in folders]


# ---------------------------------------------------------------- the summary
@dataclass
class Summary:
    """Per trainee and module (best score, attempts, passed, last date) and per module
    (trainees, passed)."""

    rows: list
    modules: list

    def to_dict(self) -> dict:
        return {"trainees": self.rows, "modules": self.modules}

    def text(self, width: int = 100) -> str:
        """A plain table no wider than ``width`` characters (a sentence when there is no
        record yet)."""
        if not self.rows:
            return ("No completion record yet: none of the record files given holds one "
                    f"({JSONL} is written when a trainee submits an assessment).")
        head = ("trainee", "module", "best", "attempts", "passed", "last date")
        body = [(r["trainee"], r["module"], f"{r['best_score']}/{r['max']}",
                 str(r["attempts"]), "yes" if r["passed"] else "no", r["last_date"][:10])
                for r in self.rows]
        lines = _table(head, body, width, shrink=(0, 1))
        lines += ["", *_table(("module", "trainees", "passed"),
                              [(m["module"], str(m["trainees"]), str(m["passed"]))
                               for m in self.modules], width, shrink=(0,))]
        return "\n".join(lines)


def _table(head, body, width: int, shrink=(0,)) -> list[str]:
    widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(head)]
    over = sum(widths) + 2 * (len(widths) - 1) - width
    while over > 0 and any(widths[i] > 12 for i in shrink):
        i = max(shrink, key=lambda k: widths[k])
        widths[i] -= 1
        over -= 1

    def cut(text: str, w: int) -> str:
        return text if len(text) <= w else text[: w - 1] + "…"

    def fmt(row) -> str:
        return "  ".join(cut(c, w).ljust(w) for c, w in zip(row, widths)).rstrip()

    return [fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in body]


def summarise(paths: Iterable) -> Summary:
    """The summary of every record in ``paths`` (files or folders)."""
    per: dict[tuple, dict] = {}
    for rec in read(paths):
        row = per.setdefault((rec.trainee, rec.module), {
            "trainee": rec.trainee, "module": rec.module, "module_title": rec.module_title,
            "best_score": rec.score, "max": rec.max, "attempts": 0, "passed": False,
            "last_date": rec.date})
        row["attempts"] += 1
        if rec.score >= row["best_score"]:
            row["best_score"], row["max"] = rec.score, rec.max
        row["passed"] = row["passed"] or rec.passed
        row["last_date"] = max(row["last_date"], rec.date)
    rows = sorted(per.values(), key=lambda r: (r["module"], r["trainee"]))
    modules: dict[str, dict] = {}
    for r in rows:
        m = modules.setdefault(r["module"], {"module": r["module"], "title": r["module_title"],
                                             "trainees": 0, "passed": 0})
        m["trainees"] += 1
        m["passed"] += int(r["passed"])
    return Summary(rows=rows, modules=[modules[k] for k in sorted(modules)])
