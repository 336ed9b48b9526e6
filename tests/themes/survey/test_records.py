"""Survey responses read against their questionnaire: every problem named, both storage forms."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from sugidx_analysis.catalogue import load_dataset
from sugidx_analysis.errors import DataValidationError
from sugidx_analysis.themes.survey import records
from sugidx_analysis.themes.survey.records import Question

QUESTIONNAIRE = """\
survey_id,question_id,order,question,type,max_choices,asked_if,option_id,option_label
s1,wanted_info,2,知りたい情報を2つまで,multiple,2,,a,情報A
s1,wanted_info,2,知りたい情報を2つまで,multiple,2,,b,情報B
s1,wanted_info,2,知りたい情報を2つまで,multiple,2,,c,情報C
s1,used_online,1,利用したことがありますか,single,,,yes,ある
s1,used_online,1,利用したことがありますか,single,,,no,ない
s1,barriers,3,利用しない理由,multiple,,used_online=no,x,理由X
s1,barriers,3,利用しない理由,multiple,,used_online=no,y,理由Y
s1,barriers,3,利用しない理由,multiple,,used_online=no,z,理由Z
"""

FIXED = "fiscal_year,survey_id,respondent_id,age_band,sex"
# wanted_info as one 0/1 column per option, barriers as one column of option ids
OPTION_FORM = f"""{FIXED},used_online,wanted_info.a,wanted_info.b,wanted_info.c,barriers
2024,s1,r1,20-29,male,yes,1,1,0,
2024,s1,r2,80+,female,no,0,0,1,x;z
2024,s1,r3,60-69,female,,,,,
2024,s1,r4,40-49,male,no,1,0,0,y
"""
# the same answers, wanted_info as one column (every separator the schema accepts)
DELIMITED_FORM = f"""{FIXED},used_online,wanted_info,barriers
2024,s1,r1,20-29,male,yes,a；b,
2024,s1,r2,80+,female,no,c,x、z
2024,s1,r3,60-69,female,,,
2024,s1,r4,40-49,male,no,a,y
"""


def _load(tmp_path, name: str, text: str) -> pd.DataFrame:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # open columns are kept without a warning
        return load_dataset(name, folder)


@pytest.fixture
def questionnaire(tmp_path) -> pd.DataFrame:
    return _load(tmp_path, "survey_questions", QUESTIONNAIRE)


@pytest.fixture
def qs(questionnaire) -> dict[str, Question]:
    return {q.id: q for q in records.questions(questionnaire)}


def _responses(text: str) -> pd.DataFrame:
    """A responses frame as loading gives it: every answer cell text, empty = <NA>."""
    from io import StringIO

    return pd.read_csv(StringIO(text), dtype="string", keep_default_na=False).replace("", pd.NA)


def _problems(responses: pd.DataFrame, questionnaire: pd.DataFrame) -> list[tuple]:
    return [
        (p.file, p.row, p.column, p.value)
        for p in records.check_responses(responses, questionnaire)
    ]


# ---- the questionnaire ----------------------------------------------------------------------


def test_questions_in_questionnaire_order(qs, questionnaire):
    found = records.questions(questionnaire)
    assert [q.id for q in found] == ["used_online", "wanted_info", "barriers"]
    online, wanted, barriers = found
    assert online == Question(
        "used_online", 1, "利用したことがありますか", "single", None, None,
        (("yes", "ある"), ("no", "ない")),
    )  # fmt: skip
    assert (wanted.type, wanted.max_choices, wanted.limit) == ("multiple", 2, 2)
    assert wanted.option_ids == ("a", "b", "c") and online.limit == 1
    assert wanted.option_columns == ("wanted_info.a", "wanted_info.b", "wanted_info.c")
    assert barriers.asked_if == ("used_online", "no") and barriers.max_choices is None
    assert barriers.options[2] == ("z", "理由Z")


def _questionnaire_problems(tmp_path, text: str) -> list[tuple]:
    frame = _load(tmp_path, "survey_questions", text)
    with pytest.raises(DataValidationError) as caught:
        records.questions(frame)
    return [(p.file, p.row, p.column, p.value) for p in caught.value.problems]


def test_a_broken_questionnaire_is_refused_with_every_problem(tmp_path):
    lines = QUESTIONNAIRE.splitlines()
    lines[2] = lines[2].replace("multiple,2", "single,2")  # line 3: type differs from line 2
    lines[4] = lines[4].replace("single,,", "single,3,")  # line 5: max_choices on single
    lines[6] = lines[6].replace("used_online=no", "used_online=maybe")  # line 8 differs
    problems = _questionnaire_problems(tmp_path, "\n".join(lines) + "\n")
    file = "survey_questions.csv"
    assert problems == [
        (file, 3, "type", "single"),  # not as line 2 says
        (file, 6, "max_choices", ""),  # not as line 5 says …
        (file, 5, "max_choices", 3),  # … which gives a single-choice question a limit
        (file, 8, "asked_if", "used_online=no"),  # not as line 7 says
    ]

    bad_condition = QUESTIONNAIRE.replace("used_online=no", "used_online=maybe")
    (problem,) = _questionnaire_problems(tmp_path, bad_condition)
    assert problem == (file, 7, "asked_if", "used_online=maybe")
    later = QUESTIONNAIRE.replace(",1,利用したことがありますか", ",4,利用したことがありますか")
    assert _questionnaire_problems(tmp_path, later) == [(file, 7, "asked_if", "used_online=no")]
    malformed = QUESTIONNAIRE.replace("used_online=no", "used_online is no")
    assert _questionnaire_problems(tmp_path, malformed)[0][2:] == ("asked_if", "used_online is no")
    dotted = QUESTIONNAIRE.replace("s1,barriers,", "s1,bar.riers,")
    assert (file, 7, "question_id", "bar.riers") in _questionnaire_problems(tmp_path, dotted)
    separator = QUESTIONNAIRE.replace("multiple,2,,c,", "multiple,2,,c;d,")
    assert _questionnaire_problems(tmp_path, separator) == [(file, 4, "option_id", "c;d")]
    same_order = QUESTIONNAIRE.replace("barriers,3,", "barriers,2,")
    assert _questionnaire_problems(tmp_path, same_order) == [(file, 7, "order", 2)]


def test_a_questionnaire_of_two_surveys_needs_the_survey_named(tmp_path):
    two = QUESTIONNAIRE + "s2,other,1,別の調査,single,,,o,選択肢\n"
    frame = _load(tmp_path, "survey_questions", two)
    with pytest.raises(DataValidationError, match="one survey"):
        records.questions(frame)
    assert [q.id for q in records.questions(frame, survey_id="s2")] == ["other"]
    assert len(records.questions(frame, survey_id="s1")) == 3


# ---- clean responses, both storage forms ----------------------------------------------------


def test_both_storage_forms_pass_and_give_the_same_choices(tmp_path, questionnaire, qs):
    by_option = _load(tmp_path, "survey_responses", OPTION_FORM)
    delimited = _responses(DELIMITED_FORM)
    assert records.check_responses(by_option, questionnaire) == []
    assert records.check_responses(delimited, questionnaire) == []
    assert records.validated(by_option, questionnaire) is by_option
    for question in qs.values():
        pd.testing.assert_frame_equal(
            records.choices(by_option, question), records.choices(delimited, question)
        )
    wanted = records.choices(by_option, qs["wanted_info"])
    assert list(wanted.columns) == ["a", "b", "c"] and str(wanted.dtypes.iloc[0]) == "Int64"
    assert wanted.loc[0].tolist() == [1, 1, 0] and wanted.loc[1].tolist() == [0, 0, 1]
    assert wanted.loc[2].isna().all()  # r3 did not answer
    assert wanted.sum().tolist() == [2, 1, 1]


def test_a_single_question_becomes_one_hot(questionnaire, qs):
    frame = _responses(DELIMITED_FORM)
    frame.index = ["w", "x", "y", "z"]  # the caller's index is kept
    online = records.choices(frame, qs["used_online"])
    assert list(online.columns) == ["yes", "no"] and list(online.index) == ["w", "x", "y", "z"]
    assert online.loc["w"].tolist() == [1, 0] and online.loc["x"].tolist() == [0, 1]
    assert online.loc["y"].isna().all()
    barriers = records.choices(frame, qs["barriers"])
    assert barriers.loc["x"].tolist() == [1, 0, 1] and barriers.loc["z"].tolist() == [0, 1, 0]
    assert barriers.loc[["w", "y"]].isna().all().all()


def test_answered_and_asked(questionnaire, qs):
    frame = _responses(OPTION_FORM)
    assert records.answered(frame, qs["used_online"]).tolist() == [True, True, False, True]
    assert records.answered(frame, qs["wanted_info"]).tolist() == [True, True, False, True]
    assert records.asked(frame, qs["wanted_info"]).all()
    # barriers is asked of those with used_online=no; a missing answer does not meet it
    assert records.asked(frame, qs["barriers"]).tolist() == [False, True, False, True]
    assert records.answered(frame, qs["barriers"]).tolist() == [False, True, False, True]
    # the condition read from 0/1 option columns works the same
    as_options = frame.drop(columns="used_online").assign(
        **{"used_online.yes": ["1", "0", pd.NA, "0"], "used_online.no": ["0", "1", pd.NA, "1"]}
    )
    assert records.asked(as_options, qs["barriers"]).tolist() == [False, True, False, True]
    assert records.check_responses(as_options, questionnaire) == []


def test_a_question_not_in_the_file_is_unanswered(qs):
    frame = _responses(OPTION_FORM).drop(columns="barriers")
    assert records.choices(frame, qs["barriers"]).isna().all().all()
    assert not records.answered(frame, qs["barriers"]).any()


# ---- every problem, named -------------------------------------------------------------------

F = "survey_responses.csv"


def _with(text: str, row: int, column: str, value: str) -> pd.DataFrame:
    """The responses with one cell changed (row: 0-based)."""
    frame = _responses(text)
    frame.loc[row, column] = value
    return frame


def test_a_column_not_in_the_questionnaire(questionnaire):
    frame = _responses(OPTION_FORM).assign(q9=["a", pd.NA, pd.NA, pd.NA])
    (problem,) = records.check_responses(frame, questionnaire)
    assert (problem.file, problem.row, problem.column) == (F, None, "q9")
    assert "barriers, used_online, wanted_info" in problem.expected


def test_an_option_that_does_not_exist(questionnaire):
    (problem,) = records.check_responses(_with(DELIMITED_FORM, 1, "barriers", "x;w"), questionnaire)
    assert (problem.file, problem.row, problem.column, problem.value) == (F, 3, "barriers", "x;w")
    assert "(x, y, z)" in problem.expected and "not one: w" in problem.expected
    (problem,) = records.check_responses(
        _with(OPTION_FORM, 0, "used_online", "maybe"), questionnaire
    )
    assert (problem.row, problem.column, problem.value) == (2, "used_online", "maybe")
    assert "(yes, no)" in problem.expected


def test_two_answers_to_a_single_question(questionnaire):
    (problem,) = records.check_responses(
        _with(OPTION_FORM, 0, "used_online", "yes,no"), questionnaire
    )
    assert (problem.row, problem.column, problem.value) == (2, "used_online", "yes,no")
    assert "one answer to single-choice question used_online, not 2" in problem.expected


def test_more_choices_than_allowed(questionnaire):
    (problem,) = records.check_responses(
        _with(DELIMITED_FORM, 0, "wanted_info", "a;b;c"), questionnaire
    )
    assert (problem.row, problem.column, problem.value) == (2, "wanted_info", "a;b;c")
    assert "at most 2 choices for question wanted_info, not 3" in problem.expected
    frame = _with(OPTION_FORM, 0, "wanted_info.c", "1")
    (problem,) = records.check_responses(frame, questionnaire)
    assert (problem.row, problem.column, problem.value) == (2, "wanted_info.*", 3)
    assert "at most 2 choices" in problem.expected


def test_option_columns_hold_only_0_or_1(questionnaire):
    (problem,) = records.check_responses(_with(OPTION_FORM, 3, "wanted_info.b", "2"), questionnaire)
    assert (problem.row, problem.column, problem.value) == (5, "wanted_info.b", "2")
    assert problem.expected.startswith("0 or 1")


def test_option_columns_filled_in_part(questionnaire):
    frame = _with(OPTION_FORM, 1, "wanted_info.a", pd.NA)
    (problem,) = records.check_responses(frame, questionnaire)
    assert (problem.row, problem.column, problem.value) == (3, "wanted_info.a", "")
    assert "empty here: wanted_info.a" in problem.expected
    zeros = _with(OPTION_FORM, 3, "wanted_info.a", "0")
    (problem,) = records.check_responses(zeros, questionnaire)
    assert (problem.row, problem.column, problem.value) == (5, "wanted_info.*", 0)
    assert "at least one option chosen" in problem.expected


def test_an_answer_to_a_question_not_asked(questionnaire):
    (problem,) = records.check_responses(_with(OPTION_FORM, 0, "barriers", "y"), questionnaire)
    assert (problem.row, problem.column, problem.value) == (2, "barriers", "y")
    assert "asked only of respondents with used_online=no" in problem.expected
    assert "this respondent's used_online is yes" in problem.expected
    blank = _with(OPTION_FORM, 2, "barriers", "x")  # r3 left used_online empty
    (problem,) = records.check_responses(blank, questionnaire)
    assert problem.row == 4 and problem.expected.endswith("used_online is empty")
    without = _responses(OPTION_FORM).drop(columns="used_online")
    (problem,) = records.check_responses(without, questionnaire)
    assert (problem.row, problem.column) == (None, "used_online")


def test_both_storage_forms_of_one_question(questionnaire):
    frame = _responses(OPTION_FORM).assign(wanted_info=["a", pd.NA, pd.NA, pd.NA])
    (problem,) = records.check_responses(frame, questionnaire)
    assert (problem.row, problem.column) == (None, "wanted_info")
    assert "not both" in problem.expected


def test_option_columns_unknown_or_missing(questionnaire):
    frame = _responses(OPTION_FORM).rename(columns={"wanted_info.c": "wanted_info.d"})
    problems = records.check_responses(frame, questionnaire)
    assert [(p.row, p.column) for p in problems] == [
        (None, "wanted_info.d"),
        (None, "wanted_info.c"),
    ]
    assert "a, b, c" in problems[0].expected and "missing: wanted_info.c" in problems[1].expected


def test_a_survey_the_questionnaire_does_not_have(questionnaire):
    frame = _with(OPTION_FORM, 3, "survey_id", "s9")
    (problem,) = records.check_responses(frame, questionnaire)
    assert (problem.row, problem.column, problem.value) == (5, "survey_id", "s9")
    assert "(s1)" in problem.expected


def test_every_problem_at_once_and_validated_raises(questionnaire, qs):
    frame = _responses(OPTION_FORM)
    frame.loc[0, "used_online"] = "yes;no"
    frame.loc[1, "wanted_info.b"] = "x"
    frame.loc[2, "barriers"] = "z"
    frame.loc[3, "barriers"] = "w"
    assert _problems(frame, questionnaire) == [
        (F, 2, "used_online", "yes;no"),
        (F, 3, "wanted_info.b", "x"),
        (F, 4, "barriers", "z"),
        (F, 5, "barriers", "w"),
    ]
    with pytest.raises(DataValidationError, match="4 problem") as caught:
        records.validated(frame, questionnaire, file="mine.csv")
    assert {p.file for p in caught.value.problems} == {"mine.csv"}
    with pytest.raises(DataValidationError, match="wanted_info.b"):
        records.choices(frame, qs["wanted_info"])


def test_a_broken_questionnaire_gives_only_its_own_problems(tmp_path):
    broken = _load(
        tmp_path, "survey_questions", QUESTIONNAIRE.replace("single,,,no", "single,2,,no")
    )
    problems = records.check_responses(_responses(OPTION_FORM), broken)
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("survey_questions.csv", 6, "max_choices")
    ]


def test_japanese_headers_and_full_width_answers_load(tmp_path, questionnaire):
    text = (
        "年度,調査ID,回答者ID,年代,性別,used_online,wanted_info,barriers\n"
        "令和6年度,s1,r1,20-29,female,ｙｅｓ,a，b,\n"
        "2024,s1,r2,70-79,male, no , c ,x；y\n"
    )
    frame = _load(tmp_path, "survey_responses", text)
    assert list(frame.columns)[:5] == [
        "fiscal_year",
        "survey_id",
        "respondent_id",
        "age_band",
        "sex",
    ]
    assert frame["fiscal_year"].tolist() == [2024, 2024] and frame.loc[1, "used_online"] == "no"
    assert records.check_responses(frame, questionnaire) == []
    online = records.choices(frame, records.questions(questionnaire)[0])
    assert online["yes"].tolist() == [1, 0]
