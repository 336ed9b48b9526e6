"""Overview scorecard: every other published figure as a KPI (the scorecard is still to come)."""

from __future__ import annotations

from ...datasets.schema import (
    Column,
    Dataset,
    approximate_column,
    fiscal_year_column,
    source_column,
)

KPIS = Dataset(
    name="kpis",
    label="公表資料に記載されたその他の数値",
    title="Every other figure the ward reports, as key performance indicators",
    description=(
        "One row per published figure that has no table of its own: id, theme, year, value, "
        "unit, whether approximate (約) or a lower bound (以上), and its source."
    ),
    columns=(
        Column("kpi_id", "text", "Stable identifier", required=True),
        Column(
            "theme",
            "text",
            "Evaluation theme",
            required=True,
            allowed=(
                "online",
                "rpa",
                "survey",
                "standardization",
                "cashless",
                "outreach",
                "population",
                "infrastructure",
                "services",
                "governance",
                "finance",
            ),
        ),
        fiscal_year_column(),
        Column("label", "text", "What the figure is, in the source's words", required=True),
        Column("value", "number", "The figure", required=True, minimum=None),
        Column("unit", "text", "Unit of value"),
        approximate_column(),
        Column("bound", "text", "at_least where the source says 以上", allowed=("at_least",)),
        Column("as_of", "date", "Date or month of the figure, where stated"),
        source_column(),
    ),
    key=("kpi_id", "fiscal_year"),
)

DATASETS = (KPIS,)
