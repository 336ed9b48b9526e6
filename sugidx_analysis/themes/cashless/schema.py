"""Cashless payment and digital-divide outreach: the datasets the theme will read (its
evaluation is still to come)."""

from __future__ import annotations

from ...datasets.schema import (
    Column,
    Dataset,
    GroupTotalRule,
    fiscal_year_column,
    source_column,
)

CASHLESS = Dataset(
    name="cashless",
    title="Cashless payment at ward windows",
    description=(
        "Cashless payment by window: when it was introduced and the share of payments made "
        "cashless where published (seeds 000, 003, 004)."
    ),
    columns=(
        fiscal_year_column(),
        Column("window", "text", "Counter or office (窓口)", required=True, aliases=("窓口",)),
        Column("introduced", "date", "Month cashless payment started (empty = not stated)"),
        Column(
            "cashless_share",
            "share",
            "Share of payments made cashless",
            aliases=("キャッシュレス利用割合",),
            maximum=1.0,
        ),
        Column("note", "text", "What the source says, briefly"),
        source_column(),
    ),
    key=("fiscal_year", "window"),
)

OUTREACH = Dataset(
    name="outreach",
    title="Digital-divide outreach: courses, sessions and participants",
    description=(
        "Smartphone and PC courses for older residents, by provider and programme; a row "
        "labelled 合計 holds the provider's total (seeds 000, 003)."
    ),
    columns=(
        fiscal_year_column(),
        Column("provider", "text", "Who ran or supported the courses", required=True),
        Column(
            "programme", "text", "Course or programme (合計 = the provider's total)", required=True
        ),
        Column("sessions", "count", "Sessions held (回)", aliases=("回数",), unit="sessions"),
        Column(
            "participants",
            "count",
            "Participants, counted per session (延べ)",
            aliases=("参加者数",),
            unit="persons",
        ),
        source_column(),
    ),
    key=("fiscal_year", "provider", "programme"),
    group_totals=(
        GroupTotalRule(
            ("fiscal_year", "provider"), "programme", "合計", ("sessions", "participants")
        ),
    ),
)

DATASETS = (
    CASHLESS,
    OUTREACH,
)
