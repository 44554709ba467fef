"""ethicskit: audit an AI-driven marketing campaign for privacy, bias, targeting and transparency.

The package holds the logic; the notebooks in ``notebooks/`` load a campaign, call the checks,
explain and plot. Every check is listed once, in :mod:`ethicskit.registry`.
"""

__version__ = "0.1.0"

from ethicskit.errors import EthicskitError, InputError, ConfigError, DataError  # noqa: E402

__all__ = ["__version__", "EthicskitError", "InputError", "ConfigError", "DataError"]
