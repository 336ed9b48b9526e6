"""The KPI export: JSON and CSV carry the same exact figures, match the committed schema, and the
CSV cannot smuggle a formula into a spreadsheet."""

from __future__ import annotations

import copy
import csv
import io
import json

import numpy as np
import pytest

from sugidx_analysis import tiers
from sugidx_analysis.errors import SugidxError
from sugidx_analysis.judgement import LABELS, NOT_JUDGED, ON_TRACK
from sugidx_analysis.themes.overview import export

NUMERIC = ("value", "fiscal_year", "previous_fiscal_year", "previous_value", "target")


def _records() -> list[dict]:
    return [
        {
            "id": "online.coverage",
            "theme": "online",
            "label": "オンライン化された手続の割合",
            "value": 0.421,
            "unit": "ratio",
            "approximate": False,
            "fiscal_year": 2023,
            "previous_fiscal_year": 2022,
            "previous_value": 0.39,
            "target": 0.6,
            "target_date": "2026-03-31",
            "judgement": ON_TRACK,
            "judgement_label": LABELS[ON_TRACK],
            "tier": tiers.PUBLISHED,
            "source_id": "seed004",
            "source_note": None,
        },
        {
            "id": "suginavi_accesses",
            "theme": "services",
            "label": "すぎナビのアクセス数",
            "value": 5200,
            "unit": "件",
            "approximate": True,
            "fiscal_year": 2024,
            "previous_fiscal_year": None,
            "previous_value": None,
            "target": None,
            "target_date": None,
            "judgement": NOT_JUDGED,
            "judgement_label": LABELS[NOT_JUDGED],
            "tier": tiers.ANALYST,
            "source_id": None,
            "source_note": "自治体名の記載なし",
        },
    ]


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_fields_are_the_schema_properties_in_order():
    items = export.schema()["items"]
    assert tuple(items["properties"]) == export.FIELDS
    assert tuple(items["required"]) == export.FIELDS


def test_schema_enums_follow_the_code():
    items = export.schema()["items"]
    assert set(items["properties"]["judgement"]["enum"]) == set(LABELS)
    assert set(items["properties"]["judgement_label"]["enum"]) == set(LABELS.values())
    assert set(items["properties"]["tier"]["enum"]) == set(tiers.TIERS)
    pairs = {
        rule["if"]["properties"]["judgement"]["const"]: rule["then"]["properties"][
            "judgement_label"
        ]["const"]
        for rule in items["allOf"]
    }
    assert pairs == LABELS


def test_json_round_trips_and_validates():
    records = _records()
    text = export.to_json(records)
    assert text.endswith("]\n")
    assert "オンライン" in text  # not \u-escaped
    back = json.loads(text)
    assert back == records
    assert [list(r) for r in back] == [list(export.FIELDS)] * 2
    export.validate(back)


def test_json_keys_follow_fields_whatever_the_input_order():
    record = dict(reversed(list(_records()[0].items())))
    assert list(json.loads(export.to_json([record]))[0]) == list(export.FIELDS)


def test_numpy_scalars_are_written_as_plain_numbers():
    record = _records()[0] | {"value": np.float64(0.421), "fiscal_year": np.int64(2023)}
    assert json.loads(export.to_json([record]))[0]["value"] == 0.421
    row = _rows(export.to_csv([record]))[0]
    assert (row["value"], row["fiscal_year"]) == ("0.421", "2023")


def _broken(change) -> list[dict]:
    records = copy.deepcopy(_records())
    change(records[1])
    return records


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: r.pop("id"), ["record 1 (no id)", "'id' is a required property"]),
        (lambda r: r.update(judgement="good"), ["suginavi_accesses", "field judgement", "good"]),
        (
            lambda r: r.update(judgement_label=LABELS[ON_TRACK]),
            ["suginavi_accesses", "field judgement_label", "'順調' is not the label", "判定なし"],
        ),
        (lambda r: r.update(extra=1), ["suginavi_accesses", "'extra' was unexpected"]),
        (lambda r: r.update(tier="official"), ["field tier", "official"]),
        (lambda r: r.update(target_date="2026-02-30"), ["field target_date", "date"]),
        (lambda r: r.update(fiscal_year=1800), ["field fiscal_year", "1800"]),
        (lambda r: r.update(approximate="yes"), ["field approximate", "boolean"]),
        (lambda r: r.update(unit=""), ["field unit"]),
    ],
)
def test_invalid_records_are_refused_naming_the_field(change, words):
    records = _broken(change)
    for write in (export.validate, export.to_json, export.to_csv):
        with pytest.raises(SugidxError) as caught:
            write(records)
        for word in words:
            assert word in str(caught.value)


def test_a_single_record_is_not_taken_for_a_list():
    with pytest.raises(SugidxError, match="must be a list"):
        export.validate(_records()[0])


def test_csv_has_a_bom_and_the_fields_as_header():
    data = export.to_csv(_records())
    assert data.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == list(export.FIELDS)


@pytest.mark.parametrize("label", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_formulas_in_text(label):
    records = _records()
    records[0]["label"] = label
    records[1]["source_note"] = label
    rows = _rows(export.to_csv(records))
    assert rows[0]["label"] == "'" + label
    assert rows[1]["source_note"] == "'" + label


def test_csv_leaves_plain_text_and_numbers_alone():
    records = _records()
    records[0]["value"] = -5
    records[0]["previous_value"] = -0.25
    row = _rows(export.to_csv(records))[0]
    assert row["value"] == "-5"
    assert row["previous_value"] == "-0.25"
    assert row["label"] == records[0]["label"]
    assert row["target_date"] == "2026-03-31"


def test_csv_writes_none_empty_and_bools_lowercase():
    rows = _rows(export.to_csv(_records()))
    assert rows[1]["previous_value"] == rows[1]["target"] == rows[1]["source_id"] == ""
    assert (rows[0]["approximate"], rows[1]["approximate"]) == ("false", "true")


def test_csv_numbers_equal_json_numbers():
    records = _records()
    records[0]["value"] = 1 / 3  # many digits: nothing may be rounded away
    from_json = json.loads(export.to_json(records))
    for row, record in zip(_rows(export.to_csv(records)), from_json, strict=True):
        for field in NUMERIC:
            if record[field] is None:
                assert row[field] == ""
            else:
                assert float(row[field]) == record[field]
                assert row[field] == json.dumps(record[field])  # same spelling too


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), np.float64("-inf")])
@pytest.mark.parametrize("field", ["value", "target"])
def test_non_finite_numbers_are_never_written(bad, field):
    records = _records()
    records[1][field] = bad
    for write in (export.to_json, export.to_csv, export.validate):
        with pytest.raises(SugidxError, match=rf"'suginavi_accesses'.*'{field}'"):
            write(records)


def test_neutralise():
    assert export.neutralise("=A1") == "'=A1"
    assert export.neutralise("杉並区") == "杉並区"
    assert export.neutralise("") == ""
    assert export.neutralise("1-1") == "1-1"
