"""The overview scorecard: every theme's key figures and every row of ``kpis.csv`` in one list,
each judged by the one rule of :mod:`sugidx_analysis.judgement`.

Pure: the inputs of every theme in, frozen dataclasses out. The same list feeds the report's
scorecard table, its 「総括」 and ``sugidx kpis`` (:func:`records`), so the three cannot differ.

- A theme's figures come from its own ``evaluate`` and ``kpis`` with the profile's targets; the
  scorecard adds what a row needs that the theme does not state: the measure's label and the
  source of the year shown.
- A row of ``kpis.csv`` is shown at its latest year up to the year evaluated, with the year
  before when the file has it. It is judged only when the profile sets a target with its id:
  then 達成 when reached, else 判定なし (one figure gives no pace).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from ... import judgement, tiers
from ...datasets.load import Loaded
from ...datasets.sources import unnamed_source_ids
from ...municipality import FIT_GAP_PROGRESS, NO_PROFILE, Profile
from ..base import Kpi, check_fiscal_year

KPIS = "kpis"

# The label of each theme figure, and the dataset whose row of the year shown is its source.
THEME_KPIS: dict[str, tuple[str, str]] = {
    "online.coverage": ("オンライン対応率", "online_summary"),
    "online.usage": ("オンライン利用率", "online_summary"),
    "online.backlog": ("オンライン未対応の手続数", "online_summary"),
    "online.applications_online": ("オンライン申請数", "online_summary"),
    "rpa.processes": ("RPA・AI-OCRを本格導入した業務数", "rpa_summary"),
    "rpa.hours_saved": ("RPA・AI-OCRによる年間削減時間", "rpa_summary"),
    "rpa.hours_per_process": ("1業務あたりの年間削減時間", "rpa_summary"),
    "rpa.staff_equivalents": ("年間削減時間の職員換算", "rpa_summary"),
    "rpa.personnel_cost": ("年間削減時間の金額換算", "rpa_summary"),
    "survey.response_rate": ("区民アンケートの回答率", "survey_summary"),
    "survey.margin_of_error": ("区民アンケートの標本誤差（最大）", "survey_summary"),
    "survey.answers_per_respondent": ("1人あたりの回答数（複数回答の設問）", "survey_summary"),
    "standardization.progress_rate": (
        "影響調査（Fit&Gap分析）の課題の進捗率（全体）",
        "standardization_progress",
    ),
    "outreach.reach_per_1000_65plus": ("65歳以上人口1,000人あたりの講座等延べ参加者数", "outreach"),
}
PER_SESSION = "outreach.per_session."  # + provider: participants per session


@dataclass(frozen=True, slots=True)
class OverviewParams:
    """The fiscal year the scorecard shows and the profile whose targets judge it."""

    fiscal_year: int
    profile: Profile = NO_PROFILE

    def __post_init__(self) -> None:
        check_fiscal_year(self.fiscal_year)


@dataclass(frozen=True, slots=True)
class Row:
    """One scorecard row: the figure and whether its source names no municipality."""

    kpi: Kpi
    unnamed_source: bool = False
    target_source_id: str | None = None  # the document that sets the target, when one does
    target_unnamed: bool = False  # … and it names no municipality


@dataclass(frozen=True)
class Scorecard:
    """Every row (the themes' in registry order, then ``kpis.csv``'s), and each theme's
    evaluation for the sentences that need more than a row."""

    params: OverviewParams
    rows: tuple[Row, ...]
    evaluations: Mapping[str, object]
    inputs: Mapping[str, Loaded]

    def row(self, kpi_id: str) -> Row | None:
        return next((r for r in self.rows if r.kpi.kpi_id == kpi_id), None)

    def tally(self) -> dict[str, int]:
        """How many rows have each verdict, in the order of :data:`judgement.LABELS`."""
        counts = {code: 0 for code in judgement.LABELS}
        for r in self.rows:
            counts[r.kpi.judgement] += 1
        return counts


def theme_params(theme: str, params: OverviewParams):
    """The parameters of a theme's evaluation for the scorecard: the year, and the profile
    for the themes judged against a target; everything else at its default."""
    from ..cashless.metrics import CashlessParams
    from ..online.metrics import OnlineParams
    from ..rpa.metrics import RpaParams
    from ..standardization.metrics import StandardizationParams
    from ..survey.metrics import SurveyParams

    year, profile = params.fiscal_year, params.profile
    return {
        "online": lambda: OnlineParams(year, profile=profile),
        "rpa": lambda: RpaParams(year),
        "survey": lambda: SurveyParams(year),
        "standardization": lambda: StandardizationParams(year, profile=profile),
        "cashless": lambda: CashlessParams(year),
    }[theme]()


def evaluate(inputs: Mapping[str, Loaded], params: OverviewParams) -> Scorecard:
    """The scorecard of ``params.fiscal_year`` from ``inputs``, every dataset the overview
    reads by name (each theme's, and ``kpis``): each theme is evaluated on its own datasets."""
    from .. import THEMES

    rows: list[Row] = []
    evaluations: dict[str, object] = {}
    for theme in THEMES:
        if theme.scorecard:
            continue
        own = {name: inputs[name] for name in theme.inputs if name in inputs}
        ev = theme.evaluate(own, theme_params(theme.name, params))
        evaluations[theme.name] = ev
        for kpi in theme.kpis(ev):
            rows.append(_theme_row(kpi, ev.inputs))
    kpis = inputs.get(KPIS)
    if kpis is not None:
        rows += _published_rows(kpis, params)
    rows = [_with_target_source(r, params.profile) for r in rows]
    return Scorecard(params, tuple(rows), evaluations, dict(inputs))


# The profile target a theme figure is judged against, where its id differs from the figure's.
TARGET_OF = {"standardization.progress_rate": FIT_GAP_PROGRESS}


def _with_target_source(row: Row, profile: Profile) -> Row:
    """The row with the source of the target it is judged against (cited beside its own)."""
    if row.kpi.target is None:
        return row
    target = profile.target(TARGET_OF.get(row.kpi.kpi_id, row.kpi.kpi_id))
    if target is None or not target.source_id:
        return row
    ids = pd.DataFrame({"source_id": [target.source_id]})
    unnamed = bool(unnamed_source_ids(ids, profile.path.parent))
    return replace(row, target_source_id=target.source_id, target_unnamed=unnamed)


def _theme_row(kpi: Kpi, inputs: Mapping[str, Loaded]) -> Row:
    if kpi.kpi_id.startswith(PER_SESSION):
        provider = kpi.kpi_id.removeprefix(PER_SESSION)
        label, dataset = f"講座等1回あたりの参加者（{provider}）", "outreach"
    else:
        label, dataset = THEME_KPIS[kpi.kpi_id]
    loaded = inputs.get(dataset)
    source = None
    unnamed = False
    if loaded is not None and loaded.frame is not None and "source_id" in loaded.frame:
        frame = loaded.frame
        rows = frame[frame["fiscal_year"] == kpi.fiscal_year] if "fiscal_year" in frame else frame
        ids = list(dict.fromkeys(rows["source_id"].dropna().astype(str)))
        source = ",".join(ids) or None
        unnamed = bool(unnamed_source_ids(rows, loaded.folder))
    return Row(replace(kpi, label=label, source_id=source), unnamed)


def _published_rows(loaded: Loaded, params: OverviewParams) -> list[Row]:
    """Each ``kpis.csv`` figure at its latest year up to the year evaluated."""
    frame = loaded.frame
    if frame is None or frame.empty:
        return []
    frame = frame[frame["fiscal_year"] <= params.fiscal_year]
    unnamed = unnamed_source_ids(frame, loaded.folder)
    out = []
    for kpi_id, group in frame.groupby("kpi_id", sort=False):
        group = group.sort_values("fiscal_year")
        latest = group.iloc[-1]
        year = int(latest["fiscal_year"])
        before = group[group["fiscal_year"] == year - 1]
        previous = float(before["value"].iloc[0]) if not before.empty else None
        unit = _cell(latest, "unit") or ""
        unit = "ratio" if unit == "share" else unit
        target = params.profile.target(str(kpi_id))
        value = float(latest["value"])
        verdict = judgement.NOT_JUDGED
        if target is not None:
            verdict = judgement.judge(value, target.value, target.due_fiscal_year, None, False)
        kpi = Kpi(
            kpi_id=str(kpi_id),
            theme=str(latest["theme"]),
            fiscal_year=year,
            value=value,
            unit=unit,
            previous_year=year - 1 if previous is not None else None,
            previous_value=previous,
            target=target.value if target else None,
            target_fiscal_year=target.due_fiscal_year if target else None,
            target_due=target.due if target else None,
            tier=loaded.tier,
            judgement=verdict,
            approximate=bool(_cell(latest, "approximate")),
            label=str(latest["label"]),
            source_id=_cell(latest, "source_id"),
            at_least=_cell(latest, "bound") == "at_least",
        )
        out.append(Row(kpi, kpi.source_id in unnamed))
    return out


def _cell(row: pd.Series, column: str):
    """An optional column's value, None where the file leaves the column or the cell out."""
    value = row.get(column)
    return None if value is None or pd.isna(value) else value


def records(card: Scorecard) -> list[dict]:
    """One plain record per row for ``sugidx kpis`` (the fields of
    :data:`sugidx_analysis.themes.overview.export.FIELDS`)."""
    from .export import FIELDS

    out = []
    for row in card.rows:
        k = row.kpi
        due: dt.date | None = k.target_date if k.target is not None else None
        record = {
            "id": k.kpi_id,
            "theme": k.theme,
            "label": k.label,
            "value": k.value,
            "unit": k.unit,
            "approximate": k.approximate,
            "fiscal_year": k.fiscal_year,
            "previous_fiscal_year": k.previous_year,
            "previous_value": k.previous_value,
            "target": k.target,
            "target_date": due.isoformat() if due else None,
            "judgement": k.judgement,
            "judgement_label": judgement.LABELS[k.judgement],
            "tier": k.tier or tiers.PUBLISHED,
            "source_id": k.source_id,
            "source_note": UNNAMED_NOTE if row.unnamed_source else None,
        }
        out.append({name: record[name] for name in FIELDS})
    return out


UNNAMED_NOTE = "自治体名の記載なし"
