"""The UCI Bank Marketing example: shipped intact with its attribution, and what the audit shows.

The reference numbers (41,188 rows; 1,777 clients called more than 7 times; at most 56 calls) are
those documented with the original data (SOURCE.md of the dataset), not numbers printed by the
package.
"""

import gzip
import hashlib
from pathlib import Path

import pytest
import yaml

from ethicskit.campaign import open_campaign
from ethicskit.registry import checks_for, run_area

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "bank-marketing"
DATA = EXAMPLE / "bank-additional-full.csv.gz"
ORIGINAL_SHA256 = "74adfc578bf77a7ff4bb1ba4a9f8709d9e3c6907342959c2c8416847e0afb4d8"


def test_the_data_is_the_original_file_compressed():
    raw = gzip.decompress(DATA.read_bytes())
    assert hashlib.sha256(raw).hexdigest() == ORIGINAL_SHA256


def test_attribution_is_kept_beside_the_data():
    text = (EXAMPLE / "SOURCE.md").read_text(encoding="utf-8")
    for needed in ("CC BY 4.0", "10.24432/C5K306", "Moro", "Cortez", "Rita",
                   "Decision Support Systems", "compressed", ORIGINAL_SHA256):
        assert needed in text, needed


def test_inventory_declares_every_column():
    header = gzip.decompress(DATA.read_bytes()).split(b"\r\n", 1)[0].decode()
    columns = [c.strip('"') for c in header.split(";")]
    inventory = yaml.safe_load((EXAMPLE / "inventory.yaml").read_text(encoding="utf-8"))
    assert len(columns) == 21 and set(inventory["columns"]) == set(columns)


@pytest.fixture(scope="module")
def bank():
    campaign = open_campaign(DATA, config_path=EXAMPLE / "bank.yaml")
    return campaign, run_area("targeting", campaign)


def test_config_maps_the_bank_columns(bank):
    campaign, _ = bank
    assert campaign.rows == 41188
    assert campaign.mapping["contact_count"] == "campaign"
    assert campaign.mapping["channel"] == "contact"
    assert set(campaign.df["channel"].unique()) == {"phone"}
    assert campaign.protected_attributes == ["age_band", "marital_status"]
    assert campaign.decision == "y"


def test_contact_pressure_shows_what_the_data_holds(bank):
    _, findings = bank
    f = findings["targeting.contact_pressure"]
    # value and threshold in one unit: the largest number of contacts against max_contacts
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 56, 7, 1777)
    assert f.details["max_contacts_seen"] == 56


def test_checks_without_their_columns_are_not_evaluated(bank):
    _, findings = bank
    others = [c.id for c in checks_for("targeting") if c.id != "targeting.contact_pressure"]
    assert {findings[c].status for c in others} == {"not_evaluated"}


def test_config_names_the_dataset_so_run_needs_only_the_config():
    campaign = open_campaign(config_path=EXAMPLE / "bank.yaml")
    assert campaign.rows == 41188 and campaign.as_of.isoformat() == "2010-11-30"
