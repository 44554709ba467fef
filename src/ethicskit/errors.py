"""Typed exceptions. Every problem with what a user gave us derives from :class:`InputError`.

An input error is reported on the command line as one or two lines, without a traceback, and
gives exit code 2. Its message names the place: file, column, row or config key.
"""

from __future__ import annotations


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
