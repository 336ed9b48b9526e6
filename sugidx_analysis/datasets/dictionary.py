"""The data dictionary in ``data/README.md``, generated from the schemas so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import SugidxError
from .schema import Dataset


def dictionary_markdown(datasets: Iterable[Dataset]) -> str:
    """The data dictionary of ``datasets``, as kept in ``data/README.md``."""
    lines: list[str] = []
    for dataset in sorted(datasets, key=lambda d: (d.record_level, d.name)):
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
        if dataset.open_columns:
            lines += ["", f"Further columns: {dataset.open_columns}"]
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


def refresh_dictionary(readme: Path, datasets: Iterable[Dataset]) -> bool:
    """Rewrite the generated part of ``data/README.md``; True when it changed."""
    readme = Path(readme)
    text = readme.read_text(encoding="utf-8")
    if text.count(_START) != 1 or text.count(_END) != 1:
        raise SugidxError(
            f"{readme}: expected one {_START} line and one {_END} line around the dictionary; "
            "nothing was changed"
        )
    head, rest = text.split(_START, 1)
    _, tail = rest.split(_END, 1)
    new = f"{head}{_START}\n{dictionary_markdown(datasets)}\n{_END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text
