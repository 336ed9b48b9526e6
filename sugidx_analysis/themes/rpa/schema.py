"""RPA / AI-OCR: the published summary (``rpa_summary``) and the per-process records
(``rpa_processes``) the theme reads, and the codes their columns use."""

from __future__ import annotations

from ...datasets.schema import (
    BoundRule,
    Column,
    Dataset,
    approximate_column,
    fiscal_year_column,
    source_column,
)

# Tools a process uses (rpa_processes.tool) and how rpa_summary names the family of a year.
TOOLS = ("RPA", "AI-OCR", "both")
STAGES = ("pilot", "production", "retired")

RPA_SUMMARY = Dataset(
    name="rpa_summary",
    label="RPA・AI-OCRの導入業務数と削減時間",
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

RPA_PROCESSES = Dataset(
    name="rpa_processes",
    label="業務ごとの記録（RPA・AI-OCR）",
    title="RPA / AI-OCR: one row per automated process and fiscal year (record level)",
    description=(
        "A process automated with RPA, AI-OCR or both: its stage in the fiscal year (pilot, "
        "production, retired), the staff hours it takes without and with the tool or the hours "
        "saved (departments' own estimates), the hours a pilot was expected to save, and its "
        "costs (annual licence in yen, staff hours to build). Summarised by "
        "``themes.rpa.records.summarize`` into rpa_summary. hours_saved may be left empty when "
        "hours_before and hours_after are given. The committed example file is synthetic "
        "(synthetic = true)."
    ),
    columns=(
        fiscal_year_column(),
        Column(
            "process_id",
            "text",
            "Stable identifier of the process across years",
            required=True,
            aliases=("業務ID", "業務番号"),
        ),
        Column("process_name", "text", "Name of the process", aliases=("業務名",)),
        Column("department", "text", "Department in charge", aliases=("所管課", "担当課")),
        Column(
            "tool",
            "text",
            "RPA, AI-OCR or both",
            required=True,
            aliases=("ツール", "導入技術"),
            allowed=TOOLS,
        ),
        Column(
            "stage",
            "text",
            "pilot (実証実験), production (本格導入/稼働中) or retired (廃止)",
            required=True,
            aliases=("段階", "導入段階"),
            allowed=STAGES,
        ),
        Column(
            "introduced_fiscal_year",
            "fiscal_year",
            "Fiscal year the process went into production",
            aliases=("導入年度",),
        ),
        Column(
            "hours_before",
            "number",
            "Staff hours a year the work took before automation",
            aliases=("導入前時間", "削減前時間"),
            unit="hours/year",
        ),
        Column(
            "hours_after",
            "number",
            "Staff hours a year the work takes with the tool",
            aliases=("導入後時間", "削減後時間"),
            unit="hours/year",
        ),
        Column(
            "hours_saved",
            "number",
            "Staff hours saved a year (realised, for production; hours_before − hours_after)",
            aliases=("削減時間", "削減時間数"),
            unit="hours/year",
        ),
        Column(
            "expected_hours_saved",
            "number",
            "Staff hours a year the process was expected to save (the pilot's forecast)",
            aliases=("見込削減時間", "削減見込時間"),
            unit="hours/year",
        ),
        Column(
            "annual_volume",
            "count",
            "Items processed a year (forms read, records entered)",
            aliases=("処理件数", "年間処理件数"),
            unit="items/year",
        ),
        Column(
            "licence_cost_yen",
            "number",
            "Licence and running cost a year, yen",
            aliases=("ライセンス費用", "年間費用"),
            unit="yen/year",
        ),
        Column(
            "build_hours",
            "number",
            "Staff hours spent building the automation (once)",
            aliases=("構築時間", "開発時間"),
            unit="hours",
        ),
        Column(
            "synthetic",
            "bool",
            "True for generated example rows (not real records)",
            aliases=("合成データ",),
        ),
    ),
    key=("fiscal_year", "process_id"),
    bounds=(
        # The hours a tool leaves are at most the hours the work took.
        BoundRule(("hours_after",), "hours_before"),
        BoundRule(("hours_saved",), "hours_before"),
    ),
    record_level=True,
)

DATASETS = (RPA_SUMMARY, RPA_PROCESSES)
