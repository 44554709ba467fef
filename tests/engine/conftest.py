"""Engines for the engine tests: DuckDB per test, one local Spark session per test session.

Spark tests are marked ``spark`` and skipped, with the reason, when Java or PySpark is missing.
The independent reference reduction is ``engine_reference`` in this folder.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from ethicskit.engine import connect

sys.path.insert(0, str(Path(__file__).parent))


def _spark_missing() -> str:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install pyspark)"
    if shutil.which("java") is None:
        return "no java on PATH (Spark needs Java 17: apt-get install openjdk-17-jre-headless)"
    return ""


@pytest.fixture(scope="session")
def spark_engine():
    """One SparkSession for the whole test session: local[1], one shuffle partition, no UI."""
    reason = _spark_missing()
    if reason:
        pytest.skip(reason)
    eng = connect("spark", spark_master="local[1]",
                  spark_config={"spark.sql.shuffle.partitions": "1",
                                "spark.default.parallelism": "1",
                                "spark.driver.memory": "1g"})
    yield eng
    eng.session.stop()


#: Parametrise a test over both engines: ``@pytest.mark.parametrize("engine_name", ENGINES)``.
ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


@pytest.fixture
def engine(request, engine_name):
    """The engine named by the test's ``engine_name`` parameter."""
    if engine_name == "spark":
        return request.getfixturevalue("spark_engine")
    return connect("duckdb")
