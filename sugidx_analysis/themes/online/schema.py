"""Online procedures: the datasets the theme reads, and the ward's priority bands."""

from __future__ import annotations

from typing import NamedTuple

from ...datasets.schema import (
    BoundRule,
    Column,
    Dataset,
    ShareRule,
    SumRule,
    fiscal_year_column,
    source_column,
)


class Band(NamedTuple):
    """A priority band of the ward's plan: procedures by annual applications (low–high)."""

    name: str
    low: int
    high: int | None  # None: no upper bound
    definition: str  # as the ward publishes it


# The ward's priority bands (seed 004, section 2(1)③): the one definition.
BANDS: tuple[Band, ...] = (
    Band("S", 1000, None, "1,000件以上"),
    Band("A", 100, 999, "100~999件"),
    Band("B", 10, 99, "10~99件"),
    Band("C", 0, 9, "0~9件"),
)
BAND_NAMES = tuple(b.name for b in BANDS)
# For readers: the wave dash 〜 of Japanese print (the source writes an ASCII tilde).
BAND_SUMMARY = " / ".join(f"{b.name} {b.definition.replace('~', '〜')}" for b in BANDS)

ONLINE_SUMMARY = Dataset(
    name="online_summary",
    label="オンライン手続の対応状況・利用状況（自治体全体の年度集計）",
    title="Online procedures: coverage and usage (ward-wide totals per fiscal year)",
    description=(
        "The ward's table of procedures by online status and of annual applications (seed 004, "
        "section 2(1)). Other municipalities publish only some columns: only fiscal_year is "
        "required. Counts are as of the end of the fiscal year."
    ),
    columns=(
        fiscal_year_column(),
        Column(
            "procedures_online",
            "count",
            "Online-capable procedures already online",
            aliases=("オンライン対応済手続数",),
            unit="procedures",
        ),
        Column(
            "procedures_not_online",
            "count",
            "Online-capable procedures not yet online",
            aliases=("オンライン未対応手続数",),
            unit="procedures",
        ),
        Column(
            "procedures_online_capable",
            "count",
            "Procedures that can be put online (online + not yet online)",
            aliases=("小計", "オンライン対応可能手続数"),
            unit="procedures",
        ),
        Column(
            "procedures_not_capable",
            "count",
            "Procedures that cannot go online at survey time (national/metropolitan systems, "
            "in-person or seal required)",
            aliases=("オンライン対応不可手続数",),
            unit="procedures",
        ),
        Column(
            "procedures_total", "count", "All procedures", aliases=("総手続数",), unit="procedures"
        ),
        Column(
            "applications_online_ready",
            "count",
            "Annual applications to procedures that are online",
            aliases=("オンライン対応済手続年間申請数",),
            unit="applications",
        ),
        Column(
            "applications_online",
            "count",
            "…of which made online",
            aliases=("オンラインによる申請",),
            unit="applications",
        ),
        Column(
            "applications_paper",
            "count",
            "…of which made on paper",
            aliases=("紙による申請",),
            unit="applications",
        ),
        Column(
            "applications_not_online_ready",
            "count",
            "Annual applications to procedures not yet online",
            aliases=("オンライン未対応手続年間申請数",),
            unit="applications",
        ),
        Column(
            "applications_total",
            "count",
            "All annual applications",
            aliases=("年間総申請数",),
            unit="applications",
        ),
        Column(
            "procedures_online_share",
            "share",
            "Stated share procedures_online / procedures_online_capable",
            aliases=("オンライン対応済手続割合",),
            maximum=1.0,
        ),
        Column(
            "procedures_not_online_share",
            "share",
            "Stated share procedures_not_online / procedures_online_capable",
            aliases=("オンライン未対応手続割合",),
            maximum=1.0,
        ),
        Column(
            "applications_online_ready_share",
            "share",
            "Stated share applications_online_ready / applications_total",
            maximum=1.0,
        ),
        Column(
            "applications_not_online_ready_share",
            "share",
            "Stated share applications_not_online_ready / applications_total",
            maximum=1.0,
        ),
        Column(
            "applications_online_share",
            "share",
            "Stated share applications_online / applications_online_ready",
            aliases=("オンライン申請割合",),
            maximum=1.0,
        ),
        Column(
            "applications_paper_share",
            "share",
            "Stated share applications_paper / applications_online_ready",
            maximum=1.0,
        ),
        source_column(required=False),
    ),
    key=("fiscal_year",),
    sums=(
        SumRule("procedures_online_capable", ("procedures_online", "procedures_not_online")),
        SumRule("procedures_total", ("procedures_online_capable", "procedures_not_capable")),
        SumRule("applications_online_ready", ("applications_online", "applications_paper")),
        SumRule(
            "applications_total", ("applications_online_ready", "applications_not_online_ready")
        ),
    ),
    shares=(
        ShareRule("procedures_online_share", "procedures_online", "procedures_online_capable"),
        ShareRule(
            "procedures_not_online_share", "procedures_not_online", "procedures_online_capable"
        ),
        ShareRule(
            "applications_online_ready_share", "applications_online_ready", "applications_total"
        ),
        ShareRule(
            "applications_not_online_ready_share",
            "applications_not_online_ready",
            "applications_total",
        ),
        ShareRule("applications_online_share", "applications_online", "applications_online_ready"),
        ShareRule("applications_paper_share", "applications_paper", "applications_online_ready"),
    ),
)

ONLINE_PLAN = Dataset(
    name="online_plan",
    label="優先度別のオンライン対応予定",
    title="Online procedures: the year's plan by priority band",
    description=(
        "Procedures not yet online at the start of the plan year, by priority band (annual "
        "applications), with how many the plan puts online and how many it drops from scope "
        "(seed 004, section 2(1)③)."
    ),
    columns=(
        Column(
            "fiscal_year",
            "fiscal_year",
            "The plan's fiscal year",
            required=True,
            aliases=("年度",),
            minimum=None,
        ),
        Column(
            "priority_band",
            "text",
            "Priority band by annual applications",
            required=True,
            aliases=("優先度",),
            allowed=BAND_NAMES,
        ),
        Column(
            "band_definition",
            "text",
            "Band definition as published (annual applications)",
            aliases=("年間申請数",),
        ),
        Column("min_annual_applications", "count", "Lower bound of the band (applications/year)"),
        Column(
            "max_annual_applications",
            "count",
            "Upper bound of the band (applications/year; empty = no upper bound)",
        ),
        Column(
            "procedures_not_online",
            "count",
            "Procedures not online at the end of the previous fiscal year",
            required=True,
            aliases=("オンライン未対応手続数",),
            unit="procedures",
        ),
        Column(
            "procedures_planned_online",
            "count",
            "Procedures the plan puts online this year",
            required=True,
            aliases=("オンライン対応予定手続数",),
            unit="procedures",
        ),
        Column(
            "procedures_planned_excluded",
            "count",
            "Procedures to be dropped from scope (abolished or out of scope)",
            aliases=("対象外予定手続数",),
            unit="procedures",
        ),
        source_column(),
    ),
    key=("fiscal_year", "priority_band"),
    bounds=(
        BoundRule(
            ("procedures_planned_online", "procedures_planned_excluded"), "procedures_not_online"
        ),
    ),
)

ONLINE_PROCEDURES = Dataset(
    name="online_procedures",
    label="手続ごとの記録",
    title="Online procedures: one row per procedure and fiscal year (record level)",
    description=(
        "A procedure's status at the end of the fiscal year (online-capable, online) and its "
        "annual applications by channel. Summarised by ``themes.online.records.summarize`` "
        "into online_summary. Application counts may be empty where they were not counted (the "
        "example data leaves them empty for procedures that cannot go online). priority_band "
        "and planned_action describe the next year's plan for procedures not yet online. The "
        "committed example file is synthetic (synthetic = true)."
    ),
    columns=(
        fiscal_year_column(),
        Column(
            "procedure_id",
            "text",
            "Stable identifier of the procedure across years",
            required=True,
            aliases=("手続ID", "手続番号"),
        ),
        Column("procedure_name", "text", "Name of the procedure", aliases=("手続名",)),
        Column("department", "text", "Department in charge", aliases=("所管課", "担当課")),
        Column(
            "online_capable",
            "bool",
            "The procedure can be put online (オンライン対応可能)",
            required=True,
            aliases=("オンライン対応可能",),
        ),
        Column(
            "online_ready",
            "bool",
            "The procedure is online (オンライン対応済)",
            required=True,
            aliases=("オンライン対応済",),
        ),
        Column(
            "applications_online",
            "count",
            "Annual applications made online",
            aliases=("オンライン申請数",),
            unit="applications",
        ),
        Column(
            "applications_offline",
            "count",
            "Annual applications made on paper or in person",
            aliases=("紙申請数", "オンライン以外の申請数"),
            unit="applications",
        ),
        Column(
            "priority_band",
            "text",
            f"Priority band by annual applications ({BAND_SUMMARY}) for procedures not yet online",
            aliases=("優先度",),
            allowed=BAND_NAMES,
        ),
        Column(
            "planned_action",
            "text",
            "Next year's plan for a procedure not yet online: "
            "online (対応予定) or excluded (対象外予定)",
            aliases=("予定",),
            allowed=("online", "excluded"),
        ),
        Column(
            "synthetic",
            "bool",
            "True for generated example rows (not real records)",
            aliases=("合成データ",),
        ),
    ),
    key=("fiscal_year", "procedure_id"),
    bounds=(
        # A procedure that is not online has no online applications: online × ready ≥ online.
        BoundRule(("applications_online",), "applications_online", factor_column="online_ready"),
        # Only an online-capable procedure can be online (booleans count as 0/1).
        BoundRule(("online_ready",), "online_capable"),
    ),
    record_level=True,
)

DATASETS = (
    ONLINE_SUMMARY,
    ONLINE_PLAN,
    ONLINE_PROCEDURES,
)
