"""Resident survey: who answered, how precise the answers are, and what they say once weighted
back to the population.

Pure: tables in, frozen dataclasses out. The estimators live in
:mod:`sugidx_analysis.stats.survey`; this module decides which survey and year to show, builds
the respondents' analysis frame from the questionnaire, and records why a part cannot be shown.

- From the published figures (``survey_summary``): the response rate with its Wilson
  interval, the margin of error of a proportion with the finite-population correction (the
  population size from ``population``), a table of margins by subgroup size, and answers per
  respondent of each multiple-response item.
- From the respondents (``survey_responses`` with ``survey_questions``): their age × sex
  profile against the population with a goodness-of-fit test and the response propensity per
  cell; weights raked to the population's age-band and sex margins, with diagnostics;
  unweighted and weighted estimates side by side; multiple-response rankings; cross-tabs by age
  band with the Rao–Scott test and small cells suppressed; item nonresponse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import tiers
from ...datasets.load import Loaded
from ...errors import MetricInputError
from ...stats import survey as est
from ..base import Kpi, Reason, YearChoice, check_confidence, check_fiscal_year, choose_year, reason
from . import records as rec
from .schema import AGE_BANDS

SUMMARY, POPULATION = "survey_summary", "population"
RESPONSES, QUESTIONS = "survey_responses", "survey_questions"
OVERALL = "overall"
WEIGHTINGS = ("raking", "none")
# Age groups of the analysis: the population's bands, with 18–19 joined to the twenties. The
# 18–19 band is 1.7% of adults; a mail survey of this size brings it one to three respondents,
# and raking a cell that small gives a few respondents extreme weights.
AGE_GROUPS = {band: band for band in AGE_BANDS} | {"18-19": "18-29", "20-29": "18-29"}
GROUP_ORDER = tuple(dict.fromkeys(AGE_GROUPS.values()))
MARGINS = ("age_group", "sex")  # raking margins
CROSS_BY = "age_group"
MOE_SIZES = (50, 100, 200, 300)
MOE_PROPORTIONS = (0.1, 0.2, 0.3, 0.4, 0.5)


@dataclass(frozen=True, slots=True)
class SurveyParams:
    """What a survey report evaluates: the fiscal year, the smallest cell shown, the interval
    level and whether the estimates are raked to the population."""

    fiscal_year: int
    min_cell_size: int = est.DEFAULT_MIN_CELL_SIZE
    confidence: float = 0.95
    weighting: str = "raking"

    def __post_init__(self) -> None:
        check_fiscal_year(self.fiscal_year)
        size = self.min_cell_size
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise MetricInputError(f"min_cell_size must be a whole number ≥ 1; got {size!r}")
        check_confidence(self.confidence)
        if self.weighting not in WEIGHTINGS:
            raise MetricInputError(
                f"weighting must be one of {', '.join(WEIGHTINGS)}; got {self.weighting!r}"
            )


# ---- the published survey -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """A published item with its own base: respondents and, for a multiple-response item, the
    answers they gave (at most ``max_answers`` each)."""

    item_id: str
    label: str
    base: int
    respondents: int
    answers: int | None
    max_answers: int | None

    @property
    def answers_per_respondent(self) -> float | None:
        if self.answers is None or self.respondents == 0:
            return None
        return self.answers / self.respondents


@dataclass(frozen=True, slots=True)
class Fieldwork:
    """The published survey: who was asked, when, how many answered, and its items."""

    fiscal_year: int
    survey_id: str
    label: str
    population_text: str
    field_start: str | None
    field_end: str | None
    sample_size: int
    respondents: int
    stated_rate: float | None
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Precision:
    """How precise the survey can be: the response rate and the margin of error."""

    rate: est.Rate
    population_size: int | None
    population_date: str | None
    margin: float  # at the respondents' n, p = 0.5
    margins: pd.DataFrame  # rows: numbers of respondents; columns: proportions


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def fieldwork(summary: pd.DataFrame, fiscal_year: int) -> Fieldwork:
    """The survey of ``fiscal_year`` (the first by ``survey_id`` when there are several)."""
    rows = summary[summary["fiscal_year"] == fiscal_year]
    overall = rows[rows["item_id"] == OVERALL].sort_values("survey_id")
    if overall.empty:
        raise MetricInputError(f"no overall row for fiscal year {fiscal_year} in survey_summary")
    o = overall.iloc[0]
    items = []
    for r in rows[
        (rows["survey_id"] == o["survey_id"]) & (rows["item_id"] != OVERALL)
    ].itertuples():
        items.append(
            Item(
                str(r.item_id),
                _text(r.item_label) or str(r.item_id),
                int(r.base),
                int(r.respondents),
                _int(getattr(r, "answers", None)),
                _int(getattr(r, "max_answers", None)),
            )
        )
    return Fieldwork(
        fiscal_year=int(fiscal_year),
        survey_id=str(o["survey_id"]),
        label=_text(o.get("item_label")) or str(o["survey_id"]),
        population_text=_text(o.get("population")) or "",
        field_start=_text(o.get("field_start")),
        field_end=_text(o.get("field_end")),
        sample_size=int(o["base"]),
        respondents=int(o["respondents"]),
        stated_rate=None if pd.isna(o.get("response_rate")) else float(o["response_rate"]),
        items=tuple(items),
    )


def latest_population(population: pd.DataFrame) -> pd.DataFrame:
    """The rows of the latest reference date."""
    latest = population["reference_date"].max()
    return population[population["reference_date"] == latest]


def precision(
    survey: Fieldwork, population: pd.DataFrame | None, confidence: float = 0.95
) -> Precision:
    """Response rate with its Wilson interval; the margin of error at the respondents' n and
    by subgroup size, with the finite-population correction when the population is known."""
    size = date = None
    if population is not None and not population.empty:
        latest = latest_population(population)
        size, date = int(latest["population"].sum()), str(latest["reference_date"].iloc[0])
    n = survey.respondents
    sizes = sorted({*(s for s in MOE_SIZES if s < n), n})
    return Precision(
        rate=est.response_rate(n, survey.sample_size, confidence),
        population_size=size,
        population_date=date,
        margin=est.margin_of_error(n, size, 0.5, confidence),
        margins=est.margin_table(sizes, size, MOE_PROPORTIONS, confidence),
    )


# ---- the respondents ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class QuestionResult:
    """One question's answers, unweighted and (when raked) weighted.

    For a single-choice question ``unweighted`` / ``weighted`` are the proportions of each
    option (:class:`~sugidx_analysis.stats.survey.EstimateTable`); for a multiple-response
    question they are rankings (:func:`~sugidx_analysis.stats.survey.multiple_response`
    frames) and ``answers`` counts the choices made.
    """

    question: rec.Question
    asked: int
    answered: int
    unweighted: object
    weighted: object | None
    answers: est.AnswersPerRespondent | None = None


@dataclass(frozen=True, eq=False)
class CrossResult:
    """A single-choice question by age band: the table, which cells are suppressed."""

    question: rec.Question
    table: est.CrossTab
    suppressed: pd.DataFrame
    weighted: bool


@dataclass(frozen=True, eq=False)
class Respondents:
    """Everything computed from the respondents of one survey."""

    fiscal_year: int
    survey_id: str
    n: int
    differences: tuple[tuple[str, int, int], ...]  # (what, records, published)
    profile: est.Profile
    age_profile: est.Profile
    unweighted: est.SurveyDesign
    weighted: est.SurveyDesign | None
    weighting_reason: Reason | None
    single: tuple[QuestionResult, ...]
    multiple: tuple[QuestionResult, ...]
    crosstabs: tuple[CrossResult, ...]
    nonresponse: pd.DataFrame

    @property
    def primary(self) -> est.SurveyDesign:
        """The design the report's headline figures use: raked when raking was done."""
        return self.weighted if self.weighted is not None else self.unweighted


def option_column(question_id: str, option_id: str) -> str:
    """The analysis frame's 0/1 column of one option of a multiple-response question."""
    return f"{question_id}.{option_id}"


def analysis_frame(responses: pd.DataFrame, questions: tuple[rec.Question, ...]) -> pd.DataFrame:
    """One row per respondent: age band, sex, each single question's option id, and one 0/1
    column per option of each multiple-response question (missing when not answered)."""
    frame = responses[["respondent_id", "age_band", "sex"]].copy()
    frame["age_group"] = frame["age_band"].map(AGE_GROUPS).astype("string")
    for q in questions:
        choices = rec.choices(responses, q)
        if q.type == "single":
            done = choices.notna().all(axis=1)
            picked = pd.Series(pd.NA, index=choices.index, dtype="string")
            picked[done] = choices[done].astype(int).idxmax(axis=1)
            frame[q.id] = picked.to_numpy()
        else:
            for option_id, _ in q.options:
                frame[option_column(q.id, option_id)] = choices[option_id].astype("Float64")
    return frame.reset_index(drop=True)


def grouped_population(population: pd.DataFrame) -> pd.DataFrame:
    """The latest population by age group and sex."""
    latest = latest_population(population).assign(age_group=lambda f: f["age_band"].map(AGE_GROUPS))
    return latest.groupby(["age_group", "sex"], as_index=False)["population"].sum()


def _margins(population: pd.DataFrame) -> dict[str, dict[str, float]]:
    latest = grouped_population(population)
    return {
        column: {str(k): float(v) for k, v in latest.groupby(column)["population"].sum().items()}
        for column in MARGINS
    }


def _empty_margin(frame: pd.DataFrame, margins: Mapping[str, Mapping[str, float]]) -> Reason | None:
    for column, counts in margins.items():
        seen = set(frame[column].dropna().astype(str))
        for category in counts:
            if category not in seen:
                return reason("empty_margin", column=column, category=category)
        if frame[column].isna().any():
            return reason("margin_missing", column=column, count=int(frame[column].isna().sum()))
    return None


def _cells(population: pd.DataFrame) -> pd.Series:
    cells = grouped_population(population).set_index(["age_group", "sex"])["population"]
    return cells.astype(float).reindex(GROUP_ORDER, level="age_group")


def respondents(
    responses: pd.DataFrame,
    questionnaire: pd.DataFrame,
    population: pd.DataFrame,
    survey: Fieldwork | None,
    params: SurveyParams,
) -> Respondents:
    """Analyse the respondents of one survey (``responses`` holds that survey only)."""
    questions = rec.questions(questionnaire)
    frame = analysis_frame(responses, questions)
    n = len(frame)
    size = int(latest_population(population)["population"].sum())
    sample_size = survey.sample_size if survey is not None else None

    observed = frame.groupby(["age_group", "sex"]).size()
    cells = _cells(population)
    profile_ = est.profile(observed, cells, sample_size)
    by_age = est.profile(
        frame.groupby("age_group").size(),
        cells.groupby(level="age_group").sum().reindex(GROUP_ORDER),
        sample_size,
    )

    unweighted = est.design(frame, population_size=size)
    weighted, why = None, None
    if params.weighting == "raking":
        margins = _margins(population)
        why = _empty_margin(frame, margins)
        if why is None:
            weighted = est.rake(unweighted, margins)
    else:
        why = reason("weighting_off")
    conf = params.confidence
    single, multiple, crosstabs = [], [], []
    asked_flags, answered_flags = {}, {}
    for q in questions:
        asked = rec.asked(responses, q).to_numpy()
        answered = rec.answered(responses, q).to_numpy()
        asked_flags[q.id], answered_flags[q.id] = asked, answered
        if not answered.any():
            continue
        if q.type == "single":
            results = [
                est.proportion(d, q.id, confidence=conf) if d is not None else None
                for d in (unweighted, weighted)
            ]
            single.append(QuestionResult(q, int(asked.sum()), int(answered.sum()), *results))
            design_ = weighted if weighted is not None else unweighted
            if frame[q.id].nunique() >= 2:
                table = est.crosstab(design_, CROSS_BY, q.id)
                table_counts = table.counts.reindex(
                    [g for g in GROUP_ORDER if g in table.counts.index]
                )
                crosstabs.append(
                    CrossResult(
                        q,
                        table,
                        # rows print their base, and the overall row (a weighted mean of
                        # the rows) is a column total: both must not give a hidden cell back
                        est.suppressed(table_counts, params.min_cell_size, column_totals=True),
                        weighted is not None,
                    )
                )
        else:
            columns = [option_column(q.id, o) for o, _ in q.options]
            results = [
                est.multiple_response(d, columns, confidence=conf) if d is not None else None
                for d in (unweighted, weighted)
            ]
            multiple.append(
                QuestionResult(
                    q,
                    int(asked.sum()),
                    int(answered.sum()),
                    *results,
                    answers=est.answers_per_respondent(frame[columns]),
                )
            )
    nonresponse = est.item_nonresponse(pd.DataFrame(asked_flags), pd.DataFrame(answered_flags))
    return Respondents(
        fiscal_year=int(responses["fiscal_year"].iloc[0]),
        survey_id=str(responses["survey_id"].iloc[0]),
        n=n,
        differences=_differences(frame, multiple, survey),
        profile=profile_,
        age_profile=by_age,
        unweighted=unweighted,
        weighted=weighted,
        weighting_reason=why,
        single=tuple(single),
        multiple=tuple(multiple),
        crosstabs=tuple(crosstabs),
        nonresponse=nonresponse,
    )


def _differences(
    frame: pd.DataFrame, multiple: list[QuestionResult], survey: Fieldwork | None
) -> tuple[tuple[str, int, int], ...]:
    """Where the records' counts differ from the published ones: respondents overall, and each
    published item's respondents and answers (matched by question id)."""
    if survey is None:
        return ()
    out = []
    if len(frame) != survey.respondents:
        out.append(("respondents", len(frame), survey.respondents))
    by_id = {r.question.id: r for r in multiple}
    for item in survey.items:
        r = by_id.get(item.item_id)
        if r is None or r.answers is None:
            continue
        if r.answers.respondents != item.respondents:
            out.append((f"{item.item_id}.respondents", r.answers.respondents, item.respondents))
        if item.answers is not None and r.answers.answers != item.answers:
            out.append((f"{item.item_id}.answers", r.answers.answers, item.answers))
    return tuple(out)


# ---- the evaluation -------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SurveyEvaluation:
    """Every decision and figure of the survey report.

    Attributes
    ----------
    year : the year of ``survey_summary`` shown (requested, or the latest earlier).
    survey, precision : that year's published survey and its response rate and margins.
    records_year : the year of the respondents' records shown (None without records).
    respondents : the analysis of those records (None without them; ``records_reason``).
    """

    params: SurveyParams
    inputs: Mapping[str, Loaded]
    year: YearChoice
    survey: Fieldwork | None
    precision: Precision | None
    records_year: YearChoice | None
    respondents: Respondents | None
    records_reason: Reason | None

    @property
    def records_shown(self) -> bool:
        return self.respondents is not None

    @property
    def weighted_margin(self) -> float | None:
        """The margin of error at the respondents' n once weighted: the unweighted margin
        times √(Kish design effect). None without raked weights or published precision."""
        r, p = self.respondents, self.precision
        if r is None or r.weighted is None or p is None:
            return None
        return p.margin * r.weighted.diagnostics().kish_deff ** 0.5

    @property
    def assumptions(self) -> tuple[str, ...]:
        """Ids of every assumption the shown results rest on, each once."""
        ids = ["fiscal_year"]
        if self.precision is not None:
            ids += ["survey.simple_random_sample", "survey.margin_of_error"]
            if self.precision.population_size is not None:
                ids.append("survey.population_unverified")
        r = self.respondents
        if r is not None:
            ids += ["survey.simple_random_sample", "survey.missing_at_random"]
            if r.weighted is not None:
                ids.append("survey.raking")
            loaded = self.inputs.get(RESPONSES)
            if loaded is not None and loaded.tier == tiers.SYNTHETIC:
                ids.append("synth.survey.seed")
        return tuple(dict.fromkeys(ids))


def _loaded(inputs: Mapping[str, Loaded], name: str) -> pd.DataFrame | None:
    item = inputs.get(name)
    return None if item is None else item.frame


def evaluate(inputs: Mapping[str, Loaded], params: SurveyParams) -> SurveyEvaluation:
    """Evaluate the resident survey for ``params.fiscal_year``.

    Parameters
    ----------
    inputs : ``survey_summary`` and ``population`` (published or the analyst's), and
        optionally ``survey_responses`` with ``survey_questions`` (record level).
    params : the year, the smallest cell shown, the interval level, the weighting.

    Raises
    ------
    DataValidationError
        when a respondent's answers break the questionnaire (every problem listed).
    """
    summary = _loaded(inputs, SUMMARY)
    population = _loaded(inputs, POPULATION)
    year = choose_year(summary, params.fiscal_year)
    survey = precision_ = None
    if year.shown is not None:
        survey = fieldwork(summary, year.shown)
        precision_ = precision(survey, population, params.confidence)

    responses, questionnaire = _loaded(inputs, RESPONSES), _loaded(inputs, QUESTIONS)
    records_year = respondents_ = records_reason = None
    if responses is None:
        records_reason = reason("no_records")
    elif questionnaire is None:
        records_reason = reason("no_questionnaire")
    elif population is None:
        records_reason = reason("no_population")
    else:
        records_year = choose_year(responses, params.fiscal_year)
        if records_year.shown is None:
            records_reason = reason("no_data_for_year")
        else:
            rows = responses[responses["fiscal_year"] == records_year.shown]
            survey_id = survey.survey_id if survey is not None else None
            if survey_id is None or survey_id not in set(rows["survey_id"]):
                survey_id = sorted(rows["survey_id"].unique())[0]
            rows = rows[rows["survey_id"] == survey_id]
            asked = questionnaire[questionnaire["survey_id"] == survey_id]
            if asked.empty:
                records_reason = reason("no_questionnaire")
            else:
                file = inputs[RESPONSES].path.name if inputs[RESPONSES].path else RESPONSES
                rows = rec.validated(rows, asked, file=file)
                same = survey if survey is not None and survey.survey_id == survey_id else None
                respondents_ = respondents(rows, asked, population, same, params)
    return SurveyEvaluation(
        params=params,
        inputs=dict(inputs),
        year=year,
        survey=survey,
        precision=precision_,
        records_year=records_year,
        respondents=respondents_,
        records_reason=records_reason,
    )


# ---- KPIs -----------------------------------------------------------------------------------

KPI_UNITS = {
    "survey.response_rate": "ratio",
    "survey.margin_of_error": "ratio",
    "survey.answers_per_respondent": "answers",
}


def kpis(evaluation: SurveyEvaluation) -> list[Kpi]:
    """The survey's published key figures. No source sets a target for them."""
    s, p = evaluation.survey, evaluation.precision
    if s is None or p is None:
        return []
    loaded = evaluation.inputs.get(SUMMARY)
    tier = loaded.tier if loaded is not None else None
    figures = [("survey.response_rate", p.rate.rate), ("survey.margin_of_error", p.margin)]
    for item in s.items:
        if item.answers_per_respondent is not None:
            figures.append(("survey.answers_per_respondent", item.answers_per_respondent))
            break
    return [
        Kpi(kpi_id, "survey", s.fiscal_year, float(value), KPI_UNITS[kpi_id], tier=tier)
        for kpi_id, value in figures
    ]
