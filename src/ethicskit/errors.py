"""Typed exceptions. Every problem with what a user gave us derives from :class:`InputError`.

An input error is reported on the command line as one or two lines, without a traceback, and
gives exit code 2. Its message names the place: file, column, row or config key.
"""

from __future__ import annotations

import difflib
import re


def did_you_mean(name: object, choices) -> str:
    """`` (did you mean 'k_min'?)`` naming the closest of ``choices`` to ``name``, or ``""``:
    the hint every input error about a misspelt key gives."""
    close = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class EthicskitError(Exception):
    """Base of every exception raised on purpose by ethicskit."""


class InputError(EthicskitError):
    """Something the user supplied (file, config, parameter) cannot be used as it is."""


class ConfigError(InputError):
    """The campaign config or data inventory is wrong; the message names the key's path."""


class DataError(InputError):
    """The campaign dataset is unreadable or breaks the data contract."""


class ParameterError(InputError):
    """A notebook parameter that the notebook does not declare, or of the wrong type."""


class RunError(EthicskitError):
    """A run could not be completed (a notebook crashed, the run folder could not be written)."""


class PdfError(RunError):
    """``--pdf``: the report could not be printed (the HTML run is kept)."""


class Terminated(KeyboardInterrupt):
    """The process was asked to stop (``SIGTERM``): cleans up like Ctrl-C does."""

    def __init__(self, signum: int = 15) -> None:
        super().__init__(signum)
        self.signum = signum


_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
                      r"|\x1b\[[0-?]*[ -/]*[@-~]?"            # CSI (colours, cursor moves)
                      r"|\x1b[P^_][^\x1b]*(?:\x1b\\)?"        # DCS, PM, APC strings
                      r"|\x1b.?"                              # any other escape
                      r"|[\x80-\x9f]")                        # C1 controls (0x9b is a CSI)
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\t\n\v\f\r]+")


def printable(text: object) -> str:
    """``text`` as one line safe to print on a terminal: escape sequences and control
    characters (below 0x20, 0x7f, C1) are removed; tabs and line breaks become one space."""
    text = _ESCAPES.sub("", str(text))
    return _CONTROLS.sub("", _SPACES.sub(" ", text))
