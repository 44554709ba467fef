"""Answers kept out of sight: a salted hash to check an answer, and text sealed with it.

A right answer ``a`` of item ``item`` under ``salt`` gives a key ``sha256(salt|item|a)``. What a
trainee's kernel may hold is ``seal = sha256("seal"|key)`` (to tell whether an answer is right)
and texts encrypted with a key stream drawn from ``key`` (the explanation of the right answer,
readable only once the right answer has been given). Neither the answer nor the explanation
can be read from them; an answer can only be tried, as a self-check lets a trainee try it.
"""

from __future__ import annotations

import hashlib
import secrets


def new_salt() -> str:
    return secrets.token_hex(16)


def canonical(value) -> str:
    """The form an answer is sealed in: text lower-cased and trimmed, numbers without noise,
    collections sorted and joined by ``|``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "|".join(sorted(canonical(v) for v in value))
    if isinstance(value, float):
        return f"{value:.2f}" if not value.is_integer() else str(int(value))
    return " ".join(str(value).split()).lower()


def key(salt: str, item: str, answer) -> bytes:
    return hashlib.sha256(f"{salt}\x00{item}\x00{canonical(answer)}".encode()).digest()


def seal(salt: str, item: str, answer) -> str:
    return hashlib.sha256(b"seal\x00" + key(salt, item, answer)).hexdigest()


def matches(salt: str, item: str, answer, sealed: str) -> bool:
    return secrets.compare_digest(seal(salt, item, answer), sealed)


def _stream(k: bytes, n: int) -> bytes:
    out, counter = b"", 0
    while len(out) < n:
        out += hashlib.sha256(k + counter.to_bytes(8, "big")).digest()
        counter += 1
    return out[:n]


def lock(text: str, salt: str, item: str, answer) -> str:
    """``text`` encrypted under the right answer (hex)."""
    data = text.encode("utf-8")
    return bytes(a ^ b for a, b in zip(data, _stream(key(salt, item, answer), len(data)))).hex()


def unlock(locked: str, salt: str, item: str, answer) -> str:
    """The text :func:`lock` sealed, given the right answer (garbage otherwise: check first)."""
    data = bytes.fromhex(locked)
    plain = bytes(a ^ b for a, b in zip(data, _stream(key(salt, item, answer), len(data))))
    return plain.decode("utf-8", errors="replace")
