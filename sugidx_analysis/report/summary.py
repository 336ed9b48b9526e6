"""The page after the cover, 「評価結果の概要」: the findings a reader needs first, the key figures
with their judgement, and the rule the judgement follows. The rendered page moves this section
in front of the table of contents (:func:`sugidx_analysis.render.html.finish_page`)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from .tables import Table

HEADING = "評価結果の概要"


@dataclass(frozen=True)
class Summary:
    """Findings (sentences), the key-figure table and the judgement rule; ``synthetic`` when a
    figure on the page comes from synthetic data."""

    findings: Sequence[str]
    table: Table | None = None
    rule: str | None = None
    synthetic: bool = False
    heading: str = HEADING

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in self.findings)
        parts = [f"<h2>{html.escape(self.heading)}</h2>", f'<ul class="findings">{items}</ul>']
        if self.table is not None:
            parts.append(self.table._repr_html_())
        if self.rule:
            parts.append(f'<p class="judgement-rule">{html.escape(self.rule)}</p>')
        synthetic = "true" if self.synthetic else "false"
        return (
            f'<section class="summary-page" data-synthetic="{synthetic}">{"".join(parts)}</section>'
        )
