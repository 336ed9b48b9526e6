"""Design-based survey estimates: our small interface to ``svy``.

The rest of the library and the notebooks use these functions, never ``svy`` itself, so that
a change of ``svy``'s API (it is beta; ``svy``, ``svy-rs`` and ``svy-io`` are pinned together)
touches one file. Every estimate carries its standard error, interval and the number of
respondents it rests on. Tested against R's ``survey`` package
(``tests/reference/survey_reference.R``).

The design is a simple random sample of persons, with the finite-population correction when
the population size is given: ``svydesign(ids = ~1, weights = ~w, fpc = ~N)`` in R. Raking
adjusts the weights to population margins by iterative proportional fitting; the variances
after raking account for it, as R's ``rake`` does.

Besides the estimators, the response analysis a survey report opens with: the response rate
with a Wilson interval, the margin of error of a proportion, the respondents' profile against
the population, item nonresponse, answers per respondent of a multiple-response item, and
small-cell suppression. These are plain formulas on counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import MetricInputError, SugidxError

CI_METHODS = ("logit", "beta")
WEIGHT = "_weight"
POPULATION = "_population"
DEFAULT_TOL = 1e-10
DEFAULT_MAX_ITER = 100
DEFAULT_MIN_CELL_SIZE = 10


class SurveyDesignError(SugidxError):
    """A design, raking or estimate cannot be made from this data (the message says why)."""


# ---- the design -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeightDiagnostics:
    """How far the weights depart from equal weights.

    ``kish_deff`` is Kish's design effect due to unequal weights, n·Σw²/(Σw)²; the effective
    sample size is n / kish_deff: the equal-weight sample that would give the same precision.
    """

    n: int
    total: float
    minimum: float
    maximum: float
    ratio: float
    kish_deff: float
    effective_n: float


@dataclass(frozen=True, slots=True)
class Raking:
    """What raking did: the margins it matched, how closely, and the trimming asked for."""

    margins: Mapping[str, Mapping[str, float]]
    tol: float
    max_error: float
    trim_ratio: float | None


@dataclass(frozen=True, eq=False)
class SurveyDesign:
    """Respondents with their weights: a simple random sample, optionally raked.

    ``frame`` is the respondents' data (index 0…n−1); ``weights`` their weights (equal,
    N/n when the population size is given, 1 otherwise, until raked).
    """

    frame: pd.DataFrame
    weights: pd.Series
    population_size: float | None
    raking: Raking | None = None
    _sample: object = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.frame)

    @property
    def weighted(self) -> bool:
        """True once the weights are no longer equal (raked or given)."""
        return not np.allclose(self.weights.to_numpy(), self.weights.iloc[0])

    def diagnostics(self) -> WeightDiagnostics:
        return weight_diagnostics(self.weights)


def weight_diagnostics(weights: Sequence[float] | pd.Series) -> WeightDiagnostics:
    """Range, Kish design effect and effective sample size of ``weights``."""
    w = np.asarray(weights, dtype=float)
    if len(w) == 0:
        raise MetricInputError("no weights: the design has no respondents")
    deff = len(w) * float(np.sum(w**2)) / float(np.sum(w)) ** 2
    return WeightDiagnostics(
        n=len(w),
        total=float(w.sum()),
        minimum=float(w.min()),
        maximum=float(w.max()),
        ratio=float(w.max() / w.min()),
        kish_deff=deff,
        effective_n=len(w) / deff,
    )


def _polars(frame: pd.DataFrame):
    """The frame as polars, every column of pandas' nullable kinds mapped to plain ones."""
    import polars as pl

    columns = {}
    for name in frame.columns:
        s = frame[name]
        if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_numeric_dtype(s.dtype):
            values = s.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            columns[str(name)] = pl.Series(str(name), values).fill_nan(None)
        else:
            values = [None if pd.isna(v) else str(v) for v in s]
            columns[str(name)] = pl.Series(str(name), values, dtype=pl.String)
    return pl.DataFrame(columns)


def _sample(frame: pd.DataFrame, weights: pd.Series, population_size: float | None):
    import svy

    data = frame.copy()
    data[WEIGHT] = weights.to_numpy(dtype=float)
    if population_size is not None:
        data[POPULATION] = float(population_size)
    design = svy.Design(wgt=WEIGHT, pop_size=POPULATION if population_size is not None else None)
    return svy.Sample(_polars(data), design)


def design(
    frame: pd.DataFrame,
    weights: str | None = None,
    population_size: float | None = None,
) -> SurveyDesign:
    """A simple random sample of the rows of ``frame``.

    Parameters
    ----------
    frame : one row per respondent.
    weights : a column of ``frame`` holding each respondent's weight; None gives equal
        weights, N/n with a population size (so that weighted counts estimate the population),
        else 1.
    population_size : the number of persons the sample was drawn from; given, the variances
        carry the finite-population correction (1 − n/N).
    """
    if len(frame) == 0:
        raise SurveyDesignError("the survey has no respondents")
    frame = frame.reset_index(drop=True)
    n = len(frame)
    if population_size is not None:
        if not np.isfinite(population_size) or population_size < n:
            raise MetricInputError(
                f"population size must be at least the {n:,} respondents; got {population_size!r}"
            )
    if weights is None:
        w = pd.Series(np.full(n, population_size / n if population_size else 1.0))
    else:
        if weights not in frame.columns:
            raise MetricInputError(f"no weight column {weights!r} in the survey data")
        w = pd.to_numeric(frame[weights], errors="coerce").astype(float)
        bad = frame.index[~(w > 0) | w.isna()]
        if len(bad):
            raise SurveyDesignError(
                f"weights must be positive numbers; column {weights!r} holds "
                f"{frame.loc[bad[0], weights]} for respondent {bad[0] + 1} of {n} "
                f"({len(bad)} respondents in all)"
            )
    w = w.rename("weight").reset_index(drop=True)
    return SurveyDesign(frame, w, population_size, None, _sample(frame, w, population_size))


# ---- raking ---------------------------------------------------------------------------------


def _check_margins(frame: pd.DataFrame, margins: Mapping[str, Mapping[str, float]]) -> None:
    """Every problem with the margins at once, as one SurveyDesignError."""
    problems: list[str] = []
    totals = {}
    for column, counts in margins.items():
        if column not in frame.columns:
            problems.append(f"no column {column!r} in the survey data for the margin")
            continue
        values = frame[column]
        if values.isna().any():
            problems.append(
                f"{int(values.isna().sum())} respondents have no {column!r}: they cannot be "
                "raked (impute it or leave them out first)"
            )
        seen = {str(v) for v in values.dropna().unique()}
        wanted = {str(k) for k in counts}
        for cat in sorted(seen - wanted):
            problems.append(
                f"{column!r} = {cat!r} is in the survey data but not in the population margins "
                f"(margins list {sorted(wanted)})"
            )
        for cat in sorted(wanted - seen):
            problems.append(
                f"{column!r} = {cat!r} has a population count but no respondents; combine it "
                "with a neighbouring category in both the data and the margins"
            )
        for cat, count in counts.items():
            if not (isinstance(count, (int, float, np.integer, np.floating)) and count > 0):
                problems.append(f"population count of {column!r} = {cat!r} must be positive")
        totals[column] = float(sum(float(c) for c in counts.values()))
    if len(set(round(t, 6) for t in totals.values())) > 1:
        listed = ", ".join(f"{c}: {t:,.0f}" for c, t in totals.items())
        problems.append(f"the margins disagree in total ({listed}); each must sum to the same")
    if problems:
        raise SurveyDesignError("cannot rake: " + "; ".join(problems))


def rake(
    design_: SurveyDesign,
    margins: Mapping[str, Mapping[str, float]],
    tol: float = DEFAULT_TOL,
    max_iter: int = DEFAULT_MAX_ITER,
    trim_ratio: float | None = None,
) -> SurveyDesign:
    """The design with its weights raked to population ``margins``.

    Parameters
    ----------
    margins : column → {category: population count}. Every category in the data must have a
        count and every count a respondent; every margin must sum to the same total.
    tol : largest relative misfit accepted on any margin category (tight: 1e-10 by default,
        because a loose fit moves the tests' statistics in the sixth figure).
    max_iter : iteration cap; not converging within it is an error, never a silent result.
    trim_ratio : when given, the raked weights above ``trim_ratio`` × their median are cut to
        it and the excess spread over the others (the total is kept). The margins then no
        longer hold exactly: ``raking.max_error`` and :func:`margin_fit` say by how much.
        (Raking and trimming cannot be alternated to exact margins here: with equal starting
        weights the raked weights are fixed by the margins alone.)
    """
    import svy

    if not margins:
        raise MetricInputError("rake needs at least one margin")
    if not 0 < tol < 1:
        raise MetricInputError(f"tol must be between 0 and 1; got {tol!r}")
    if trim_ratio is not None and not trim_ratio > 1:
        raise MetricInputError(f"trim_ratio must be above 1; got {trim_ratio!r}")
    frame = design_.frame
    _check_margins(frame, margins)
    controls = {c: {str(k): float(v) for k, v in counts.items()} for c, counts in margins.items()}
    try:
        raked = design_._sample.weighting.rake(
            controls=controls, tol=tol, max_iter=max_iter, wgt_name="_raked"
        )
    except svy.SvyError as exc:
        if "CONVERGE" in exc.code or "ITER" in exc.code:
            raise SurveyDesignError(
                f"raking did not converge to within {tol:g} in {max_iter} iterations; "
                "combine small categories or raise max_iter"
            ) from None
        raise SurveyDesignError(f"raking failed: {exc.title}: {exc.detail}") from None
    column = "_raked"
    if trim_ratio is not None:
        raked = raked.weighting.trim(upper=svy.Threshold("median", trim_ratio), wgt_name="_trimmed")
        column = "_trimmed"
    weights = pd.Series(raked.data[column].to_numpy(), name="weight")
    errors = [
        abs(float(weights[(frame[c].astype(str) == k).to_numpy()].sum()) - v) / v
        for c, counts in controls.items()
        for k, v in counts.items()
    ]
    info = Raking(controls, tol, max(errors), trim_ratio)
    return SurveyDesign(frame, weights, design_.population_size, info, raked)


def margin_fit(design_: SurveyDesign) -> pd.DataFrame:
    """Each raking margin's population count against the sum of the raked weights."""
    if design_.raking is None:
        raise MetricInputError("the design is not raked")
    rows = []
    for column, counts in design_.raking.margins.items():
        values = design_.frame[column].astype(str)
        for category, target in counts.items():
            got = float(design_.weights[(values == category).to_numpy()].sum())
            rows.append((column, category, target, got, got - target))
    return pd.DataFrame(rows, columns=["margin", "category", "population", "weighted", "error"])


# ---- estimates ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Estimate:
    """One design-based estimate: value, standard error, the interval, the respondents it
    rests on (``n``) and the degrees of freedom the interval used. ``level`` is the category
    of a proportion, ``group`` the domain (values of ``by``), both None when not asked."""

    estimate: float
    se: float
    lower: float
    upper: float
    n: int
    df: float
    level: str | None = None
    group: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class EstimateTable:
    """Several estimates of one measure: per level of a proportion and/or per domain."""

    measure: str
    column: str
    by: tuple[str, ...]
    confidence: float
    ci_method: str | None
    rows: tuple[Estimate, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per estimate: the ``by`` columns, ``level`` (proportions), then estimate,
        se, lower, upper, n, df."""
        records = []
        for r in self.rows:
            rec = dict(zip(self.by, r.group or (), strict=True))
            if self.measure == "proportion":
                rec["level"] = r.level
            rec.update(estimate=r.estimate, se=r.se, lower=r.lower, upper=r.upper, n=r.n, df=r.df)
            records.append(rec)
        return pd.DataFrame.from_records(records)

    def get(self, level: str | None = None, group: Sequence[str] | None = None) -> Estimate:
        """The estimate of ``level`` (a proportion's category) in domain ``group``."""
        want = tuple(str(g) for g in group) if group is not None else None
        for r in self.rows:
            if (level is None or r.level == str(level)) and (want is None or r.group == want):
                return r
        raise MetricInputError(f"no estimate for level {level!r} in group {group!r}")


def _alpha(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise MetricInputError(
            f"confidence must be between 0 and 1 (e.g. 0.95); got {confidence!r}"
        )
    return 1 - confidence


def _by(by: str | Sequence[str] | None) -> tuple[str, ...]:
    if by is None:
        return ()
    return (by,) if isinstance(by, str) else tuple(by)


def _check_columns(design_: SurveyDesign, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in design_.frame.columns]
    if missing:
        raise MetricInputError(f"no column {missing[0]!r} in the survey data")


def _rows(result, by: tuple[str, ...], level_column: str | None) -> tuple[Estimate, ...]:
    rows = []
    for rec in result.to_polars().iter_rows(named=True):
        group = tuple(str(rec[b]) for b in by) if by else None
        level = None
        if level_column is not None:
            value = rec[level_column]
            level = _level_text(value)
        rows.append(
            Estimate(
                estimate=float(rec["est"]),
                se=float(rec["se"]),
                lower=float(rec["lci"]),
                upper=float(rec["uci"]),
                n=int(rec["n"]),
                df=float(rec["df"]),
                level=level,
                group=group,
            )
        )
    return tuple(rows)


def _level_text(value) -> str:
    """A category as text; 0/1 read as floats print as "0"/"1"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def proportion(
    design_: SurveyDesign,
    column: str,
    level: str | int | None = None,
    by: str | Sequence[str] | None = None,
    ci_method: str = "logit",
    confidence: float = 0.95,
) -> Estimate | EstimateTable:
    """The share of each category of ``column`` among respondents who answered it.

    Respondents with no answer leave the estimate but stay in the design (domain estimation,
    as R's ``na.rm = TRUE``). With ``level`` and no ``by``: that category's single
    :class:`Estimate`; otherwise an :class:`EstimateTable`.

    ``ci_method``: "logit" (R ``svyciprop(method = "logit")``) or "beta" (``"beta"``). The
    interval's degrees of freedom are those who answered minus one (R's default would take the
    whole design's; ``tests/reference/survey_reference.R`` passes them explicitly).
    """
    if ci_method not in CI_METHODS:
        raise MetricInputError(
            f"unknown ci_method {ci_method!r}; accepted: {', '.join(CI_METHODS)}"
        )
    alpha = _alpha(confidence)
    by_ = _by(by)
    _check_columns(design_, (column, *by_))
    if design_.frame[column].notna().sum() == 0:
        raise SurveyDesignError(f"no respondent answered {column!r}")
    result = design_._sample.estimation.prop(
        column,
        by=list(by_) if by_ else None,
        ci_method=ci_method,
        alpha=alpha,
        drop_nulls=True,
    )
    rows = _rows(result, by_, column)
    if level is not None:
        level = _level_text(level)
        rows = tuple(r for r in rows if r.level == level)
        if not rows:
            raise MetricInputError(f"no respondent answered {level!r} to {column!r}")
        if not by_:
            return rows[0]
    return EstimateTable("proportion", column, by_, confidence, ci_method, rows)


def mean(
    design_: SurveyDesign,
    column: str,
    by: str | Sequence[str] | None = None,
    confidence: float = 0.95,
) -> Estimate | EstimateTable:
    """The mean of a numeric ``column`` among respondents who answered it (a single
    :class:`Estimate` without ``by``). On a 0/1 column it is a proportion with a symmetric
    interval (t with the design's degrees of freedom)."""
    alpha = _alpha(confidence)
    by_ = _by(by)
    _check_columns(design_, (column, *by_))
    values = design_.frame[column]
    if not (pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values)):
        raise MetricInputError(f"column {column!r} is not numeric; use proportion() for categories")
    if values.notna().sum() == 0:
        raise SurveyDesignError(f"no respondent answered {column!r}")
    result = design_._sample.estimation.mean(
        column, by=list(by_) if by_ else None, alpha=alpha, drop_nulls=True
    )
    rows = _rows(result, by_, None)
    if not by_:
        return rows[0]
    return EstimateTable("mean", column, by_, confidence, None, rows)


# ---- cross-tabulation -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CrossTab:
    """A weighted two-way table and the Rao–Scott tests of independence.

    ``weighted`` holds the weighted counts (rows × columns), ``counts`` the respondents in each
    cell, ``row_shares`` each row's distribution over the columns.

    ``f``, ``f_df_num``, ``f_df_den``, ``f_p``: the Rao–Scott second-order corrected F (R's
    ``svychisq(statistic = "F")``). ``chisq``, ``chisq_df``, ``chisq_p``: as R's
    ``svychisq(statistic = "Chisq")`` prints it — the uncorrected Pearson X² of the weighted
    table scaled to the sample size, with its df, and the p-value of the first-order
    (mean design effect) corrected statistic.

    Respondents who did not answer both questions are a domain left out, as R's
    ``svychisq(..., subset(design, !is.na(row) & !is.na(col)))``: the statistic is scaled to
    the respondents who answered and the degrees of freedom are theirs minus one.
    """

    row: str
    col: str
    weighted: pd.DataFrame
    counts: pd.DataFrame
    f: float
    f_df_num: float
    f_df_den: float
    f_p: float
    chisq: float
    chisq_df: float
    chisq_p: float

    @property
    def row_shares(self) -> pd.DataFrame:
        return self.weighted.div(self.weighted.sum(axis=1), axis=0)


def crosstab(design_: SurveyDesign, row: str, col: str) -> CrossTab:
    """``row`` × ``col`` among respondents who answered both, with the Rao–Scott tests."""
    _check_columns(design_, (row, col))
    frame = design_.frame
    both = frame[row].notna() & frame[col].notna()
    if both.sum() == 0:
        raise SurveyDesignError(f"no respondent answered both {row!r} and {col!r}")
    if frame.loc[both, row].nunique() < 2 or frame.loc[both, col].nunique() < 2:
        raise SurveyDesignError(f"{row!r} × {col!r} needs at least two categories of each")
    import svy

    # a domain (R's subset(design, !is.na(...))): the other respondents stay in the design
    answered = svy.col(row).is_not_null() & svy.col(col).is_not_null()
    table = design_._sample.categorical.tabulate(row, col, units="count", where=answered)
    cells = table.to_polars().to_pandas()
    cells[row] = cells[row].map(_level_text)
    cells[col] = cells[col].map(_level_text)
    weighted = cells.pivot(index=row, columns=col, values="est").fillna(0.0)
    sub = frame.loc[both, [row, col]].astype(str)
    counts = pd.crosstab(sub[row], sub[col]).reindex(
        index=weighted.index, columns=weighted.columns, fill_value=0
    )
    weighted.index.name, weighted.columns.name = row, col
    counts.index.name, counts.columns.name = row, col
    stats = table.stats
    return CrossTab(
        row=row,
        col=col,
        weighted=weighted,
        counts=counts,
        f=float(stats.f.value),
        f_df_num=float(stats.f.df_num),
        f_df_den=float(stats.f.df_den),
        f_p=float(stats.f.p_value),
        chisq=float(stats.chisq.value),
        chisq_df=float(stats.chisq.df),
        chisq_p=float(stats.chisq.p_value),
    )


# ---- response analysis ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rate:
    """``count`` of ``base`` with a Wilson score interval."""

    count: int
    base: int
    rate: float
    lower: float
    upper: float
    confidence: float


def _z(confidence: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(1 - _alpha(confidence) / 2))


def response_rate(respondents: int, sample_size: int, confidence: float = 0.95) -> Rate:
    """Respondents / persons sampled, with the Wilson interval (R's ``prop.test(x, n,
    correct = FALSE)``): unlike the plain normal interval it stays inside 0–1 and is accurate
    for small rates."""
    if sample_size <= 0 or respondents < 0 or respondents > sample_size:
        raise MetricInputError(
            f"respondents must be between 0 and the sample size; got {respondents} of {sample_size}"
        )
    z = _z(confidence)
    n, p = sample_size, respondents / sample_size
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return Rate(respondents, sample_size, p, centre - half, centre + half, confidence)


def margin_of_error(
    n: int,
    population_size: float | None = None,
    p: float = 0.5,
    confidence: float = 0.95,
) -> float:
    """Half-width of the interval of a proportion ``p`` estimated from ``n`` respondents of a
    simple random sample: z·√(p(1−p)/n), times the finite-population correction
    √((N − n)/(N − 1)) when the population size N is given (the 標本誤差 of Japanese survey
    reports). p = 0.5 gives the largest margin."""
    if n <= 0:
        raise MetricInputError(f"n must be positive; got {n!r}")
    if not 0 <= p <= 1:
        raise MetricInputError(f"p must be between 0 and 1; got {p!r}")
    variance = p * (1 - p) / n
    if population_size is not None:
        if population_size < n or population_size <= 1:
            raise MetricInputError(
                f"population size must be at least n = {n}; got {population_size!r}"
            )
        variance *= (population_size - n) / (population_size - 1)
    return _z(confidence) * math.sqrt(variance)


def margin_table(
    sizes: Sequence[int],
    population_size: float | None = None,
    proportions: Sequence[float] = (0.1, 0.3, 0.5),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Margins of error by number of respondents (rows) and proportion (columns)."""
    return pd.DataFrame(
        [[margin_of_error(n, population_size, p, confidence) for p in proportions] for n in sizes],
        index=pd.Index(list(sizes), name="n"),
        columns=list(proportions),
    )


@dataclass(frozen=True, eq=False)
class Profile:
    """Respondents against the population, cell by cell.

    ``table`` columns: respondents, respondent_share, population, population_share, expected
    (respondents were the sample a perfect mirror of the population), propensity (respondents
    per person sampled in the cell, when the sample size is known: respondents / (sample ×
    population share)), ratio (respondent share / population share). ``chisq``, ``df``, ``p``:
    Pearson's goodness-of-fit test of the respondent counts against the population shares (R's
    ``chisq.test(x, p = …)``).
    """

    table: pd.DataFrame
    chisq: float
    df: int
    p: float


def profile(
    respondents: pd.Series, population: pd.Series, sample_size: int | None = None
) -> Profile:
    """Compare respondent counts per cell with population counts per cell (same index)."""
    from scipy.stats import chisquare

    missing = sorted(set(respondents.index) - set(population.index), key=str)
    if missing:
        raise MetricInputError(f"respondent cells without a population count: {missing}")
    population = population.astype(float)
    observed = respondents.reindex(population.index, fill_value=0).astype(float)
    n = float(observed.sum())
    if n == 0:
        raise SurveyDesignError("no respondents to compare with the population")
    share = population / population.sum()
    table = pd.DataFrame(
        {
            "respondents": observed.astype(int),
            "respondent_share": observed / n,
            "population": population,
            "population_share": share,
            "expected": share * n,
        }
    )
    table["ratio"] = table["respondent_share"] / table["population_share"]
    if sample_size is not None:
        table["propensity"] = observed / (share * sample_size)
    result = chisquare(observed.to_numpy(), f_exp=(share * n).to_numpy())
    return Profile(table, float(result.statistic), len(observed) - 1, float(result.pvalue))


def item_nonresponse(asked: pd.DataFrame, answered: pd.DataFrame) -> pd.DataFrame:
    """Per question (column): respondents asked, answered, not answered and its share of the
    asked."""
    rows = []
    for q in asked.columns:
        a = int(asked[q].sum())
        got = int((answered[q] & asked[q]).sum())
        rows.append((q, a, got, a - got, (a - got) / a if a else float("nan")))
    return pd.DataFrame(
        rows, columns=["question", "asked", "answered", "missing", "missing_share"]
    ).set_index("question")


@dataclass(frozen=True, slots=True)
class AnswersPerRespondent:
    respondents: int
    answers: int

    @property
    def per_respondent(self) -> float:
        return self.answers / self.respondents


def answers_per_respondent(choices: pd.DataFrame) -> AnswersPerRespondent:
    """Choices made per respondent who answered a multiple-response item (0/1 columns, one per
    option; rows with no answer are all missing and not counted)."""
    answered = choices.notna().all(axis=1) & (choices.fillna(0).sum(axis=1) > 0)
    picked = choices[answered].astype(int)
    if not answered.any():
        raise SurveyDesignError("no respondent answered the item")
    return AnswersPerRespondent(int(answered.sum()), int(picked.to_numpy().sum()))


def multiple_response(
    design_: SurveyDesign,
    options: Sequence[str],
    ci_method: str = "logit",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """A multiple-response item stored as one 0/1 column per option (missing = not answered).

    One row per option, ranked by the share of respondents choosing it: ``n`` (respondents
    choosing it), ``estimate`` / ``lower`` / ``upper`` (share of respondents who answered the
    item, with the interval of :func:`proportion`) and ``answer_share`` (its weighted share of
    all choices made). Weighted or not as the design is.
    """
    _check_columns(design_, options)
    rows = []
    w = design_.weights.to_numpy()
    frame = design_.frame
    answered = frame[list(options)].notna().all(axis=1).to_numpy()
    total_choices = float(
        sum((w * frame[o].fillna(0).astype(float).to_numpy())[answered].sum() for o in options)
    )
    for option in options:
        values = frame[option].astype("Float64")
        est = proportion(design_, option, level=1, ci_method=ci_method, confidence=confidence)
        chosen = float((w * values.fillna(0).to_numpy(dtype=float))[answered].sum())
        rows.append(
            dict(
                option=option,
                n=int(values.eq(1).sum()),
                estimate=est.estimate,
                se=est.se,
                lower=est.lower,
                upper=est.upper,
                respondents=int(answered.sum()),
                answer_share=chosen / total_choices if total_choices else float("nan"),
            )
        )
    out = pd.DataFrame(rows).sort_values("estimate", ascending=False, kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.reset_index(drop=True)


# ---- small-cell suppression -----------------------------------------------------------------


def suppressed(
    counts: pd.DataFrame,
    min_cell_size: int = DEFAULT_MIN_CELL_SIZE,
    row_totals: bool = True,
    column_totals: bool = False,
) -> pd.DataFrame:
    """Which cells of a table to hide, given the respondents behind each cell.

    Primary: a cell resting on 1 … ``min_cell_size`` − 1 respondents. Secondary: where a
    printed total (of a row when ``row_totals``, of a column when ``column_totals``) would let
    a reader recover a single hidden cell by subtraction, the smallest other non-empty cell of
    that line is hidden too, until no printed line has exactly one hidden cell.
    """
    if min_cell_size < 1:
        raise MetricInputError(f"min_cell_size must be at least 1; got {min_cell_size!r}")
    values = counts.to_numpy(dtype=float)
    hide = (values > 0) & (values < min_cell_size)
    lines = []
    if row_totals:
        lines += [(i, slice(None)) for i in range(values.shape[0])]
    if column_totals:
        lines += [(slice(None), j) for j in range(values.shape[1])]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if hide[line].sum() == 1:
                candidates = np.where(~hide[line] & (values[line] > 0), values[line], np.inf)
                if np.isfinite(candidates).any():
                    k = int(np.argmin(candidates))
                    if isinstance(line[0], int):
                        hide[line[0], k] = True
                    else:
                        hide[k, line[1]] = True
                    changed = True
    return pd.DataFrame(hide, index=counts.index, columns=counts.columns)
