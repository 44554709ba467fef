"""Keyed pseudonyms: ``customer_id`` replaced by its HMAC-SHA256 under a secret key.

.. math:: \\mathrm{pseudonym}(id) = \\mathrm{hex}\\big(\\mathrm{HMAC\\text{-}SHA256}(K,
          \\mathrm{utf8}(id))\\big)

The same key gives the same pseudonym for the same id, run after run, so extracts can be joined
with one another; without the key a pseudonym cannot be computed from an id nor linked back to
it (unlike a plain hash, which anyone can recompute from a list of ids). The key comes from
the environment variable :data:`KEY_ENV`, else from the file the config names
(``anonymise: {key_file: PATH}``), whose content is used as it is, less surrounding
whitespace. Without a key, :func:`load_key` refuses (:class:`MissingKey`). The key is never
written anywhere, printed, or kept on a report.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ethicskit.errors import InputError

KEY_ENV = "ETHICSKIT_HMAC_KEY"


class MissingKey(InputError):
    """No HMAC key: neither :data:`KEY_ENV` nor ``anonymise.key_file``."""


def load_key(config=None, *, environ=None) -> bytes:
    """The HMAC key: ``$ETHICSKIT_HMAC_KEY`` (UTF-8), else the content of the config's
    ``anonymise.key_file``; :class:`MissingKey` (an :class:`InputError`) when there is none or
    it is empty."""
    environ = os.environ if environ is None else environ
    value = environ.get(KEY_ENV, "")
    if value.strip():
        return value.strip().encode("utf-8")
    key_file = ((getattr(config, "anonymise", None) or {}).get("key_file")
                if config is not None else None)
    if key_file:
        path = Path(key_file)
        if not path.is_file():
            raise MissingKey(f"{path}: HMAC key file not found (anonymise.key_file)")
        try:
            key = path.read_bytes().strip()
        except OSError as exc:
            raise MissingKey(f"{path}: cannot read the HMAC key file ({exc.strerror})") from None
        if not key:
            raise MissingKey(f"{path}: the HMAC key file is empty")
        return key
    raise MissingKey(f"no HMAC key: set {KEY_ENV} or name a key file under "
                     f"'anonymise: {{key_file: PATH}}' in the config")


def pseudonym(value, key: bytes) -> str:
    """The pseudonym of one id: hex HMAC-SHA256 of ``str(value)`` in UTF-8 (64 characters)."""
    return hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonymise(ids: pd.Series, key: bytes) -> pd.Series:
    """:func:`pseudonym` of every id (once per distinct value), same index."""
    if not key:
        raise MissingKey("no HMAC key: an empty key cannot pseudonymise")
    codes, uniques = pd.factorize(ids.astype(str))
    hashed = np.array([pseudonym(v, key) for v in uniques] + [None], dtype=object)
    return pd.Series(pd.array(hashed[np.where(codes < 0, len(uniques), codes)], dtype="str"),
                     index=ids.index, name=ids.name)
