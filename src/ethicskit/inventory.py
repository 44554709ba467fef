"""The data inventory (docs/data.md): what the organisation declares about each column.

Read with a safe YAML loader and validated: unknown field names, unknown categories, legal bases
or sources, and values of the wrong type are :class:`ConfigError` naming ``columns.<name>.<field>``.
Missing fields are *not* an error here: ``transparency.inventory_completeness`` reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ethicskit.errors import ConfigError
from ethicskit.yamlfile import read_yaml

REQUIRED_FIELDS = ("category", "purpose", "legal_basis", "source", "retention_days", "in_model",
                   "reason")
CATEGORIES = ("identifier", "contact", "demographic", "behavioural", "inferred",
              "special_category", "consent", "model_output")
LEGAL_BASES = ("consent", "contract", "legitimate_interest", "legal_obligation", "vital_interests",
               "public_task")
SOURCES = ("provided", "observed", "inferred")
USES = ("audit_only", "model", "targeting", "contact", "operations")
#: The conditions of GDPR Art. 9(2) (a)-(j) under which special-category data may be processed,
#: and ``bias_monitoring`` (AI Act Art. 10(5); UK DPA 2018 Sch. 1 para. 8).
ART9_CONDITIONS = ("explicit_consent", "bias_monitoring", "employment_social_security",
                   "vital_interests", "not_for_profit_body", "made_public", "legal_claims",
                   "substantial_public_interest", "health_care", "public_health",
                   "archiving_research", "legal_obligation")
_CHOICES = {"category": CATEGORIES, "legal_basis": LEGAL_BASES, "source": SOURCES, "use": USES,
            "art9_condition": ART9_CONDITIONS}
#: Optional fields (v2): who receives the column, transfers outside the EEA with their safeguard,
#: the Art. 9 condition of a special category, and what the customer notice calls the column.
OPTIONAL_FIELDS = ("use", "description", "recipients", "transfers", "art9_condition",
                   "display_name")
_FIELDS = set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS)


@dataclass
class Inventory:
    """Declared columns, keyed by the name the inventory uses (dataset or logical name)."""

    columns: dict[str, dict] = field(default_factory=dict)
    path: str | None = None

    def entry_for(self, *names: str) -> tuple[str, dict] | None:
        """The first declared entry among ``names`` (e.g. dataset name, then logical name)."""
        for name in names:
            if name in self.columns:
                return name, self.columns[name]
        return None

    def excluded(self) -> dict[str, str]:
        """Declared columns excluded from use: ``in_model: false`` or ``use: audit_only``."""
        out = {}
        for name, entry in self.columns.items():
            if entry.get("use") == "audit_only":
                out[name] = "use: audit_only"
            elif entry.get("in_model") is False:
                out[name] = "in_model: false"
        return out


def validate_inventory(raw, *, path: str | None = None) -> Inventory:
    where = f"{path}: " if path else ""
    if not isinstance(raw, dict) or not isinstance(raw.get("columns"), dict):
        raise ConfigError(f"{where}the inventory must be a mapping with a `columns:` mapping")
    unknown = set(raw) - {"columns", "dataset", "owner", "description"}
    if unknown:
        raise ConfigError(f"{where}{sorted(unknown)[0]}: unknown inventory key")
    columns = {}
    for name, entry in raw["columns"].items():
        key = f"columns.{name}"
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}{key}: expected a mapping of fields, got {entry!r}")
        for fld, value in entry.items():
            if fld not in _FIELDS:
                import difflib

                close = difflib.get_close_matches(str(fld), sorted(_FIELDS), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ConfigError(f"{where}{key}.{fld}: unknown inventory field{hint}")
            if fld in _CHOICES and value is not None and value not in _CHOICES[fld]:
                raise ConfigError(f"{where}{key}.{fld}: {value!r} is not one of "
                                  f"{', '.join(_CHOICES[fld])}")
            if fld == "in_model" and value is not None and not isinstance(value, bool):
                raise ConfigError(f"{where}{key}.in_model: expected true or false, got {value!r}")
            if fld == "retention_days" and value is not None and (
                    not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ConfigError(f"{where}{key}.retention_days: expected a whole number of days,"
                                  f" got {value!r}")
            _check_v2_field(fld, value, f"{where}{key}.{fld}")
        columns[str(name)] = dict(entry)
    return Inventory(columns=columns, path=path)


def _check_v2_field(fld: str, value, where: str) -> None:
    """``recipients`` (a list of text), ``transfers`` (a list of ``{country, safeguard}``),
    ``display_name`` (text); None is allowed for each."""
    if value is None:
        return
    if fld == "recipients":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            raise ConfigError(f"{where}: expected a list of recipients (text), got {value!r}")
    elif fld == "transfers":
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list of {{country, safeguard}}, "
                              f"got {value!r}")
        for i, item in enumerate(value):
            if (not isinstance(item, dict) or set(item) - {"country", "safeguard"}
                    or not all(isinstance(item.get(k), str) and item[k].strip()
                               for k in ("country", "safeguard"))):
                raise ConfigError(f"{where}[{i}]: expected {{country: XX, safeguard: text}}, "
                                  f"got {item!r}")
    elif fld == "display_name":
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: expected text, got {value!r}")


def load_inventory(path: str | Path) -> Inventory:
    """Read and validate an inventory YAML file."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path}: inventory file not found")
    raw = read_yaml(path, what="inventory file")
    return validate_inventory(raw, path=str(path))
