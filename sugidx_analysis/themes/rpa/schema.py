"""RPA / AI-OCR: the datasets the theme will read (its evaluation is still to come)."""

from __future__ import annotations

from ...datasets.schema import (
    Column,
    Dataset,
    approximate_column,
    fiscal_year_column,
    source_column,
)

RPA_SUMMARY = Dataset(
    name="rpa_summary",
    title="RPA / AI-OCR: processes automated and staff hours saved",
    description=(
        "Processes automated with RPA or AI-OCR and the annual staff hours saved, realised "
        "(production) or expected (pilots). Seeds 000 and 003."
    ),
    columns=(
        fiscal_year_column(),
        Column(
            "scope",
            "text",
            "production (本格導入/稼働中), pilot (実証実験), planned (導入予定) "
            "or staff_built (職員による構築)",
            required=True,
            allowed=("production", "pilot", "planned", "staff_built"),
        ),
        Column(
            "technology",
            "text",
            "Tool family as published",
            required=True,
            allowed=("RPA", "AI-OCR/RPA"),
        ),
        Column(
            "processes",
            "count",
            "Number of business processes (業務)",
            required=True,
            aliases=("業務数",),
            unit="processes",
        ),
        Column(
            "hours_saved_per_year",
            "number",
            "Staff hours saved per year",
            aliases=("削減時間",),
            unit="hours/year",
        ),
        Column(
            "hours_basis",
            "text",
            "realised (得られた) or expected (見込まれた)",
            allowed=("realised", "expected"),
        ),
        approximate_column(),
        Column("note", "text", "What the source says, briefly"),
        source_column(),
    ),
    key=("fiscal_year", "scope", "technology"),
)

DATASETS = (RPA_SUMMARY,)
