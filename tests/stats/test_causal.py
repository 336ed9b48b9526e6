"""stats.causal against R (tests/reference/causal_reference.R → .csv, on the committed panel
tests/reference/causal_panel.csv), noiseless series whose effects are known by construction,
and the input checks."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sugidx_analysis.errors import MetricInputError
from sugidx_analysis.stats import causal

REFERENCE = Path(__file__).resolve().parents[1] / "reference"
RTOL = 1e-6  # six significant figures
WARD = ["main", *(f"branch_{i}" for i in range(1, 6))]


def _reference() -> dict[tuple[str, str], float]:
    with open(REFERENCE / "causal_reference.csv", encoding="utf-8") as f:
        return {(r["case"], r["key"]): float(r["value"]) for r in csv.DictReader(f)}


R = _reference()


def close(got: float, case: str, key: str) -> None:
    want = R[(case, key)]
    assert got == pytest.approx(want, rel=RTOL, abs=1e-12), (case, key, got, want)


def close_coefficient(c: causal.Coefficient, case: str, key: str) -> None:
    close(c.estimate, case, f"{key}.est")
    close(c.se, case, f"{key}.se")
    close(c.lower, case, f"{key}.lower")
    close(c.upper, case, f"{key}.upper")
    close(c.p_value, case, f"{key}.p")


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "causal_panel.csv", dtype={"launch": "string"})


@pytest.fixture(scope="module")
def launches(panel) -> dict[str, str | None]:
    first = panel.groupby("unit")["launch"].first()
    return {u: None if pd.isna(m) else m for u, m in first.items()}


def _months(first: str, n: int) -> list[str]:
    return [str(p) for p in pd.period_range(first, periods=n, freq="M")]


# ---- against R ------------------------------------------------------------------------------

ITS_CASES = {
    "its_main": ("main", {}),
    "its_branch_1": ("branch_1", {}),
    "its_main_plain": ("main", {"seasonality": False, "lags": 6, "alpha": 0.10}),
}


@pytest.mark.parametrize("case", sorted(ITS_CASES))
def test_interrupted_time_series_matches_r(panel, launches, case):
    unit, options = ITS_CASES[case]
    series = panel[panel["unit"] == unit]
    r = causal.interrupted_time_series(
        series["month"].tolist(), series["value"].tolist(), launches[unit], **options
    )
    assert (len(r.months), r.lags, r.df) == (R[(case, "n")], R[(case, "lag")], R[(case, "df")])
    close_coefficient(r.level_change, case, "level")
    close_coefficient(r.slope_change, case, "slope")
    close_coefficient(r.mean_effect, case, "mean")
    assert len(r.effects) == r.n_post == len(r.months) - r.n_pre
    for row in r.effects.itertuples():
        assert row.month == r.months[r.n_pre + row.k]
        close(row.effect, case, f"effect.{row.k}.est")
        close(row.se, case, f"effect.{row.k}.se")
        close(row.lower, case, f"effect.{row.k}.lower")
        close(row.upper, case, f"effect.{row.k}.upper")
        close(row.p_value, case, f"effect.{row.k}.p")
        close(r.counterfactual[r.n_pre + row.k], case, f"counterfactual.{row.month}")
    close(r.fitted[0], case, "fitted.first")


def test_counterfactual_is_the_fit_before_launch_and_departs_after(panel, launches):
    series = panel[panel["unit"] == "main"]
    r = causal.interrupted_time_series(series["month"], series["value"].tolist(), "2023-12")
    assert r.months[r.n_pre] == r.launch == "2023-12"
    assert r.counterfactual[: r.n_pre] == r.fitted[: r.n_pre]
    gap = np.subtract(r.fitted, r.counterfactual)[r.n_pre :]
    np.testing.assert_allclose(gap, r.effects["effect"], rtol=1e-12)
    assert r.effects["k"].tolist() == list(range(r.n_post))


@pytest.mark.parametrize("case", ["es_ward", "es_all"])
def test_event_study_matches_r(panel, launches, case):
    if case == "es_ward":
        frame = panel[panel["unit"].isin(WARD)]
        es = causal.event_study(frame, {u: launches[u] for u in WARD})
    else:
        es = causal.event_study(panel, launches, leads=3, lags=12, alpha=0.10)
    assert (es.n, es.df, es.lags) == (R[(case, "n")], R[(case, "df")], R[(case, "lags")])
    assert es.effects["event_time"].tolist() == list(range(-es.leads, es.lags + 1))
    for row in es.effects.itertuples():
        if row.event_time == -1:
            assert (row.effect, row.se) == (0.0, 0.0)
            continue
        close(row.effect, case, f"effect.{row.event_time}.est")
        close(row.se, case, f"effect.{row.event_time}.se")
        close(row.lower, case, f"effect.{row.event_time}.lower")
        close(row.upper, case, f"effect.{row.event_time}.upper")
        close(row.p_value, case, f"effect.{row.event_time}.p")
    close_coefficient(es.average_effect, case, "average")
    close(es.pretrend.f, case, "pretrend.f")
    close(es.pretrend.p_value, case, "pretrend.p")
    assert (es.pretrend.df1, es.pretrend.df2) == (
        R[(case, "pretrend.df1")],
        R[(case, "pretrend.df2")],
    )
    assert es.parallel_trends_rejected is (es.pretrend.p_value < es.alpha)


def test_ward_event_study_uses_the_branches_before_their_launch(panel, launches):
    es = causal.event_study(panel[panel["unit"].isin(WARD)], {u: launches[u] for u in WARD})
    assert es.comparison_kind == "last_treated"
    assert es.comparison == tuple(WARD[1:])
    assert es.cohorts == {"2023-12": ("main",)} and es.treated == ("main",)
    assert (es.months[0], es.months[-1]) == ("2021-04", "2024-09")
    assert es.always_treated == ()
    # One treated window: a cohort is observed at every event time it reports.
    assert (es.effects["cohorts"] == 1).all()


def test_always_treated_unit_is_dropped_and_changes_nothing(panel, launches):
    with_pilot = causal.event_study(panel, launches, leads=3, lags=12, alpha=0.10)
    without = panel[panel["unit"] != "pilot"]
    rest = {u: m for u, m in launches.items() if u != "pilot"}
    plain = causal.event_study(without, rest, leads=3, lags=12, alpha=0.10)
    assert with_pilot.always_treated == ("pilot",) and plain.always_treated == ()
    assert with_pilot.comparison == ("corner_1", "corner_2")
    assert with_pilot.comparison_kind == "never_treated"
    assert "pilot" not in with_pilot.treated and with_pilot.n == plain.n == 8 * 48
    pd.testing.assert_frame_equal(with_pilot.effects, plain.effects)
    assert with_pilot.average_effect == plain.average_effect
    # Two cohorts observed at event times up to the branches' last month (2025-03 is e = 5).
    assert with_pilot.effects.set_index("event_time")["cohorts"].loc[[5, 6]].tolist() == [2, 1]


def test_periods_and_unsorted_rows_give_the_same_results(panel, launches):
    series = panel[panel["unit"] == "main"].iloc[::-1]
    periods = pd.PeriodIndex(series["month"], freq="M")
    a = causal.interrupted_time_series(periods, series["value"].tolist(), pd.Period("2023-12"))
    b = causal.interrupted_time_series(
        panel.loc[panel["unit"] == "main", "month"].tolist(),
        panel.loc[panel["unit"] == "main", "value"].tolist(),
        "2023-12",
    )
    assert a.level_change == b.level_change and a.months == b.months
    frame = panel[panel["unit"].isin(WARD)].sample(frac=1.0, random_state=1)
    frame = frame.assign(month=pd.PeriodIndex(frame["month"], freq="M"))
    shuffled = causal.event_study(frame, {u: launches[u] for u in WARD})
    ordered = causal.event_study(panel[panel["unit"].isin(WARD)], {u: launches[u] for u in WARD})
    np.testing.assert_allclose(shuffled.effects["effect"], ordered.effects["effect"], rtol=1e-9)


# ---- known effects --------------------------------------------------------------------------


def test_noiseless_series_gives_back_its_level_and_slope_change():
    months = _months("2021-04", 48)
    t = np.arange(48)
    season = np.tile([0.3, -0.1, 0.0, 0.2, -0.4, 0.1, 0.0, 0.5, -0.2, 0.1, -0.3, 0.0], 4)
    post = t >= 32
    baseline = 10 + 0.2 * t + season
    y = baseline + post * (5 + 0.5 * (t - 32))
    r = causal.interrupted_time_series(months, y, "2023-12")
    assert (r.n_pre, r.n_post, r.lags) == (32, 16, 3)
    assert r.level_change.estimate == pytest.approx(5, abs=1e-9)
    assert r.slope_change.estimate == pytest.approx(0.5, abs=1e-9)
    assert r.mean_effect.estimate == pytest.approx(5 + 0.5 * 7.5, abs=1e-9)
    np.testing.assert_allclose(r.effects["effect"], 5 + 0.5 * np.arange(16), atol=1e-9)
    np.testing.assert_allclose(r.counterfactual, baseline, atol=1e-9)
    np.testing.assert_allclose(r.fitted, y, atol=1e-9)
    assert r.level_change.se < 1e-9


def test_noiseless_panel_gives_back_each_event_times_effect():
    months = _months("2022-01", 30)
    units = {"a": "2023-03", "b": "2023-03", "c": "2023-07", "d": None}
    rows = []
    for i, (u, launch) in enumerate(units.items()):
        for j, m in enumerate(months):
            e = None if launch is None else pd.Period(m, "M").ordinal - pd.Period(launch).ordinal
            effect = 2 + 0.25 * e if e is not None and e >= 0 else 0.0
            rows.append((u, m, 3 * i + np.sin(j) + 0.1 * j + effect))
    es = causal.event_study(pd.DataFrame(rows, columns=["unit", "month", "value"]), units)
    assert es.cohorts == {"2023-03": ("a", "b"), "2023-07": ("c",)}
    assert es.comparison == ("d",) and es.lags == 29 - 14
    effects = es.effects.set_index("event_time")["effect"]
    truth = [0.0 if e < 0 else 2 + 0.25 * e for e in effects.index]
    np.testing.assert_allclose(effects, truth, atol=1e-9)
    assert es.average_effect.estimate == pytest.approx(2 + 0.25 * es.lags / 2, abs=1e-9)
    # Cohort weights: at e = 0 both cohorts are observed (two windows and one); at e = 12 only
    # the first (the second's last month is e = 11).
    assert es.effects.set_index("event_time")["cohorts"].loc[[0, 11, 12]].tolist() == [2, 2, 1]


# ---- input checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m, v, o: (m[:10] + m[11:], v[:10] + v[11:], o), "no data for 2022-02"),
        (lambda m, v, o: (m[:10] + m[12:], v[:10] + v[12:], o), "2022-02 to 2022-03"),
        (lambda m, v, o: (m + m[-1:], v + v[-1:], o), "2025-03 appears more than once"),
        (lambda m, v, o: (m, v[:-1], o), "48 months but 47 values"),
        (lambda m, v, o: (m, v[:5] + [float("nan")] + v[6:], o), "missing values"),
        (lambda m, v, o: (m, v, {"launch": "2025-04"}), r"outside the series \(2021-04 to"),
        (lambda m, v, o: (m, v, {"launch": "2021-03"}), "outside the series"),
        (lambda m, v, o: (m, v, {"launch": "2023-03"}), "24 months before launch .* got 23"),
        (lambda m, v, o: (m, v, {"launch": "2025-02"}), "got 46 before and 2 from 2025-02"),
        (
            lambda m, v, o: (m[12:], v[12:], {"seasonality": False, "launch": "2022-10"}),
            "at least 12 months before launch",
        ),
        (lambda m, v, o: (m, v, {"lags": 48}), "lags must be a whole number from 0 to 47"),
        (lambda m, v, o: (m, v, {"lags": 1.5}), "lags must be"),
        (lambda m, v, o: (m, v, {"alpha": 0}), "alpha"),
        (lambda m, v, o: (["2021/04", *m[1:]], v, o), "'YYYY-MM'"),
        (lambda m, v, o: ([], [], o), "empty"),
    ],
)
def test_bad_series_raise_metric_input_error(edit, message):
    months = _months("2021-04", 48)
    values = [float(i % 7) for i in range(48)]
    months, values, options = edit(months, values, {})
    launch = options.pop("launch", "2023-12")
    with pytest.raises(MetricInputError, match=message):
        causal.interrupted_time_series(months, values, launch, **options)


def test_seasonal_minimum_is_enough():
    months = _months("2021-04", 27)
    values = np.random.default_rng(0).normal(size=27)
    r = causal.interrupted_time_series(months, values, months[causal.MIN_PRE_SEASONAL])
    assert (r.n_pre, r.n_post, r.df) == (24, 3, 27 - 15)


@pytest.fixture
def ward(panel, launches):
    return panel[panel["unit"].isin(WARD)].reset_index(drop=True), {u: launches[u] for u in WARD}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda p, x: (p.drop(columns="value"), x), "no column 'value'"),
        (lambda p, x: (pd.concat([p, p.iloc[[5]]]), x), "'main' has more than one row for 2021-09"),
        (lambda p, x: (p.assign(value=p["value"].where(p.index != 7)), x), "missing"),
        (lambda p, x: (p.drop(index=50), x), "unit 'branch_1'.*no data for 2021-06"),
        (lambda p, x: (p, {**x, "kiosk": None}), r"not in the panel: \['kiosk'\]"),
        (lambda p, x: (p, {u: m for u, m in x.items() if u != "main"}), "without a launch"),
        (lambda p, x: (p, {u: "2024-10" for u in x}), "no treated cohort is left"),
        (lambda p, x: (p, {**x, "main": "2021-04"}), "no treated cohort is left"),
        (lambda p, x: (p, {u: "2020-01" for u in x}), "no treated cohort is left"),
        (lambda p, x: (p, {**x, "main": "2024-13"}), "'YYYY-MM'"),
        (lambda p, x: (p.assign(month=p["month"].str.replace("-", "/")), x), "'YYYY-MM'"),
        (
            # The comparison is never observed in 2021-08: that month's effect is not identified.
            lambda p, x: (p[~(p["unit"].str.startswith("branch") & (p["month"] > "2021-07"))], x),
            "not identified",
        ),
        (lambda p, x: (p, x, {"leads": 33}), "leads must be a whole number from 0 to 32"),
        (lambda p, x: (p, x, {"lags": 10}), r"lags must .* to 9 \(event times observed run"),
        (lambda p, x: (p, x, {"alpha": 1}), "alpha"),
    ],
)
def test_bad_panels_raise_metric_input_error(ward, edit, message):
    frame, launches, *options = edit(*ward)
    with pytest.raises(MetricInputError, match=message):
        causal.event_study(frame, launches, **(options[0] if options else {}))
