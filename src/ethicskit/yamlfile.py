"""Reading the user's YAML files (config, inventory, lexicon) with one safe, bounded loader.

:func:`read_yaml` uses a :class:`yaml.SafeLoader` subclass that refuses anchors and aliases
(``&a`` / ``*a``): an alias "bomb" of one kilobyte can expand to gigabytes, and no ethicskit
file needs them. Every problem is a :class:`~ethicskit.errors.ConfigError` naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ethicskit.errors import ConfigError
from ethicskit.files import regular_file

#: The largest YAML file read (bytes); a config, inventory or lexicon is a few kilobytes.
MAX_YAML_BYTES = 16 * 1024 * 1024

ALIAS_MESSAGE = "YAML anchors and aliases are not accepted"


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses any anchor or alias while composing."""

    def compose_node(self, parent, index):  # noqa: D401 - yaml API
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            mark = event.start_mark
            raise _AliasRefused(mark)
        return super().compose_node(parent, index)


    def construct_yaml_timestamp(self, node):
        """A date such as ``2026-13-45`` is a YAML error at its line, not a crash."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark) from None


_NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp",
                               _NoAliasLoader.construct_yaml_timestamp)


class _AliasRefused(Exception):
    def __init__(self, mark):
        super().__init__(ALIAS_MESSAGE)
        self.mark = mark


def read_yaml(path: str | Path, *, what: str = "YAML file", prefix: str = "") -> Any:
    """Parse the YAML file ``path`` (UTF-8) without anchors or aliases; ``prefix`` is put before
    every message (e.g. a config key)."""
    path = Path(path)
    st = regular_file(path, what=what, expected=f"a {what}", error=ConfigError, prefix=prefix)
    if st.st_size > MAX_YAML_BYTES:
        raise ConfigError(f"{prefix}{path}: {what} is larger than {MAX_YAML_BYTES >> 20} MiB")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{prefix}{path}: not UTF-8 text ({exc.reason} at byte "
                          f"{exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{prefix}{path}: cannot read {what}: {exc.strerror}") from None
    return parse_yaml(text, where=f"{prefix}{path}")


def parse_yaml(text: str, *, where: str) -> Any:
    """Parse YAML text without anchors or aliases; errors are :class:`ConfigError` starting
    with ``where`` (a file, or a command-line option)."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except _AliasRefused as exc:
        raise ConfigError(f"{where}: {ALIAS_MESSAGE} (line {exc.mark.line + 1})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "is not a real date" in problem and mark:
            raise ConfigError(f"{where}: line {mark.line + 1}: {problem}") from None
        raise ConfigError(f"{where}: YAML syntax error{line}: {problem}") from None
    except RecursionError:
        raise ConfigError(f"{where}: YAML nested too deeply") from None
