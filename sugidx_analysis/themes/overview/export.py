"""The KPI export behind ``sugidx kpis``: records as JSON or CSV, checked against a committed
JSON Schema (``kpis.schema.json``) so other tools can rely on the shape of what we publish.

Every writer validates first, so a file that breaks the schema, or holds NaN or infinity (which
JSON cannot carry and a spreadsheet would show as a figure), is never written.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from pathlib import Path

from ...errors import SugidxError

FIELDS = (
    "id",
    "theme",
    "label",
    "value",
    "unit",
    "approximate",
    "fiscal_year",
    "previous_fiscal_year",
    "previous_value",
    "target",
    "target_date",
    "judgement",
    "judgement_label",
    "tier",
    "source_id",
    "source_note",
)
SCHEMA_FILE = Path(__file__).with_name("kpis.schema.json")

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_YEARS = ("fiscal_year", "previous_fiscal_year")


def schema() -> dict:
    """The committed JSON Schema of an export (a file, so non-Python consumers can use it)."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _plain(key: str, value: object) -> object:
    """A numpy/pandas scalar as the Python value it stands for (the validator and ``repr``
    would otherwise see ``np.float64(0.4)``); a whole-number float year as an int."""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if key in _YEARS and isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def _plain_records(records: Iterable[dict]) -> list:
    """The records with plain values, known fields first; NaN and infinity refused by name,
    since the schema's ``number`` cannot exclude them."""
    if isinstance(records, dict | str):
        raise SugidxError("KPI records must be a list of records (dicts), one per measure")
    out = []
    for record in records:
        if not isinstance(record, dict):
            out.append(record)
            continue
        keys = [k for k in FIELDS if k in record] + [k for k in record if k not in FIELDS]
        plain = {k: _plain(k, record[k]) for k in keys}
        for key, value in plain.items():
            if isinstance(value, float) and not math.isfinite(value):
                raise SugidxError(
                    f"KPI {plain.get('id')!r}: field {key!r} is {value!r}; "
                    "NaN and infinity cannot be exported (use null for a missing figure)"
                )
        out.append(plain)
    return out


def validate(records: Iterable[dict]) -> None:
    """Raise :class:`SugidxError` listing every way ``records`` break the schema."""
    from jsonschema import Draft202012Validator

    records = _plain_records(records)
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    lines = []
    for error in sorted(validator.iter_errors(records), key=lambda e: tuple(e.absolute_path)):
        path = list(error.absolute_path)
        if not path:
            lines.append(f"records: {error.message}")
            continue
        record = records[path[0]]
        has_id = isinstance(record, dict) and "id" in record
        rid = f"id {record['id']!r}" if has_id else "no id"
        field = ".".join(map(str, path[1:])) or "(record)"
        reason = error.message
        if "then" in error.schema_path:
            judgement = record.get("judgement")
            reason = f"{error.instance!r} is not the label of judgement {judgement!r} ({reason})"
        lines.append(f"record {path[0]} ({rid}), field {field}: {reason}")
    if lines:
        raise SugidxError(f"{len(lines)} problem(s) in the KPI export:\n  " + "\n  ".join(lines))


def to_json(records: list[dict]) -> str:
    """The records as a JSON array, Japanese left readable, keys in :data:`FIELDS` order."""
    records = _plain_records(records)
    validate(records)
    return json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def neutralise(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: object) -> str:
    """One CSV cell: numbers written exactly as in the JSON, only text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return neutralise(str(value))


def to_csv(records: list[dict]) -> bytes:
    """The records as CSV in UTF-8 with a BOM, without which Excel garbles the Japanese."""
    records = _plain_records(records)
    validate(records)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    writer.writerows([_cell(r[k]) for k in FIELDS] for r in records)
    return buffer.getvalue().encode("utf-8-sig")
