"""The statistical table every report prints: 「表N　title」 and 「（単位：…）」 above, a bold ruled
header, numbers right-aligned in tabular figures, ruled totals, no index numbers, 「出典：…」 and
notes below, and a 「合成データ」 mark on tables built from synthetic data.

Cells arrive already formatted by :mod:`sugidx_analysis.fmt` (a table never decides how a value
is written); the table only lays them out. Every string is HTML-escaped, so a procedure called
``<script>`` prints as text.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

SYNTHETIC_MARK = "合成データ"
SHORT_ROWS = 15  # tables of at most this many rows are kept on one page

# Numbers in a notebook session; the rendered page renumbers tables in document order.
_numbers = itertools.count(1)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Table:
    """A titled table. ``frame``'s columns are the header; its first ``label_columns`` columns
    (and any named in ``text_columns``) are text, left-aligned; the rest are figures,
    right-aligned. ``total_rows`` are the positions of 合計 rows (ruled above, bold)."""

    title: str
    frame: pd.DataFrame
    unit: str | None = None
    source: str | None = None
    notes: Sequence[str] = ()
    synthetic: bool = False
    label_columns: int = 1
    text_columns: Sequence[str] = ()
    total_rows: Sequence[int] = ()
    number: int = field(default_factory=lambda: next(_numbers))

    def _is_text(self, position: int, column: object) -> bool:
        return position < self.label_columns or column in self.text_columns

    def caption_text(self) -> str:
        """「表N　title」 as plain text (the list of tables and tests read it)."""
        return f"表{self.number}　{self.title}"

    def _repr_html_(self) -> str:
        columns = list(self.frame.columns)
        mark = f'<span class="synthetic-mark">{SYNTHETIC_MARK}</span>' if self.synthetic else ""
        unit = f'<span class="table-unit">（単位：{_esc(self.unit)}）</span>' if self.unit else ""
        head = "".join(
            f'<th scope="col" class="{"text" if self._is_text(i, c) else "num"}">{_esc(c)}</th>'
            for i, c in enumerate(columns)
        )
        body = []
        for row_no, row in enumerate(self.frame.itertuples(index=False)):
            cells = []
            for i, (column, value) in enumerate(zip(columns, row, strict=True)):
                kind = "text" if self._is_text(i, column) else "num"
                tag, scope = ("th", ' scope="row"') if i == 0 else ("td", "")
                cells.append(f'<{tag}{scope} class="{kind}">{_esc(value)}</{tag}>')
            total = ' class="total"' if row_no in self.total_rows else ""
            body.append(f"<tr{total}>{''.join(cells)}</tr>")
        below = []
        if self.source:
            below.append(f'<p class="table-source">出典：{_esc(self.source)}</p>')
        below += [f'<p class="table-note">注：{_esc(n)}</p>' for n in self.notes]
        synthetic = "true" if self.synthetic else "false"
        # a short table is printed whole, so that its caption never ends a page alone
        short = " short" if len(self.frame) <= SHORT_ROWS else ""
        return (
            f'<div class="sugidx-table{short}" data-synthetic="{synthetic}">'
            f'<table><caption><span class="table-title"><span class="table-number">'
            f"表{self.number}</span>　{_esc(self.title)}{mark}</span>{unit}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"{''.join(below)}</div>"
        )


def table(
    title: str,
    frame: pd.DataFrame,
    *,
    unit: str | None = None,
    source: str | None = None,
    notes: Sequence[str] = (),
    synthetic: bool = False,
    text_columns: Sequence[str] = (),
    total_label: str | None = "合計",
) -> Table:
    """A :class:`Table` of ``frame``; a named index becomes the first (label) column and rows
    whose label is ``total_label`` are ruled as totals."""
    if frame.index.name is not None or not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    totals = []
    if total_label is not None and len(frame.columns):
        labels = frame.iloc[:, 0].astype(str)
        totals = [i for i, label in enumerate(labels) if label.startswith(total_label)]
    return Table(
        title,
        frame,
        unit=unit,
        source=source,
        notes=tuple(notes),
        synthetic=synthetic,
        text_columns=tuple(text_columns),
        total_rows=tuple(totals),
    )
