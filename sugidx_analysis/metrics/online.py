"""Online procedures: coverage, usage, their change, the backlog, pace to target, the plan.

Every function is pure: it takes frames (``online_summary``, ``online_plan`` or the
record-level ``online_procedures``) and returns a frozen dataclass; inputs are never changed.
A measure the columns given cannot support is listed in ``missing`` with the reason; a zero
denominator gives NaN (or None) and a reason in ``undefined``, never an error or an infinity.

Definitions (the ward's, seed 004):

- coverage = procedures_online / procedures_online_capable (オンライン対応済 / 対応可能手続)
- usage = applications_online / applications_online_ready (オンライン申請 / 対応済手続の申請)
- backlog = procedures_not_online (対応可能だが未対応の手続)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..jp import format_fiscal_year

# measure -> (numerator, denominator, Japanese label)
RATIOS: dict[str, tuple[str, str, str]] = {
    "coverage": (
        "procedures_online",
        "procedures_online_capable",
        "オンライン対応率（対応済 / 対応可能手続）",
    ),
    "online_ready_share": (
        "procedures_online",
        "procedures_total",
        "全手続に占めるオンライン対応済手続の割合",
    ),
    "capable_share": (
        "procedures_online_capable",
        "procedures_total",
        "全手続に占めるオンライン対応可能手続の割合",
    ),
    "usage": (
        "applications_online",
        "applications_online_ready",
        "オンライン利用率（オンライン申請 / 対応済手続の申請）",
    ),
    "online_share_of_applications": (
        "applications_online",
        "applications_total",
        "全申請に占めるオンライン申請の割合",
    ),
}

# measure -> (column, Japanese label)
COUNTS: dict[str, tuple[str, str]] = {
    "procedures_online": ("procedures_online", "オンライン対応済手続数"),
    "procedures_online_capable": ("procedures_online_capable", "オンライン対応可能手続数"),
    "backlog": ("procedures_not_online", "未対応手続数（バックログ）"),
    "applications_online": ("applications_online", "オンライン申請数"),
    "applications_online_ready": ("applications_online_ready", "オンライン対応済手続の申請数"),
    "applications_paper": ("applications_paper", "紙による申請数"),
}

BAND_ORDER = ("S", "A", "B", "C")

LABELS: dict[str, str] = {
    **{k: v[2] for k, v in RATIOS.items()},
    **{k: v[1] for k, v in COUNTS.items()},
}

# total = part + part: any one of the three follows from the other two.
_IDENTITIES: tuple[tuple[str, str, str], ...] = (
    ("procedures_online_capable", "procedures_online", "procedures_not_online"),
    ("procedures_total", "procedures_online_capable", "procedures_not_capable"),
    ("applications_online_ready", "applications_online", "applications_paper"),
    ("applications_total", "applications_online_ready", "applications_not_online_ready"),
)


def _ratio(num: float, den: float) -> tuple[float, str | None]:
    """num / den, or (NaN, reason) when either is missing or den is zero."""
    if pd.isna(num) or pd.isna(den):
        return math.nan, "a count it needs is empty for this year"
    if den == 0:
        return math.nan, "the denominator is zero (nothing to divide by)"
    return float(num) / float(den), None


def complete_counts(summary: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """A copy of ``summary`` with every count its identities allow filled in.

    Returns the completed frame (sorted by fiscal_year) and, for each column that was absent
    and derived, the formula used (e.g. ``procedures_not_online`` = capable − online).
    """
    if "fiscal_year" not in summary.columns:
        raise ValueError("online_summary needs a fiscal_year column")
    frame = summary.copy().sort_values("fiscal_year").reset_index(drop=True)
    derived: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for total, a, b in _IDENTITIES:
            have = set(frame.columns)
            if total not in have and {a, b} <= have:
                frame[total] = frame[a].astype("Float64") + frame[b].astype("Float64")
                derived[total] = f"{a} + {b}"
            elif a not in have and {total, b} <= have:
                frame[a] = frame[total].astype("Float64") - frame[b].astype("Float64")
                derived[a] = f"{total} − {b}"
            elif b not in have and {total, a} <= have:
                frame[b] = frame[total].astype("Float64") - frame[a].astype("Float64")
                derived[b] = f"{total} − {a}"
            else:
                continue
            changed = True
    return frame, derived


def _why_missing(column: str) -> str:
    for total, a, b in _IDENTITIES:
        if column == total:
            return f"{column} (or both {a} and {b})"
        if column in (a, b):
            other = b if column == a else a
            return f"{column} (or both {total} and {other})"
    return column


@dataclass(frozen=True, slots=True)
class OnlineMeasures:
    """Coverage, usage and related measures per fiscal year.

    Attributes
    ----------
    table : one row per fiscal year (index ``fiscal_year``); a column per measure that the
        input supports (ratios as fractions, counts as numbers). NaN where undefined.
    missing : measure → why it cannot be computed from the columns given.
    undefined : (measure, fiscal_year) → why the value is NaN (zero or empty denominator).
    derived : column → formula, for counts filled in from the table's identities.
    """

    table: pd.DataFrame
    missing: dict[str, str] = field(default_factory=dict)
    undefined: dict[tuple[str, int], str] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.table.index]

    def value(self, measure: str, fiscal_year: int) -> float | None:
        """One measure in one year; None when missing, undefined or the year is absent."""
        if measure not in self.table.columns or fiscal_year not in self.table.index:
            return None
        v = self.table.loc[fiscal_year, measure]
        return None if pd.isna(v) else float(v)

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy), one row per fiscal year."""
        return self.table.copy()


def measures(summary: pd.DataFrame) -> OnlineMeasures:
    """Every coverage/usage measure and count the columns of ``online_summary`` allow.

    Parameters
    ----------
    summary : an ``online_summary`` frame; only ``fiscal_year`` is required.

    Returns
    -------
    OnlineMeasures
    """
    frame, derived = complete_counts(summary)
    have = set(frame.columns)
    out = pd.DataFrame(index=pd.Index(frame["fiscal_year"].astype(int), name="fiscal_year"))
    missing: dict[str, str] = {}
    undefined: dict[tuple[str, int], str] = {}
    for name, (num, den, _label) in RATIOS.items():
        absent = [c for c in (num, den) if c not in have]
        if absent:
            missing[name] = "needs " + " and ".join(_why_missing(c) for c in absent)
            continue
        values = []
        for year, n, d in zip(out.index, frame[num], frame[den], strict=True):
            v, reason = _ratio(n, d)
            if reason:
                undefined[(name, int(year))] = reason
            values.append(v)
        out[name] = pd.Series(values, index=out.index, dtype="float64")
    for name, (col, _label) in COUNTS.items():
        if col not in have:
            missing[name] = "needs " + _why_missing(col)
            continue
        out[name] = pd.Series(
            frame[col].astype("Float64").to_numpy(dtype="float64", na_value=np.nan), index=out.index
        )
    return OnlineMeasures(out, missing, undefined, derived)


@dataclass(frozen=True, slots=True)
class Change:
    """Year-on-year change of every measure available in both years.

    Attributes
    ----------
    from_year, to_year : the two fiscal years compared.
    table : one row per measure: ``from_value``, ``to_value``, ``change`` (difference; for
        ratios in fractions), ``change_points`` (ratios only: percentage points), ``relative``
        (change / from_value; NaN when from_value is zero) and ``kind`` (ratio or count).
    paper_avoided : paper applications avoided in ``to_year`` by the higher usage rate,
        ``applications_online(to) − usage(from) × applications_online_ready(to)``; None when
        usage or the counts are missing.
    missing : measure → why its change cannot be computed.
    """

    from_year: int
    to_year: int
    table: pd.DataFrame
    paper_avoided: float | None
    missing: dict[str, str] = field(default_factory=dict)

    def points(self, measure: str) -> float | None:
        """Change of a ratio in percentage points (None when not available)."""
        if measure not in self.table.index:
            return None
        v = self.table.loc[measure, "change_points"]
        return None if pd.isna(v) else float(v)

    def change_of(self, measure: str) -> float | None:
        """Absolute change of a measure (None when not available)."""
        if measure not in self.table.index:
            return None
        v = self.table.loc[measure, "change"]
        return None if pd.isna(v) else float(v)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def change(m: OnlineMeasures, from_year: int, to_year: int) -> Change:
    """Change of every measure from ``from_year`` to ``to_year``.

    Raises
    ------
    ValueError
        when either year is not in the measures.
    """
    for year in (from_year, to_year):
        if year not in m.table.index:
            raise ValueError(f"no online data for fiscal year {year}; years: {m.years}")
    rows = []
    missing = dict(m.missing)
    for name in m.table.columns:
        a, b = m.table.loc[from_year, name], m.table.loc[to_year, name]
        if pd.isna(a) or pd.isna(b):
            missing[name] = "undefined in one of the two years"
            continue
        is_ratio = name in RATIOS
        diff = float(b) - float(a)
        rows.append(
            {
                "measure": name,
                "label": LABELS[name],
                "kind": "ratio" if is_ratio else "count",
                "from_value": float(a),
                "to_value": float(b),
                "change": diff,
                "change_points": diff * 100 if is_ratio else math.nan,
                "relative": diff / float(a) if a != 0 else math.nan,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "measure",
            "label",
            "kind",
            "from_value",
            "to_value",
            "change",
            "change_points",
            "relative",
        ],
    )
    table = table.set_index("measure")
    avoided = None
    if "usage" in m.table.columns and "applications_online" in m.table.columns:
        u0 = m.table.loc[from_year, "usage"]
        online1 = m.table.loc[to_year, "applications_online"]
        ready1 = (
            m.table.loc[to_year, "applications_online_ready"]
            if "applications_online_ready" in m.table.columns
            else math.nan
        )
        if not any(pd.isna(x) for x in (u0, online1, ready1)):
            avoided = float(online1) - float(u0) * float(ready1)
    else:
        missing["paper_avoided"] = "needs usage in both years"
    return Change(from_year, to_year, table, avoided, missing)


@dataclass(frozen=True, slots=True)
class BacklogFlow:
    """How the backlog (capable but not online) moved between two years, from totals.

    ``end = start + capable_added − online_added``: the capable pool grew by
    ``capable_added`` (net: new or reclassified procedures, less any removed) while
    ``online_added`` more procedures went online (net).
    """

    from_year: int
    to_year: int
    start: int
    capable_added: int
    online_added: int
    end: int

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "item": ["start", "capable_added", "online_added", "end"],
                "label": [
                    f"{self.from_year}年度末の未対応手続",
                    "対応可能手続の純増",
                    "オンライン対応済手続の純増（未対応から除く）",
                    f"{self.to_year}年度末の未対応手続",
                ],
                "procedures": [self.start, self.capable_added, -self.online_added, self.end],
            }
        )


def backlog_flow(summary: pd.DataFrame, from_year: int, to_year: int) -> BacklogFlow | None:
    """Backlog flow between two years, or None when the counts it needs are absent."""
    frame, _ = complete_counts(summary)
    need = {"procedures_online", "procedures_online_capable", "procedures_not_online"}
    if not need <= set(frame.columns):
        return None
    rows = frame.set_index(frame["fiscal_year"].astype(int))
    if from_year not in rows.index or to_year not in rows.index:
        return None
    a, b = rows.loc[from_year], rows.loc[to_year]
    if any(pd.isna(a[c]) or pd.isna(b[c]) for c in need):
        return None
    return BacklogFlow(
        from_year,
        to_year,
        start=int(a["procedures_not_online"]),
        capable_added=int(b["procedures_online_capable"] - a["procedures_online_capable"]),
        online_added=int(b["procedures_online"] - a["procedures_online"]),
        end=int(b["procedures_not_online"]),
    )


@dataclass(frozen=True, slots=True)
class PaceToTarget:
    """Pace needed to reach a coverage target against the pace observed.

    Attributes
    ----------
    target_coverage, target_fiscal_year : the target (fraction) and the year by whose end.
    latest_fiscal_year, latest_coverage, latest_online, latest_capable : the last year observed.
    years_left : fiscal-year ends from the latest year to the target year.
    procedures_needed : procedures online needed at the target, ``ceil(target × latest
        capable pool)`` — the pool is assumed to stay at its latest size.
    required_per_year : further procedures to put online per year to meet the target in time
        (None when no years are left).
    observed_per_year : procedures put online per year, observed (difference of two years, or
        the OLS slope over three or more).
    year_reached : the first fiscal year whose end the observed pace reaches the target
        (fixed pool); None when the pace is not positive.
    coverage_points_per_year : the coverage trend, in points per year.
    coverage_projected : coverage the trend gives at the end of the target year (capped to
        [0, 1] is NOT applied: a projection above 100% means the trend gets there earlier).
    coverage_lower, coverage_upper : the prediction interval for that projection (OLS, three
        or more years); None with two years — a line through two points has no interval.
    coverage_year_reached : first fiscal year whose end the coverage trend reaches the target.
    method : how the observed pace was obtained.
    alpha : 1 − confidence level of the interval.
    on_track : observed_per_year ≥ required_per_year.
    notes : assumptions and caveats, in Japanese, for the report.
    """

    target_coverage: float
    target_fiscal_year: int
    latest_fiscal_year: int
    latest_coverage: float
    latest_online: int
    latest_capable: int
    years_left: int
    procedures_needed: int
    required_per_year: float | None
    observed_per_year: float
    year_reached: int | None
    coverage_points_per_year: float
    coverage_projected: float
    coverage_lower: float | None
    coverage_upper: float | None
    coverage_year_reached: int | None
    method: str
    alpha: float
    on_track: bool | None
    years_observed: tuple[int, ...]
    notes: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The result as item / value rows."""
        names = [f for f in self.__slots__ if f not in ("notes", "years_observed")]
        return pd.DataFrame({"item": names, "value": [getattr(self, n) for n in names]})


def _first_year(start_year: int, start_value: float, per_year: float, goal: float) -> int | None:
    if start_value >= goal:
        return start_year
    if per_year <= 0:
        return None
    return start_year + math.ceil((goal - start_value) / per_year - 1e-12)


def pace_to_target(
    summary: pd.DataFrame,
    target_coverage: float = 1.0,
    target_fiscal_year: int = 2025,
    alpha: float = 0.05,
) -> PaceToTarget:
    """Procedures per year needed to reach ``target_coverage`` by the end of
    ``target_fiscal_year``, against the observed pace.

    With three or more years the observed pace is an OLS trend (statsmodels) and the coverage
    projection has a ``1 − alpha`` prediction interval; with exactly two it is a stated
    linear extrapolation with no interval.

    Raises
    ------
    ValueError
        for a target outside (0, 1], an alpha outside (0, 1), fewer than two years with
        coverage, or a target year before the latest year.
    """
    if not 0 < target_coverage <= 1:
        raise ValueError(
            f"target_coverage must be in (0, 1], e.g. 1.0 for 100%; got {target_coverage!r}"
        )
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1; got {alpha!r}")
    m = measures(summary)
    if "coverage" in m.missing:
        raise ValueError(f"coverage cannot be computed: {m.missing['coverage']}")
    data = m.table[["coverage", "procedures_online", "procedures_online_capable"]].dropna()
    if len(data) < 2:
        raise ValueError(
            f"pace to target needs coverage for at least two fiscal years; found {len(data)}"
        )
    years = np.asarray(data.index, dtype=float)
    latest = int(data.index.max())
    if target_fiscal_year < latest:
        raise ValueError(
            f"target_fiscal_year {target_fiscal_year} is before the latest year "
            f"with data ({latest})"
        )
    online = float(data.loc[latest, "procedures_online"])
    capable = float(data.loc[latest, "procedures_online_capable"])
    cov = float(data.loc[latest, "coverage"])
    needed = math.ceil(target_coverage * capable - 1e-9)
    years_left = target_fiscal_year - latest
    to_go = max(needed - online, 0.0)
    required = to_go / years_left if years_left > 0 else None
    notes = [
        f"対応可能手続の総数は最新年度（{format_fiscal_year(latest)}）の{int(capable):,}手続のまま変わらないと"
        "仮定しています。実際には対応可能手続は毎年増えています。",
    ]
    lower = upper = None
    if len(data) == 2:
        (y0, y1) = data.index
        span = float(y1 - y0)
        observed = (
            float(data.loc[y1, "procedures_online"] - data.loc[y0, "procedures_online"]) / span
        )
        slope_cov = float(data.loc[y1, "coverage"] - data.loc[y0, "coverage"]) / span
        projected = cov + slope_cov * years_left
        method = f"{int(y0)}–{int(y1)}年度の2時点を結ぶ直線による外挿（予測区間なし）"
        notes.append(
            "観測は2年度分のみのため、2点を結ぶ直線で外挿しています。2点から誤差の大きさ"
            "は推定できないため、予測区間は示しません。"
        )
    else:
        import statsmodels.api as sm

        x = sm.add_constant(years - years.min())
        fit_n = sm.OLS(np.asarray(data["procedures_online"], dtype=float), x).fit()
        observed = float(fit_n.params[1])
        fit_c = sm.OLS(np.asarray(data["coverage"], dtype=float), x).fit()
        slope_cov = float(fit_c.params[1])
        at = np.array([[1.0, target_fiscal_year - years.min()]])
        frame = fit_c.get_prediction(at).summary_frame(alpha=alpha)
        projected = float(frame["mean"].iloc[0])
        lower = float(frame["obs_ci_lower"].iloc[0])
        upper = float(frame["obs_ci_upper"].iloc[0])
        method = (
            f"{int(years.min())}–{latest}年度の{len(data)}年度分に対する最小二乗法の直線"
            f"トレンド（{100 * (1 - alpha):.0f}%予測区間）"
        )
        notes.append(
            f"予測区間は{len(data)}年度分の観測による直線トレンドの不確かさを示します"
            "（自由度が小さいため幅は広くなります）。"
        )
    year_reached = _first_year(latest, online, observed, needed)
    cov_year = _first_year(latest, cov, slope_cov, target_coverage - 1e-12)
    if observed <= 0:
        notes.append("観測されたペースが0以下のため、目標に達する年度は求められません。")
    return PaceToTarget(
        target_coverage=float(target_coverage),
        target_fiscal_year=int(target_fiscal_year),
        latest_fiscal_year=latest,
        latest_coverage=cov,
        latest_online=int(online),
        latest_capable=int(capable),
        years_left=years_left,
        procedures_needed=needed,
        required_per_year=required,
        observed_per_year=observed,
        year_reached=year_reached,
        coverage_points_per_year=slope_cov * 100,
        coverage_projected=projected,
        coverage_lower=lower,
        coverage_upper=upper,
        coverage_year_reached=cov_year,
        method=method,
        alpha=float(alpha),
        on_track=None if required is None else bool(observed >= required),
        years_observed=tuple(int(y) for y in data.index),
        notes=tuple(notes),
    )


@dataclass(frozen=True, slots=True)
class PlanResult:
    """The year's plan by priority band, and what it would give if delivered.

    Attributes
    ----------
    fiscal_year : the plan's fiscal year.
    table : one row per band plus 合計: not_online, planned_online, planned_excluded,
        planned_share (planned_online / not_online), planned_share_in_scope (planned_online /
        (not_online − planned_excluded)); NaN with a zero denominator.
    coverage_before : coverage at the end of the previous year (None without a summary row).
    coverage_if_delivered : ``(online + planned_online) / (capable − planned_excluded)``:
        excluded procedures are abolished or dropped from scope, so they leave the capable pool;
        no new capable procedures are assumed. None when the summary lacks the previous year.
    backlog_if_delivered : ``not_online − planned_online − planned_excluded``.
    reason : why coverage_if_delivered is None, else None.
    """

    fiscal_year: int
    table: pd.DataFrame
    coverage_before: float | None
    coverage_if_delivered: float | None
    online_if_delivered: int | None
    capable_if_delivered: int | None
    backlog_if_delivered: int
    reason: str | None

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def plan_by_band(
    plan: pd.DataFrame, summary: pd.DataFrame | None = None, fiscal_year: int | None = None
) -> PlanResult:
    """Planned share per band and the coverage the plan would give if delivered.

    Parameters
    ----------
    plan : an ``online_plan`` frame.
    summary : ``online_summary``, for the coverage before and after (optional).
    fiscal_year : the plan year (default: the latest in ``plan``).

    Raises
    ------
    ValueError
        when ``plan`` has no row for the year.
    """
    if plan.empty:
        raise ValueError("the plan table is empty")
    year = int(plan["fiscal_year"].max()) if fiscal_year is None else int(fiscal_year)
    rows = plan[plan["fiscal_year"] == year]
    if rows.empty:
        raise ValueError(
            f"no plan for fiscal year {year}; plan years: "
            f"{sorted(int(y) for y in plan['fiscal_year'].unique())}"
        )
    cols = ["procedures_not_online", "procedures_planned_online", "procedures_planned_excluded"]
    t = pd.DataFrame({"priority_band": rows["priority_band"].astype(str).to_numpy()})
    for c in cols:
        src = rows[c] if c in rows.columns else pd.Series(0, index=rows.index)
        t[c.replace("procedures_", "")] = src.fillna(0).astype(int).to_numpy()
    order = {b: i for i, b in enumerate(BAND_ORDER)}
    t = t.sort_values("priority_band", key=lambda s: s.map(order)).reset_index(drop=True)
    total = {"priority_band": "合計", **{c: int(t[c].sum()) for c in t.columns[1:]}}
    t = pd.concat([t, pd.DataFrame([total])], ignore_index=True)

    def share(num: pd.Series, den: pd.Series) -> pd.Series:
        den = den.astype(float)
        return num.astype(float) / den.where(den != 0)

    t["planned_share"] = share(t["planned_online"], t["not_online"])
    t["planned_share_in_scope"] = share(
        t["planned_online"], t["not_online"] - t["planned_excluded"]
    )
    planned, excluded, not_online = (
        total["planned_online"],
        total["planned_excluded"],
        total["not_online"],
    )
    backlog_after = not_online - planned - excluded
    before = after = online_after = capable_after = None
    reason = None
    if summary is None:
        reason = "online_summary was not given"
    else:
        m = measures(summary)
        prev = year - 1
        online_prev = m.value("procedures_online", prev)
        capable_prev = m.value("procedures_online_capable", prev)
        if online_prev is None or capable_prev is None:
            reason = f"online_summary has no procedure counts for fiscal year {prev}"
        else:
            before = m.value("coverage", prev)
            online_after = int(online_prev) + planned
            capable_after = int(capable_prev) - excluded
            after, why = _ratio(online_after, capable_after)
            if why:
                after, reason = None, why
    return PlanResult(
        year,
        t.set_index("priority_band"),
        before,
        after,
        online_after,
        capable_after,
        backlog_after,
        reason,
    )


# ---- record level ---------------------------------------------------------------------------


def _usage_parts(records: pd.DataFrame, year: int) -> pd.DataFrame:
    r = records[(records["fiscal_year"] == year) & records["online_ready"].astype(bool)]
    on = r["applications_online"].astype("Float64").fillna(0).astype(float)
    off = r["applications_offline"].astype("Float64").fillna(0).astype(float)
    return pd.DataFrame(
        {"online": on.to_numpy(), "total": (on + off).to_numpy()},
        index=pd.Index(r["procedure_id"].astype(str), name="procedure_id"),
    )


@dataclass(frozen=True, slots=True)
class UsageDecomposition:
    """Shift-share decomposition of the change in usage between two years.

    ``total_change = within + mix + newly_online + no_longer_online`` exactly (fractions):

    - within: Σ w₀ᵢ (u₁ᵢ − u₀ᵢ) over procedures online in both years with applications in
      both, weights w₀ their share of those procedures' applications in ``from_year`` — more
      uptake inside procedures already online;
    - mix: the rest of the change in usage among procedures online in both years (their
      volumes shifting towards higher- or lower-usage procedures);
    - newly_online: usage of all online procedures in ``to_year`` minus usage of the
      continuing ones — the effect of procedures that went online;
    - no_longer_online: usage of continuing procedures minus usage of all in ``from_year``.
    """

    from_year: int
    to_year: int
    from_usage: float | None
    to_usage: float | None
    total_change: float | None
    within: float | None
    mix: float | None
    newly_online: float | None
    no_longer_online: float | None
    procedures_continuing: int
    procedures_newly_online: int
    procedures_no_longer_online: int
    reason: str | None

    def to_frame(self) -> pd.DataFrame:
        """Parts in percentage points, with the number of procedures behind each."""
        return pd.DataFrame(
            {
                "part": ["within", "mix", "newly_online", "no_longer_online", "total_change"],
                "label": [
                    "既存の対応済手続内での利用増",
                    "既存手続間の申請構成の変化",
                    "新たにオンライン化した手続",
                    "オンライン対応をやめた手続",
                    "合計（利用率の変化）",
                ],
                "points": [
                    None if v is None else v * 100
                    for v in (
                        self.within,
                        self.mix,
                        self.newly_online,
                        self.no_longer_online,
                        self.total_change,
                    )
                ],
                "procedures": [
                    self.procedures_continuing,
                    self.procedures_continuing,
                    self.procedures_newly_online,
                    self.procedures_no_longer_online,
                    None,
                ],
            }
        )


def usage_decomposition(records: pd.DataFrame, from_year: int, to_year: int) -> UsageDecomposition:
    """Split the change in usage into uptake within procedures already online, their mix,
    procedures newly online and procedures no longer online (see :class:`UsageDecomposition`).

    Parts that need a zero denominator are None with ``reason`` saying why.
    """
    a, b = _usage_parts(records, from_year), _usage_parts(records, to_year)
    cont = a.index.intersection(b.index)
    new = b.index.difference(a.index)
    gone = a.index.difference(b.index)
    counts = (len(cont), len(new), len(gone))
    u0, why0 = _ratio(a["online"].sum(), a["total"].sum())
    u1, why1 = _ratio(b["online"].sum(), b["total"].sum())
    c0, whyc0 = _ratio(a.loc[cont, "online"].sum(), a.loc[cont, "total"].sum())
    c1, whyc1 = _ratio(b.loc[cont, "online"].sum(), b.loc[cont, "total"].sum())
    if why0 or why1:
        return UsageDecomposition(
            from_year,
            to_year,
            None if why0 else u0,
            None if why1 else u1,
            None,
            None,
            None,
            None,
            None,
            *counts,
            f"usage is undefined in one of the years: {why0 or why1}",
        )
    if whyc0 or whyc1:
        # No continuing procedure with applications: all of the change is composition.
        return UsageDecomposition(
            from_year,
            to_year,
            u0,
            u1,
            u1 - u0,
            None,
            None,
            None,
            None,
            *counts,
            "no procedure was online with applications in both "
            "years, so the change cannot be split",
        )
    both = [p for p in cont if a.loc[p, "total"] > 0 and b.loc[p, "total"] > 0]
    w0 = a.loc[both, "total"] / a.loc[cont, "total"].sum()
    rate0 = a.loc[both, "online"] / a.loc[both, "total"]
    rate1 = b.loc[both, "online"] / b.loc[both, "total"]
    within = float((w0 * (rate1 - rate0)).sum())
    mix = (c1 - c0) - within
    return UsageDecomposition(
        from_year, to_year, u0, u1, u1 - u0, within, mix, u1 - c1, c0 - u0, *counts, None
    )


@dataclass(frozen=True, slots=True)
class Concentration:
    """How concentrated the applications of procedures not yet online are.

    Attributes
    ----------
    fiscal_year : the year.
    procedures : procedures not online with an application count.
    applications : their applications (all offline, as they are not online).
    table : per N: ``top_n``, ``applications`` held by the N largest, ``share`` of the total.
    largest : the largest procedures (procedure_id, procedure_name, department,
        applications, share, cumulative_share), at most ``max(top_n)`` rows.
    reason : why the shares are NaN (no applications), else None.
    """

    fiscal_year: int
    procedures: int
    applications: int
    table: pd.DataFrame
    largest: pd.DataFrame
    reason: str | None

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def offline_concentration(
    records: pd.DataFrame, fiscal_year: int, top_n: tuple[int, ...] = (5, 10, 26, 50)
) -> Concentration:
    """Share of the not-yet-online procedures' applications held by the largest N of them."""
    if not top_n or any(int(n) < 1 for n in top_n):
        raise ValueError(f"top_n must be positive whole numbers; got {top_n!r}")
    r = records[
        (records["fiscal_year"] == fiscal_year)
        & records["online_capable"].astype(bool)
        & ~records["online_ready"].astype(bool)
    ].copy()
    apps = r["applications_online"].astype("Float64").fillna(0) + r["applications_offline"].astype(
        "Float64"
    )
    r = r.assign(applications=apps).dropna(subset=["applications"])
    r = r.sort_values(["applications", "procedure_id"], ascending=[False, True])
    total = float(r["applications"].sum())
    reason = None if total > 0 else "no applications to procedures not online this year"
    rows = []
    for n in sorted({int(n) for n in top_n}):
        held = float(r["applications"].head(n).sum())
        rows.append(
            {
                "top_n": n,
                "procedures": min(n, len(r)),
                "applications": int(held),
                "share": held / total if total > 0 else math.nan,
            }
        )
    keep = [
        c
        for c in ("procedure_id", "procedure_name", "department", "priority_band")
        if c in r.columns
    ]
    largest = r.head(max(top_n))[keep + ["applications"]].reset_index(drop=True)
    largest["applications"] = largest["applications"].astype(int)
    if total > 0:
        largest["share"] = largest["applications"] / total
        largest["cumulative_share"] = largest["share"].cumsum()
    return Concentration(int(fiscal_year), len(r), int(total), pd.DataFrame(rows), largest, reason)
