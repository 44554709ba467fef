"""The anonymised extract: share the campaign data without the people in it.

``ethicskit anonymise DATASET --config YAML --out FILE`` (:func:`anonymise`) drops the direct
identifiers, replaces ``customer_id`` by a keyed HMAC-SHA256 (:mod:`.pseudonym`), generalises
the quasi-identifiers along their hierarchies (:mod:`.hierarchies`) to the levels of least
information loss that reach ``k_min`` and ``l_min`` after suppressing the rare classes
(:mod:`.search`), writes CSV or Parquet atomically and audits the written file (:mod:`.extract`).
:func:`tradeoff` tabulates every lattice node for the privacy notebook and
:func:`plot_tradeoff` draws it. See ``docs/anonymise.md``.
"""

from ethicskit.anonymise.extract import (Report, anonymise, audit, export, plan,  # noqa: F401
                                         read_extract, tradeoff)
from ethicskit.anonymise.pseudonym import KEY_ENV, MissingKey, load_key, pseudonymise  # noqa


def plot_tradeoff(table):
    """:func:`ethicskit.anonymise.plots.plot_tradeoff` (imported on first use)."""
    from ethicskit.anonymise.plots import plot_tradeoff as plot

    return plot(table)


__all__ = ["KEY_ENV", "MissingKey", "Report", "anonymise", "audit", "export", "load_key",
           "plan", "plot_tradeoff", "pseudonymise", "read_extract", "tradeoff"]
