"""Cashless payment and outreach: the published shares and launches, the outreach figures of
seeds 000 and 003, reach per 1,000 residents aged 65+, and which launch effects the synthetic
monthly records support in each fiscal year."""

from __future__ import annotations

import pytest

from sugidx_analysis import catalogue
from sugidx_analysis.errors import MetricInputError
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.cashless import metrics
from sugidx_analysis.themes.cashless.metrics import CashlessParams, evaluate, kpis

THEME = get_theme("cashless")


@pytest.fixture(scope="module")
def inputs():
    return catalogue.load_inputs(THEME)


@pytest.fixture(scope="module")
def fy2024(inputs):
    return evaluate(inputs, CashlessParams(2024))


def test_published_shares_are_marked_as_from_an_unnamed_municipality(fy2024):
    shares = {s.window: s for s in fy2024.shares}
    assert shares["戸籍住民課・税務課"].share == 0.14
    assert shares["オアシスルーム（第三庁舎内）"].share == 0.62
    assert all(s.unnamed and s.fiscal_year == 2021 for s in shares.values())


def test_launches_are_the_published_months(fy2024):
    assert [(x.window, x.month) for x in fy2024.launches] == [
        ("区民課窓口（本庁舎）", "2023-12"),
        ("区民事務所", "2024-10"),
    ]


def test_outreach_per_session_and_reach(fy2024):
    o = fy2024.outreach
    assert o.year.shown == 2022 and o.year.is_fallback
    by = {p.provider: p for p in o.providers}
    sugi = by["杉の樹大学"]
    assert (sugi.sessions, sugi.participants) == (12 + 6 + 6 + 2 + 24, 588)
    assert round(sugi.per_session, 1) == 11.8
    yuyu = next(p for name, p in by.items() if name.startswith("ゆうゆう館"))
    assert (yuyu.sessions, yuyu.participants) == (655, 3365)
    assert round(yuyu.per_session, 1) == 5.1
    assert o.population_65 == 120217
    assert o.participations == 588 + 3365
    assert o.reach_per_1000 == pytest.approx((588 + 3365) / 120217 * 1000)
    assert round(o.reach_per_1000, 1) == 32.9


def test_outreach_from_a_document_naming_no_municipality_gets_no_reach(inputs):
    o = evaluate(inputs, CashlessParams(2021)).outreach
    (classes,) = o.providers
    assert (classes.sessions, classes.participants) == (31, 174) and classes.unnamed
    assert round(classes.per_session, 1) == 5.6
    assert o.reach_per_1000 is None and o.reach_reason.code == "unnamed_source"


def test_no_effect_before_any_launch(inputs):
    e = evaluate(inputs, CashlessParams(2022)).effects
    assert e.last_month == "2023-03" and e.launched == ()
    assert {w.reason.code for w in e.windows} == {"not_yet"}
    assert e.study is None and e.study_reason.code == "no_launch_yet"


def test_fy2023_estimates_the_main_office_against_the_branches(inputs):
    e = evaluate(inputs, CashlessParams(2023)).effects
    assert e.last_month == "2024-03" and e.launched == ("区民課窓口（本庁舎）",)
    main = e.windows[0]
    assert main.its.n_post == 4 and main.its.launch == "2023-12"
    assert e.study.treated == ("区民課窓口（本庁舎）",)
    assert len(e.study.comparison) == 7
    # the synthetic launch moves payments off cash: the estimate says fewer cash payments
    assert main.its.mean_effect.upper < 0 and e.study.average_effect.upper < 0


def test_fy2024_estimates_every_window(fy2024):
    e = fy2024.effects
    assert all(w.its is not None for w in e.windows)
    assert [w.its.n_post for w in e.windows] == [16] + [6] * 7
    assert e.study.months[-1] == "2024-09"  # the branches serve until their own launch


def test_kpis_are_published_figures_without_target(fy2024):
    ids = {k.kpi_id: k for k in kpis(fy2024)}
    assert round(ids["outreach.per_session.杉の樹大学"].value, 1) == 11.8
    assert ids["outreach.reach_per_1000_65plus"].fiscal_year == 2022
    assert all(k.judgement == "not_judged" and k.target is None for k in ids.values())


def test_bad_parameters_are_refused():
    with pytest.raises(MetricInputError, match="leads"):
        CashlessParams(2024, leads=1)
    with pytest.raises(MetricInputError, match="confidence"):
        CashlessParams(2024, confidence=0.2)


def test_records_without_launch_table_are_said_not_raised(inputs):
    partial = {k: v for k, v in inputs.items() if k != metrics.CASHLESS}
    ev = evaluate(partial, CashlessParams(2024))
    assert ev.effects is None and ev.effects_reason.code == "no_launch_table"
