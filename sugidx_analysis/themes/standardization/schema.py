"""System standardisation: the datasets the theme will read (its evaluation is still to come)."""

from __future__ import annotations

from ...datasets.schema import (
    Column,
    Dataset,
    ShareRule,
    SumRule,
    fiscal_year_column,
    source_column,
)

STANDARDIZATION_PROGRESS = Dataset(
    name="standardization_progress",
    label="システム標準化の課題の解消状況",
    title="System standardisation: Fit&Gap issues resolved per system",
    description=(
        "Issues found by the Fit&Gap analysis of each resident-information system and how many "
        "are resolved, as of a date, with the ward's target rate (seed 004, section 4)."
    ),
    columns=(
        fiscal_year_column(),
        Column("as_of", "date", "Date of the count", required=True, aliases=("時点",)),
        Column("system", "text", "System group", required=True, aliases=("システム",)),
        Column("system_scope", "text", "Business covered, as published"),
        Column("issues_total", "count", "Issues found", required=True, aliases=("課題総数",)),
        Column("issues_resolved", "count", "Issues resolved", required=True, aliases=("完了数",)),
        Column("issues_remaining", "count", "Issues remaining", aliases=("残数",)),
        Column(
            "progress_rate",
            "share",
            "Stated issues_resolved / issues_total",
            aliases=("進捗率",),
            maximum=1.0,
        ),
        Column("target_rate", "share", "Target progress rate", maximum=1.0),
        Column("target_date", "date", "When the target rate is due"),
        source_column(),
    ),
    key=("as_of", "system"),
    sums=(SumRule("issues_total", ("issues_resolved", "issues_remaining")),),
    shares=(ShareRule("progress_rate", "issues_resolved", "issues_total"),),
)

DATASETS = (STANDARDIZATION_PROGRESS,)
