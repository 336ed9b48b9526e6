"""The survey evaluation: the published figures (seed 004), the respondents' analysis, the
decisions evaluate makes, and its errors."""

from __future__ import annotations

import math

import pytest

from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.errors import DataValidationError, MetricInputError
from sugidx_analysis.stats import survey as est
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.survey import metrics
from sugidx_analysis.themes.survey.metrics import SurveyParams, evaluate


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(get_theme("survey"))


@pytest.fixture(scope="module")
def ev(inputs):
    return evaluate(inputs, SurveyParams(2024))


def test_published_survey_of_seed_004(ev):
    s = ev.survey
    assert (s.sample_size, s.respondents, s.stated_rate) == (2000, 383, 0.192)
    assert (s.field_start, s.field_end) == ("2024-07-02", "2024-07-31")
    (item,) = s.items
    assert (item.respondents, item.answers, item.max_answers) == (353, 1053, 3)
    assert round(item.answers_per_respondent, 2) == 2.98


def test_response_rate_and_margin_of_error(ev):
    p = ev.precision
    assert p.rate.rate == 383 / 2000 == 0.1915
    assert (p.population_size, p.population_date) == (500_239, "2022-10-01")
    z = 1.959963984540054
    assert p.margin == pytest.approx(z * math.sqrt(0.25 / 383 * (500_239 - 383) / 500_238))
    assert list(p.margins.index) == [50, 100, 200, 300, 383]
    assert p.margins.loc[383, 0.5] == pytest.approx(p.margin)


def test_records_reconcile_with_the_published_counts(ev):
    r = ev.respondents
    assert r.n == 383 and r.differences == ()
    (wanted,) = [q for q in r.multiple if q.question.id == "wanted_info"]
    assert (wanted.answers.respondents, wanted.answers.answers) == (353, 1053)


def test_raked_weights_reproduce_the_population_margins(ev):
    fit = est.margin_fit(ev.respondents.weighted)
    assert set(fit["margin"]) == {"age_group", "sex"}
    assert (fit["error"].abs() <= 1e-8 * fit["population"]).all()
    assert fit["population"].groupby(fit["margin"]).sum().tolist() == [500_239, 500_239]


def test_respondents_lean_old_and_weighting_raises_online_use(ev):
    r = ev.respondents
    t = r.age_profile.table
    older = [g for g in t.index if g >= "60"]
    assert t.loc[older, "respondent_share"].sum() > t.loc[older, "population_share"].sum()
    used = r.single[0]
    assert used.question.id == "used_online"
    assert used.weighted.get("yes").estimate > used.unweighted.get("yes").estimate


def test_18_19_joined_to_the_twenties(ev):
    assert list(ev.respondents.age_profile.table.index) == list(metrics.GROUP_ORDER)
    assert metrics.GROUP_ORDER[0] == "18-29"


def test_crosstab_cells_under_the_threshold_are_suppressed(ev):
    (c,) = ev.respondents.crosstabs
    counts = c.table.counts.loc[c.suppressed.index]
    small = (counts > 0) & (counts < 10)
    assert small.to_numpy().any()  # the synthetic data has such a cell
    assert c.suppressed[small].fillna(True).to_numpy().all()
    # no printed row has exactly one hidden cell (its base would give it back)
    assert not (c.suppressed.sum(axis=1) == 1).any()


def test_weighting_off_leaves_the_estimates_unweighted(inputs):
    ev = evaluate(inputs, SurveyParams(2024, weighting="none"))
    r = ev.respondents
    assert r.weighted is None and r.weighting_reason.code == "weighting_off"
    assert all(q.weighted is None for q in (*r.single, *r.multiple))
    assert not ev.respondents.crosstabs[0].weighted


def test_a_year_before_the_survey_has_nothing_to_show(inputs):
    ev = evaluate(inputs, SurveyParams(2023))
    assert ev.survey is None and ev.precision is None and ev.respondents is None
    assert ev.records_reason.code == "no_data_for_year"
    assert metrics.kpis(ev) == []


def test_a_later_year_shows_the_latest_survey(inputs):
    ev = evaluate(inputs, SurveyParams(2025))
    assert ev.year.is_fallback and ev.year.shown == 2024
    assert ev.respondents is not None


def test_without_records_only_the_published_part(inputs):
    partial = {k: v for k, v in inputs.items() if k != metrics.RESPONSES}
    ev = evaluate(partial, SurveyParams(2024))
    assert ev.precision is not None and ev.respondents is None
    assert ev.records_reason.code == "no_records"


def test_answers_breaking_the_questionnaire_are_refused(inputs):
    from dataclasses import replace

    loaded = inputs[metrics.RESPONSES]
    bad = loaded.frame.copy()
    bad.loc[bad.index[0], "used_online"] = "maybe"
    broken = dict(inputs) | {metrics.RESPONSES: replace(loaded, frame=bad)}
    with pytest.raises(DataValidationError) as info:
        evaluate(broken, SurveyParams(2024))
    problem = info.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("survey_responses.csv", 2, "used_online")
    assert problem.value == "maybe" and "yes, no" in problem.expected


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"fiscal_year": "2024"}, "fiscal_year must be a whole year"),
        ({"fiscal_year": 2024, "min_cell_size": 0}, "min_cell_size must be"),
        ({"fiscal_year": 2024, "confidence": 95}, "confidence must be between"),
        ({"fiscal_year": 2024, "weighting": "post"}, "weighting must be one of raking, none"),
    ],
)
def test_parameters_are_checked(kwargs, message):
    with pytest.raises(MetricInputError, match=message):
        SurveyParams(**kwargs)


def test_kpis_are_the_published_figures(ev):
    kpis = {k.kpi_id: k for k in metrics.kpis(ev)}
    assert kpis["survey.response_rate"].value == 0.1915
    assert round(kpis["survey.answers_per_respondent"].value, 2) == 2.98
    assert round(kpis["survey.margin_of_error"].value * 100, 1) == 5.0
    assert {k.tier for k in kpis.values()} == {"published"}
    assert all(k.judgement == "not_judged" for k in kpis.values())


def test_weighted_margin_grows_with_the_design_effect(ev):
    deff = ev.respondents.weighted.diagnostics().kish_deff
    assert deff > 1
    assert ev.weighted_margin == pytest.approx(ev.precision.margin * math.sqrt(deff))
    # 0.050056 × √1.1882 = 0.0546: ±5.5 points
    assert round(ev.weighted_margin * 100, 1) == 5.5
