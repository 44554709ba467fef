"""The guessed mapping of ``ethicskit init-config``."""

import yaml

from ethicskit.initconfig import config_template, guess_mapping


def test_synonyms_and_exact_names():
    mapping = guess_mapping(["cust_no", "DOB", "sex", "zip", "targeted", "tenure"])
    assert mapping == {"customer_id": "cust_no", "birth_date": "DOB", "gender": "sex",
                       "postcode": "zip"}


def test_template_is_a_valid_config(tmp_path):
    from ethicskit.config import validate

    data = tmp_path / "d.csv"
    data.write_text("cust_no;DOB;sex;spend\n1;2000-01-01;f;3\n")
    raw = yaml.safe_load(config_template(data))
    config = validate(raw)
    assert config.columns == {"customer_id": "cust_no", "birth_date": "DOB", "gender": "sex"}
    assert config.model_features == ["spend"]
