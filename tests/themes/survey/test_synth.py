"""The synthetic survey example reproduces the published FY2024 survey figures and leans old."""

from __future__ import annotations

import pandas as pd
import pytest

from sugidx_analysis import assumptions, examples, paths, tiers
from sugidx_analysis.catalogue import get_dataset, load_dataset
from sugidx_analysis.datasets.load import load_optional
from sugidx_analysis.errors import SugidxError
from sugidx_analysis.themes.survey import records, synth
from sugidx_analysis.themes.survey.schema import AGE_BANDS

OLD = ("60-69", "70-79", "80+")
YOUNG = ("18-19", "20-29", "30-39")


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    return load_dataset("survey_summary")


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return load_dataset("population")


@pytest.fixture(scope="module")
def responses() -> pd.DataFrame:
    return load_dataset("survey_responses", paths.EXAMPLE_DIR)


@pytest.fixture(scope="module")
def questionnaire() -> pd.DataFrame:
    return load_dataset("survey_questions", paths.EXAMPLE_DIR)


@pytest.fixture(scope="module")
def qs(questionnaire) -> dict[str, records.Question]:
    return {q.id: q for q in records.questions(questionnaire)}


def test_targets_are_the_published_figures(summary):
    target = synth.targets(summary)
    # the published figures themselves: 2,000 sampled, 383 respondents, 353 of them answering
    # 「知りたい情報」 with 1,053 choices of at most 3
    assert (target.sample, target.respondents) == (2000, 383)
    assert (target.item_respondents, target.item_answers, target.item_max) == (353, 1053, 3)
    assert (target.survey_id, target.fiscal_year) == ("resident_data_2024", 2024)


def test_committed_example_reproduces_the_published_figures(responses, questionnaire, qs):
    assert len(responses) == 383 and responses["respondent_id"].is_unique
    assert set(responses["survey_id"]) == {"resident_data_2024"}
    assert set(responses["fiscal_year"]) == {2024}
    assert responses["synthetic"].all() and questionnaire["synthetic"].all()
    assert records.check_responses(responses, questionnaire) == []

    wanted = qs["wanted_info"]
    assert (wanted.type, wanted.max_choices) == ("multiple", 3)
    chosen = records.choices(responses, wanted)
    per_person = chosen.sum(axis=1, min_count=1).dropna()
    assert len(per_person) == records.answered(responses, wanted).sum() == 353
    assert per_person.sum() == 1053
    # most choose 3; the shortfall 353 × 3 − 1,053 = 6 is six respondents choosing 2
    assert per_person.value_counts().to_dict() == {3: 347, 2: 6}
    summary = load_dataset("survey_summary")
    synth.check_calibration(responses, questionnaire, summary)


def test_questionnaire_is_the_three_illustrative_questions(qs):
    assert list(qs) == ["used_online", "wanted_info", "online_barriers"]
    online, wanted, barriers = qs.values()
    assert online.type == "single" and online.options == (("yes", "ある"), ("no", "ない"))
    assert online.text == "区のオンライン手続（電子申請）を利用したことがありますか"
    assert 8 <= len(wanted.options) <= 10
    labels = dict(wanted.options)
    assert labels["childcare"] == "子育て・教育" and labels["health"] == "健康・福祉"
    assert wanted.text == "区に関する情報のうち、特に知りたい情報を3つまで選んでください"
    assert barriers.type == "multiple" and barriers.max_choices is None
    assert barriers.asked_if == ("used_online", "no")
    assert "窓口の方が安心" in dict(barriers.options).values()


def test_respondents_lean_old_and_fill_every_cell(responses, population):
    cells = responses.groupby(["age_band", "sex"]).size()
    index = pd.MultiIndex.from_product([AGE_BANDS, ("male", "female")])
    assert cells.reindex(index).fillna(0).min() >= 1  # every age band × sex cell
    assert cells.loc["18-19"].between(1, 5).all()  # 18–19: a few (small cells)
    pop = population.set_index(["age_band", "sex"])["population"]
    assert pop.sum() == 500_239
    pop_old = pop.loc[list(OLD)].sum() / pop.sum()
    assert pop_old == pytest.approx(0.30, abs=0.01)
    old = responses["age_band"].isin(OLD).mean()
    assert old > pop_old + 0.10  # clearly above the population's 60+ share
    # response rises with age: respondents per resident, 70–79 against 20–29
    per_band = responses.groupby("age_band").size() / pop.groupby(level=0).sum()
    assert per_band["70-79"] > 2.5 * per_band["20-29"]
    assert (responses["sex"] == "female").mean() > 0.5


def test_answers_depend_on_age(responses, qs):
    young = responses["age_band"].isin(YOUNG)
    old = responses["age_band"].isin(OLD)
    online = records.choices(responses, qs["used_online"])
    blank = online["yes"].isna()
    assert 5 <= blank.sum() <= 10 and blank.sum() == synth.ONLINE_BLANK
    yes = online["yes"].astype("Float64")
    assert yes[young].mean() > yes[old].mean() + 0.25  # online use falls with age
    assert yes[responses["age_band"] == "80+"].mean() < 0.35

    wanted = records.choices(responses, qs["wanted_info"]).astype("Float64")
    assert wanted.loc[young, "childcare"].mean() > wanted.loc[young, "health"].mean()
    assert wanted.loc[old, "health"].mean() > wanted.loc[old, "childcare"].mean()
    assert (wanted.sum() > 0).all()  # every option chosen by someone


def test_barriers_are_asked_of_those_who_never_used_online(responses, qs):
    barriers = qs["online_barriers"]
    asked = records.asked(responses, barriers)
    answered = records.answered(responses, barriers)
    assert asked.tolist() == (responses["used_online"] == "no").fillna(False).tolist()
    assert not (answered & ~asked).any()
    assert (asked & ~answered).sum() == synth.BARRIERS_BLANK
    assert responses["online_barriers"].dropna().str.fullmatch(r"[a-z_]+(;[a-z_]+)*").all()
    assert (records.choices(responses, barriers).sum() > 0).all()


def test_storage_forms_of_the_committed_file(responses):
    columns = list(responses.columns)
    assert columns[:6] == list(synth.FIXED)
    assert columns[6:] == [
        "used_online",
        *(f"wanted_info.{o[0]}" for o in synth.WANTED_OPTIONS),
        "online_barriers",
    ]
    text = (paths.EXAMPLE_DIR / synth.RESPONSES_FILE).read_text(encoding="utf-8")
    assert text.startswith(",".join(columns) + "\n") and "\r\n" not in text
    assert ",true," in text and ".0," not in text


def test_generator_is_reproducible_and_matches_committed_files(summary, population, tmp_path):
    written = synth.write(tmp_path)
    assert [p.name for p in written] == ["survey_responses.csv", "survey_questions.csv"]
    for path in written:
        assert path.read_bytes() == (paths.EXAMPLE_DIR / path.name).read_bytes()
    first = synth.generate(summary, population)
    pd.testing.assert_frame_equal(first, synth.generate(summary, population))
    pd.testing.assert_frame_equal(first, load_dataset("survey_responses", paths.EXAMPLE_DIR))
    other = synth.generate(summary, population, seed=7)
    assert not other.equals(first)  # another seed, other respondents …
    questions_table = synth.questionnaire(synth.targets(summary))
    synth.check_calibration(other, questions_table, summary)  # … the same published figures
    assert other.groupby(["age_band", "sex"]).size().min() >= 1


def test_files_load_through_the_schemas_as_synthetic(tmp_path):
    for name in ("survey_responses", "survey_questions"):
        loaded = load_optional(get_dataset(name), paths.EXAMPLE_DIR)
        assert loaded.ok and loaded.tier == tiers.SYNTHETIC
        assert loaded.path == paths.EXAMPLE_DIR / f"{name}.csv"
        assert get_dataset(name).record_level


def test_seed_and_readme_section(tmp_path):
    assert synth.DEFAULT_SEED == assumptions.get("synth.survey.seed").value == 20243
    section = synth.readme_section()
    committed = (paths.EXAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert f"<!-- synth:survey:start -->\n{section}<!-- synth:survey:end -->" in committed
    assert "**20243**" in section and "sugidx synth survey" in section
    assert "383" in section and "353" in section and "1,053" in section
    # regenerating the other themes' sections keeps this one
    again = examples.assemble_readme(committed, {"rpa": "## rpa\n"})
    assert section in again
    # `sugidx synth survey` writes both files and this section
    written = examples.write_examples(["survey"], tmp_path)
    assert [p.name for p in written] == ["survey_responses.csv", "survey_questions.csv"]
    assert section in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_calibration_check_catches_a_wrong_file(responses, questionnaire, summary):
    with pytest.raises(SugidxError, match="respondents: 382 ≠ 383"):
        synth.check_calibration(responses.iloc[1:], questionnaire, summary)
    answered = responses.index[responses["wanted_info.health"] == "1"]
    fewer = responses.copy()
    option_columns = [c for c in responses.columns if c.startswith("wanted_info.")]
    fewer.loc[answered[0], option_columns] = pd.NA  # one respondent fewer answers the item
    with pytest.raises(SugidxError, match="wanted_info_top3 respondents: 352 ≠ 353"):
        synth.check_calibration(fewer, questionnaire, summary)
    two = responses.index[responses[option_columns].eq("1").sum(axis=1) == 2]
    more = responses.copy()
    row = more.loc[two[0], option_columns]
    more.loc[two[0], row.index[row == "0"][0]] = "1"  # a seventh respondent choosing 3
    with pytest.raises(SugidxError, match="answers: 1,054 ≠ 1,053"):
        synth.check_calibration(more, questionnaire, summary)
    four = more.copy()
    row = four.loc[two[0], option_columns]
    four.loc[two[0], row.index[row == "0"][0]] = "1"
    with pytest.raises(SugidxError, match="breaks its questionnaire"):
        synth.check_calibration(four, questionnaire, summary)


def test_generator_refuses_bad_inputs(summary, population):
    with pytest.raises(SugidxError, match="wanted_info_top3"):
        synth.generate(summary[summary["item_id"] == "overall"], population)
    with pytest.raises(SugidxError, match="0 or more"):
        synth.generate(summary, population, seed=-1)
    with pytest.raises(SugidxError, match="80\\+ female"):
        synth.generate(summary, population.iloc[:-1])
    with pytest.raises(SugidxError):
        synth.respondent_id(0)
    assert synth.respondent_id(383) == "A0383"
