"""Synthetic record-level example data for the resident survey (``sugidx synth survey``).

The ward publishes only the survey's totals (``data/published/survey_summary.csv``): in FY2024
2,000 residents aged 18 and over were sampled at random, 383 answered (19.2%), and of them 353
answered the item 「知りたい情報について（第1～3希望の合計）」, making 1,053 choices of at most 3
each. The questionnaire, its options and every single answer are not published. To exercise
the record-level analyses (respondents against the population, weights raked to age × sex,
weighted estimates, multiple-response items, cross-tabs with small cells) we generate one
row per respondent and the questionnaire they answered, calibrated so that:

- there are exactly as many respondents as the published respondents (383), and exactly as
  many answer the calibrated item as published (353), making exactly the published number of
  choices (1,053) and never more than its limit (3): most choose 3, and the shortfall
  (353 × 3 − 1,053 = 6) is made up by respondents who choose one fewer. The figures are read
  from the published table, not written here;
- respondents lean old, as mail surveys do: the published sample size is drawn at random from
  the population's age × sex cells (``data/published/population.csv``), and the respondents
  from that sample with a response propensity rising with age (``PROPENSITY``: about 0.08 at
  18–29, 0.30 at 70–79, a little lower at 80+; women's ``FEMALE_FACTOR`` higher), so that the
  respondents' share aged 60+ is clearly above the population's (about 30%). Every age band
  × sex cell has at least one respondent (draws that leave one empty are drawn again), and
  the 18–19 cells hold only a few — realistic, and it exercises the suppression of small
  cells;
- answers depend on age: online use falls with age (``ONLINE_YES``), the information wanted
  shifts from 子育て・教育 among the young to 健康・福祉 among the old (``WANTED_YOUNG`` →
  ``WANTED_OLD``), so that weighting changes the shares; a few respondents leave a question
  blank (``ONLINE_BLANK``, ``BARRIERS_BLANK``), and those who never used online procedures
  are asked why (``asked_if used_online=no``).

The three questions are plainly illustrative: the real questionnaire's options are not
published, so the options are generic topics. Two storage forms of a multiple-choice answer
are exercised: ``wanted_info`` as one 0/1 column per option, ``online_barriers`` as one column
of option ids separated by 「;」. Every row carries ``synthetic = true``.

The seed is an assumption of the registry (``synth.survey.seed``), printed in the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ... import assumptions
from ...datasets.files import write_csv
from ...errors import DataValidationError, SugidxError
from .records import answered, choices, questions, validated
from .schema import AGE_BANDS, SEXES, SURVEY_QUESTIONS, SURVEY_RESPONSES

DEFAULT_SEED = int(assumptions.get("synth.survey.seed").value)
RESPONSES_FILE = "survey_responses.csv"
QUESTIONS_FILE = "survey_questions.csv"
OVERALL = "overall"  # the survey_summary row of the whole survey
CALIBRATED_ITEM = "wanted_info_top3"  # the survey_summary item the generator reproduces
ONLINE, WANTED, BARRIERS = "used_online", "wanted_info", "online_barriers"
CALIBRATED_QUESTION = WANTED  # the question the calibrated item counts

# Response propensity by age band (AGE_BANDS order) for men; women's is FEMALE_FACTOR times it.
PROPENSITY = (0.08, 0.08, 0.12, 0.16, 0.20, 0.26, 0.30, 0.24)
FEMALE_FACTOR = 1.1
MAX_DRAWS = 1000  # draws of the respondents before giving up on filling every cell

# Probability of having used online procedures, by age band.
ONLINE_YES = (0.72, 0.75, 0.72, 0.65, 0.55, 0.42, 0.30, 0.20)
ONLINE_BLANK = 7  # respondents who leave used_online blank
BARRIERS_BLANK = 4  # respondents asked online_barriers who skip it
WANTED_SKIP_AGE = 1.0  # the oldest band skips wanted_info (1 + this) times as often as the youngest

# (option_id, label, weight among the young (18–19), weight among the old (80+)); weights of
# the bands between are linear in the band's position.
WANTED_OPTIONS = (
    ("demography", "人口統計", 4, 4),
    ("finance", "財政", 5, 6),
    ("safety", "防災・防犯", 8, 10),
    ("childcare", "子育て・教育", 14, 2),
    ("health", "健康・福祉", 3, 15),
    ("housing", "まちづくり・住環境", 8, 6),
    ("environment", "環境・ごみ", 5, 5),
    ("transport", "施設・公共交通", 7, 8),
    ("planning", "区政・計画", 4, 4),
    ("other", "その他", 1, 1),
)
WANTED_YOUNG = tuple(w for *_, w, _ in WANTED_OPTIONS)
WANTED_OLD = tuple(w for *_, w in WANTED_OPTIONS)
# (option_id, label, probability of choosing it among the young, among the old).
BARRIER_OPTIONS = (
    ("dont_know_how", "手続の方法がわからない", 0.20, 0.45),
    ("no_device", "パソコン・スマートフォンを持っていない", 0.05, 0.30),
    ("prefer_counter", "窓口の方が安心", 0.20, 0.45),
    ("id_hassle", "本人確認（マイナンバーカード等）が面倒", 0.35, 0.15),
    ("not_available", "利用したい手続がオンラインに対応していない", 0.40, 0.15),
    ("other", "その他", 0.08, 0.08),
)
ONLINE_OPTIONS = (("yes", "ある"), ("no", "ない"))

QUESTIONS = (
    # (question_id, wording, type, max_choices, asked_if, options)
    (
        ONLINE,
        "区のオンライン手続（電子申請）を利用したことがありますか",
        "single",
        None,
        "",
        ONLINE_OPTIONS,
    ),
    (
        WANTED,
        "区に関する情報のうち、特に知りたい情報を3つまで選んでください",
        "multiple",
        "max",  # the published limit of the calibrated item
        "",
        tuple((o, label) for o, label, *_ in WANTED_OPTIONS),
    ),
    (
        BARRIERS,
        "オンライン手続を利用していない理由（あてはまるものすべて）",
        "multiple",
        None,
        f"{ONLINE}=no",
        tuple((o, label) for o, label, *_ in BARRIER_OPTIONS),
    ),
)

# The example files have the registered schemas' columns, in their order (answers after).
FIXED = tuple(c.name for c in SURVEY_RESPONSES.columns)
QUESTION_COLUMNS = tuple(c.name for c in SURVEY_QUESTIONS.columns)


@dataclass(frozen=True, slots=True)
class Targets:
    """The published figures the example reproduces (from ``survey_summary``)."""

    survey_id: str
    fiscal_year: int
    sample: int  # persons sampled (the overall row's base)
    respondents: int  # persons who answered (the overall row's respondents)
    item_respondents: int  # respondents who answered the calibrated item
    item_answers: int  # choices they made in total
    item_max: int  # most choices one respondent may make


def targets(summary: pd.DataFrame, item_id: str = CALIBRATED_ITEM) -> Targets:
    """The published survey figures the generator reproduces: the overall row and the
    ``item_id`` row of the same survey in ``survey_summary``.

    Raises
    ------
    SugidxError
        when either row is missing or lacks a figure the generator needs.
    """
    items = summary[summary["item_id"] == item_id]
    if len(items) != 1:
        raise SugidxError(f"survey_summary needs one row of item {item_id!r}")
    item = items.iloc[0]
    overall = summary[(summary["item_id"] == OVERALL) & (summary["survey_id"] == item["survey_id"])]
    if len(overall) != 1:
        raise SugidxError(
            f"survey_summary needs one {OVERALL!r} row of survey {item['survey_id']!r}"
        )
    row = overall.iloc[0]
    needed = {
        "fiscal_year": row["fiscal_year"],
        "base": row["base"],
        "respondents": row["respondents"],
        f"{item_id} respondents": item["respondents"],
        f"{item_id} answers": item["answers"],
        f"{item_id} max_answers": item["max_answers"],
    }
    lacking = [name for name, value in needed.items() if pd.isna(value)]
    if lacking:
        raise SugidxError(
            f"survey_summary lacks {', '.join(lacking)}; the generator needs every one"
        )
    out = Targets(
        survey_id=str(row["survey_id"]),
        fiscal_year=int(row["fiscal_year"]),
        sample=int(row["base"]),
        respondents=int(row["respondents"]),
        item_respondents=int(item["respondents"]),
        item_answers=int(item["answers"]),
        item_max=int(item["max_answers"]),
    )
    if not (
        0 < out.item_respondents <= out.respondents <= out.sample
        and out.item_respondents <= out.item_answers <= out.item_respondents * out.item_max
    ):
        raise SugidxError(f"survey_summary's figures cannot be reproduced together: {out}")
    return out


def cells(population: pd.DataFrame) -> pd.DataFrame:
    """The population's age band × sex cells (latest reference date), in AGE_BANDS × SEXES
    order, with columns age_band, sex, population.

    Raises
    ------
    SugidxError
        when a cell is missing or empty.
    """
    latest = population[population["reference_date"] == population["reference_date"].max()]
    counts = latest.set_index(["age_band", "sex"])["population"]
    index = pd.MultiIndex.from_product([AGE_BANDS, SEXES], names=["age_band", "sex"])
    missing = [f"{a} {s}" for a, s in index if (a, s) not in counts.index]
    if missing or (counts.reindex(index) <= 0).any():
        raise SugidxError(
            f"population needs a positive count for every age band × sex; missing: "
            f"{', '.join(missing) or 'none'}"
        )
    return counts.reindex(index).astype(int).reset_index()


def questionnaire(target: Targets) -> pd.DataFrame:
    """The synthetic questionnaire (``survey_questions``), one row per option."""
    rows = []
    for order, (qid, text, qtype, limit, asked_if, options) in enumerate(QUESTIONS, start=1):
        for option_id, label in options:
            rows.append(
                {
                    "survey_id": target.survey_id,
                    "question_id": qid,
                    "order": order,
                    "question": text,
                    "type": qtype,
                    "max_choices": target.item_max if limit == "max" else limit,
                    "asked_if": asked_if or None,
                    "option_id": option_id,
                    "option_label": label,
                    "synthetic": True,
                }
            )
    frame = pd.DataFrame.from_records(rows, columns=list(QUESTION_COLUMNS))
    for c in ("order", "max_choices"):
        frame[c] = frame[c].astype("Int64")
    text = ("survey_id", "question_id", "question", "type", "asked_if", "option_id", "option_label")
    for c in text:
        frame[c] = frame[c].astype("string")
    frame["synthetic"] = frame["synthetic"].astype("boolean")
    return frame


def _respondent_cells(
    rng: np.random.Generator, population: pd.DataFrame, target: Targets
) -> np.ndarray:
    """Cell (row of ``population``) of each respondent: a random sample of the population,
    then respondents drawn from it with the age × sex propensity; every cell filled."""
    counts = population["population"].to_numpy(dtype=float)
    band = population["age_band"].map(AGE_BANDS.index).to_numpy()
    female = (population["sex"] == "female").to_numpy()
    propensity = np.asarray(PROPENSITY)[band] * np.where(female, FEMALE_FACTOR, 1.0)
    for _ in range(MAX_DRAWS):
        sample = np.repeat(
            np.arange(len(counts)), rng.multinomial(target.sample, counts / counts.sum())
        )
        weights = propensity[sample]
        picked = rng.choice(
            len(sample), size=target.respondents, replace=False, p=weights / weights.sum()
        )
        drawn = sample[picked]
        if np.bincount(drawn, minlength=len(counts)).min() >= 1:
            return drawn
    raise SugidxError("could not draw respondents in every age band × sex cell")


def _blend(young, old, t: np.ndarray) -> np.ndarray:
    """Per respondent (rows), values linear in the age position ``t`` (0 youngest, 1 oldest)."""
    y, o = np.asarray(young, dtype=float), np.asarray(old, dtype=float)
    return y[None, :] * (1 - t[:, None]) + o[None, :] * t[:, None]


def _choice_counts(rng: np.random.Generator, target: Targets) -> np.ndarray:
    """Choices of each respondent answering the calibrated item: ``item_max`` each, one fewer
    for as many as it takes to make exactly ``item_answers``."""
    k = np.full(target.item_respondents, target.item_max)
    deficit = target.item_respondents * target.item_max - target.item_answers
    while deficit > 0:
        can = np.flatnonzero(k > 1)
        k[rng.choice(can)] -= 1
        deficit -= 1
    return k


def generate(
    summary: pd.DataFrame, population: pd.DataFrame, seed: int = DEFAULT_SEED
) -> pd.DataFrame:
    """Synthetic ``survey_responses`` of the published survey, one row per respondent, in
    the storage forms of :data:`QUESTIONS` (``wanted_info`` as 0/1 option columns,
    ``online_barriers`` as one column of option ids).

    Parameters
    ----------
    summary : published ``survey_summary`` with the overall row and the calibrated item's.
    population : published ``population`` (age band × sex).
    seed : seed of ``numpy.random.default_rng`` (0 or more); the same seed gives the same file.

    Raises
    ------
    SugidxError
        when the published rows are missing or cannot be reproduced.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SugidxError(f"the seed must be a whole number of 0 or more; got {seed!r}")
    rng = np.random.default_rng(seed)
    target = targets(summary)
    pop = cells(population)
    n = target.respondents

    # ---- who answered -----------------------------------------------------------------------
    cell = _respondent_cells(rng, pop, target)
    age = pop["age_band"].to_numpy()[cell]
    sex = pop["sex"].to_numpy()[cell]
    band = pop["age_band"].map(AGE_BANDS.index).to_numpy()[cell]
    t = band / (len(AGE_BANDS) - 1)

    # ---- used_online: falls with age; a few blanks -----------------------------------------
    used = np.where(rng.random(n) < np.asarray(ONLINE_YES)[band], "yes", "no").astype(object)
    used[rng.choice(n, size=ONLINE_BLANK, replace=False)] = None

    # ---- wanted_info: the published respondents and choices --------------------------------
    skip_weight = 1 + WANTED_SKIP_AGE * t
    skip = rng.choice(
        n, size=n - target.item_respondents, replace=False, p=skip_weight / skip_weight.sum()
    )
    answering = np.setdiff1d(np.arange(n), skip)
    k = _choice_counts(rng, target)
    weights = _blend(WANTED_YOUNG, WANTED_OLD, t)
    wanted = np.full((n, len(WANTED_OPTIONS)), -1)  # -1: not answered
    for i, count in zip(answering, k, strict=True):
        p = weights[i] / weights[i].sum()
        wanted[i] = 0
        wanted[i, rng.choice(len(WANTED_OPTIONS), size=int(count), replace=False, p=p)] = 1

    # ---- online_barriers: asked of those who never used online procedures ------------------
    asked = np.flatnonzero(used == "no")
    skipped = set(rng.choice(asked, size=min(BARRIERS_BLANK, len(asked)), replace=False).tolist())
    chance = _blend([o[2] for o in BARRIER_OPTIONS], [o[3] for o in BARRIER_OPTIONS], t)
    barrier_ids = [o[0] for o in BARRIER_OPTIONS]
    barriers = np.full(n, None, dtype=object)
    for i in asked:
        if i in skipped:
            continue
        chosen = rng.random(len(BARRIER_OPTIONS)) < chance[i]
        if not chosen.any():
            chosen[rng.choice(len(BARRIER_OPTIONS), p=chance[i] / chance[i].sum())] = True
        barriers[i] = ";".join(o for o, c in zip(barrier_ids, chosen, strict=True) if c)

    # ---- the table --------------------------------------------------------------------------
    frame = pd.DataFrame(
        {
            "fiscal_year": pd.array([target.fiscal_year] * n, dtype="Int64"),
            "survey_id": pd.array([target.survey_id] * n, dtype="string"),
            "respondent_id": pd.array([respondent_id(i + 1) for i in range(n)], dtype="string"),
            "age_band": pd.array(age, dtype="string"),
            "sex": pd.array(sex, dtype="string"),
            "synthetic": pd.array([True] * n, dtype="boolean"),
            ONLINE: pd.array(used, dtype="string"),
        }
    )
    for j, (option_id, *_) in enumerate(WANTED_OPTIONS):
        frame[f"{WANTED}.{option_id}"] = pd.array(
            [None if v < 0 else str(v) for v in wanted[:, j]], dtype="string"
        )
    frame[BARRIERS] = pd.array(barriers, dtype="string")
    check_calibration(frame, questionnaire(target), summary)
    return frame


def respondent_id(number: int) -> str:
    """Identifier of the ``number``-th respondent: 1 → ``A0001``."""
    if number < 1:
        raise SugidxError(f"respondent numbers start at 1; got {number}")
    return f"A{number:04d}"


def check_calibration(
    responses: pd.DataFrame, questions_table: pd.DataFrame, summary: pd.DataFrame
) -> None:
    """Raise SugidxError unless ``responses`` keep to their questionnaire and reproduce the
    published figures: the survey and year, the respondents, and the calibrated item's
    respondents, choices and limit."""
    target = targets(summary)
    try:
        validated(responses, questions_table)
        qs = {q.id: q for q in questions(questions_table)}
    except DataValidationError as exc:
        raise SugidxError(f"synthetic data breaks its questionnaire: {exc}") from None
    wrong = []
    if set(responses["survey_id"]) != {target.survey_id}:
        wrong.append(f"survey_id {sorted(set(responses['survey_id']))} ≠ {target.survey_id}")
    if set(responses["fiscal_year"]) != {target.fiscal_year}:
        wrong.append(f"fiscal_year {sorted(set(responses['fiscal_year']))} ≠ {target.fiscal_year}")
    if len(responses) != target.respondents:
        wrong.append(f"respondents: {len(responses):,} ≠ {target.respondents:,}")
    question = qs.get(CALIBRATED_QUESTION)
    if question is None:
        wrong.append(f"no question {CALIBRATED_QUESTION}")
    else:
        chosen = choices(responses, question)
        per_person = chosen.sum(axis=1, min_count=1)
        n_answered = int(answered(responses, question).sum())
        if n_answered != target.item_respondents:
            wrong.append(
                f"{CALIBRATED_ITEM} respondents: {n_answered:,} ≠ {target.item_respondents:,}"
            )
        if int(per_person.sum()) != target.item_answers:
            wrong.append(
                f"{CALIBRATED_ITEM} answers: {int(per_person.sum()):,} ≠ {target.item_answers:,}"
            )
        if question.max_choices != target.item_max:
            wrong.append(
                f"{CALIBRATED_ITEM} max_answers: {question.max_choices} ≠ {target.item_max}"
            )
    if not responses["synthetic"].fillna(False).all():
        wrong.append("rows without synthetic = true")
    if wrong:
        raise SugidxError(
            "synthetic data does not reproduce the published figures: " + "; ".join(wrong)
        )


README_SECTION = """## survey_responses.csv and survey_questions.csv

One row per respondent of the FY{year} resident survey `{survey_id}` (schema
`survey_responses`), and its questionnaire, one row per option (schema `survey_questions`; see
`sugidx_analysis/themes/survey/schema.py`).

- Generated by `sugidx synth survey` (`sugidx_analysis/themes/survey/synth.py`), seed
  **{seed}**: `sugidx synth survey --seed {seed}` rewrites both files byte for byte.
- Calibrated to `data/published/survey_summary.csv`: exactly the published {respondents:,}
  respondents, and exactly the published {item_respondents:,} of them answering `{question}`
  (the published item `{item}`), with {item_answers:,} choices in total and at most
  {item_max} each (most choose {item_max}; {fewer} choose {item_max_less}). The generator checks
  this itself, and that the file keeps to its questionnaire, and refuses to write a file that
  does not.
- Respondents lean old, as mail surveys do: the {sample:,} sampled residents are drawn at
  random from the age × sex cells of `data/published/population.csv`, and the respondents
  from them with a response propensity rising with age (men; women ×{female:g}):
  {propensity}.
  Every age band × sex cell has at least one respondent; the 18–19 cells only a few.
- The three questions are illustrative (the real questionnaire's options are not published;
  the options are generic topics): `used_online` (single; used online procedures, less often
  with age; {online_blank} leave it blank), `wanted_info` (up to {item_max}; the young favour
  子育て・教育, the old 健康・福祉; stored as one 0/1 column per option,
  `wanted_info.<option_id>`), and `online_barriers` (all that apply, asked only if
  `used_online=no`; stored as one column of option ids separated by 「;」; {barriers_blank} of
  those asked skip it). Respondent ids (`A0001` …) carry no information.
"""


def readme_section(seed: int = DEFAULT_SEED, data_dir: Path | None = None) -> str:
    """This theme's section of ``data/example/README.md``."""
    from ...catalogue import load_dataset

    target = targets(load_dataset("survey_summary", data_dir))
    fewer = target.item_respondents * target.item_max - target.item_answers
    propensity = ", ".join(f"{band} {p:.2f}" for band, p in zip(AGE_BANDS, PROPENSITY, strict=True))
    return README_SECTION.format(
        seed=seed,
        year=target.fiscal_year,
        survey_id=target.survey_id,
        sample=target.sample,
        respondents=target.respondents,
        item_respondents=target.item_respondents,
        item_answers=target.item_answers,
        item_max=target.item_max,
        item_max_less=target.item_max - 1,
        fewer=fewer,
        item=CALIBRATED_ITEM,
        question=CALIBRATED_QUESTION,
        propensity=propensity,
        female=FEMALE_FACTOR,
        online_blank=ONLINE_BLANK,
        barriers_blank=BARRIERS_BLANK,
    )


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the CSV writes it: booleans as true/false, whole numbers as whole."""
    text = frame.astype(object)
    for c in frame.columns:
        dtype = str(frame[c].dtype)
        if dtype == "boolean":
            text[c] = frame[c].map({True: "true", False: "false"})
        elif dtype == "Int64":
            text[c] = [None if pd.isna(v) else str(int(v)) for v in frame[c]]
    return text.where(frame.notna(), None)


def write(out_dir: Path, seed: int = DEFAULT_SEED, data_dir: Path | None = None) -> list[Path]:
    """Generate the example responses and questionnaire from the published figures in
    ``data_dir`` (default: data/published) and write them to ``out_dir``; returns the files
    written."""
    from ...catalogue import load_dataset

    summary = load_dataset("survey_summary", data_dir)
    responses = generate(summary, load_dataset("population", data_dir), seed=seed)
    questions_table = questionnaire(targets(summary))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / RESPONSES_FILE, out / QUESTIONS_FILE]
    write_csv(_text(responses), paths[0])
    write_csv(_text(questions_table), paths[1])
    return paths
