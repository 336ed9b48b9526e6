"""Record-level resident survey: respondents' answers (``survey_responses``) read against the
questionnaire (``survey_questions``).

:func:`questions` reads the questionnaire; :func:`check_responses` lists every way a responses
file breaks it and :func:`validated` raises with that list; :func:`choices` turns one
question's answers, stored either way the schema allows, into one 0/1 column per option;
:func:`answered` and :func:`asked` say who answered a question and who was asked it. Counting,
weighting and estimating belong to the theme's metrics.

Row numbers in problems are spreadsheet lines (:class:`~sugidx_analysis.errors.Problem`): the
n-th row of a frame is line n + 1, the header being line 1 (the file's own line when it has no
blank lines, which reading drops).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from ...errors import DataValidationError, Problem
from .schema import OPTION_MARK, QUESTION_TYPES, SEPARATORS, SURVEY_QUESTIONS, SURVEY_RESPONSES

RESPONSES_FILE = "survey_responses.csv"
QUESTIONS_FILE = "survey_questions.csv"
SINGLE, MULTIPLE = QUESTION_TYPES
# Columns of survey_responses that are not answers.
FIXED_COLUMNS = tuple(c.name for c in SURVEY_RESPONSES.columns)
FIRST_LINE = 2  # the spreadsheet line of a frame's first row (the header is line 1)
# Separators after NFKC (「；」 becomes 「;」, 「，」 becomes 「,」).
_SPLIT = re.compile("|".join(re.escape(unicodedata.normalize("NFKC", s)) for s in SEPARATORS))
_ASKED_IF = re.compile(r"^(?P<question>[^=\s]+)\s*=\s*(?P<option>[^=\s]+)$")
_PER_QUESTION = ("order", "question", "type", "max_choices", "asked_if")


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a questionnaire.

    Attributes
    ----------
    id : question_id: the column of its answers, or the prefix of its option columns.
    order : its position in the questionnaire.
    text : its wording.
    type : ``"single"`` (one answer) or ``"multiple"`` (several).
    max_choices : most options a respondent may choose; None for no limit (and for single).
    asked_if : ``(question_id, option_id)``: asked only of respondents who chose that option;
        None when asked of everyone.
    options : ``(option_id, label)`` pairs in questionnaire order.
    """

    id: str
    order: int
    text: str
    type: str
    max_choices: int | None
    asked_if: tuple[str, str] | None
    options: tuple[tuple[str, str], ...]

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option_id for option_id, _ in self.options)

    @property
    def limit(self) -> int | None:
        """Most options one respondent may choose: 1 for single, ``max_choices`` else."""
        return 1 if self.type == SINGLE else self.max_choices

    def option_column(self, option_id: str) -> str:
        """The 0/1 column of an option: ``wanted_info`` + ``health`` → ``wanted_info.health``."""
        return f"{self.id}{OPTION_MARK}{option_id}"

    @property
    def option_columns(self) -> tuple[str, ...]:
        return tuple(self.option_column(o) for o in self.option_ids)


def _norm(value: object) -> str:
    """A cell as text: NFKC, stripped; missing → ""."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _words(value: object) -> str:
    """Wording (a question, an option's label) as written, stripped; missing → ""."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _line(position: int) -> int:
    return position + FIRST_LINE


def _listing(items) -> str:
    return ", ".join(str(i) for i in items)


# ---- the questionnaire ----------------------------------------------------------------------


def _survey_rows(
    questionnaire: pd.DataFrame, survey_id: str | None, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """The questionnaire's rows of one survey (index: positions in ``questionnaire``)."""
    q = questionnaire.reset_index(drop=True)
    missing = [c for c in SURVEY_QUESTIONS.required if c not in q.columns]
    if missing:
        return q.iloc[0:0], [
            Problem(file, None, c, None, f"a required column of {SURVEY_QUESTIONS.name}")
            for c in missing
        ]
    ids = list(dict.fromkeys(_norm(s) for s in q["survey_id"] if _norm(s)))
    if survey_id is None:
        if len(ids) != 1:
            expected = (
                "rows of one survey (the questionnaire has none)"
                if not ids
                else "one survey, or survey_id= naming one of them"
            )
            return q.iloc[0:0], [Problem(file, None, "survey_id", tuple(ids) or None, expected)]
        survey_id = ids[0]
    rows = q[q["survey_id"].map(_norm) == _norm(survey_id)]
    if rows.empty:
        return rows, [
            Problem(
                file,
                None,
                "survey_id",
                survey_id,
                f"a survey of the questionnaire: {_listing(ids)}",
            )
        ]
    return rows, []


def _question_of(rows: pd.DataFrame, file: str) -> tuple[Question | None, list[Problem]]:
    """One question from its option rows (all of one question_id), and what is wrong there."""
    problems: list[Problem] = []
    first = rows.iloc[0]
    qid = _norm(first["question_id"])
    row0 = _line(int(rows.index[0]))

    def value(column: str) -> object:
        return first[column] if column in rows.columns else None

    for column in [c for c in _PER_QUESTION if c in rows.columns]:
        stated = [_norm(v) for v in rows[column]]
        for position, text in zip(rows.index, stated, strict=True):
            if text != stated[0]:
                problems.append(
                    Problem(
                        file,
                        _line(int(position)),
                        column,
                        text,
                        f"the same {column} on every row of question {qid} "
                        f"(its first row, line {row0}, says {stated[0]!r})",
                    )
                )
                break
    if OPTION_MARK in qid or qid in FIXED_COLUMNS:
        problems.append(
            Problem(
                file,
                row0,
                "question_id",
                qid,
                f"a question_id without 「{OPTION_MARK}」 that is not a column of "
                f"survey_responses ({_listing(FIXED_COLUMNS)})",
            )
        )
    qtype = _norm(value("type"))
    if qtype not in QUESTION_TYPES:
        problems.append(Problem(file, row0, "type", qtype, f"one of {_listing(QUESTION_TYPES)}"))
    order = value("order")
    if order is None or pd.isna(order):
        problems.append(Problem(file, row0, "order", None, "the question's position (a number)"))
    limit = value("max_choices")
    limit = None if limit is None or pd.isna(limit) else int(limit)
    if limit is not None and qtype == SINGLE:
        problems.append(
            Problem(
                file,
                row0,
                "max_choices",
                limit,
                f"empty: question {qid} is single-choice (max_choices is for multiple)",
            )
        )
    elif limit is not None and limit < 1:
        problems.append(Problem(file, row0, "max_choices", limit, "at least 1 (empty = no limit)"))
    condition = None
    text = _norm(value("asked_if"))
    if text:
        match = _ASKED_IF.match(text)
        if match is None:
            problems.append(
                Problem(
                    file,
                    row0,
                    "asked_if",
                    text,
                    "question_id=option_id, such as used_online=no (empty = asked of everyone)",
                )
            )
        else:
            condition = (match["question"], match["option"])
    options: list[tuple[str, str]] = []
    for position, row in rows.iterrows():
        option_id = _norm(row["option_id"])
        bad = [s for s in (OPTION_MARK, *SEPARATORS) if s in option_id]
        if not option_id or bad or _SPLIT.search(option_id):
            problems.append(
                Problem(
                    file,
                    _line(int(position)),
                    "option_id",
                    row["option_id"],
                    f"an option id without 「{OPTION_MARK}」 or a separator "
                    f"({' '.join(SEPARATORS)})",
                )
            )
        elif option_id in dict(options):
            problems.append(
                Problem(
                    file,
                    _line(int(position)),
                    "option_id",
                    option_id,
                    f"each option once in question {qid}",
                )
            )
        else:
            label = _words(row["option_label"]) if "option_label" in rows.columns else ""
            options.append((option_id, label or option_id))
    if problems:
        return None, problems
    question = Question(
        id=qid,
        order=int(order),
        text=_words(value("question")),
        type=qtype,
        max_choices=limit if qtype == MULTIPLE else None,
        asked_if=condition,
        options=tuple(options),
    )
    return question, []


def _question_problems(
    questionnaire: pd.DataFrame, survey_id: str | None, file: str
) -> tuple[tuple[Question, ...], list[Problem]]:
    rows, problems = _survey_rows(questionnaire, survey_id, file)
    if problems:
        return (), problems
    ids = rows["question_id"].map(_norm)
    blank = ids == ""
    for position in rows.index[blank]:
        problems.append(Problem(file, _line(int(position)), "question_id", "", "a question_id"))
    found: list[Question] = []
    broken: set[str] = set()  # questions with problems of their own: not checked further
    first_line: dict[str, int] = {}
    for qid in dict.fromkeys(ids[~blank]):
        group = rows[ids == qid]
        question, wrong = _question_of(group, file)
        problems += wrong
        if question is None:
            broken.add(qid)
        else:
            found.append(question)
            first_line[qid] = _line(int(group.index[0]))
    by_id = {q.id: q for q in found}
    orders: dict[int, str] = {}
    for q in found:
        if q.order in orders:
            problems.append(
                Problem(
                    file,
                    first_line[q.id],
                    "order",
                    q.order,
                    f"a position of its own (question {orders[q.order]} has it too)",
                )
            )
        orders.setdefault(q.order, q.id)
        if q.asked_if is None:
            continue
        on, option = q.asked_if
        earlier = by_id.get(on)
        if on in broken:
            continue
        if earlier is None or earlier.order >= q.order:
            problems.append(
                Problem(
                    file,
                    first_line[q.id],
                    "asked_if",
                    f"{on}={option}",
                    f"a condition on an earlier question of the questionnaire "
                    f"({_listing(x.id for x in found if x.order < q.order) or 'none'})",
                )
            )
        elif option not in earlier.option_ids:
            problems.append(
                Problem(
                    file,
                    first_line[q.id],
                    "asked_if",
                    f"{on}={option}",
                    f"an option of question {on}: {_listing(earlier.option_ids)}",
                )
            )
    return tuple(sorted(found, key=lambda q: q.order)), problems


def questions(
    questionnaire: pd.DataFrame, survey_id: str | None = None, file: str = QUESTIONS_FILE
) -> tuple[Question, ...]:
    """The questions of a ``survey_questions`` table, in questionnaire order.

    Parameters
    ----------
    questionnaire : one row per option (the ``survey_questions`` schema).
    survey_id : the survey to read; None when the table holds one survey only.
    file : the file name problems name.

    Raises
    ------
    DataValidationError
        listing every problem: rows of a question that disagree on its order, wording, type,
        max_choices or asked_if; max_choices on a single-choice question; an asked_if that
        is not ``question_id=option_id`` of an earlier question; ids that cannot name a
        column; two questions in one position; a table of several surveys without
        ``survey_id``.
    """
    found, problems = _question_problems(questionnaire, survey_id, file)
    if problems:
        raise DataValidationError(problems)
    return found


# ---- one question's answers -----------------------------------------------------------------


def _option_headers(columns, question: Question) -> tuple[dict[str, str], list[str]]:
    """The option columns ``question.<option>`` in ``columns``: option id → header for the
    questionnaire's options, and the headers naming no option of it."""
    prefix = question.id + OPTION_MARK
    known: dict[str, str] = {}
    stray: list[str] = []
    for header in columns:
        if isinstance(header, str) and header.startswith(prefix):
            option_id = _norm(header[len(prefix) :])
            if option_id in question.option_ids and option_id not in known:
                known[option_id] = header
            else:
                stray.append(header)
    return known, stray


def _columns_of(columns, question: Question) -> list[str]:
    """Every column of ``columns`` holding answers to ``question``, in either form."""
    known, stray = _option_headers(columns, question)
    single = [question.id] if question.id in columns else []
    return single + list(known.values()) + stray


def _parse(
    responses: pd.DataFrame, question: Question, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """The 0/1 matrix of one question (rows that are unanswered or wrong: <NA>) and every
    problem of its columns. ``responses`` must have a 0…n−1 index (the row positions)."""
    ids = question.option_ids
    matrix = pd.DataFrame(pd.NA, index=responses.index, columns=list(ids), dtype="Int64")
    matrix.columns.name = question.id
    problems: list[Problem] = []
    qid, limit = question.id, question.limit
    allowed = _listing(ids)
    known, stray = _option_headers(responses.columns, question)
    one_column = qid in responses.columns
    if one_column and (known or stray):
        problems.append(
            Problem(
                file,
                None,
                qid,
                None,
                f"either one column {qid} or one 0/1 column per option "
                f"({qid}{OPTION_MARK}<option_id>) for question {qid}, not both",
            )
        )
        return matrix, problems
    for header in stray:
        problems.append(
            Problem(
                file,
                None,
                header,
                None,
                f"a column {qid}{OPTION_MARK}<option_id> for an option of question {qid}: "
                f"{allowed}",
            )
        )
    if one_column:
        for position, cell in responses[qid].items():
            text = _norm(cell)
            if not text:
                continue
            tokens = [t.strip() for t in _SPLIT.split(text)]
            tokens = [t for t in tokens if t]
            line = _line(int(position))
            unknown = [t for t in tokens if t not in ids] or ([] if tokens else [text])
            if unknown:
                problems.append(
                    Problem(
                        file,
                        line,
                        qid,
                        cell,
                        f"option ids of question {qid} ({allowed}); not one: {_listing(unknown)}",
                    )
                )
                continue
            chosen = set(tokens)
            if len(chosen) < len(tokens):
                problems.append(
                    Problem(file, line, qid, cell, f"each option at most once (question {qid})")
                )
            if question.type == SINGLE and len(chosen) > 1:
                problems.append(
                    Problem(
                        file,
                        line,
                        qid,
                        cell,
                        f"one answer to single-choice question {qid}, not {len(chosen)}",
                    )
                )
                continue
            if limit is not None and len(chosen) > limit:
                problems.append(
                    Problem(
                        file,
                        line,
                        qid,
                        cell,
                        f"at most {limit} choices for question {qid}, not {len(chosen)}",
                    )
                )
                continue
            matrix.loc[position] = [1 if o in chosen else 0 for o in ids]
        return matrix, problems
    if not known and not stray:
        return matrix, problems  # the question is not in the file: nobody answered it
    missing = [question.option_column(o) for o in ids if o not in known]
    if missing:
        problems.append(
            Problem(
                file,
                None,
                question.option_column(next(o for o in ids if o not in known)),
                None,
                f"one 0/1 column per option of question {qid}; missing: {_listing(missing)}",
            )
        )
    headers = list(known.values()) + stray
    text = pd.DataFrame({h: responses[h].map(_norm) for h in headers}, index=responses.index)
    group = f"{qid}{OPTION_MARK}*"
    for position, row in text.iterrows():
        filled = [h for h in headers if row[h]]
        if not filled:
            continue
        line = _line(int(position))
        bad = [h for h in filled if row[h] not in ("0", "1")]
        for h in bad:
            problems.append(
                Problem(
                    file,
                    line,
                    h,
                    responses.at[position, h],
                    "0 or 1 (empty only when the question was not answered)",
                )
            )
        empty = [h for h in headers if not row[h]]
        if empty:
            problems.append(
                Problem(
                    file,
                    line,
                    empty[0],
                    "",
                    f"0 or 1: once one option column of question {qid} is filled, every one "
                    f"is (all empty = not answered); empty here: {_listing(empty)}",
                )
            )
        if bad or empty or missing or stray:
            continue
        values = [int(row[known[o]]) for o in ids]
        n = sum(values)
        if n == 0:
            problems.append(
                Problem(
                    file,
                    line,
                    group,
                    0,
                    f"at least one option chosen (1) when question {qid} is answered; leave "
                    "every option column empty for a respondent who did not answer",
                )
            )
        elif question.type == SINGLE and n > 1:
            problems.append(
                Problem(
                    file,
                    line,
                    group,
                    n,
                    f"one answer to single-choice question {qid}, not {n}",
                )
            )
        elif limit is not None and n > limit:
            problems.append(
                Problem(
                    file, line, group, n, f"at most {limit} choices for question {qid}, not {n}"
                )
            )
        else:
            matrix.loc[position] = values
    return matrix, problems


def _positional(responses: pd.DataFrame) -> pd.DataFrame:
    return responses.reset_index(drop=True)


def choices(responses: pd.DataFrame, question: Question) -> pd.DataFrame:
    """One 0/1 column (Int64) per option of ``question``, in questionnaire order; rows of
    respondents who did not answer are all <NA>. Reads both forms a multiple-choice answer may
    take (one column of option ids, or one 0/1 column per option); a single-choice answer
    becomes the one-hot row of the option chosen. The index is ``responses``'s.

    Raises
    ------
    DataValidationError
        when the question's columns break the questionnaire (see :func:`check_responses`).
    """
    matrix, problems = _parse(_positional(responses), question, RESPONSES_FILE)
    if problems:
        raise DataValidationError(problems)
    matrix.index = responses.index
    return matrix


def answered(responses: pd.DataFrame, question: Question) -> pd.Series:
    """True for respondents with any answer to ``question`` (any of its cells filled)."""
    columns = _columns_of(responses.columns, question)
    filled = pd.Series(False, index=responses.index)
    for column in columns:
        filled |= responses[column].map(_norm) != ""
    return filled.rename(question.id)


def _chose(responses: pd.DataFrame, question_id: str, option_id: str) -> pd.Series:
    """True for respondents who chose ``option_id`` of ``question_id`` (either form)."""
    column = f"{question_id}{OPTION_MARK}{option_id}"
    if column in responses.columns:
        return responses[column].map(_norm) == "1"
    if question_id in responses.columns:
        return responses[question_id].map(
            lambda v: option_id in {t.strip() for t in _SPLIT.split(_norm(v))}
        )
    return pd.Series(False, index=responses.index)


def asked(responses: pd.DataFrame, question: Question) -> pd.Series:
    """True for respondents ``question`` was asked of: everyone, or — for a question with
    ``asked_if`` — those who chose its option (a missing answer does not meet it)."""
    if question.asked_if is None:
        return pd.Series(True, index=responses.index, name=question.id)
    return _chose(responses, *question.asked_if).astype(bool).rename(question.id)


# ---- a whole responses file -----------------------------------------------------------------


def _answer_text(responses: pd.DataFrame, position: int, columns: list[str]) -> str:
    """A respondent's answer to a question as one text, for a problem's value."""
    if len(columns) == 1:
        return _norm(responses.at[position, columns[0]])
    return ";".join(f"{c}={_norm(responses.at[position, c])}" for c in columns)


def _check_survey(
    r: pd.DataFrame, rows: pd.Index, qs: tuple[Question, ...], others: set[str], file: str
) -> list[Problem]:
    """Problems of the rows ``rows`` of one survey answering its questions ``qs``;
    ``others`` are question ids of other surveys in the same file."""
    problems: list[Problem] = []
    part = r.loc[rows]
    for question in qs:
        _, wrong = _parse(part, question, file)
        problems += wrong
        if question.asked_if is None:
            continue
        on, option = question.asked_if
        condition = next(q for q in qs if q.id == on)
        has_condition = bool(_columns_of(r.columns, condition))
        gave = answered(part, question)
        if not has_condition:
            if gave.any():
                problems.append(
                    Problem(
                        file,
                        None,
                        on,
                        None,
                        f"a column for question {on}: question {question.id} is asked only if "
                        f"{on}={option}, so its answers cannot be checked without it",
                    )
                )
            continue
        columns = _columns_of(r.columns, question)
        for position in part.index[gave & ~asked(part, question)]:
            theirs = _answer_text(r, position, _columns_of(r.columns, condition)) or "empty"
            problems.append(
                Problem(
                    file,
                    _line(int(position)),
                    columns[0] if len(columns) == 1 else f"{question.id}{OPTION_MARK}*",
                    _answer_text(r, position, columns),
                    f"no answer: question {question.id} is asked only of respondents with "
                    f"{on}={option}, and this respondent's {on} is {theirs}",
                )
            )
    mine = {q.id for q in qs}
    for qid in sorted(others - mine):
        columns = [c for c in r.columns if c == qid or str(c).startswith(qid + OPTION_MARK)]
        for column in columns:
            for position in part.index[part[column].map(_norm) != ""]:
                problems.append(
                    Problem(
                        file,
                        _line(int(position)),
                        column,
                        r.at[position, column],
                        f"no answer: question {qid} is not in survey "
                        f"{_norm(r.at[position, 'survey_id'])}",
                    )
                )
    return problems


def check_responses(
    responses: pd.DataFrame, questionnaire: pd.DataFrame, file: str = RESPONSES_FILE
) -> list[Problem]:
    """Every way ``responses`` (``survey_responses``) breaks its questionnaire
    (``survey_questions``), each naming file, row (spreadsheet line), column, value and what
    was expected; empty when there is none.

    The problems: a column that is no question of the questionnaire; an option id that does
    not exist; two answers to a single-choice question; more choices than max_choices; an
    option column holding anything but 0, 1 or empty; some option columns of an answer filled
    and others empty, or all of them 0; a missing option column; an answer to a question the
    respondent was not asked (asked_if not met); a question stored both ways in one file; a
    survey_id the questionnaire does not have. A broken questionnaire gives its own problems
    (naming ``survey_questions.csv``) and nothing else, since the answers cannot be read
    against it. The fixed columns' values (age band, sex, key) are the schema's to check.
    """
    problems: list[Problem] = []
    surveys: dict[str | None, tuple[Question, ...]] = {}
    stated = (
        responses["survey_id"].map(_norm)
        if "survey_id" in responses.columns
        else pd.Series("", index=responses.index)
    )
    in_questionnaire = (
        list(dict.fromkeys(questionnaire["survey_id"].map(_norm)))
        if "survey_id" in questionnaire.columns
        else []
    )
    for survey_id in list(dict.fromkeys(s for s in stated if s)) or [None]:
        if survey_id is not None and survey_id not in in_questionnaire:
            mask = (stated == survey_id).to_numpy()
            problems.append(
                Problem(
                    file,
                    _line(int(mask.argmax())),
                    "survey_id",
                    survey_id,
                    f"a survey of the questionnaire ({_listing(in_questionnaire) or 'none'}); "
                    f"{int(mask.sum())} row(s) have this one",
                )
            )
            continue
        found, wrong = _question_problems(questionnaire, survey_id, QUESTIONS_FILE)
        problems += wrong
        if not wrong:
            surveys[survey_id] = found
    if any(p.file == QUESTIONS_FILE for p in problems):
        return list(dict.fromkeys(problems))
    r = _positional(responses)
    every = {q.id for qs in surveys.values() for q in qs}
    for header in r.columns:
        if header in FIXED_COLUMNS:
            continue
        qid = str(header).split(OPTION_MARK, 1)[0]
        if qid not in every:
            problems.append(
                Problem(
                    file,
                    None,
                    header,
                    None,
                    "a question_id of the questionnaire (or question_id.option_id); its "
                    f"questions: {_listing(sorted(every)) or 'none'}",
                )
            )
    for survey_id, qs in surveys.items():
        rows = r.index if survey_id is None else r.index[r["survey_id"].map(_norm) == survey_id]
        problems += _check_survey(r, rows, qs, every, file)
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: p.row or 0)


def validated(
    responses: pd.DataFrame, questionnaire: pd.DataFrame, file: str = RESPONSES_FILE
) -> pd.DataFrame:
    """``responses`` itself when it keeps to its questionnaire.

    Raises
    ------
    DataValidationError
        listing every problem :func:`check_responses` finds.
    """
    problems = check_responses(responses, questionnaire, file)
    if problems:
        raise DataValidationError(problems)
    return responses
