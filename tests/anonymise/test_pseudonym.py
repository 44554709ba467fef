"""HMAC-SHA256 pseudonyms and where the key comes from."""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd
import pytest

from ethicskit.anonymise.pseudonym import KEY_ENV, MissingKey, load_key, pseudonym, pseudonymise
from ethicskit.config import validate
from ethicskit.errors import InputError


def test_rfc4231_vector():
    # RFC 4231 test case 1: key 0x0b * 20, data "Hi There"
    assert pseudonym("Hi There", b"\x0b" * 20) == (
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")


def test_stable_with_the_key_and_different_without():
    ids = pd.Series(["C1", "C2", "C1"])
    one = pseudonymise(ids, b"key one")
    assert one.tolist() == pseudonymise(ids, b"key one").tolist()
    assert one[0] == one[2] and one[0] != one[1]
    assert not set(one) & set(pseudonymise(ids, b"key two"))
    assert not set(one) & {hashlib.sha256(v.encode()).hexdigest() for v in ids}  # not a hash
    assert one[0] == hmac.new(b"key one", b"C1", hashlib.sha256).hexdigest()


def test_key_from_environment_first(tmp_path):
    (tmp_path / "k").write_text("from file\n")
    config = validate({"anonymise": {"key_file": "k"}}, path=str(tmp_path / "c.yaml"))
    assert load_key(config, environ={KEY_ENV: "from env"}) == b"from env"
    assert load_key(config, environ={}) == b"from file"


@pytest.mark.parametrize("content, message", [
    (None, "HMAC key file not found"), ("  \n", "HMAC key file is empty")])
def test_bad_key_file(tmp_path, content, message):
    if content is not None:
        (tmp_path / "k").write_text(content)
    config = validate({"anonymise": {"key_file": "k"}}, path=str(tmp_path / "c.yaml"))
    with pytest.raises(MissingKey, match=message):
        load_key(config, environ={})


def test_no_key_refuses():
    with pytest.raises(InputError, match=f"no HMAC key: set {KEY_ENV}"):
        load_key(validate({}), environ={KEY_ENV: ""})
