"""stats.survey against R's survey package (tests/reference/survey_reference.R → .csv), and its
errors and response-analysis formulas against hand-worked figures."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from sugidx_analysis import paths
from sugidx_analysis.errors import MetricInputError, SugidxError
from sugidx_analysis.stats import survey

REFERENCE = Path(__file__).resolve().parents[1] / "reference"
RTOL = 1e-6  # six significant figures
HAND_MARGINS = {
    "age_band": {"young": 400, "middle": 450, "old": 350},
    "sex": {"male": 580, "female": 620},
}


def _reference() -> dict[tuple[str, str], float]:
    with open(REFERENCE / "survey_reference.csv", encoding="utf-8") as f:
        return {(r["case"], r["key"]): float(r["value"]) for r in csv.DictReader(f)}


R = _reference()


def close(got: float, case: str, key: str) -> None:
    want = R[(case, key)]
    assert got == pytest.approx(want, rel=RTOL, abs=1e-12), (case, key, got, want)


@pytest.fixture(scope="module")
def hand():
    frame = pd.read_csv(REFERENCE / "survey_hand_frame.csv", dtype={"used": "string"})
    srs = survey.design(frame, population_size=1200)
    return {"hand_srs": srs, "hand_raked": survey.rake(srs, HAND_MARGINS)}


@pytest.mark.parametrize("case", ["hand_srs", "hand_raked"])
def test_hand_frame_matches_r(hand, case):
    d = hand[case]
    for method in ("logit", "beta"):
        p = survey.proportion(d, "used", level="yes", ci_method=method)
        close(p.estimate, case, f"used_yes.{method}.est")
        close(p.lower, case, f"used_yes.{method}.lower")
        close(p.upper, case, f"used_yes.{method}.upper")
        close(p.se, case, "used_yes.se")
    topics = survey.proportion(d, "topic")
    for level in ("childcare", "disaster", "health"):
        close(topics.get(level).estimate, case, f"topic.est.topic{level}")
        close(topics.get(level).se, case, f"topic.se.topic{level}")
    m = survey.mean(d, "score")
    for field, key in (("estimate", "est"), ("se", "se"), ("lower", "lower"), ("upper", "upper")):
        close(getattr(m, field), case, f"score.{key}")
    t = survey.crosstab(d, "age_band", "topic")
    for field in ("f", "f_df_num", "f_df_den", "f_p", "chisq", "chisq_df", "chisq_p"):
        close(getattr(t, field), case, f"age_topic.{field}")
    w = d.diagnostics()
    close(w.minimum, case, "weights.min")
    close(w.maximum, case, "weights.max")
    close(w.total, case, "weights.sum")


@pytest.fixture(scope="module")
def synth():
    """The synthetic respondents as the survey theme analyses them."""
    from sugidx_analysis.catalogue import load_inputs
    from sugidx_analysis.themes import get_theme
    from sugidx_analysis.themes.survey import metrics

    inputs = load_inputs(get_theme("survey"))
    r = metrics.evaluate(inputs, metrics.SurveyParams(2024)).respondents
    return {"synth_srs": r.unweighted, "synth_raked": r.weighted}


@pytest.mark.parametrize("case", ["synth_srs", "synth_raked"])
def test_synthetic_survey_matches_r(synth, case):
    d = synth[case]
    for method in ("logit", "beta"):
        p = survey.proportion(d, "used_online", level="yes", ci_method=method)
        for field, key in (("estimate", "est"), ("lower", "lower"), ("upper", "upper")):
            close(getattr(p, field), case, f"used_online_yes.{method}.{key}")
        close(p.se, case, "used_online_yes.se")
    options = [c for c in d.frame.columns if c.startswith("wanted_info.")]
    assert len(options) >= 8
    for option in options:
        p = survey.proportion(d, option, level=1)
        close(p.estimate, case, f"{option}.logit.est")
        close(p.lower, case, f"{option}.logit.lower")
        close(p.se, case, f"{option}.se")
    t = survey.crosstab(d, "age_group", "used_online")
    for field in ("f", "f_df_num", "chisq_df", "chisq_p"):
        close(getattr(t, field), case, f"age_used_online.{field}")
    if case == "synth_srs":
        for field in ("f_df_den", "f_p", "chisq"):
            close(getattr(t, field), case, f"age_used_online.{field}")
    else:
        # For a raked design, R's svychisq on the domain of those who answered (376 of 383)
        # still takes n and the degrees of freedom from the whole design; svy takes them from
        # the domain. F, its numerator df and the corrected p agree; the rest differ by
        # exactly those counts.
        close(t.f_df_den * 382 / 375, case, "age_used_online.f_df_den")
        close(t.chisq * 383 / 376, case, "age_used_online.chisq")
    close(d.diagnostics().minimum, case, "weights.min")
    close(d.diagnostics().maximum, case, "weights.max")
    close(d.diagnostics().total, case, "weights.sum")


def test_respondents_profile_against_the_population_matches_r(synth):
    from sugidx_analysis.catalogue import load_inputs
    from sugidx_analysis.themes import get_theme
    from sugidx_analysis.themes.survey import metrics

    ev = metrics.evaluate(load_inputs(get_theme("survey")), metrics.SurveyParams(2024))
    p = ev.respondents.profile
    close(p.chisq, "response", "profile.chisq")
    close(p.p, "response", "profile.p")
    assert p.df == R[("response", "profile.df")]


def test_raked_weights_reproduce_every_margin(hand):
    fit = survey.margin_fit(hand["hand_raked"])
    assert len(fit) == 5
    assert (fit["error"].abs() <= 1e-8 * fit["population"]).all()
    assert hand["hand_raked"].raking.max_error <= 1e-10


def test_weight_diagnostics_by_hand():
    d = survey.weight_diagnostics([1, 1, 2, 4])
    # n Σw² / (Σw)² = 4 × 22 / 64
    assert d.kish_deff == pytest.approx(88 / 64)
    assert d.effective_n == pytest.approx(4 / (88 / 64))
    assert (d.minimum, d.maximum, d.ratio, d.total) == (1, 4, 4, 8)


def test_grouped_results_give_a_frame(hand):
    by_sex = survey.proportion(hand["hand_raked"], "used", by="sex")
    frame = by_sex.to_frame()
    assert list(frame.columns) == ["sex", "level", "estimate", "se", "lower", "upper", "n", "df"]
    assert set(frame["sex"]) == {"male", "female"}
    assert frame.groupby("sex")["estimate"].sum().tolist() == pytest.approx([1.0, 1.0])
    one = by_sex.get("yes", ["female"])
    assert one.group == ("female",) and one.level == "yes"


# ---- errors ---------------------------------------------------------------------------------


def test_ci_method_lists_what_it_accepts(hand):
    with pytest.raises(MetricInputError, match="accepted: logit, beta"):
        survey.proportion(hand["hand_srs"], "used", ci_method="likelihood")


def test_category_in_data_but_not_in_margins(hand):
    margins = {"age_band": {"young": 400, "middle": 800}, "sex": HAND_MARGINS["sex"]}
    with pytest.raises(SugidxError, match="'old' is in the survey data but not in the population"):
        survey.rake(hand["hand_srs"], margins)


def test_category_in_margins_without_respondents(hand):
    margins = {"age_band": {**HAND_MARGINS["age_band"], "oldest": 50}, "sex": HAND_MARGINS["sex"]}
    margins["sex"] = {"male": 600, "female": 650}
    with pytest.raises(SugidxError, match="'oldest' has a population count but no respondents"):
        survey.rake(hand["hand_srs"], margins)


def test_margins_that_disagree_in_total(hand):
    margins = {"age_band": HAND_MARGINS["age_band"], "sex": {"male": 580, "female": 700}}
    with pytest.raises(SugidxError, match=r"disagree in total \(age_band: 1,200, sex: 1,280\)"):
        survey.rake(hand["hand_srs"], margins)


def test_non_convergence_is_an_error(hand):
    with pytest.raises(SugidxError, match="did not converge .* in 2 iterations"):
        survey.rake(hand["hand_srs"], HAND_MARGINS, max_iter=2)


def test_trimming_caps_the_weights_keeps_the_total_and_reports_the_misfit(hand):
    raked = hand["hand_raked"]
    trimmed = survey.rake(hand["hand_srs"], HAND_MARGINS, trim_ratio=1.5)
    cap = 1.5 * raked.weights.median()
    assert trimmed.weights.max() <= cap + 1e-9
    assert trimmed.weights.max() < raked.weights.max()
    assert trimmed.weights.sum() == pytest.approx(1200)
    assert trimmed.raking.max_error > 1e-3  # the margins give way, and say so
    assert survey.margin_fit(trimmed)["error"].abs().max() > 1


def test_design_refuses_a_population_smaller_than_the_sample():
    with pytest.raises(MetricInputError, match="at least the 3 respondents"):
        survey.design(pd.DataFrame({"a": [1, 2, 3]}), population_size=2)


def test_design_names_the_first_bad_weight():
    frame = pd.DataFrame({"w": [1.0, -2.0, 0.0]})
    with pytest.raises(
        SugidxError, match=r"'w' holds -2.0 for respondent 2 of 3 \(2 respondents in all\)"
    ):
        survey.design(frame, weights="w")


def test_mean_of_text_is_refused(hand):
    with pytest.raises(MetricInputError, match="not numeric; use proportion"):
        survey.mean(hand["hand_srs"], "topic")


# ---- response analysis ----------------------------------------------------------------------


def test_response_rate_383_of_2000_with_its_wilson_interval():
    rate = survey.response_rate(383, 2000)  # seed 004: 383人（19.2%）
    assert rate.rate == 0.1915
    close(rate.lower, "response", "wilson_383_2000.lower")
    close(rate.upper, "response", "wilson_383_2000.upper")


def test_margin_of_error_at_383_with_the_correction():
    # 1.959964 × √(0.25/383 × (500,239 − 383)/(500,239 − 1)), worked by hand: 0.0500556
    moe = survey.margin_of_error(383, population_size=500_239)
    assert moe == pytest.approx(1.959963985 * math.sqrt(0.25 / 383 * 499_856 / 500_238))
    assert round(moe, 4) == 0.0501
    assert moe < survey.margin_of_error(383)


def test_margin_table_rows_are_sizes_and_columns_proportions():
    table = survey.margin_table([100, 383], population_size=500_239, proportions=(0.1, 0.5))
    assert table.loc[383, 0.5] == pytest.approx(survey.margin_of_error(383, 500_239))
    assert table.loc[100, 0.1] > table.loc[383, 0.1]


def test_answers_per_respondent_353_and_1053():
    # 349 choose 3, 2 choose 2 and 2 choose 1: 1,047 + 4 + 2 = 1,053 answers from 353
    rows = [[1, 1, 1, 0]] * 349 + [[1, 1, 0, 0]] * 2 + [[1, 0, 0, 0]] * 2 + [[None] * 4] * 30
    choices = pd.DataFrame(rows, columns=list("abcd"), dtype="Int64")
    got = survey.answers_per_respondent(choices)
    assert (got.respondents, got.answers) == (353, 1053)
    assert round(got.per_respondent, 2) == 2.98


def test_profile_is_pearsons_goodness_of_fit():
    observed = pd.Series({"a": 30, "b": 50, "c": 20})
    population = pd.Series({"a": 500, "b": 300, "c": 200})
    p = survey.profile(observed, population, sample_size=400)
    # Σ (O − E)² / E with E = 50, 30, 20
    assert p.chisq == pytest.approx(400 / 50 + 400 / 30 + 0)
    assert p.df == 2
    assert p.table.loc["a", "propensity"] == pytest.approx(30 / (400 * 0.5))
    assert p.table.loc["b", "ratio"] == pytest.approx(0.5 / 0.3)


def test_item_nonresponse_counts_the_asked_only():
    asked = pd.DataFrame({"q1": [True] * 4, "q2": [True, False, True, False]})
    answered = pd.DataFrame({"q1": [True, True, False, True], "q2": [True, True, False, False]})
    table = survey.item_nonresponse(asked, answered)
    assert table.loc["q1"].tolist() == [4, 3, 1, 0.25]
    assert table.loc["q2"].tolist() == [2, 1, 1, 0.5]


# ---- small-cell suppression -----------------------------------------------------------------


def test_a_cell_under_the_threshold_and_its_partner_are_suppressed():
    counts = pd.DataFrame({"yes": [3, 40, 25], "no": [12, 30, 0]}, index=["18-19", "20-29", "80+"])
    hide = survey.suppressed(counts, min_cell_size=10)
    # 3 is primary; the row total (15) would give it back from 12, so 12 goes too; a 0 is shown
    assert hide.loc["18-19"].tolist() == [True, True]
    assert not hide.loc["20-29"].any() and not hide.loc["80+"].any()


def test_column_totals_bring_secondary_suppression_down_the_column():
    counts = pd.DataFrame({"a": [5, 20, 30], "b": [20, 25, 40], "c": [30, 35, 50]})
    hide = survey.suppressed(counts, min_cell_size=10, row_totals=False, column_totals=True)
    assert hide["a"].tolist() == [True, True, False]
    assert not hide[["b", "c"]].to_numpy().any()


def test_suppression_threshold_must_be_positive():
    with pytest.raises(MetricInputError):
        survey.suppressed(pd.DataFrame({"a": [1]}), min_cell_size=0)


def test_reference_was_made_from_the_files_the_repo_holds():
    script = (REFERENCE / "survey_reference.R").read_text(encoding="utf-8")
    assert "Rscript tests/reference/survey_reference.R > tests/reference/survey_reference.csv" in (
        script
    )
    assert (paths.EXAMPLE_DIR / "survey_responses.csv").exists()
