"""The sensitive lexicon: the nine categories of docs/checks.md and the words that reveal them.

Eight are the special categories of GDPR Art. 9(1) (:data:`SPECIAL_CATEGORIES`, judged by
``targeting.sensitive_interests``); the ninth, ``financial_hardship``, is not a special category
and is judged by ``targeting.hardship_targeting`` (consumer-protection and conduct rules).

The default lexicon is ``templates/lexicons/sensitive_categories.yaml`` at the project's root, the
copy users read and edit. The package reads its own identical copy,
``ethicskit/data/lexicons/sensitive_categories.yaml``, so that it works the same when installed
from a wheel (where ``templates/`` does not exist); a test keeps the two identical.

A campaign config overrides it with ``sensitive_lexicon:``, a path to a YAML file of the same
shape or an inline mapping ``category -> [words]``. A category the override names replaces that
category's default words; the others keep theirs; an empty list leaves only the match by key.

Every entry is normalised the way tokens are: lower-cased and split on everything that is not a
letter. An entry of one word matches a token holding that word; an entry of several words
(``weight loss``) matches a token holding those words one after the other.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ethicskit.errors import ConfigError
from ethicskit.yamlfile import read_yaml

#: The sensitive categories of docs/checks.md, in its order.
CATEGORIES = ("health", "sexual_orientation", "religion", "political", "ethnicity", "trade_union",
              "genetic", "biometric", "financial_hardship")

#: The special categories of GDPR Art. 9(1): every category but financial hardship.
SPECIAL_CATEGORIES = tuple(c for c in CATEGORIES if c != "financial_hardship")
#: The category judged by ``targeting.hardship_targeting``.
HARDSHIP = "financial_hardship"

#: The package's copy of the lexicon (read by default).
DEFAULT_LEXICON = Path(__file__).resolve().parents[1] / "data" / "lexicons" / \
    "sensitive_categories.yaml"

#: Splits text into words: everything that is not a letter (digits, ``_``, ``:``, ``-``, spaces).
NON_LETTERS = re.compile(r"[\W\d_]+")
_KEY = "sensitive_lexicon"


def words_of(text: str) -> list[str]:
    """The lower-case words of ``text``, split on non-letters (``"interest:Weight-Loss"`` ->
    ``["interest", "weight", "loss"]``)."""
    return [w for w in NON_LETTERS.split(str(text).lower()) if w]


@dataclass(frozen=True)
class Lexicon:
    """Per category: the single words and the phrases (tuples of consecutive words)."""

    words: dict[str, frozenset[str]]
    phrases: dict[str, tuple[tuple[str, ...], ...]]
    source: str = "default"

    @property
    def categories(self) -> tuple[str, ...]:
        return CATEGORIES

    def entries(self, category: str) -> list[str]:
        """The category's entries as readable text (words, then phrases)."""
        return sorted(self.words[category]) + [" ".join(p) for p in self.phrases[category]]


def _read_yaml(path: Path, key: str) -> Any:
    if not path.exists():
        raise ConfigError(f"{key}: lexicon file not found: {path}")
    return read_yaml(path, what="lexicon file", prefix=f"{key}: ")


def _validate(raw: Any, *, key: str) -> dict[str, list[tuple[str, ...]]]:
    """Check a lexicon mapping; return category -> list of word tuples. Errors name the key."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{key}: expected a mapping category -> list of words, "
                          f"got {type(raw).__name__}")
    out: dict[str, list[tuple[str, ...]]] = {}
    for category, entries in raw.items():
        name = str(category)
        if name not in CATEGORIES:
            close = difflib.get_close_matches(name, CATEGORIES, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{key}.{name}: unknown sensitive category{hint}; categories are "
                              f"{', '.join(CATEGORIES)}")
        if entries is None:
            entries = []
        if isinstance(entries, str):
            entries = [entries]
        if not isinstance(entries, list):
            raise ConfigError(f"{key}.{name}: expected a list of words, got {entries!r}")
        parsed = []
        for i, entry in enumerate(entries):
            if not isinstance(entry, (str, int, float)) or isinstance(entry, bool):
                raise ConfigError(f"{key}.{name}[{i}]: expected a word, got {entry!r}")
            words = words_of(str(entry))
            if not words:
                raise ConfigError(f"{key}.{name}[{i}]: {entry!r} has no letters to match")
            parsed.append(tuple(words))
        out[name] = parsed
    return out


def _build(per_category: dict[str, list[tuple[str, ...]]], source: str) -> Lexicon:
    words = {c: frozenset(e[0] for e in per_category.get(c, []) if len(e) == 1)
             for c in CATEGORIES}
    phrases = {c: tuple(sorted({e for e in per_category.get(c, []) if len(e) > 1}))
               for c in CATEGORIES}
    return Lexicon(words=words, phrases=phrases, source=source)


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> dict[str, list[tuple[str, ...]]]:
    """The packaged lexicon, read and validated once per process (it ships with the code)."""
    return _validate(_read_yaml(DEFAULT_LEXICON, "default lexicon"), key="default lexicon")


def load_lexicon(override: str | Path | Mapping | None = None) -> Lexicon:
    """The lexicon in force: the default, with the categories of ``override`` replaced.

    Parameters
    ----------
    override
        The config's ``sensitive_lexicon``: a YAML file path or a mapping category -> words.

    Raises
    ------
    ConfigError
        The override is not a mapping, names an unknown category, or holds an entry without
        letters; the message names the key (``sensitive_lexicon.helth``).
    """
    default = _default_lexicon()
    if override is None or (isinstance(override, str) and not override.strip()):
        return _build(default, "default")
    if isinstance(override, Mapping):
        mine, source = _validate(override, key=_KEY), "config"
    else:
        path = Path(override)
        mine, source = _validate(_read_yaml(path, _KEY), key=_KEY), str(path)
    return _build({**default, **mine}, source)


def lexicon_for(campaign) -> Lexicon:
    """The lexicon of a campaign's config (read each call: keep the result)."""
    return load_lexicon(campaign.config.sensitive_lexicon)
