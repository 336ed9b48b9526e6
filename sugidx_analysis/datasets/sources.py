"""The sources table: which published document each figure comes from (``data/sources.csv``).

Not a theme's dataset: every theme's published rows cite it through their ``source_id``.
"""

from __future__ import annotations

from .schema import Column, Dataset

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
