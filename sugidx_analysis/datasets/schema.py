"""What a dataset schema is: columns, kinds and the reconciliation rules of published tables.

Each :class:`Dataset` names its canonical (English snake_case) columns, the Japanese headers
municipal exports use for them, their kinds, which are required, allowed values, the key that
must be unique, and the reconciliation rules its published tables obey (parts add up to their
total; a stated percentage matches its parts). ``rules`` turns a schema into a pandera schema;
``read`` uses the aliases to read files. The schemas themselves live with their themes
(``themes/<theme>/schema.py``); :mod:`sugidx_analysis.catalogue` lists them all.
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
    """A registered dataset: schema plus documentation for ``data/README.md``. ``label`` is its
    Japanese name, the one reports print (「オンライン手続の対応状況」).

    ``open_columns``, when not empty, says what further columns a file may have beyond
    ``columns`` (a survey's answers: one column per question). Reading keeps such columns as
    text instead of ignoring them; their meaning is checked by the theme that owns them."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    label: str = ""
    sums: tuple[SumRule, ...] = ()
    shares: tuple[ShareRule, ...] = ()
    bounds: tuple[BoundRule, ...] = ()
    group_totals: tuple[GroupTotalRule, ...] = ()
    record_level: bool = False
    open_columns: str = ""
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


def fiscal_year_column(required: bool = True) -> Column:
    return Column(
        "fiscal_year",
        "fiscal_year",
        "Fiscal year, as the Gregorian year it starts (令和5年度 = 2023, Apr 2023–Mar 2024)",
        required=required,
        aliases=("年度",),
        minimum=None,
    )


def source_column(required: bool = True) -> Column:
    return Column(
        "source_id",
        "text",
        "Row in data/sources.csv the figures come from",
        required=required,
        aliases=("出典",),
    )


def approximate_column() -> Column:
    return Column("approximate", "bool", "True where the source says 約 (approximately)")
