"""The extract: identifiers gone, pseudonyms keyed, k and l recomputed with plain pandas."""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd
import pytest

from ethicskit.anonymise import anonymise, read_extract, tradeoff
from ethicskit.campaign import open_campaign
from ethicskit.errors import InputError

KEY = b"a test key, not a secret"


def independent_k_l(frame: pd.DataFrame, qis: list[str], sensitive: str | None = None):
    """k and distinct l of a frame, by plain pandas (no ethicskit code)."""
    groups = frame.groupby(qis, dropna=False)
    k = int(groups.size().min())
    l_value = int(groups[sensitive].nunique().min()) if sensitive else None
    return k, l_value


def every_cell(frame: pd.DataFrame) -> set[str]:
    return {str(v) for column in frame.columns for v in frame[column].dropna().tolist()}


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_extract_of_eight(eight, people, tmp_path, suffix):
    campaign = eight()
    out = tmp_path / f"extract{suffix}"
    report = anonymise(campaign, out=out, key=KEY)
    frame = pd.read_csv(out, dtype=str) if suffix == ".csv" else pd.read_parquet(out)
    assert list(frame.columns) == ["customer_id", "postcode", "gender", "health", "notes",
                                   "tenure_months"]
    assert frame["postcode"].tolist().count("AB*") == 4
    # identifiers: no value of any identifier column nor any raw customer_id anywhere
    cells = every_cell(frame)
    source = people()
    for column in ("customer_id", "email", "phone", "full_name"):
        assert not cells & set(source[column]), column
    assert report.blanked == {"notes": 1}  # the email typed into notes
    # pseudonyms: HMAC-SHA256 of the ids under the key, and the rows in pseudonym order
    expected = {hmac.new(KEY, i.encode(), hashlib.sha256).hexdigest() for i in source.customer_id}
    assert set(frame["customer_id"]) == expected
    assert frame["customer_id"].tolist() == sorted(frame["customer_id"])
    # k recomputed independently, and reported
    k, _ = independent_k_l(frame, ["postcode", "gender"])
    assert k == report.k == 4 and report.suppressed == 0
    assert report.levels == {"postcode": "first 2 characters", "gender": "as is"}
    assert report.loss == pytest.approx(3 / 16)
    assert report.identifier_columns == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left


def test_another_key_unlinkable(eight, tmp_path):
    anonymise(eight(), out=tmp_path / "a.csv", key=KEY)
    anonymise(eight(), out=tmp_path / "b.csv", key=KEY)
    anonymise(eight(), out=tmp_path / "c.csv", key=b"another key")
    a, b, c = (pd.read_csv(tmp_path / f"{x}.csv", dtype=str) for x in "abc")
    assert a["customer_id"].tolist() == b["customer_id"].tolist()  # stable with the key
    assert not set(a["customer_id"]) & set(c["customer_id"])


def test_l_diversity_in_the_extract(eight, tmp_path):
    report = anonymise(eight(sensitive_attribute="health"), out=tmp_path / "x.csv", key=KEY)
    frame = read_extract(tmp_path / "x.csv")
    k, l_value = independent_k_l(frame, report.quasi_identifiers, "health")
    assert (k, l_value) == (report.k, report.l) == (4, 2)


def test_rare_classes_suppressed(eight, tmp_path):
    frame = eight().df  # the eight people, with two lone postcodes declared unmergeable
    report = anonymise(eight(anonymise={"max_suppression": 0.25,
                                        "hierarchies": {"postcode": ["*"]}}),
                       out=tmp_path / "x.csv", key=KEY)
    # (as is, as is): 2 rows of CD2/CD3 suppressed, NCP 0.25 < 0.5 of (*, as is)
    assert report.suppressed == 2 and report.rows_out == 6 and len(frame) == 8
    assert report.levels == {"postcode": "as is", "gender": "as is"}
    out = read_extract(tmp_path / "x.csv")
    assert independent_k_l(out, ["postcode", "gender"])[0] == report.k == 2
    assert not {"CD2", "CD3"} & set(out["postcode"])


def test_age_columns_only_the_generalised_one(make_campaign, tmp_path):
    frame = pd.DataFrame({"customer_id": [f"C{i}" for i in range(10)],
                          "birth_date": [f"19{80 + i % 2}-0{1 + i % 9}-15" for i in range(10)],
                          "gender": ["f", "m"] * 5})
    campaign = make_campaign(frame, thresholds={"k_min": 2}, as_of="2026-11-29")
    report = anonymise(campaign, out=tmp_path / "x.csv", key=KEY)
    out = read_extract(tmp_path / "x.csv")
    assert list(out.columns) == ["customer_id", "birth_date", "gender"]  # no age, age_band
    assert report.quasi_identifiers == ["birth_date", "gender"]
    assert independent_k_l(out, ["birth_date", "gender"])[0] >= 2


def test_unreachable_is_an_input_error(make_campaign, tmp_path):
    campaign = make_campaign({"customer_id": list("abc"), "gender": list("fmf")},
                             quasi_identifiers=["gender"], thresholds={"k_min": 5})
    with pytest.raises(InputError, match="cannot reach k >= 5"):
        anonymise(campaign, out=tmp_path / "x.csv", key=KEY)
    assert not (tmp_path / "x.csv").exists()


def test_bad_suffix_and_empty_key(eight, tmp_path):
    with pytest.raises(InputError, match=r"must end in \.csv or \.parquet"):
        anonymise(eight(), out=tmp_path / "x.xlsx", key=KEY)
    with pytest.raises(InputError, match="no HMAC key"):
        anonymise(eight(), out=tmp_path / "x.csv", key=b"")


@pytest.mark.slow
def test_bundled_sample_reaches_k_min(tmp_path):
    campaign = open_campaign()
    report = anonymise(campaign, out=tmp_path / "sample.parquet", key=KEY)
    out = read_extract(tmp_path / "sample.parquet")
    k, l_value = independent_k_l(out, report.quasi_identifiers, report.sensitive)
    assert k == report.k >= 5 and l_value == report.l >= 2
    assert report.suppressed_share <= 0.05
    assert report.identifier_columns == []
    cells = every_cell(out)
    for column in ("email", "phone", "full_name", "birth_date"):
        assert column not in out.columns
        assert not cells & set(campaign.df[column].dropna().astype(str)), column
    assert not cells & set(campaign.df["customer_id"])
    table = tradeoff(campaign)
    assert table["chosen"].sum() == 1
    assert (table.loc[table["feasible"], "loss"] >= report.loss - 1e-12).all()
