"""Back-tests: the ward's own figures (seeds 000–004) reconcile from data/published."""

from __future__ import annotations

import pandas as pd
import pytest

from sugidx_analysis import paths
from sugidx_analysis.catalogue import load_dataset, validate_folder


@pytest.fixture(scope="module")
def online() -> pd.DataFrame:
    return load_dataset("online_summary").set_index("fiscal_year")


def test_published_folder_is_valid():
    report = validate_folder(paths.PUBLISHED_DIR)
    assert report.problems == []
    assert report.ok
    assert set(report.tables) >= {
        "online_summary",
        "online_plan",
        "rpa_summary",
        "survey_summary",
        "population",
        "standardization_progress",
        "cashless",
        "outreach",
        "kpis",
        "sources",
    }


def test_procedure_counts_reconcile(online):
    fy22, fy23 = online.loc[2022], online.loc[2023]
    assert (
        fy22.procedures_online + fy22.procedures_not_online == 618 == fy22.procedures_online_capable
    )
    assert (fy22.procedures_online, fy22.procedures_not_online) == (241, 377)
    assert (
        fy22.procedures_online_capable + fy22.procedures_not_capable
        == 2691
        == fy22.procedures_total
    )
    assert (
        fy23.procedures_online_capable + fy23.procedures_not_capable
        == 2767
        == fy23.procedures_total
    )
    assert round(fy23.procedures_online / fy23.procedures_online_capable * 100, 1) == 42.1
    assert round(fy22.procedures_online / fy22.procedures_online_capable * 100, 1) == 39.0


def test_application_counts_reconcile(online):
    fy22, fy23 = online.loc[2022], online.loc[2023]
    assert fy22.applications_online + fy22.applications_paper == 4_174_700
    assert fy22.applications_online_ready == 4_174_700
    assert fy22.applications_online_ready + fy22.applications_not_online_ready == 4_347_016
    assert fy23.applications_online_ready == 4_129_184
    assert round(fy23.applications_online / fy23.applications_online_ready * 100, 1) == 44.2
    assert fy23.applications_online == 1_826_986
    # The stated shares are kept as published, as fractions.
    assert fy22.applications_online_share == pytest.approx(0.407)
    assert fy23.procedures_online_share == pytest.approx(0.421)


def test_standardization_and_survey_reconcile():
    std = load_dataset("standardization_progress").set_index("system")
    central = std.loc["中央電算"]
    assert (central.issues_total, central.issues_resolved, central.issues_remaining) == (
        3365,
        2598,
        767,
    )
    assert round(central.issues_resolved / central.issues_total * 100) == 77
    assert central.progress_rate == pytest.approx(0.77)
    assert std["issues_total"].tolist() == [3365, 541, 182]
    assert std["issues_resolved"].tolist() == [2598, 440, 144]
    assert (std["target_rate"] == 0.9).all()

    survey = load_dataset("survey_summary").set_index("item_id")
    overall = survey.loc["overall"]
    assert (overall.base, overall.respondents) == (2000, 383)
    assert round(overall.respondents / overall.base * 100, 1) == 19.2
    top3 = survey.loc["wanted_info_top3"]
    assert (top3.respondents, top3.answers, top3.max_answers) == (353, 1053, 3)


def test_plan_band_totals_match_the_backlog(online):
    plan = load_dataset("online_plan").set_index("priority_band")
    assert plan["procedures_not_online"].to_dict() == {"S": 26, "A": 54, "B": 101, "C": 234}
    assert plan["procedures_not_online"].sum() == 415 == online.loc[2023].procedures_not_online
    assert plan["procedures_planned_online"].sum() == 95
    assert plan["procedures_planned_excluded"].sum() == 2


def test_population_sums_to_the_adult_total():
    pop = load_dataset("population")
    assert len(pop) == 16
    assert pop["population"].sum() == 500_239
    assert pop.groupby("sex")["population"].sum().to_dict() == {"female": 262_352, "male": 237_887}
    kpis = load_dataset("kpis").set_index("kpi_id")
    assert kpis.loc["population_18plus", "value"] == 500_239
    assert kpis.loc["population_total", "value"] == 571_703
    assert kpis.loc["population_65plus", "value"] == 120_217


def test_approximate_figures_keep_their_flag():
    rpa = load_dataset("rpa_summary").set_index(["fiscal_year", "scope"])
    production = rpa.loc[(2022, "production")]
    assert (production.processes, production.hours_saved_per_year) == (27, 5200)
    assert bool(production.approximate) is True
    assert rpa.loc[(2022, "pilot")].hours_saved_per_year == 1300
    kpis = load_dataset("kpis").set_index("kpi_id")
    assert kpis.loc["it_cost_savings", "value"] == 245_140_000
    assert bool(kpis.loc["it_cost_savings", "approximate"]) is True
    assert bool(kpis.loc["suginavi_accesses", "approximate"]) is False
    assert kpis.loc["suginavi_accesses", "value"] == 1_240_121


def test_outreach_figures():
    out = load_dataset("outreach")
    sugi = out[out["provider"] == "杉の樹大学"].set_index("programme")
    assert sugi.loc[
        ["体験講座", "基礎講座", "活用講座", "指導者養成講座", "個人相談会"], "sessions"
    ].tolist() == [12, 6, 6, 2, 24]
    assert sugi.loc["合計", "participants"] == 588
    yuyu = out[out["provider"].str.startswith("ゆうゆう館")].iloc[0]
    assert (yuyu.sessions, yuyu.participants) == (655, 3365)


def test_every_row_names_a_source_and_seed_003_names_no_ward():
    sources = load_dataset("sources", paths.DATA_DIR).set_index("source_id")
    unnamed = sources[sources["document_file"] == "003_e47f52f02ec86652.txt"]
    assert len(unnamed) > 0 and (unnamed["municipality"] == "発行者不明").all()
    named = sources[
        sources["document_file"].isin(["000_385c8e66a3308ad3.txt", "004_7941f92d056dda7b.txt"])
    ]
    assert (named["municipality"] == "杉並区").all()
    for name in ("online_summary", "online_plan", "rpa_summary", "kpis", "cashless"):
        frame = load_dataset(name)
        assert frame["source_id"].notna().all(), name
        assert set(frame["source_id"]) <= set(sources.index), name
    cashless = load_dataset("cashless").set_index("window")
    assert cashless.loc["戸籍住民課・税務課", "cashless_share"] == pytest.approx(0.14)
    assert cashless.loc["オアシスルーム（第三庁舎内）", "cashless_share"] == pytest.approx(0.62)
