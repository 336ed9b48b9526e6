"""Synthetic record-level example data for online procedures (``sugidx synth``).

The ward publishes only totals. To exercise the record-level analyses (decomposition of the
usage change, concentration of the backlog's applications) we generate one row per procedure
and fiscal year, calibrated so that :func:`.records.summarize` of the result reproduces
every count of the published ``online_summary`` for two consecutive years exactly, and
:func:`.records.summarize_plan` reproduces the following year's ``online_plan`` (band
counts, planned and excluded procedures). Every row carries ``synthetic = true``; the values
of single procedures are invented and are not the ward's records, and their names are plainly
fictional (「手続A-001」, 「部署01」), so that no row reads as a real procedure or division.

How the two years relate (all derived from the published totals):

- every procedure of the first year exists in the second; the new ones
  (total₂ − total₁) are online-capable;
- procedures online in the first year stay online;
- (not_capable₁ − not_capable₂) procedures become online-capable and wait in the backlog;
- (online₂ − online₁) go online: most from the first year's backlog, ``NEW_ONLINE_SHARE``
  of them among the new procedures;
- application counts are empty for procedures that cannot go online (the published
  applications reconcile without them: online-ready + not-online-ready = total).

The settings are assumptions of the registry (``synth.online.*``), printed in the reports.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ... import assumptions
from ...datasets.files import write_csv
from ...errors import SugidxError
from .records import SUMMARY_COLUMNS, band_for, summarize, summarize_plan
from .schema import BANDS, ONLINE_PROCEDURES

DEFAULT_SEED = int(assumptions.get("synth.online.seed").value)
FILE_NAME = "online_procedures.csv"
FIRST_YEAR = 2022  # the first of the two published years the records reproduce
# Share of newly online procedures that were new that year.
NEW_ONLINE_SHARE = float(assumptions.get("synth.online.new_online_share").value)

# Plainly fictional labels: no real subject, action or division word, so that no row reads as
# a (nonsensical) real procedure of a real division.
N_DEPARTMENTS = 16
DEPARTMENTS = tuple(f"部署{i:02d}" for i in range(1, N_DEPARTMENTS + 1))
NAMES_PER_LETTER = 999  # 手続A-001 … 手続A-999, then 手続B-001 …


def procedure_name(number: int) -> str:
    """Fictional name of the ``number``-th procedure: 1 → 「手続A-001」, 1000 → 「手続B-001」."""
    if number < 1:
        raise SugidxError(f"procedure numbers start at 1; got {number}")
    block, serial = divmod(number - 1, NAMES_PER_LETTER)
    letters = ""
    block += 1
    while block:  # A … Z, AA, AB … (bijective base 26)
        block, r = divmod(block - 1, 26)
        letters = chr(ord("A") + r) + letters
    return f"手続{letters}-{serial + 1:03d}"


# The example file has exactly the registered schema's columns, in its order.
COLUMNS = tuple(c.name for c in ONLINE_PROCEDURES.columns)


def _allocate(total: int, weights: np.ndarray, caps: np.ndarray | None = None) -> np.ndarray:
    """Integers ≥ 0 summing exactly to ``total``, roughly proportional to ``weights``, each at
    most its cap (largest remainders, repeated while caps bind)."""
    w = np.asarray(weights, dtype=float)
    cap = np.full(len(w), np.inf) if caps is None else np.asarray(caps, dtype=float)
    if total < 0 or cap.sum() < total:
        raise SugidxError(f"cannot allocate {total:,} within the caps ({cap.sum():,.0f})")
    out = np.zeros(len(w), dtype=np.int64)
    remaining = int(total)
    while remaining > 0:
        slack = cap - out
        active = np.flatnonzero((slack > 0) & (w > 0))
        if active.size == 0:
            active = np.flatnonzero(slack > 0)
        ww = w[active] if w[active].sum() > 0 else np.ones(active.size)
        share = remaining * ww / ww.sum()
        add = np.minimum(np.floor(share), slack[active]).astype(np.int64)
        if add.sum() == 0:
            order = np.argsort(-(share - np.floor(share)), kind="stable")
            take = active[order[: min(remaining, active.size)]]
            out[take] += 1
            remaining -= take.size
            continue
        out[active] += add
        remaining -= int(add.sum())
    return out


def _year_row(summary: pd.DataFrame, year: int) -> pd.Series:
    rows = summary[summary["fiscal_year"] == year]
    if rows.empty:
        raise SugidxError(f"online_summary has no row for fiscal year {year}")
    row = rows.iloc[0]
    need = [
        "procedures_online",
        "procedures_not_online",
        "procedures_not_capable",
        "applications_online",
        "applications_paper",
        "applications_not_online_ready",
    ]
    empty = [c for c in need if c not in row.index or pd.isna(row[c])]
    if empty:
        raise SugidxError(
            f"online_summary FY{year} lacks {', '.join(empty)}; the generator needs the full table"
        )
    return row


def generate(
    summary: pd.DataFrame,
    plan: pd.DataFrame,
    seed: int = DEFAULT_SEED,
    first_year: int = FIRST_YEAR,
) -> pd.DataFrame:
    """Synthetic ``online_procedures`` records for ``first_year`` and the year after.

    Parameters
    ----------
    summary : published ``online_summary`` with full rows for both years.
    plan : published ``online_plan`` for the year after the second year.
    seed : seed of ``numpy.random.default_rng`` (0 or more); the same seed gives the same file.

    Raises
    ------
    SugidxError
        when the published totals cannot be reproduced (inconsistent years or bands).
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SugidxError(f"the seed must be a whole number of 0 or more; got {seed!r}")
    rng = np.random.default_rng(seed)
    y1, y2 = first_year, first_year + 1
    a, b = _year_row(summary, y1), _year_row(summary, y2)
    band_plan = plan[plan["fiscal_year"] == y2 + 1].set_index("priority_band")
    if set(band_plan.index) != {band.name for band in BANDS}:
        raise SugidxError(f"online_plan FY{y2 + 1} must have one row per band S, A, B, C")

    on1, back1, nc1 = (
        int(a[c]) for c in ("procedures_online", "procedures_not_online", "procedures_not_capable")
    )
    on2, back2, nc2 = (
        int(b[c]) for c in ("procedures_online", "procedures_not_online", "procedures_not_capable")
    )
    total1, total2 = on1 + back1 + nc1, on2 + back2 + nc2
    new = total2 - total1
    reclassified = nc1 - nc2
    went_online = on2 - on1
    from_new = min(new, round(went_online * NEW_ONLINE_SHARE))
    from_backlog = went_online - from_new
    if min(new, reclassified, went_online) < 0 or from_backlog > back1:
        raise SugidxError(
            f"FY{y1}→FY{y2} totals cannot be produced by procedures that only "
            "join, become capable and go online"
        )
    if int(band_plan["procedures_not_online"].sum()) != back2:
        raise SugidxError(f"the FY{y2 + 1} plan's bands do not add up to FY{y2}'s backlog")

    ids = np.array([f"P{i:04d}" for i in range(1, total2 + 1)])
    old = rng.permutation(total1)
    online1, backlog1, notcap1 = old[:on1], old[on1 : on1 + back1], old[on1 + back1 :]
    gone_online = rng.choice(backlog1, size=from_backlog, replace=False)
    stay_backlog = np.setdiff1d(backlog1, gone_online)
    became_capable = rng.choice(notcap1, size=reclassified, replace=False)
    new_ids = rng.permutation(np.arange(total1, total2))
    new_online, new_backlog = new_ids[:from_new], new_ids[from_new:]

    # ---- year 2 backlog: exact band counts and total applications -------------------------
    backlog2 = rng.permutation(np.concatenate([stay_backlog, became_capable, new_backlog]))
    target_back_apps = int(b["applications_not_online_ready"])
    apps2: dict[int, int] = {}
    band_of: dict[int, str] = {}
    action_of: dict[int, str] = {}
    start = 0
    s_members = None
    for name, low, high, _ in BANDS:
        n = int(band_plan.loc[name, "procedures_not_online"])
        members = backlog2[start : start + n]
        start += n
        if high is None:
            s_members = members
        else:
            draw = np.exp(rng.uniform(math.log(low + 1), math.log(high + 1), size=n)) - 1
            for p, v in zip(members, np.clip(np.floor(draw), low, high).astype(int), strict=True):
                apps2[int(p)] = int(v)
        for p in members:
            band_of[int(p)] = name
        planned = int(band_plan.loc[name, "procedures_planned_online"])
        excluded = band_plan.loc[name, "procedures_planned_excluded"]
        excluded = 0 if pd.isna(excluded) else int(excluded)
        chosen = rng.permutation(members)
        for p in chosen[:planned]:
            action_of[int(p)] = "online"
        for p in chosen[planned : planned + excluded]:
            action_of[int(p)] = "excluded"
    rest = target_back_apps - sum(apps2.values())
    low_s = BANDS[0][1]
    if s_members is None or rest < low_s * len(s_members):
        raise SugidxError(f"FY{y2}: {target_back_apps:,} applications cannot fill the bands")
    extra = _allocate(rest - low_s * len(s_members), rng.lognormal(0, 1.2, len(s_members)))
    for p, v in zip(s_members, extra, strict=True):
        apps2[int(p)] = low_s + int(v)

    # ---- year 1 backlog: those still waiting and those that go online in year 2 -------------
    weights1 = np.concatenate(
        [
            np.array([apps2[int(p)] + 0.5 for p in stay_backlog])
            * rng.lognormal(0, 0.3, len(stay_backlog)),
            np.exp(rng.uniform(math.log(10), math.log(20000), len(gone_online))),
        ]
    )
    back_ids1 = np.concatenate([stay_backlog, gone_online])
    apps1_back = dict(
        zip(
            back_ids1.tolist(),
            _allocate(int(a["applications_not_online_ready"]), weights1).tolist(),
            strict=True,
        )
    )

    # ---- online procedures: volumes and online uptake ----------------------------------------
    ready1 = int(a["applications_online"]) + int(a["applications_paper"])
    ready2 = int(b["applications_online"]) + int(b["applications_paper"])
    vol1 = _allocate(ready1, rng.lognormal(0, 2.0, on1))
    rate1 = rng.beta(2, 3, on1)
    online_apps1 = _allocate(int(a["applications_online"]), rate1 * vol1, caps=vol1)
    online2 = np.concatenate([online1, gone_online, new_online])
    w2 = np.concatenate(
        [
            vol1 * rng.lognormal(0, 0.15, on1),
            np.array([apps1_back[int(p)] + 1.0 for p in gone_online])
            * rng.lognormal(0, 0.2, from_backlog),
            rng.lognormal(3, 1.5, from_new),
        ]
    )
    vol2 = _allocate(ready2, w2)
    rate2 = np.concatenate(
        [
            np.clip(rate1 + rng.normal(0.03, 0.02, on1), 0.01, 0.99),
            rng.beta(1.5, 4, from_backlog + from_new),
        ]
    )
    online_apps2 = _allocate(int(b["applications_online"]), rate2 * vol2, caps=vol2)

    # ---- rows ---------------------------------------------------------------------------------
    depts = rng.choice(DEPARTMENTS, size=total2)
    names = [procedure_name(i) for i in range(1, total2 + 1)]

    def rows(
        year: int,
        online_ids,
        online_vol,
        online_on,
        back: dict[int, int],
        notcap_ids,
        bands: dict[int, str] | None,
        actions: dict[int, str] | None,
    ):
        out = []
        for p, vol, on in zip(online_ids, online_vol, online_on, strict=True):
            out.append((year, int(p), True, True, int(on), int(vol - on), None, None))
        for p, v in back.items():
            band = bands.get(p) if bands else _band(v)
            out.append(
                (year, int(p), True, False, 0, int(v), band, actions.get(p) if actions else None)
            )
        for p in notcap_ids:
            out.append((year, int(p), False, False, None, None, None, None))
        return out

    notcap2 = np.setdiff1d(notcap1, became_capable)
    records = rows(y1, online1, vol1, online_apps1, apps1_back, notcap1, None, None)
    records += rows(
        y2,
        online2,
        vol2,
        online_apps2,
        {int(p): apps2[int(p)] for p in backlog2},
        notcap2,
        band_of,
        action_of,
    )
    frame = pd.DataFrame(
        records,
        columns=[
            "fiscal_year",
            "idx",
            "online_capable",
            "online_ready",
            "applications_online",
            "applications_offline",
            "priority_band",
            "planned_action",
        ],
    )
    frame["procedure_id"] = ids[frame["idx"]]
    frame["procedure_name"] = np.asarray(names)[frame["idx"]]
    frame["department"] = depts[frame["idx"]]
    frame["synthetic"] = True
    for c in ("applications_online", "applications_offline"):
        frame[c] = frame[c].astype("Int64")
    frame = frame.sort_values(["fiscal_year", "procedure_id"]).reset_index(drop=True)
    frame = frame[list(COLUMNS)]
    check_calibration(frame, summary, plan, first_year)
    return frame


def _band(applications: int) -> str:
    return band_for(applications)


CALIBRATED_COLUMNS = SUMMARY_COLUMNS  # every count summarize() gives


def check_calibration(
    records: pd.DataFrame, summary: pd.DataFrame, plan: pd.DataFrame, first_year: int = FIRST_YEAR
) -> None:
    """Raise SugidxError unless ``records`` summarise to the published counts exactly."""
    got = summarize(records).set_index("fiscal_year")
    want = summary.set_index("fiscal_year")
    wrong = []
    for year in (first_year, first_year + 1):
        for col in CALIBRATED_COLUMNS:
            if col in want.columns and int(got.loc[year, col]) != int(want.loc[year, col]):
                wrong.append(f"FY{year} {col}: {got.loc[year, col]} ≠ {want.loc[year, col]}")
    got_plan = summarize_plan(records, first_year + 1).set_index("priority_band")
    want_plan = plan[plan["fiscal_year"] == first_year + 2].set_index("priority_band")
    for band in want_plan.index:
        for col in (
            "procedures_not_online",
            "procedures_planned_online",
            "procedures_planned_excluded",
        ):
            w = want_plan.loc[band, col]
            w = 0 if pd.isna(w) else int(w)
            if int(got_plan.loc[band, col]) != w:
                wrong.append(f"plan {band} {col}: {got_plan.loc[band, col]} ≠ {w}")
    if wrong:
        raise SugidxError(
            "synthetic data does not reproduce the published figures: " + "; ".join(wrong)
        )


README_SECTION = """## online_procedures.csv

One row per procedure and fiscal year (FY{y1} and FY{y2}), schema `online_procedures`
(see `sugidx_analysis/themes/online/schema.py`).

- Generated by `sugidx synth online` (`sugidx_analysis/themes/online/synth.py`), seed
  **{seed}**: `sugidx synth online --seed {seed}` rewrites this file byte for byte.
- Calibrated so that summarising it (`sugidx_analysis.themes.online.records.summarize`)
  reproduces every count of the published `data/published/online_summary.csv` for FY{y1} and
  FY{y2} exactly (procedures online / not online / capable / not capable / total; applications
  online / paper / online-ready / not online-ready / total), and
  `summarize_plan(records, {y2})` reproduces `data/published/online_plan.csv` for FY{y3}
  (procedures not online by priority band S/A/B/C, planned online, planned excluded). The
  generator checks this itself and refuses to write a file that does not reproduce them.
- Structure: the same procedure ids in both years; procedures online in FY{y1} stay online;
  new procedures in FY{y2} are online-capable; some not-capable procedures become capable;
  procedures that go online come mostly from the FY{y1} backlog. Application counts are empty
  for procedures that cannot go online (an assumption: the published application totals
  reconcile without them). Single-procedure volumes and online rates are invented (lognormal
  volumes, beta-distributed online rates, log-uniform volumes within each priority band).
- Names are plainly fictional labels, not the ward's procedures or divisions: procedure
  `P0001` is 「手続A-001」, `P1000` is 「手続B-001」 (999 per letter), and departments are
  「部署01」 … 「部署{n_depts:02d}」, drawn at random.
"""


def readme_section(seed: int = DEFAULT_SEED) -> str:
    """This theme's section of ``data/example/README.md``."""
    return README_SECTION.format(
        seed=seed, y1=FIRST_YEAR, y2=FIRST_YEAR + 1, y3=FIRST_YEAR + 2, n_depts=N_DEPARTMENTS
    )


def write(out_dir: Path, seed: int = DEFAULT_SEED, data_dir: Path | None = None) -> list[Path]:
    """Generate the example records from the published figures in ``data_dir`` (default:
    data/published) and write them to ``out_dir``; returns the files written."""
    from ...catalogue import load_dataset

    summary = load_dataset("online_summary", data_dir)
    plan = load_dataset("online_plan", data_dir)
    frame = generate(summary, plan, seed=seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    text = frame.copy()
    for c in ("online_capable", "online_ready", "synthetic"):
        text[c] = text[c].map({True: "true", False: "false"})
    path = out / FILE_NAME
    write_csv(text, path)
    return [path]
