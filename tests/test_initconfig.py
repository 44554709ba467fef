"""``ethicskit init-config``: a config a user can run as it is written (issue 15, item 8).

Every expectation here is read off the tiny files written in the test (their header and values),
not off what the code printed.
"""

import gzip
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ethicskit import record
from ethicskit.campaign import open_campaign
from ethicskit.cli import main
from ethicskit.config import validate
from ethicskit.errors import DataError
from ethicskit.initconfig import config_template, guess_date_format, guess_mapping

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "ethicskit" / "data" / "sample" / "campaign.csv"
BANK = ROOT / "examples" / "bank-marketing" / "bank-additional-full.csv.gz"
ADS = ROOT / "examples" / "ads" / "ad_report.csv"

#: An oddly named CSV: no logical name is spelt as the contract spells it.
ODD = """ID;E-Mail;Tel;Sex;Race;Year_Birth;ZIP;State;Country;Health Condition;Income;Response;Dt_Customer;Email_OptIn;spend;first name
1;a1@example.com;+44 7700 900001;F;white;1970;AB1 2CD;CA;GB;none;52000;1;04-09-2012;yes;12.5;Ann
2;a2@example.com;+44 7700 900002;M;black;1985;AB1 2CE;NY;FR;asthma;61000;0;21-08-2013;no;3.0;Bob
3;a3@example.com;+44 7700 900003;F;asian;1990;AB1 2CF;TX;GB;none;48000;0;10-10-2013;yes;7.25;Cat
"""


def _write(tmp_path, text, name="d.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _config(tmp_path, dataset, name="campaign.yaml"):
    """The template written to ``tmp_path/out/name`` (another folder than the data's)."""
    out = tmp_path / "out" / name
    out.parent.mkdir(exist_ok=True)
    text = config_template(dataset, out=out)
    out.write_text(text, encoding="utf-8")
    return out, text, yaml.safe_load(text)


def _no_errors(config_path):
    """The config loads and every area computes without an error finding."""
    campaign = open_campaign(config_path=config_path)
    rec = record.compute(campaign)
    errors = [(cid, f.message) for area in rec.areas
              for cid, f in rec.area_findings(area).items() if f.status == "error"]
    assert errors == []
    return campaign


# --------------------------------------------------------------------------- names
@pytest.mark.parametrize("column, logical", [
    ("race", "ethnicity"), ("Race", "ethnicity"), ("sex", "gender"), ("Sex", "gender"),
    ("Year_Birth", "birth_date"), ("dob", "birth_date"), ("date_of_birth", "birth_date"),
    ("zip", "postcode"), ("zipcode", "postcode"), ("postal_code", "postcode"),
    ("cust_id", "customer_id"), ("ID", "customer_id"), ("mail", "email"),
    ("e-mail", "email"), ("E-Mail", "email"), ("tel", "phone"), ("mobile", "phone"),
    ("Impressions", "weight"), ("email_optin", "consent_email"), ("sms_consent", "consent_sms"),
    ("marital", "marital_status"), ("unsubscribed_at", "optout_ts"),
])
def test_common_names_map_to_their_logical_column(column, logical):
    assert guess_mapping([column, "spend"]) == {logical: column}


def test_synonyms_and_exact_names():
    mapping = guess_mapping(["cust_no", "DOB", "sex", "zip", "targeted", "tenure"])
    assert mapping == {"customer_id": "cust_no", "birth_date": "DOB", "gender": "sex",
                       "postcode": "zip"}


def test_template_is_a_valid_config(tmp_path):
    data = _write(tmp_path, "cust_no;DOB;sex;spend\n1;2000-01-01;f;3\n")
    config = validate(yaml.safe_load(config_template(data)))
    assert config.columns == {"customer_id": "cust_no", "birth_date": "DOB", "gender": "sex"}
    assert config.model_features == ["spend"]


# --------------------------------------------------------------------------- columns: once
@pytest.mark.parametrize("text, expected", [
    ("a,b\n1,2\n", {}),                                    # nothing guessed
    ("customer_id,gender,spend\n1,f,3\n", {}),             # exact names only
    ("cust_id,sex,spend\n1,f,3\n", {"customer_id": "cust_id", "gender": "sex"}),
])
def test_columns_is_written_exactly_once(tmp_path, text, expected):
    out, written, raw = _config(tmp_path, _write(tmp_path, text))
    assert sum(line.startswith("columns:") for line in written.splitlines()) == 1
    assert raw["columns"] == expected
    if not expected:
        assert "columns: {}" in written and "#" in written.split("columns: {}")[1].splitlines()[0]
    open_campaign(config_path=out)


# --------------------------------------------------------------------------- decision
def test_decision_only_for_a_column_that_exists(tmp_path):
    data = _write(tmp_path, "cust_id,sex,Approved_Conversion,spend\n1,f,0,3\n2,m,2,4\n")
    out, written, raw = _config(tmp_path, data)
    assert "decision" not in raw  # no yes/no decision column: nothing proposed ...
    assert '# derive: {targeted: "Approved_Conversion > 0"}' in written  # ... but an example
    assert "Approved_Conversion" not in raw["model_features"]  # an outcome, never a feature
    assert open_campaign(config_path=out).decision is None
    # the example works once uncommented: targeted = rows with a conversion
    text = "\n".join(line[2:] if line.startswith(("# derive:", "# decision:")) else line
                     for line in written.splitlines())
    out.write_text(text, encoding="utf-8")
    campaign = open_campaign(config_path=out)
    assert campaign.decision == "targeted"
    assert campaign.df["targeted"].tolist() == [False, True]


@pytest.mark.parametrize("header, row, decision, resolved", [
    ("cust_id,targeted,y", "1,yes,no", "targeted", "targeted"),
    ("cust_id,prediction,y", "1,yes,no", "prediction", "prediction"),
    ("cust_id,y,spend", "1,yes,3", "y", "outcome"),
])
def test_decision_names_the_decision_else_the_outcome(tmp_path, header, row, decision, resolved):
    out, _, raw = _config(tmp_path, _write(tmp_path, f"{header}\n{row}\n"))
    assert raw["decision"] == decision
    assert open_campaign(config_path=out).decision == resolved


def test_aggregated_rows_audit_the_selected_count(tmp_path):
    data = _write(tmp_path, "ad_id,age_band,gender,Impressions,Clicks,conversions\n"
                            "1,30-34,M,1000,10,5\n2,30-34,F,900,8,3\n"
                            "3,45-49,M,500,4,1\n4,45-49,F,700,5,2\n")
    out, _, raw = _config(tmp_path, data)
    assert raw["columns"] == {"weight": "Impressions", "selected_count": "conversions"}
    assert raw["decision"] == "conversions"
    assert raw["values"] == {"gender": {"F": "female", "M": "male"}}
    assert raw["protected_attributes"] == ["gender", "age_band"]
    assert raw["model_features"] == []  # ad_id an identifier, Clicks an outcome
    campaign = open_campaign(config_path=out)
    assert campaign.weighted and int(campaign.weights.sum()) == 1000 + 900 + 500 + 700


# --------------------------------------------------------------------------- dataset path
def test_dataset_path_is_relative_to_the_written_config(tmp_path, monkeypatch):
    data = _write(tmp_path, "cust_id,sex,spend\n1,f,3\n2,m,4\n")
    out, _, raw = _config(tmp_path, data)
    assert raw["dataset"] == "../d.csv"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert open_campaign(config_path=out).rows == 2


def test_dataset_path_is_absolute_when_printed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "cust_id,sex,spend\n1,f,3\n")
    raw = yaml.safe_load(config_template("d.csv"))
    assert raw["dataset"] == str(tmp_path.resolve() / "d.csv")


def test_cli_out_writes_a_config_that_runs_from_another_folder(tmp_path, monkeypatch, capsys):
    data = _write(tmp_path, "cust_id,sex,spend\n1,f,3\n2,m,4\n")
    (tmp_path / "cfg").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["init-config", "d.csv", "--out", "cfg/c.yaml"]) == 0
    assert yaml.safe_load((tmp_path / "cfg" / "c.yaml").read_text())["dataset"] == "../d.csv"
    monkeypatch.chdir(tmp_path / "cfg")
    assert open_campaign(config_path="c.yaml").source == str(data.resolve())


# --------------------------------------------------------------------------- header
@pytest.mark.parametrize("text", [
    "1,a@example.com,2000-01-01,x\n2,b@example.com,2001-01-01,y\n",   # ids, emails, dates
    "39; State-gov; 77516; Bachelors\n50; Self-emp; 83311; Bachelors\n",  # UCI Adult style
    "C1|04-09-2012|yes\nC2|21-08-2013|no\n",
])
def test_a_missing_header_is_an_input_error(tmp_path, text):
    data = _write(tmp_path, text)
    with pytest.raises(DataError, match="looks like data, not column names.*add a header"):
        config_template(data)


def test_a_missing_header_in_a_gzip_file_and_on_the_command_line(tmp_path, capsys):
    data = tmp_path / "d.csv.gz"
    with gzip.open(data, "wt") as f:
        f.write("1,a@example.com,x\n2,b@example.com,y\n")
    assert main(["init-config", str(data)]) == 2
    err = capsys.readouterr().err
    assert "looks like data" in err and "a@example.com" not in err  # masked, never shown


def test_a_header_with_year_names_is_not_taken_for_data(tmp_path):
    data = _write(tmp_path, "cust_id,spend_2024,region_name\n1,3,north\n")
    assert yaml.safe_load(config_template(data))["model_features"] == ["spend_2024",
                                                                       "region_name"]


def test_a_parquet_file_has_its_header_in_the_schema(tmp_path):
    data = tmp_path / "d.parquet"
    pd.DataFrame({"1": ["a", "b"], "cust_id": ["1", "2"]}).to_parquet(data)
    out, _, raw = _config(tmp_path, data)
    assert raw["columns"] == {"customer_id": "cust_id"} and raw["model_features"] == ["1"]
    open_campaign(config_path=out)


def test_a_file_that_is_not_utf8_gets_an_encoding(tmp_path):
    data = tmp_path / "d.csv"
    data.write_bytes("cust_id,ville\n1,Orléans\n2,Nîmes\n".encode("latin-1"))
    out, _, raw = _config(tmp_path, data)
    assert raw["encoding"] == "latin-1"
    assert open_campaign(config_path=out).df["ville"].tolist() == ["Orléans", "Nîmes"]


def test_an_exact_logical_name_that_cannot_load_is_flagged(tmp_path):
    data = _write(tmp_path, "cust_id,age,gender\n1,30-34,f\n2,45-49,m\n")
    written = config_template(data)
    assert "# WARNING: column 'age' does not load as age" in written
    assert "rename the column age_band" in written


# --------------------------------------------------------------------------- values
@pytest.mark.parametrize("text, logical, column", [
    ("ID,spend\n1,3\n1,4\n", "customer_id", "ID"),                   # duplicate keys
    ("cust_id,Response\n1,yes\n2,maybe\n", "outcome", "Response"),   # not yes/no
    ("cust_id,Country\n1,United-States\n2,GB\n", "country", "Country"),  # not ISO alpha-2
    ("cust_id,dob\n1,04-09-2012\n2,05-10-2013\n", "birth_date", "dob"),  # day or month first?
])
def test_a_guess_whose_values_do_not_load_is_left_as_a_comment(tmp_path, text, logical, column):
    out, written, raw = _config(tmp_path, _write(tmp_path, text))
    assert logical not in (raw["columns"] or {})
    assert f"#   {logical}: {column}   # not mapped:" in written
    assert column not in raw["model_features"]
    open_campaign(config_path=out)


def test_a_date_format_is_proposed_when_only_one_fits(tmp_path):
    assert guess_date_format(pd.Series(["04-09-2012", "21-08-2013"])) == "%d-%m-%Y"
    assert guess_date_format(pd.Series(["04-09-2012"])) is None  # April or September?
    data = _write(tmp_path, "cust_id,Dt_Customer\n1,04-09-2012\n2,21-08-2013\n")
    out, _, raw = _config(tmp_path, data)
    assert raw["columns"] == {"customer_id": "cust_id", "collected_ts": "Dt_Customer"}
    assert raw["date_format"] == {"Dt_Customer": "%d-%m-%Y"}
    campaign = open_campaign(config_path=out)
    assert campaign.df["collected_ts"].dt.strftime("%Y-%m-%d").tolist() == ["2012-09-04",
                                                                            "2013-08-21"]


def test_a_channel_column_is_recoded_to_the_contract_words(tmp_path):
    data = _write(tmp_path, "cust_id,contact\n1,cellular\n2,telephone\n3,cellular\n")
    out, _, raw = _config(tmp_path, data)
    assert raw["columns"]["channel"] == "contact"
    assert raw["values"] == {"contact": {"cellular": "phone", "telephone": "phone"}}
    assert open_campaign(config_path=out).df["channel"].tolist() == ["phone"] * 3


@pytest.mark.parametrize("name", ["yes", "1", "a: b", "#x", "null", "x y", "ü-ß"])
def test_odd_column_names_read_back_as_written(tmp_path, name):
    data = _write(tmp_path, f'cust_id,"{name}"\n1,3\n2,4\n')
    raw = yaml.safe_load(config_template(data))
    assert raw["model_features"] == [name]


# --------------------------------------------------------------------------- features
def test_never_identifiers_special_categories_outcomes_or_protected_as_features(tmp_path):
    header = ("cust_id,customer_name,user_uuid,contact_email,religion,health_condition,"
              "sexual_orientation,y,converted,income,sex,marital,spend,tenure,lucky_number")
    rows = [f"{i},Name {i},u-{i},p{i}@example.com,none,none,x,no,yes,>50K,f,single,"
            f"{i % 3},{i % 5},{i % 7}" for i in range(1, 31)]
    out, _, raw = _config(tmp_path, _write(tmp_path, "\n".join([header, *rows]) + "\n"))
    assert raw["model_features"] == ["spend", "tenure", "lucky_number"]
    assert raw["special_category_columns"] == ["religion", "health_condition",
                                               "sexual_orientation"]
    assert raw["protected_attributes"] == ["gender", "marital_status"]
    _no_errors(out)


def test_an_amount_named_income_is_a_feature(tmp_path):
    data = _write(tmp_path, "cust_id,Income,Response\n1,52000,1\n2,61000,0\n")
    assert yaml.safe_load(config_template(data))["model_features"] == ["Income"]


# --------------------------------------------------------------------------- runs as written
def test_oddly_named_csv_runs_as_written(tmp_path):
    out, _, raw = _config(tmp_path, _write(tmp_path, ODD, "odd.csv"))
    assert raw["columns"] == {
        "customer_id": "ID", "email": "E-Mail", "phone": "Tel", "birth_date": "Year_Birth",
        "gender": "Sex", "ethnicity": "Race", "postcode": "ZIP", "country": "Country",
        "consent_email": "Email_OptIn", "collected_ts": "Dt_Customer", "outcome": "Response"}
    assert raw["decision"] == "Response"
    assert raw["values"] == {"Sex": {"F": "female", "M": "male"}}
    assert raw["model_features"] == ["State", "Income", "spend"]
    assert "Health Condition" in raw["special_category_columns"]
    campaign = _no_errors(out)
    assert sorted(campaign.df["gender"].astype(str)) == ["female", "female", "male"]
    assert campaign.df["age"].tolist()[0] == campaign.as_of.year - 1970 - (
        campaign.as_of < campaign.as_of.replace(month=7, day=1))


@pytest.mark.slow
def test_bundled_sample_runs_as_written(tmp_path):
    out, _, raw = _config(tmp_path, SAMPLE)
    assert raw["decision"] == "targeted"
    assert "health_condition" in raw["special_category_columns"]
    assert not {"customer_id", "email", "health_condition", "ethnicity", "outcome", "score",
                "targeted"} & set(raw["model_features"])
    _no_errors(out)


@pytest.mark.slow
def test_bank_example_runs_as_written(tmp_path):
    shutil.copy(BANK, tmp_path / BANK.name)
    out, _, raw = _config(tmp_path, tmp_path / BANK.name)
    assert raw["columns"] == {"marital_status": "marital", "channel": "contact",
                              "contact_count": "campaign", "outcome": "y"}
    assert raw["decision"] == "y" and "y" not in raw["model_features"]
    assert "age" not in raw["model_features"]  # a protected attribute (age_band)
    assert _no_errors(out).rows == 41188


@pytest.mark.skipif(not ADS.exists(), reason="the ad-report example is not generated")
def test_ad_report_example_runs_as_written(tmp_path):
    out, _, raw = _config(tmp_path, ADS)
    assert raw["columns"] == {"weight": "impressions", "selected_count": "conversions"}
    assert raw["decision"] == "conversions"
    assert raw["protected_attributes"] == ["gender", "age_band"]
    assert not {"ad_id", "clicks", "conversions", "impressions", "gender", "age_band",
                "targeted"} & set(raw["model_features"])
    campaign = _no_errors(out)
    assert int(campaign.weights.sum()) == int(pd.read_csv(ADS)["impressions"].sum())


@pytest.mark.slow
def test_ethicskit_run_on_the_bank_config(tmp_path):
    out, _, _ = _config(tmp_path, BANK)
    code = main(["run", "--config", str(out), "--out", str(tmp_path / "reports")])
    assert code in (0, 1)
