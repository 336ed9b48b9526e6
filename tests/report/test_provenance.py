"""Sources print as an official report cites them; unchecked figures say so."""

from __future__ import annotations

from types import SimpleNamespace

from sugidx_analysis import catalogue, paths, tiers
from sugidx_analysis.datasets.load import Loaded
from sugidx_analysis.report import provenance


def _row(**values):
    base = dict(
        municipality="杉並区", title="文書", period="令和6年度進捗", section="2(1)", checked=True
    )
    return SimpleNamespace(**{**base, **values})


def test_publication_reads_issuer_title_period_and_section():
    assert provenance.publication(_row()) == "杉並区「文書」（令和6年度進捗）、2(1)"


def test_an_unchecked_source_is_a_reference_value():
    text = provenance.publication(_row(checked=False))
    assert text.endswith("※参考値（出典未確認）")


def test_population_is_cited_as_unverified():
    path = paths.PUBLISHED_DIR / "population.csv"
    frame = catalogue.load_dataset("population", paths.PUBLISHED_DIR)
    loaded = Loaded("population", paths.PUBLISHED_DIR, frame, path, tiers.PUBLISHED, None)
    (line,) = provenance.publications([loaded])
    assert "町丁別世帯数及び人口" in line and "参考値（出典未確認）" in line
    assert "参考値（出典未確認）" in provenance.source_line(loaded)


def test_synthetic_and_analyst_sources_name_no_file_or_tool():
    synthetic = SimpleNamespace(
        path=paths.EXAMPLE_DIR / "online_procedures.csv", tier=tiers.SYNTHETIC
    )
    assert provenance.source_line(synthetic) == provenance.SYNTHETIC_SOURCE
    assert "sugidx" not in provenance.SYNTHETIC_SOURCE and ".csv" not in provenance.SYNTHETIC_SOURCE
