"""The sources table: which published document each figure comes from (``data/sources.csv``).

Not a theme's dataset: every theme's published rows cite it through their ``source_id``.
Reports print a row as 発行者「文書名」（時点）, 該当箇所, so ``municipality``, ``title``,
``period`` and ``section`` are written in Japanese as an official report writes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .schema import Column, Dataset

if TYPE_CHECKING:  # importing the schemas stays cheap: no pandas at import time
    import pandas as pd

UNKNOWN_PUBLISHER = "発行者不明"

SOURCES = Dataset(
    name="sources",
    title="Sources of the published figures",
    description=(
        "One row per document section that figures are transcribed from. Reports print a row "
        "as 発行者「文書名」（時点）, 該当箇所."
    ),
    columns=(
        Column("source_id", "text", "Identifier used by source_id columns", required=True),
        Column("document_file", "text", "Seed file in shared/seeds (empty for other sources)"),
        Column("title", "text", "Document title as in the text", required=True),
        Column(
            "municipality",
            "text",
            "Municipality that issued the document (発行者); "
            f"{UNKNOWN_PUBLISHER} where the text does not name it",
            required=True,
        ),
        Column(
            "period",
            "text",
            "時点 of the figures as an official report writes it, in Japanese "
            "(e.g. 令和4年度実績, 令和6年度計画, 令和4年10月1日現在)",
            required=True,
        ),
        Column("section", "text", "Section of the document (該当箇所)", required=True),
        Column(
            "verified",
            "bool",
            "false where the figures were not checked against the publication (empty = true)",
        ),
    ),
    key=("source_id",),
)


def verified(sources: pd.DataFrame) -> pd.Series:
    """Whether each source's figures were checked against the publication: the ``verified``
    column, true where it is empty or absent (an older sources file without the column)."""
    import pandas as pd

    if "verified" not in sources.columns:
        return pd.Series(True, index=sources.index, dtype="boolean")
    return sources["verified"].astype("boolean").fillna(True)


def unnamed_source_ids(frame: pd.DataFrame | None, folder=None) -> set[str]:
    """The ``source_id``s of ``frame``'s rows whose document names no municipality (looked up
    in ``folder``'s sources table, :func:`sugidx_analysis.paths.sources_file`): figures a
    report must not pass off as the municipality's own."""
    from .. import paths
    from .load import load_table

    file = paths.sources_file(folder)
    if frame is None or "source_id" not in frame.columns or not file.exists():
        return set()
    sources = load_table(file, SOURCES).frame
    unnamed = set(sources.loc[sources["municipality"] == UNKNOWN_PUBLISHER, "source_id"])
    return unnamed & set(frame["source_id"].dropna())
