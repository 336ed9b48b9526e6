"""Resident survey: the published summary (``survey_summary``), the population margins
(``population``), and the record-level responses (``survey_responses``) with their questionnaire
(``survey_questions``). How answers are stored in the responses is described in
:data:`ANSWER_COLUMNS` and read by :mod:`.records`."""

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
    label="区民アンケートの実施状況",
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
SEXES = ("male", "female")

POPULATION = Dataset(
    name="population",
    label="年齢別・男女別人口（18歳以上）",
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
            allowed=SEXES,
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

QUESTION_TYPES = ("single", "multiple")
# The separators a multiple-choice answer may use between option ids in one column.
SEPARATORS = (";", "；", "、", ",")
# An option column of a multiple-choice question: question_id + OPTION_MARK + option_id.
OPTION_MARK = "."

ANSWER_COLUMNS = (
    "one column per question of the questionnaire (survey_questions), named by its "
    "question_id. A single-choice question holds the option_id chosen (empty = not answered). "
    "A multiple-choice question holds either the option_ids chosen in one column, separated by "
    "「;」 (also 「；」, 「、」 or 「,」), or one 0/1 column per option named "
    "question_id.option_id (all empty = not answered; when answered, every option column holds "
    "0 or 1). Checked against the questionnaire by ``themes.survey.records.check_responses``."
)

SURVEY_RESPONSES = Dataset(
    name="survey_responses",
    label="区民アンケートの回答（回答者ごと）",
    title="Resident survey: one row per respondent (record level)",
    description=(
        "A respondent of a resident survey: the survey, their age band and sex (the cells the "
        "population margins use for weighting) and their answers, one column per question as "
        "described below. The questions and options are those of survey_questions. The "
        "committed example file is synthetic (synthetic = true)."
    ),
    columns=(
        fiscal_year_column(),
        Column(
            "survey_id",
            "text",
            "Short identifier of the survey (as in survey_summary and survey_questions)",
            required=True,
            aliases=("調査ID",),
        ),
        Column(
            "respondent_id",
            "text",
            "Identifier of the respondent within the survey (no personal information)",
            required=True,
            aliases=("回答者ID", "回答者番号", "整理番号"),
        ),
        Column(
            "age_band",
            "text",
            "Age band (years) at the time of the survey",
            aliases=("年齢", "年代", "年齢区分"),
            allowed=AGE_BANDS,
        ),
        Column("sex", "text", "male or female", aliases=("性別",), allowed=SEXES),
        Column(
            "synthetic",
            "bool",
            "True for generated example rows (not real records)",
            aliases=("合成データ",),
        ),
    ),
    key=("survey_id", "respondent_id"),
    record_level=True,
    open_columns=ANSWER_COLUMNS,
)

SURVEY_QUESTIONS = Dataset(
    name="survey_questions",
    label="区民アンケートの設問と選択肢",
    title="Resident survey: the questionnaire, one row per option of each question",
    description=(
        "The questions of a resident survey and their options, one row per option: the "
        "question's order, wording and type (single or multiple choice), the most choices a "
        "multiple-choice question allows, and the condition under which it is asked "
        "(asked_if, written question_id=option_id: asked only of respondents who chose that "
        "option; empty = asked of everyone). Every row of a question repeats the same order, "
        "wording, type, max_choices and asked_if. Question and option ids name the columns of "
        "survey_responses, so they contain no 「.」 and no separator (「;」 「；」 「、」 「,」). "
        "The committed example file is synthetic (synthetic = true)."
    ),
    columns=(
        Column(
            "survey_id",
            "text",
            "Short identifier of the survey",
            required=True,
            aliases=("調査ID",),
        ),
        Column(
            "question_id",
            "text",
            "Identifier of the question: the column of survey_responses holding its answers",
            required=True,
            aliases=("設問ID", "設問番号"),
        ),
        Column(
            "order",
            "count",
            "Position of the question in the questionnaire",
            required=True,
            aliases=("順番", "表示順"),
        ),
        Column("question", "text", "The question as worded", aliases=("設問", "設問文")),
        Column(
            "type",
            "text",
            "single (one answer) or multiple (several answers)",
            required=True,
            aliases=("回答形式",),
            allowed=QUESTION_TYPES,
        ),
        Column(
            "max_choices",
            "count",
            "Most options a respondent may choose (multiple only; empty = no limit)",
            aliases=("選択数上限", "最大選択数"),
            minimum=1,
        ),
        Column(
            "asked_if",
            "text",
            "question_id=option_id: asked only of those who chose it (empty = asked of everyone)",
            aliases=("回答条件",),
        ),
        Column(
            "option_id",
            "text",
            "Identifier of the option: the value (or column suffix) answers use",
            required=True,
            aliases=("選択肢ID",),
        ),
        Column("option_label", "text", "The option as worded", aliases=("選択肢",)),
        Column(
            "synthetic",
            "bool",
            "True for generated example rows (not a real questionnaire)",
            aliases=("合成データ",),
        ),
    ),
    key=("survey_id", "question_id", "option_id"),
    record_level=True,
)

DATASETS = (
    SURVEY_SUMMARY,
    POPULATION,
    SURVEY_RESPONSES,
    SURVEY_QUESTIONS,
)
