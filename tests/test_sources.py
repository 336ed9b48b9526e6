"""data/sources.csv: Japanese 時点, the unnamed publisher, and which figures are unverified."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sugidx_analysis import paths
from sugidx_analysis.datasets.load import load_table
from sugidx_analysis.datasets.sources import SOURCES, UNKNOWN_PUBLISHER, verified
from sugidx_analysis.errors import DataValidationError

SEED_PERIODS = {
    "000_385c8e66a3308ad3.txt": "令和4年度実績",
    "001_086f27188bb218aa.txt": "令和6年度計画",
    "002_7c4f01ff2af8cc07.txt": "令和2年度時点",
    "003_e47f52f02ec86652.txt": "令和3年度頃（本文に令和3年9月・令和4年4月の記載あり）",
    "004_7941f92d056dda7b.txt": "令和6年度進捗",
}


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return load_table(paths.SOURCES_FILE, SOURCES).frame.set_index("source_id")


def test_only_the_population_table_is_unverified(sources):
    assert sources["verified"].notna().all()  # stated on every row, not left to the default
    assert sources.loc[["POP-2022"], "verified"].tolist() == [False]
    others = sources.drop(index="POP-2022")
    assert len(others) == len(sources) - 1 > 0
    assert others["verified"].eq(True).all()
    assert verified(sources.reset_index()).tolist() == [sid != "POP-2022" for sid in sources.index]


def test_population_source_is_described_in_japanese(sources):
    pop = sources.loc["POP-2022"]
    assert pop["title"] == "町丁別世帯数及び人口（住民基本台帳）"
    assert pop["municipality"] == "杉並区"
    assert pop["period"] == "令和4年10月1日現在"


def test_periods_are_japanese_and_match_their_seed(sources):
    for sid, period in sources["period"].items():
        assert not re.search(r"[A-Za-z]", period), (sid, period)
    seeded = sources[sources["document_file"].notna()]
    assert set(seeded["document_file"]) == set(SEED_PERIODS)
    for sid, row in seeded.iterrows():
        assert row["period"] == SEED_PERIODS[row["document_file"]], sid


def test_publisher_not_named_by_seed_003(sources):
    unnamed = sources["document_file"] == "003_e47f52f02ec86652.txt"
    assert (sources.loc[unnamed, "municipality"] == UNKNOWN_PUBLISHER).all()
    assert (sources.loc[~unnamed, "municipality"] == "杉並区").all()
    assert "unknown" not in set(sources["municipality"])


def test_verified_is_optional_and_true_when_empty(tmp_path):
    head = "source_id,title,municipality,period,section"
    path = tmp_path / "sources.csv"
    path.write_text(f"{head}\nX,文書,杉並区,令和5年度実績,1\n", encoding="utf-8")
    without = load_table(path, SOURCES).frame
    assert "verified" not in without.columns and verified(without).tolist() == [True]
    path.write_text(
        f"{head},verified\nX,文書,杉並区,令和5年度実績,1,\nY,文書,杉並区,令和5年度実績,2,いいえ\n"
        "Z,文書,杉並区,令和5年度実績,3,○\n",
        encoding="utf-8",
    )
    frame = load_table(path, SOURCES).frame
    assert verified(frame).tolist() == [True, False, True]
    path.write_text(f"{head},verified\nX,文書,杉並区,令和5年度実績,1,maybe\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="verified"):
        load_table(path, SOURCES)
