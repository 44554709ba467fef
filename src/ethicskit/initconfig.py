"""``ethicskit init-config DATASET [--out FILE]``: a config template with a guessed column mapping.

The guess is a starting point for a person to review, and it loads as it is written:

- a file whose first line looks like data (numbers, e-mail addresses, dates) has no header; that
  is an input error which proposes a header line, since column names come from the first line;
- exact logical names map themselves; common synonyms (``race``, ``sex``, ``dob``,
  ``Year_Birth``, ``zip``, ``cust_id``, ``e-mail``, ``mobile``, ``impressions``...) and close
  spellings are proposed, and a proposal is kept only when the column's values load as that
  logical column (a unique key, yes/no values, dates, ISO country codes...); a refused one is left
  as a comment saying why;
- ``columns:`` is written once, ``{}`` with a comment when nothing was guessed;
- ``decision:`` names a column that exists (``targeted``, else ``prediction``, else the
  outcome); with none, a commented ``derive:`` example shows how to compute one;
- ``dataset:`` is relative to the folder of ``--out`` (absolute when the config is printed);
- ``model_features`` never lists identifier, special-category, outcome or protected columns.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gzip
import json
import os
import re
from pathlib import Path

import pandas as pd
import yaml

from ethicskit import data as D
from ethicskit.errors import DataError, InputError
from ethicskit.masking import safe_label
from ethicskit.schema import BOOL, CHANNELS, DATE, DATETIME, LOGICAL_TYPES

SYNONYMS = {
    "customer_id": ("id", "cust_id", "cust_no", "customer", "client_id", "user_id", "member_id",
                    "customer_number", "customer_no", "client_no", "person_id", "account_id"),
    "email": ("mail", "e_mail", "email_address", "e_mail_address"),
    "phone": ("telephone", "tel", "mobile", "phone_number", "msisdn", "cell", "mobile_number",
              "telephone_number", "cellphone"),
    "full_name": ("name", "customer_name", "client_name", "fullname"),
    "street_address": ("address", "street", "address_line_1", "address1"),
    "ip_address": ("ip", "ip_addr", "ipaddress"),
    "birth_date": ("dob", "date_of_birth", "birthday", "birthdate", "year_birth", "birth_year",
                   "year_of_birth", "yob"),
    "age": ("age_years", "customer_age", "client_age"),
    "gender": ("sex",),
    "ethnicity": ("race", "ethnic_group", "ethnic_origin", "ethnicity_race", "race_ethnicity"),
    "marital_status": ("marital", "civil_status", "marital_state"),
    "has_children": ("children", "kids", "has_kids", "parent"),
    "disability": ("disabled", "has_disability", "disability_status"),
    "postcode": ("zip", "zipcode", "zip_code", "postal_code", "plz", "post_code", "postalcode"),
    "country": ("country_code", "nation", "country_iso"),
    "region": ("state_code", "subdivision", "region_code", "iso_region"),
    "consent_email": ("email_consent", "email_optin", "optin_email", "email_opt_in",
                      "opt_in_email", "optin_mail", "newsletter_optin"),
    "consent_sms": ("sms_consent", "sms_optin", "optin_sms", "sms_opt_in", "opt_in_sms"),
    "consent_phone": ("phone_consent", "phone_optin", "optin_phone", "call_consent",
                      "phone_opt_in", "opt_in_phone"),
    "consent_personalization": ("personalization_consent", "personalisation_consent",
                                "consent_personalisation", "profiling_consent"),
    "consent_ts": ("consent_date", "consent_time", "consent_at", "optin_date", "opt_in_date"),
    "optout_ts": ("optout_date", "opt_out_date", "unsubscribed_at", "unsubscribe_date",
                  "opt_out_ts", "unsubscribed"),
    "erasure_request_ts": ("erasure_date", "deletion_request_date", "erasure_request_date",
                           "delete_request_date"),
    "collected_ts": ("collected_at", "collection_date", "created_at", "signup_date",
                     "registration_date", "dt_customer", "join_date"),
    "contact_ts": ("contact_date", "contacted_at", "sent_at", "send_date", "contact_time"),
    "contact_count": ("campaign", "contacts", "n_contacts", "times_contacted",
                      "number_of_contacts"),
    "channel": ("contact", "contact_channel", "medium", "contact_type"),
    "segment": ("audience_segment", "segment_name"),
    "targeted": ("selected", "in_audience", "audience", "is_targeted", "target_flag"),
    "prediction": ("predicted", "model_decision", "pred"),
    "outcome": ("converted", "response", "responded", "y", "conversion", "subscribed"),
    "score": ("propensity", "propensity_score", "model_score"),
    "offer_value": ("discount", "price", "offer"),
    "product_category": ("product_type", "category"),
    "weight": ("impressions", "weights", "people", "frequency"),
    "selected_count": ("approved_conversion", "conversions", "total_conversion",
                       "selected_n"),
}

#: Words in a column's name that mark special-category data (GDPR Art. 9(1)): never features.
SPECIAL_WORDS = ("race", "ethnic", "religio", "faith", "belief", "health", "medical",
                 "diagnos", "disab", "pregnan", "sexual", "orientation", "political",
                 "trade_union", "union_member", "genetic", "biometric", "condition")
#: Names of outcome-like columns (what happened, the label): never features.
_OUTCOME_NAME = re.compile(
    r"^(y|target|label|class|churn(ed)?|purchased?|bought|clicked|clicks|"
    r"is_recid|two_year_recid|recid.*|response.*|.*conversions?|outcome.*|converted|"
    r"accepted.*|subscribed|result|decision|decile_score.*|score.*|.*_score|v_.*score.*)$")
#: Names of identifier-like columns: never features.
_ID_NAME = re.compile(
    r"^(id|uuid|guid|name|first|last|first_?name|last_?name|surname|given_?name|"
    r"family_?name|.*_id|id_.*|.*_uuid|ssn|passport|iban|email.*|.*_email|phone.*|"
    r".*_phone|address.*|ip)$")
#: Names that are identifiers only when every value differs (``account_no``, not ``lucky_number``).
_KEY_NAME = re.compile(r"^(key|account|.*_no|.*_number|.*_key|.*_code|.*_ref)$")
#: A first-line field that is data, not a column name.
_DATA_FIELD = re.compile(
    r"^([+-]?\d+([.,]\d+)?|[^@\s]+@[^@\s]+\.[a-z]{2,}|\d{4}-\d{2}-\d{2}.*|"
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
#: Dataset channel words -> the contract's channel.
CHANNEL_WORDS = {"cellular": "phone", "telephone": "phone", "tel": "phone", "call": "phone",
                 "mobile": "phone", "voice": "phone", "e-mail": "email", "mail": "email",
                 "newsletter": "email", "text": "sms", "sms": "sms", "letter": "post",
                 "postal": "post", "direct_mail": "post", "facebook": "social",
                 "instagram": "social", "twitter": "social", "tiktok": "social",
                 "banner": "display", "web": "display", "online": "display",
                 "app": "push", "notification": "push"}

PROTECTED = ("gender", "ethnicity", "marital_status", "has_children", "disability")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")


def guess_mapping(columns) -> dict[str, str]:
    """logical name -> dataset column, for the columns whose *names* look like a logical one
    (exact logical names are left out: the loader takes them itself)."""
    mapping: dict[str, str] = {}
    columns = [str(c) for c in columns]
    normed: dict[str, str] = {}
    for c in columns:
        normed.setdefault(_norm(c), c)
    for logical in LOGICAL_TYPES:
        if logical in columns:
            continue
        candidates = [normed[s] for s in (logical, *SYNONYMS.get(logical, ())) if s in normed]
        if not candidates:
            close = difflib.get_close_matches(logical, list(normed), n=1, cutoff=0.85)
            candidates = [normed[c] for c in close]
        for candidate in candidates:
            if candidate not in mapping.values() and candidate not in LOGICAL_TYPES:
                mapping[logical] = candidate
                break
    return mapping


# ---------------------------------------------------------------------------- the header
def _first_lines(path: Path, n: int = 2) -> list[str] | None:
    """The first ``n`` lines of a CSV file (gzip or not) as text; None for Parquet or binary."""
    with open(path, "rb") as f:
        head = f.read(4)
    opener = gzip.open if head[:2] == b"\x1f\x8b" else open
    try:
        with opener(path, "rb") as f:
            block = f.read(1 << 16)
    except OSError:
        return None
    if block[:4] == b"PAR1" or D.binary_kind(block) is not None:
        return None
    text = block.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.splitlines()[:n]


def _split(line: str, sep: str) -> list[str]:
    import csv

    return [f.strip() for f in next(csv.reader([line], delimiter=sep))] if line else []


def _value_name(value: str, i: int) -> str:
    if _EMAIL.match(value):
        return "email"
    if value.lower() in ("male", "female", "m", "f", "non-binary"):
        return "gender"
    return f"column_{i + 1}"


def check_header(path: str | Path) -> None:
    """A DataError when the first line of a CSV looks like data rather than column names."""
    path = Path(path)
    lines = _first_lines(path)
    if not lines:
        return
    try:
        sep = D.detect_delimiter(lines[0], path=str(path))
    except DataError:
        return  # read_table says what is wrong
    fields = _split(lines[0], sep)
    data = [(i, f) for i, f in enumerate(fields) if _DATA_FIELD.match(f)]
    numbers = [f for _, f in data if _NUMBER.match(f)]
    # one name that is a number ("2024") may be a column name; an e-mail or a date, two
    # numbers, or nothing but numbers are data
    if not data or (len(numbers) == len(data) == 1 and len(fields) > 1):
        return
    shown = ", ".join(f"field {i + 1} {safe_label(f)!r}" for i, f in data[:3])
    names, seen = [], set()
    for i, f in enumerate(fields):
        name = _value_name(f, i)
        name = name if name not in seen else f"column_{i + 1}"
        seen.add(name)
        names.append(name)
    verb = "is a value" if len(data) == 1 else "are values"
    raise DataError(f"{path}: the first line looks like data, not column names ({shown} "
                    f"{verb}); ethicskit reads the column names from the first line: add a "
                    f"header line such as "
                    f"{sep.join(names)!r} (with your own names) and run init-config again")


# ---------------------------------------------------------------------------- values
#: Columns mapped only when their values are codes of this shape: (logical, pattern, what).
CODE_SHAPES = (
    ("country", r"[A-Za-z]{2}", "ISO 3166-1 alpha-2 codes (recode them with values:)"),
    ("region", r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", "ISO 3166-2 codes (US-CA)"),
)


def _loads_as(raw: pd.DataFrame, columns: dict[str, str], path: str, *,
              date_format: dict | None = None) -> str | None:
    """None when ``raw``'s columns load as the logical columns of ``columns``; else why not."""
    from ethicskit.campaign import prepare
    from ethicskit.config import Config

    config = Config(columns={k: v for k, v in columns.items() if k != v},
                    date_format=date_format)
    frame = raw[list(dict.fromkeys(columns.values()))]
    try:
        prepare(frame.copy(), config, as_of=dt.datetime.now(dt.timezone.utc).date(),
                path=path, csv=True)
    except InputError as exc:
        text = str(exc)
        return text[len(path) + 2:] if text.startswith(f"{path}: ") else text
    for logical, pattern, codes in CODE_SHAPES:
        if logical in columns:
            values = D.strip_text(raw[columns[logical]]).dropna().unique()
            bad = [v for v in values if not re.fullmatch(pattern, str(v))]
            if bad:
                return f"values such as {safe_label(str(bad[0])[:20])!r} are not {codes}"
    return None


def _channel_values(s: pd.Series) -> dict[str, str] | None:
    """``values:`` recode of a channel column into the contract's words; None when every value
    is already one, or a value is not recognised (then the column is not mapped)."""
    values = [str(v) for v in D.strip_text(s, case="lower").dropna().unique()]
    if all(v in CHANNELS for v in values):
        return {}
    recode = {}
    for v in values:
        if v in CHANNELS:
            continue
        word = CHANNEL_WORDS.get(v.replace(" ", "_"))
        if word is None:
            return None
        recode[v] = word
    return recode


#: Date formats tried on a date column that is not ISO 8601, in this order.
DATE_FORMATS = ("%d-%m-%Y", "%m-%d-%Y", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d",
                "%Y%m%d", "%d-%m-%y", "%d/%m/%y", "%m/%d/%y", "%d-%m-%Y %H:%M",
                "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M:%S")


def guess_date_format(s: pd.Series) -> str | None:
    """The one format of :data:`DATE_FORMATS` that reads every value of ``s`` (None when no
    format or more than one does: ``04-09-2012`` alone could be April or September)."""
    values = pd.Series(s.dropna().astype(str).str.strip().unique())
    values = values[values != ""]
    if values.empty:
        return None
    fits = [f for f in DATE_FORMATS
            if pd.to_datetime(values, format=f, errors="coerce").notna().all()]
    return fits[0] if len(fits) == 1 else None


def _mapping_date_format() -> bool:
    """True when this ethicskit accepts ``date_format:`` as a mapping column -> format."""
    from ethicskit.config import _KEYS

    return dict in _KEYS["date_format"][0]


def _short(why: str) -> str:
    """A loader's message cut to its first clause, for a one-line comment."""
    why = re.sub(r"^column '[^']*' ", "", why)
    for cut in (":", " '", " at row", " a value"):
        why = why.split(cut)[0]
    return why.strip()[:90]


def _gender_values(s: pd.Series) -> dict[str, str]:
    """``values:`` spelling out one-letter genders (``F`` -> female, ``M`` -> male), so that
    groups, reference groups and population shares read as words."""
    words = {"f": "female", "m": "male", "w": "female"}
    found = [str(v) for v in s.dropna().astype(str).str.strip().unique() if str(v)]
    if not found or not all(v.lower() in words for v in found) or (
            "w" in {v.lower() for v in found} and "f" in {v.lower() for v in found}):
        return {}
    return {v: words[v.lower()] for v in sorted(found)}


# ---------------------------------------------------------------------------- YAML
def _y(value) -> str:
    """A YAML scalar that reads back as exactly the string ``value``."""
    text = str(value)
    plain = re.fullmatch(r"[A-Za-z_./][A-Za-z0-9_.\-/ ]*", text) and not text.endswith(" ")
    try:
        if plain and yaml.safe_load(text) == text:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _list(items) -> str:
    return "[" + ", ".join(_y(i) for i in items) + "]"


def _dataset_path(dataset: Path, out: str | Path | None) -> str:
    absolute = dataset.resolve()
    if out is None:
        return str(absolute)
    folder = Path(out).resolve().parent
    try:
        return Path(os.path.relpath(absolute, folder)).as_posix()
    except ValueError:  # another drive (Windows)
        return str(absolute)


def _is_special(name: str) -> bool:
    n = _norm(name)
    return any(w in n for w in SPECIAL_WORDS)


def _is_outcome(name: str, s: pd.Series | None = None) -> bool:
    """Named like a label; ``income`` only when it is a class (``>50K``), not an amount."""
    n = _norm(name)
    if n == "income":
        return s is not None and not _numeric(s)
    return bool(_OUTCOME_NAME.match(n))


def _numeric(s: pd.Series) -> bool:
    text = s.dropna().astype(str).str.strip()
    return not text.empty and bool(pd.to_numeric(text.head(1000), errors="coerce").notna().all())


def _is_identifier(name: str, s: pd.Series) -> bool:
    if _ID_NAME.match(_norm(name)):
        return True
    text = s.dropna().astype(str)
    if text.empty:
        return False
    if _KEY_NAME.match(_norm(name)) and len(text) >= 20 and text.nunique() == len(text):
        return True
    if pd.to_numeric(text.head(1000), errors="coerce").notna().all():
        return False  # numbers are measurements, not keys
    sample = text.head(5000)
    if sample.str.match(_EMAIL).mean() > 0.5:
        return True
    return len(sample) >= 20 and sample.nunique() == len(sample)


def _derive_example(raw: pd.DataFrame, columns: list[str]) -> str:
    """A ``derive:`` line (commented) computing ``targeted`` from an outcome-like column
    (one with two values first: ``is_recid`` before ``decile_score``)."""
    columns = sorted(columns, key=lambda c: raw[c].nunique() != 2)
    for c in columns:
        s = raw[c].dropna().astype(str).str.strip()
        if s.empty:
            continue
        if pd.to_numeric(s.head(1000), errors="coerce").notna().all():
            return f'# derive: {{targeted: {json.dumps(_sql(c) + " > 0")}}}'
        top = s.value_counts().index[:2].tolist()
        if len(top) == 2:
            value = min(top, key=len).replace("'", "''")
            return f'# derive: {{targeted: {json.dumps(f"{_sql(c)} = {chr(39)}{value}{chr(39)}")}}}'
    return '# derive: {targeted: "your_column > 0"}   # an SQL condition over your columns'


def _sql(column: str) -> str:
    return column if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", column) else json.dumps(column)


# ---------------------------------------------------------------------------- the template
def config_template(dataset: str | Path, out: str | Path | None = None) -> str:
    """A commented YAML config for ``dataset`` that loads as it is written.

    ``out`` is where the config will be written: ``dataset:`` is relative to its folder (absolute
    when ``out`` is None, the config printed)."""
    dataset = Path(dataset)
    check_header(dataset)
    encoding = "utf-8"
    try:
        raw, _, _ = D.read_table(dataset)
    except DataError as exc:
        if "not valid utf-8" not in str(exc).lower():
            raise
        encoding = "latin-1"
        raw, _, _ = D.read_table(dataset, encoding=encoding)
    path = str(dataset)
    columns = [str(c) for c in raw.columns]
    exact = [c for c in columns if c in LOGICAL_TYPES]
    guessed = guess_mapping(columns)
    notes: list[str] = []
    values: dict[str, dict[str, str]] = {}
    date_formats: dict[str, str] = {}
    mapping: dict[str, str] = {}

    # exact names are read by the loader whatever the config says: say when they cannot load
    for logical in exact:
        why = _loads_as(raw, {logical: logical}, path)
        if why:
            bands = (logical == "age" and raw[logical].dropna().astype(str).str.fullmatch(
                r"\d+\s*(-\s*\d+|\+)").all())
            fix = ("it holds age bands: rename the column age_band" if bands else
                   "rename the column or fix its values")
            notes.append(f"# WARNING: column {logical!r} does not load as {logical} "
                         f"({_short(why)}): {fix}; until then the run stops here")
    refused: dict[str, tuple[str, str]] = {}
    for logical, column in guessed.items():
        if logical == "selected_count":
            continue  # checked with its weight below
        if logical == "channel":
            recode = _channel_values(raw[column])
            if recode is None:
                refused[logical] = (column, "values that are not channels")
                continue
            if recode:
                values[column] = recode
            mapping[logical] = column
            continue
        why = _loads_as(raw, {logical: column}, path)
        kind = LOGICAL_TYPES[logical]
        if why and kind in (DATE, DATETIME):
            fmt = guess_date_format(raw[column])
            if fmt is None:
                why = ("its values are not ISO 8601 dates (YYYY-MM-DD) and no one date format "
                       "fits them all: set date_format:")
            elif not _mapping_date_format():
                why = f'its dates read as {fmt}: date_format: {{{column}: "{fmt}"}}'
            elif _loads_as(raw, {logical: column}, path, date_format={column: fmt}) is None:
                why, date_formats[column] = None, fmt
            else:
                why = f"its dates do not load even as {fmt}"
        elif why and kind == BOOL and "bool" in why:
            why = "its values are not yes/no: recode them with values: or compute it with derive:"
        elif why and logical == "customer_id" and "duplicate" in why:
            why = "its values repeat, and a person's key must be unique"
        elif why and logical not in ("country", "region"):
            why = _short(why)
        if why:
            refused[logical] = (column, why)
        else:
            mapping[logical] = column
    if "selected_count" in guessed:
        column = guessed["selected_count"]
        weight = mapping.get("weight", "weight" if "weight" in exact else None)
        why = ("needs a weight column (how many people a row stands for)" if weight is None
               else _loads_as(raw, {"weight": weight, "selected_count": column}, path))
        if why:
            refused["selected_count"] = (column, why)
        else:
            mapping["selected_count"] = column

    gender = mapping.get("gender", "gender" if "gender" in exact else None)
    if gender is not None:
        recode = _gender_values(raw[gender])
        if recode:
            values[gender] = recode
    present = set(mapping) | set(exact)
    if "birth_date" in present or "age" in present or "age_band" in columns:
        present.add("age_band")
    decision_lines: list[str] = []
    if "selected_count" in present:
        decision_lines = [f"decision: {_y(mapping.get('selected_count', 'selected_count'))}"
                          f"   # rows are aggregated: the people of each row with the decision"]
    elif "targeted" in present:
        decision_lines = ["decision: targeted            # the column whose rate is audited"]
    elif "prediction" in present:
        decision_lines = ["decision: prediction          # the model's decision, audited "
                          "(no targeted column found)"]
    elif "outcome" in present:
        decision_lines = [f"decision: {_y(mapping.get('outcome', 'outcome'))}"
                          f"   # no targeted column: the outcome's rate is audited"]
    if any(line.startswith("decision:") for line in decision_lines):
        decision_lines += [
            "# decision_favourable: false  # when the decision harms (declined, flagged high "
            "risk)",
            "# decision_domain: general    # credit, housing, employment: a failed bias screen "
            "fails the run"]
    else:
        candidates = [c for c in columns if c not in mapping.values() and _is_outcome(c, raw[c])]
        decision_lines = [
            "# decision: targeted   # no yes/no decision column was found; compute one with",
            _derive_example(raw, candidates) + "   # (SQL over your columns), then",
            "#                        uncomment decision: (until then the bias checks are not "
            "evaluated)"]

    used = set(mapping.values()) | set(exact) | ({"age_band"} & set(columns))
    features, special = [], []
    for c in columns:
        if c in used:
            continue
        if _is_special(c):
            special.append(c)
        elif not (_is_outcome(c, raw[c]) or _is_identifier(c, raw[c])
                  or c in {col for col, _ in refused.values()}):
            features.append(c)
    special += [c for c in ("ethnicity", "disability") if c in present]
    protected = [a for a in PROTECTED if a in present]
    if "age_band" in present:
        protected.insert(1 if "gender" in protected else 0, "age_band")
    quasi = [q for q in ("postcode", "age_band", "gender", "country") if q in present]

    lines = [
        f"# ethicskit campaign config for {dataset.name} (generated by ethicskit init-config; "
        f"review every line)",
        *notes,
        "name: My campaign",
        f"dataset: {_y(_dataset_path(dataset, out))}",
        "# as_of: 2026-11-29          # reference date for deadlines and ages; default today",
    ]
    if encoding != "utf-8":
        lines.append(f"encoding: {encoding}               # the file is not valid UTF-8")
    if mapping:
        lines.append("columns:                     # logical name -> this dataset's column "
                     "(guessed)")
        lines += [f"  {k}: {_y(v)}" for k, v in mapping.items()]
    else:
        lines.append("columns: {}                  # no column was recognised: map yours as "
                     "logical_name: your_column")
    for logical, (column, why) in refused.items():
        lines.append(f"#   {logical}: {_y(column)}   # not mapped: {why}")
    if date_formats:
        lines.append("date_format:                 # the columns whose dates are not ISO 8601")
        lines += [f"  {_y(c)}: {json.dumps(f)}" for c, f in date_formats.items()]
    if values:
        lines.append("values:                      # recode values to the contract's words")
        lines += [f"  {_y(c)}: {{{', '.join(f'{_y(k)}: {v}' for k, v in r.items())}}}"
                  for c, r in values.items()]
    if protected:
        lines.append(f"protected_attributes: {_list(protected)}")
    else:
        lines.append("# protected_attributes: [gender, age_band]   # none recognised")
    lines += decision_lines
    lines.append("# model features: never identifiers, special-category data, outcomes or "
                 "protected attributes")
    lines.append(f"model_features: {_list(features)}")
    if special:
        lines.append(f"special_category_columns: {_list(dict.fromkeys(special))}")
    if quasi:
        lines.append(f"quasi_identifiers: {_list(quasi)}")
    lines += [
        "# inventory: inventory.yaml   # the data inventory (see templates/inventory.yaml)",
        "thresholds: {}                # any threshold of `ethicskit checks` by name",
    ]
    return "\n".join(lines) + "\n"
