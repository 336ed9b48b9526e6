"""Where a report's figures come from: sources, assumptions, input files and parameters."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .. import __version__, assumptions, paths, tiers
from ..hashing import file_sha256

SOURCE_COLUMNS = ["source_id", "document_file", "title", "municipality", "period", "section"]
RATING_LABELS = {"high": "高", "medium": "中", "low": "低"}


def sources_table(loaded: Iterable) -> pd.DataFrame:
    """The rows of ``data/sources.csv`` cited by the inputs' ``source_id`` columns."""
    from ..datasets.load import load_table
    from ..datasets.sources import SOURCES

    ids: list[str] = []
    for item in loaded:
        if item.frame is not None and "source_id" in item.frame.columns:
            ids += [s for s in item.frame["source_id"].dropna().unique() if s not in ids]
    if not ids or not paths.SOURCES_FILE.exists():
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    sources = load_table(paths.SOURCES_FILE, SOURCES).frame
    picked = sources[sources["source_id"].isin(ids)]
    return picked[SOURCE_COLUMNS].reset_index(drop=True)


def source_line(loaded) -> str:
    """What a figure's 出典 line says for a dataset."""
    if loaded.path is None:
        return "—"
    if loaded.tier == tiers.SYNTHETIC:
        return f"{loaded.path.name}（sugidx synth で生成した合成データ）"
    if loaded.tier == tiers.PUBLISHED:
        titles = []
        for r in sources_table([loaded]).itertuples():
            label = f"{r.municipality}「{r.title}」"
            if label not in titles:
                titles.append(label)
        return "、".join(titles) or f"{loaded.path.name}（{tiers.LABELS[tiers.PUBLISHED]}）"
    return f"{loaded.path}（{tiers.LABELS[tiers.ANALYST]}）"


def assumption_lines(ids: Iterable[str]) -> list[str]:
    """The assumptions ``ids`` names, each as one whole sentence with its ratings (a table cell
    would cut long text)."""
    return [
        f"{a.text.rstrip('。')}（根拠：{a.source}。確からしさ：{RATING_LABELS[a.quality]}、"
        f"結果への影響：{RATING_LABELS[a.impact]}）。"
        for a in assumptions.used(ids)
    ]


def provenance(params: dict[str, object], loaded: Iterable) -> pd.DataFrame:
    """Input files (tier, SHA-256, rows), then the parameters and the library version."""
    rows = []
    for item in loaded:
        if item.path is None:
            rows.append(
                {
                    "種類": "入力ファイル",
                    "名前": item.name,
                    "値": f"なし（{item.reason}）",
                    "区分": "",
                    "SHA-256": "",
                }
            )
            continue
        rows.append(
            {
                "種類": "入力ファイル",
                "名前": item.name,
                "値": f"{paths.display_path(item.path)}（{len(item.frame)}行）",
                "区分": tiers.SHORT_LABELS.get(item.tier or "", ""),
                "SHA-256": file_sha256(item.path),
            }
        )
    for key, value in params.items():
        rows.append(
            {"種類": "パラメータ", "名前": key, "値": repr(value), "区分": "", "SHA-256": ""}
        )
    rows.append(
        {
            "種類": "ライブラリ",
            "名前": "sugidx_analysis",
            "値": __version__,
            "区分": "",
            "SHA-256": "",
        }
    )
    return pd.DataFrame(rows)
