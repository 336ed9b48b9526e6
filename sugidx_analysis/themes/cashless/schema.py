"""Cashless payment and digital-divide outreach: the datasets the theme will read (its
evaluation is still to come): the published tables (``cashless``, ``outreach``) and the
record-level monthly payments by window (``cashless_monthly``)."""

from __future__ import annotations

from ...datasets.schema import (
    BoundRule,
    Column,
    Dataset,
    GroupTotalRule,
    fiscal_year_column,
    source_column,
)

CASHLESS = Dataset(
    name="cashless",
    label="キャッシュレス決済の導入状況",
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
    label="デジタルデバイド対策の講座等の実施状況",
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

CASHLESS_MONTHLY = Dataset(
    name="cashless_monthly",
    label="窓口・月ごとの手数料の支払（キャッシュレス決済）",
    title="Cashless payment: one row per window and month (record level)",
    description=(
        "Fee-paying transactions at a ward window in a month and how many of them were paid "
        "cashless, with the fees they paid (yen). ``rollout`` names the row of the published "
        "``cashless`` table whose ``introduced`` month is the window's launch (a branch office "
        "launches with 区民事務所). ``month`` is a calendar month (2023-12, 令和5年12月), not a "
        "day. Checked further by ``themes.cashless.records.check_monthly``: each window's months "
        "without a gap, fiscal_year the one containing the month, every rollout in the "
        "published table with an introduced month, and no cashless payment before the launch. "
        "The committed example file is synthetic (synthetic = true)."
    ),
    columns=(
        fiscal_year_column(),
        Column(
            "month",
            "date",
            "Calendar month, as YYYY-MM (令和5年12月 = 2023-12); fiscal_year is the fiscal year "
            "containing it",
            required=True,
            aliases=("年月", "月"),
        ),
        Column(
            "window",
            "text",
            "Counter or office (窓口)",
            required=True,
            aliases=("窓口", "窓口名"),
        ),
        Column(
            "rollout",
            "text",
            "The window's row (window) in the published cashless table whose introduced month "
            "applies to it, e.g. 区民課窓口（本庁舎） or 区民事務所",
            required=True,
            aliases=("導入区分",),
        ),
        Column(
            "transactions",
            "count",
            "Fee-paying transactions at the window in the month",
            required=True,
            aliases=("取扱件数", "件数"),
            unit="transactions/month",
        ),
        Column(
            "cashless_transactions",
            "count",
            "Of them, paid cashless",
            required=True,
            aliases=("キャッシュレス件数", "キャッシュレス決済件数"),
            unit="transactions/month",
        ),
        Column(
            "fees_yen",
            "count",
            "Fees paid in the month, yen",
            aliases=("手数料", "手数料額"),
            unit="yen/month",
        ),
        Column(
            "cashless_fees_yen",
            "count",
            "Of them, paid cashless, yen",
            aliases=("キャッシュレス手数料", "キャッシュレス決済額"),
            unit="yen/month",
        ),
        Column(
            "synthetic",
            "bool",
            "True for generated example rows (not real records)",
            aliases=("合成データ",),
        ),
    ),
    key=("month", "window"),
    bounds=(
        # What was paid cashless is part of what was paid.
        BoundRule(("cashless_transactions",), "transactions"),
        BoundRule(("cashless_fees_yen",), "fees_yen"),
    ),
    record_level=True,
)

DATASETS = (
    CASHLESS,
    OUTREACH,
    CASHLESS_MONTHLY,
)
