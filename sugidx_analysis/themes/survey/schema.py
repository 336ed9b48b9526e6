"""Resident survey: the datasets the theme will read (its evaluation is still to come)."""

from __future__ import annotations

from ...datasets.schema import (
    BoundRule,
    Column,
    Dataset,
    ShareRule,
    fiscal_year_column,
    source_column,
)

SURVEY_SUMMARY = Dataset(
    name="survey_summary",
    title="Resident survey: sample, responses and item bases",
    description=(
        "Published sample size and responses of the ward's resident surveys, overall and for "
        "items with their own base (seed 004, section 1(1)). For a multiple-response item, "
        "answers counts every choice made, at most max_answers per respondent."
    ),
    columns=(
        fiscal_year_column(),
        Column("survey_id", "text", "Short identifier of the survey", required=True),
        Column("item_id", "text", "overall, or the identifier of a question", required=True),
        Column("item_label", "text", "The question as published"),
        Column("population", "text", "Who was surveyed", aliases=("調査対象",)),
        Column("field_start", "date", "First day of fieldwork"),
        Column("field_end", "date", "Last day of fieldwork"),
        Column(
            "base",
            "count",
            "Persons asked: the sample for overall, the respondents for an item",
            required=True,
            unit="persons",
        ),
        Column(
            "respondents",
            "count",
            "Persons who answered",
            required=True,
            aliases=("回答者",),
            unit="persons",
        ),
        Column(
            "response_rate", "share", "Stated respondents / base", aliases=("回答率",), maximum=1.0
        ),
        Column("answers", "count", "Choices made in a multiple-response item", aliases=("回答数",)),
        Column("max_answers", "count", "Most choices one respondent may make (empty = no limit)"),
        source_column(),
    ),
    key=("survey_id", "item_id"),
    shares=(ShareRule("response_rate", "respondents", "base"),),
    bounds=(
        BoundRule(("respondents",), "base"),
        BoundRule(("respondents",), "answers"),
        BoundRule(("answers",), "respondents", factor_column="max_answers"),
    ),
)

AGE_BANDS = ("18-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80+")

POPULATION = Dataset(
    name="population",
    title="Adult residents by age band and sex (住民基本台帳)",
    description=(
        "Suginami's registered residents aged 18+ by age band and sex, from the ward's "
        "「町丁別世帯数及び人口」 (住民基本台帳) as of 2022-10-01; the margins for weighting the "
        "resident survey."
    ),
    columns=(
        Column("reference_date", "date", "Date of the count", required=True, aliases=("基準日",)),
        Column(
            "age_band",
            "text",
            "Age band (years)",
            required=True,
            aliases=("年齢",),
            allowed=AGE_BANDS,
        ),
        Column(
            "sex",
            "text",
            "male or female",
            required=True,
            aliases=("性別",),
            allowed=("male", "female"),
        ),
        Column(
            "population",
            "count",
            "Registered residents",
            required=True,
            aliases=("人口",),
            unit="persons",
        ),
        source_column(),
    ),
    key=("reference_date", "age_band", "sex"),
)

DATASETS = (
    SURVEY_SUMMARY,
    POPULATION,
)
