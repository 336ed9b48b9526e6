"""The dataset catalogue: one schema per dataset, registered once.

Each :class:`Dataset` names its canonical (English snake_case) columns, the Japanese headers
municipal exports use for them, their kinds, which are required, allowed values, the key that
must be unique, and the reconciliation rules its published tables obey (parts add up to their
total; a stated percentage matches its parts). ``validation`` turns a schema into a pandera
schema; ``io`` uses the aliases to read files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What each column kind holds once loaded, and the pandas dtype it is stored as.
KINDS: dict[str, tuple[str, str]] = {
    "fiscal_year": ("Int64", "a fiscal year such as 2023, 令和5年度, R5 or FY2023"),
    "count": ("Int64", "a whole number such as 1,699,957 or ３，３６５人"),
    "number": ("Float64", "a number such as 5,200 or 約5,200時間"),
    "share": ("Float64", "a percentage such as 39.0% or (39.0%)"),
    "date": ("string", "a date such as 2024-07-31, 2023-12 or 令和6年7月31日"),
    "text": ("string", "text"),
    "bool": ("boolean", "true/false (also 1/0, はい/いいえ, ○/×)"),
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a dataset: its canonical name, kind, and what a valid value is."""

    name: str
    kind: str
    description: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    unit: str = ""
    allowed: tuple[str, ...] | None = None
    minimum: float | None = 0.0  # counts and amounts are never negative unless stated
    maximum: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; use one of {sorted(KINDS)}")


@dataclass(frozen=True, slots=True)
class SumRule:
    """``parts`` add up to ``total``; each part (and each part of a part) is at most its whole."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShareRule:
    """``share`` states ``numerator / denominator``, to the precision it is written in."""

    share: str
    numerator: str
    denominator: str


@dataclass(frozen=True, slots=True)
class BoundRule:
    """``sum(parts) * factor`` is at most ``whole`` (e.g. planned + excluded ≤ not yet online)."""

    parts: tuple[str, ...]
    whole: str
    factor_column: str | None = None  # multiply ``whole`` by this column (answers ≤ n × limit)


@dataclass(frozen=True, slots=True)
class GroupTotalRule:
    """Rows whose ``label_column`` equals ``total_label`` hold the sum of the other rows of
    their group for each of ``value_columns`` (where every part is stated)."""

    group_by: tuple[str, ...]
    label_column: str
    total_label: str
    value_columns: tuple[str, ...]


@dataclass(frozen=True)
class Dataset:
    """A registered dataset: schema plus documentation for ``data/README.md``."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    sums: tuple[SumRule, ...] = ()
    shares: tuple[ShareRule, ...] = ()
    bounds: tuple[BoundRule, ...] = ()
    group_totals: tuple[GroupTotalRule, ...] = ()
    record_level: bool = False
    by_name: dict[str, Column] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})
        names = set(self.by_name)
        referenced = set(self.key)
        for r in self.sums:
            referenced |= {r.total, *r.parts}
        for r in self.shares:
            referenced |= {r.share, r.numerator, r.denominator}
        for r in self.bounds:
            referenced |= {r.whole, *r.parts} | ({r.factor_column} - {None})
        for r in self.group_totals:
            referenced |= {*r.group_by, r.label_column, *r.value_columns}
        if referenced - names:
            raise ValueError(
                f"{self.name}: rules name unknown columns {sorted(referenced - names)}"
            )

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def alias_map(self) -> dict[str, str]:
        """Every accepted header (canonical or Japanese alias) → canonical name."""
        mapping = {c.name: c.name for c in self.columns}
        for c in self.columns:
            for alias in c.aliases:
                mapping[alias] = c.name
        return mapping


def _fy(required: bool = True) -> Column:
    return Column(
        "fiscal_year",
        "fiscal_year",
        "Fiscal year, as the Gregorian year it starts (令和5年度 = 2023, Apr 2023–Mar 2024)",
        required=required,
        aliases=("年度",),
        minimum=None,
    )


def _source(required: bool = True) -> Column:
    return Column(
        "source_id",
        "text",
        "Row in data/sources.csv the figures come from",
        required=required,
        aliases=("出典",),
    )


def _approx() -> Column:
    return Column("approximate", "bool", "True where the source says 約 (approximately)")


ONLINE_SUMMARY = Dataset(
    name="online_summary",
    title="Online procedures: coverage and usage (ward-wide totals per fiscal year)",
    description=(
        "The ward's table of procedures by online status and of annual applications (seed 004, "
        "section 2(1)). Other municipalities publish only some columns: only fiscal_year is "
        "required. Counts are as of the end of the fiscal year."
    ),
    columns=(
        _fy(),
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
        _source(required=False),
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
            allowed=("S", "A", "B", "C"),
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
        _source(),
    ),
    key=("fiscal_year", "priority_band"),
    bounds=(
        BoundRule(
            ("procedures_planned_online", "procedures_planned_excluded"), "procedures_not_online"
        ),
    ),
)

RPA_SUMMARY = Dataset(
    name="rpa_summary",
    title="RPA / AI-OCR: processes automated and staff hours saved",
    description=(
        "Processes automated with RPA or AI-OCR and the annual staff hours saved, realised "
        "(production) or expected (pilots). Seeds 000 and 003."
    ),
    columns=(
        _fy(),
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
        _approx(),
        Column("note", "text", "What the source says, briefly"),
        _source(),
    ),
    key=("fiscal_year", "scope", "technology"),
)

SURVEY_SUMMARY = Dataset(
    name="survey_summary",
    title="Resident survey: sample, responses and item bases",
    description=(
        "Published sample size and responses of the ward's resident surveys, overall and for "
        "items with their own base (seed 004, section 1(1)). For a multiple-response item, "
        "answers counts every choice made, at most max_answers per respondent."
    ),
    columns=(
        _fy(),
        Column("survey_id", "text", "Short identifier of the survey", required=True),
        Column("item_id", "text", "overall, or the identifier of a question", required=True),
        Column("item_label", "text", "The question as published"),
        Column("population", "text", "Who was surveyed", aliases=("調査対象",)),
        Column("field_start", "date", "First day of fieldwork"),
        Column("field_end", "date", "Last day of fieldwork"),
        Column(
            "base",
            "count",
            "Persons asked: the sample for overall, the respondents for an item",
            required=True,
            unit="persons",
        ),
        Column(
            "respondents",
            "count",
            "Persons who answered",
            required=True,
            aliases=("回答者",),
            unit="persons",
        ),
        Column(
            "response_rate", "share", "Stated respondents / base", aliases=("回答率",), maximum=1.0
        ),
        Column("answers", "count", "Choices made in a multiple-response item", aliases=("回答数",)),
        Column("max_answers", "count", "Most choices one respondent may make (empty = no limit)"),
        _source(),
    ),
    key=("survey_id", "item_id"),
    shares=(ShareRule("response_rate", "respondents", "base"),),
    bounds=(
        BoundRule(("respondents",), "base"),
        BoundRule(("respondents",), "answers"),
        BoundRule(("answers",), "respondents", factor_column="max_answers"),
    ),
)

AGE_BANDS = ("18-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80+")

POPULATION = Dataset(
    name="population",
    title="Adult residents by age band and sex (住民基本台帳)",
    description=(
        "Suginami's registered residents aged 18+ by age band and sex, from the ward's "
        "「町丁別世帯数及び人口」 (住民基本台帳) as of 2022-10-01; the margins for weighting the "
        "resident survey."
    ),
    columns=(
        Column("reference_date", "date", "Date of the count", required=True, aliases=("基準日",)),
        Column(
            "age_band",
            "text",
            "Age band (years)",
            required=True,
            aliases=("年齢",),
            allowed=AGE_BANDS,
        ),
        Column(
            "sex",
            "text",
            "male or female",
            required=True,
            aliases=("性別",),
            allowed=("male", "female"),
        ),
        Column(
            "population",
            "count",
            "Registered residents",
            required=True,
            aliases=("人口",),
            unit="persons",
        ),
        _source(),
    ),
    key=("reference_date", "age_band", "sex"),
)

STANDARDIZATION_PROGRESS = Dataset(
    name="standardization_progress",
    title="System standardisation: Fit&Gap issues resolved per system",
    description=(
        "Issues found by the Fit&Gap analysis of each resident-information system and how many "
        "are resolved, as of a date, with the ward's target rate (seed 004, section 4)."
    ),
    columns=(
        _fy(),
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
        _source(),
    ),
    key=("as_of", "system"),
    sums=(SumRule("issues_total", ("issues_resolved", "issues_remaining")),),
    shares=(ShareRule("progress_rate", "issues_resolved", "issues_total"),),
)

CASHLESS = Dataset(
    name="cashless",
    title="Cashless payment at ward windows",
    description=(
        "Cashless payment by window: when it was introduced and the share of payments made "
        "cashless where published (seeds 000, 003, 004)."
    ),
    columns=(
        _fy(),
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
        _source(),
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
        _fy(),
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
        _source(),
    ),
    key=("fiscal_year", "provider", "programme"),
    group_totals=(
        GroupTotalRule(
            ("fiscal_year", "provider"), "programme", "合計", ("sessions", "participants")
        ),
    ),
)

KPIS = Dataset(
    name="kpis",
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
        _fy(),
        Column("label", "text", "What the figure is, in the source's words", required=True),
        Column("value", "number", "The figure", required=True, minimum=None),
        Column("unit", "text", "Unit of value"),
        _approx(),
        Column("bound", "text", "at_least where the source says 以上", allowed=("at_least",)),
        Column("as_of", "date", "Date or month of the figure, where stated"),
        _source(),
    ),
    key=("kpi_id", "fiscal_year"),
)

SOURCES = Dataset(
    name="sources",
    title="Sources of the published figures",
    description="One row per document section that figures are transcribed from.",
    columns=(
        Column("source_id", "text", "Identifier used by source_id columns", required=True),
        Column("document_file", "text", "Seed file in shared/seeds (empty for other sources)"),
        Column("title", "text", "Document title as in the text", required=True),
        Column(
            "municipality",
            "text",
            "Municipality the document is about (unknown where the text does not name it)",
            required=True,
        ),
        Column("period", "text", "Period the figures cover", required=True),
        Column("section", "text", "Section of the document", required=True),
    ),
    key=("source_id",),
)


ONLINE_PROCEDURES = Dataset(
    name="online_procedures",
    title="Online procedures: one row per procedure and fiscal year (record level)",
    description=(
        "A procedure's status at the end of the fiscal year (online-capable, online) and its "
        "annual applications by channel. Summarised by ``online_records.summarize`` into "
        "online_summary. Application counts may be empty where they were not counted (the "
        "example data leaves them empty for procedures that cannot go online). priority_band "
        "and planned_action describe the next year's plan for procedures not yet online. The "
        "committed example file is synthetic (synthetic = true)."
    ),
    columns=(
        _fy(),
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
            "Priority band by annual applications (S ≥1,000, "
            "A 100–999, B 10–99, C 0–9) for procedures not yet online",
            aliases=("優先度",),
            allowed=("S", "A", "B", "C"),
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


REGISTRY: dict[str, Dataset] = {
    d.name: d
    for d in (
        ONLINE_SUMMARY,
        ONLINE_PLAN,
        RPA_SUMMARY,
        SURVEY_SUMMARY,
        POPULATION,
        STANDARDIZATION_PROGRESS,
        CASHLESS,
        OUTREACH,
        KPIS,
        SOURCES,
        ONLINE_PROCEDURES,
    )
}


def register(dataset: Dataset) -> Dataset:
    """Add a dataset (theme modules register their record-level tables here)."""
    if dataset.name in REGISTRY and REGISTRY[dataset.name] is not dataset:
        raise ValueError(f"dataset {dataset.name!r} is already registered")
    REGISTRY[dataset.name] = dataset
    return dataset


def get_dataset(name: str) -> Dataset:
    """The registered schema called ``name``; the error lists the known names."""
    from .errors import SugidxError

    try:
        return REGISTRY[name]
    except KeyError:
        raise SugidxError(
            f"unknown dataset {name!r}; known datasets: {', '.join(sorted(REGISTRY))}"
        ) from None


def dictionary_markdown() -> str:
    """The data dictionary of every registered dataset, as kept in ``data/README.md``."""
    lines: list[str] = []
    for dataset in sorted(REGISTRY.values(), key=lambda d: (d.record_level, d.name)):
        lines += [f"### `{dataset.name}` — {dataset.title}", "", dataset.description, ""]
        if dataset.key:
            lines += [f"Unique key: {', '.join(f'`{k}`' for k in dataset.key)}.", ""]
        lines += [
            "| column | kind | required | Japanese headers accepted | unit | meaning |",
            "|---|---|---|---|---|---|",
        ]
        for c in dataset.columns:
            meaning = c.description + (f" (one of: {', '.join(c.allowed)})" if c.allowed else "")
            lines.append(
                f"| `{c.name}` | {c.kind} | {'yes' if c.required else ''} | "
                f"{' / '.join(c.aliases)} | {c.unit} | {meaning} |"
            )
        rules = [f"{' + '.join(r.parts)} = {r.total}" for r in dataset.sums]
        rules += [
            f"{r.share} = {r.numerator} / {r.denominator} (to its written precision)"
            for r in dataset.shares
        ]
        rules += [
            f"{' + '.join(r.parts)} ≤ {r.whole}"
            + (f" × {r.factor_column}" if r.factor_column else "")
            for r in dataset.bounds
        ]
        rules += [
            f"the {r.total_label} row = sum of its {'/'.join(r.group_by)} group "
            f"({', '.join(r.value_columns)})"
            for r in dataset.group_totals
        ]
        if rules:
            lines += ["", "Reconciliation: " + "; ".join(rules) + "."]
        lines.append("")
    return "\n".join(lines)


_START, _END = "<!-- dictionary:start -->", "<!-- dictionary:end -->"


def refresh_dictionary(readme) -> bool:
    """Rewrite the generated part of ``data/README.md``; True when it changed."""
    from pathlib import Path

    readme = Path(readme)
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(_START, 1)
    _, tail = rest.split(_END, 1)
    new = f"{head}{_START}\n{dictionary_markdown()}\n{_END}{tail}"
    readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # python -m sugidx_analysis.datasets: refresh data/README.md
    from sugidx_analysis import datasets, paths

    datasets.refresh_dictionary(paths.DATA_DIR / "README.md")
