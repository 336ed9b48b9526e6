"""Where a report's figures come from, in Japanese: the 出典 line under a table or figure, the
list of publications (発行者「文書名」（時点）、該当箇所), the assumptions used, and the appendix
「再現情報」 (parameters, input files with their full SHA-256, library version, commit)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd

from .. import __version__, assumptions, paths, tiers
from ..hashing import file_sha256

RATING_LABELS = {"high": "高", "medium": "中", "low": "低"}
UNVERIFIED = "参考値（出典未確認）"
SYNTHETIC_SOURCE = "合成データ（公表された値を基に生成した架空の記録であり、実績ではない）"
ANALYST_SOURCE = "分析者が用意したデータ"
UNNAMED_MUNICIPALITY = "自治体名の記載なし"


def _sources_rows(loaded: Iterable) -> pd.DataFrame:
    """The rows of the sources table cited by the inputs' ``source_id`` columns, in the order
    first cited; each input's ids are looked up in its own folder's ``sources.csv``, else in
    ``data/sources.csv`` (:func:`sugidx_analysis.paths.sources_file`)."""
    from ..datasets.load import load_table
    from ..datasets.sources import SOURCES, verified

    rows: list[pd.DataFrame] = []
    seen: set[str] = set()
    tables: dict[object, pd.DataFrame] = {}
    for item in loaded:
        if item.frame is None or "source_id" not in item.frame.columns:
            continue
        file = paths.sources_file(item.folder)
        if file not in tables:
            table = load_table(file, SOURCES).frame if file.exists() else pd.DataFrame()
            if not table.empty:
                table = table.assign(checked=verified(table)).set_index("source_id")
            tables[file] = table
        table = tables[file]
        for source_id in item.frame["source_id"].dropna().unique():
            if source_id not in seen and source_id in table.index:
                seen.add(source_id)
                rows.append(table.loc[[source_id]])
    return pd.concat(rows).reset_index() if rows else pd.DataFrame()


def _verified(row) -> bool:
    return bool(row.checked)


def publisher_title(row) -> str:
    """発行者「文書名」, or 「文書名」（自治体名の記載なし） for a document that names no
    municipality: its figures must not pass for any municipality's own."""
    from ..datasets.sources import UNKNOWN_PUBLISHER

    if row.municipality == UNKNOWN_PUBLISHER:
        return f"「{row.title}」（{UNNAMED_MUNICIPALITY}）"
    return f"{row.municipality}「{row.title}」"


def publication(row) -> str:
    """One source as an official report cites it: 発行者「文書名」（時点）、該当箇所."""
    text = f"{publisher_title(row)}（{row.period}）、{row.section}"
    return text if _verified(row) else f"{text}　※{UNVERIFIED}"


def publications(loaded: Iterable) -> list[str]:
    """Every publication the inputs cite, one line each."""
    return [publication(r) for r in _sources_rows(loaded).itertuples()]


def is_synthetic(inputs, name: str) -> bool:
    """Whether dataset ``name`` of a theme's inputs is synthetic (its sections and figures
    then say so)."""
    loaded = inputs.get(name)
    return loaded is not None and loaded.tier == tiers.SYNTHETIC


def dataset_source(inputs, name: str) -> str:
    """The 出典 line of dataset ``name`` of a theme's inputs (「—」 when it was not loaded)."""
    loaded = inputs.get(name)
    return source_line(loaded) if loaded is not None else "—"


def folder_label(value: str, default: str) -> str:
    """A data folder as the appendix names it: as given, or 「data/published（既定）」."""
    return value if str(value).strip() else f"{default}（既定）"


def run_parameters(
    fiscal_year: int, data_dir: str, example_dir: str, example_label: str
) -> list[tuple[str, str]]:
    """The parameters every theme's 「再現情報」 opens with: the year and the two data folders
    (``example_label`` names the record-level folder: 「手続ごとのデータのフォルダ」; for an
    analyst's data folder it is that folder, unless another was given)."""
    from .. import fmt

    if str(example_dir).strip() or not str(data_dir).strip():
        example = folder_label(example_dir, "data/example")
    else:
        example = "公表データと同じフォルダ"
    return [
        ("対象年度", fmt.fiscal_year(fiscal_year)),
        ("公表データのフォルダ", folder_label(data_dir, "data/published")),
        (example_label, example),
    ]


def unnamed_publishers(loaded: Iterable) -> list[str]:
    """The titles of cited documents that do not name the municipality that issued them."""
    from ..datasets.sources import UNKNOWN_PUBLISHER

    rows = _sources_rows(loaded)
    if rows.empty:
        return []
    return list(dict.fromkeys(rows.loc[rows["municipality"] == UNKNOWN_PUBLISHER, "title"]))


def unnamed_publisher_years(loaded) -> list[int]:
    """The fiscal years of a dataset's rows whose source does not name its municipality."""
    from ..datasets.sources import UNKNOWN_PUBLISHER

    frame = loaded.frame
    rows = _sources_rows([loaded])
    if frame is None or rows.empty or "fiscal_year" not in frame.columns:
        return []
    unnamed = set(rows.loc[rows["municipality"] == UNKNOWN_PUBLISHER, "source_id"])
    return sorted({int(y) for y in frame.loc[frame["source_id"].isin(unnamed), "fiscal_year"]})


def source_line(loaded) -> str:
    """What the 出典 line under a table or figure says for a dataset: the documents, the
    synthetic data, or the analyst's file."""
    if loaded.path is None:
        return "—"
    if loaded.tier == tiers.SYNTHETIC:
        return SYNTHETIC_SOURCE
    if loaded.tier == tiers.PUBLISHED:
        titles = []
        for r in _sources_rows([loaded]).itertuples():
            label = publisher_title(r)
            if not _verified(r):
                label += f"（{UNVERIFIED}）"
            if label not in titles:
                titles.append(label)
        return "、".join(titles) or tiers.LABELS[tiers.PUBLISHED]
    return f"{ANALYST_SOURCE}（{loaded.path.name}）"


def assumption_lines(ids: Iterable[str]) -> list[str]:
    """The assumptions ``ids`` names, each as one whole sentence with its ratings (a table cell
    would cut long text)."""
    return [
        f"{a.text.rstrip('。')}（根拠：{a.source}。確からしさ：{RATING_LABELS[a.quality]}、"
        f"結果への影響：{RATING_LABELS[a.impact]}）。"
        for a in assumptions.used(ids)
    ]


class Reproduction:
    """The appendix 「再現情報」 as HTML: labelled parameters, then each input file with its
    path, rows, tier and full SHA-256 on a line of its own (never cut, never broken)."""

    def __init__(self, params: Sequence[tuple[str, str]], loaded: Iterable):
        self.params = list(params)
        self.loaded = list(loaded)

    def files(self) -> list[dict[str, str]]:
        """Each input as the appendix lists it, under its dataset's Japanese name."""
        from ..catalogue import get_dataset
        from ..municipality import PROFILE_INPUT, PROFILE_LABEL

        out = []
        for item in self.loaded:
            if item is None:
                continue
            profile = item.name == PROFILE_INPUT
            label = PROFILE_LABEL if profile else (get_dataset(item.name).label or item.name)
            if item.path is None:
                out.append({"label": label, "path": f"なし（{item.reason}）"})
                continue
            out.append(
                {
                    "label": label,
                    "path": paths.display_path(item.path),
                    "rows": f"目標{len(item.frame):,}件" if profile else f"{len(item.frame):,}行",
                    "tier": tiers.SHORT_LABELS.get(item.tier or "", ""),
                    "sha256": file_sha256(item.path),
                }
            )
        return out

    def _repr_html_(self) -> str:
        esc = html.escape
        items = [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in self.params]
        items.append(f"<dt>ライブラリの版</dt><dd>sugidx_analysis {esc(__version__)}</dd>")
        commit = paths.git_commit()
        items.append(f'<dt>コミット</dt><dd class="hash">{esc(commit) if commit else "不明"}</dd>')
        parts = [
            f'<dl class="repro-params">{"".join(items)}</dl>',
            '<p class="repro-heading">入力ファイル</p>',
        ]
        for f in self.files():
            detail = "、".join(v for v in (f.get("rows"), f.get("tier")) if v)
            lines = [
                f'<p class="repro-file-label">{esc(f["label"])}</p>',
                f'<p class="repro-path">{esc(f["path"])}'
                + (f"（{esc(detail)}）" if detail else "")
                + "</p>",
            ]
            if "sha256" in f:
                lines.append(f'<p class="hash">SHA-256：{esc(f["sha256"])}</p>')
            parts.append(f'<div class="repro-file">{"".join(lines)}</div>')
        return f'<div class="reproduction">{"".join(parts)}</div>'
