"""Synthetic record-level example data for RPA / AI-OCR (``sugidx synth rpa``).

The ward publishes only totals: in FY2022 27 processes in production saving 「約5,200時間」 a
year, and 6 pilots expected to save 「約1,300時間」, going into production in FY2023. To exercise
the record-level analyses (concentration of the hours, forecast against outcome, costs and
payback) we generate one row per process and fiscal year, calibrated so that
:func:`.records.summarize` of the first year reproduces the published rows: the same number of
processes, and hours inside the interval the 「約」 figure allows (5,150–5,250 for 約5,200). The
totals are drawn inside that interval, not set to the rounded figure itself, so that the
example looks like unrounded records. Every row carries ``synthetic = true``; the values of
single processes, their costs and everything about the second year are invented, and names
are plainly fictional (「業務R-01」, 「部署01」), so that no row reads as a real process or
division.

How the two years relate:

- the first year's production processes stay in production in the second, their hours
  drifting by up to ±``DRIFT``; the smallest one of them is retired (its hours left empty, so
  it does not count in production);
- the first year's pilots go into production in the second (introduced that year), keeping
  their forecast in ``expected_hours_saved``; their realised hours fall short of the forecast
  in total by ``SHORTFALL`` (some pilots do better than forecast, most worse);
- hours are whole hours, lognormal (a few processes deliver most of them); hours before and
  after the tool are consistent with the hours saved (before − after = saved);
- licence cost and build hours are recorded for most processes, empty for ``NO_COST``
  processes (the analyses must cope without them); pilots have no realised hours, hours before
  or after, and no licence cost yet.

The seed is an assumption of the registry (``synth.rpa.seed``), printed in the reports.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ... import approx, assumptions
from ...datasets.files import write_csv
from ...errors import SugidxError
from .records import compare_with_published, summarize
from .schema import RPA_PROCESSES, TOOLS

DEFAULT_SEED = int(assumptions.get("synth.rpa.seed").value)
FILE_NAME = "rpa_processes.csv"
FIRST_YEAR = 2022  # the published year the records reproduce; the second year is invented
PRODUCTION, PILOT, RETIRED = "production", "pilot", "retired"
CALIBRATED_SCOPES = (PRODUCTION, PILOT)

# Plainly fictional labels: no real subject word, so that no row reads as a real process of a
# real division.
N_DEPARTMENTS = 12
DEPARTMENTS = tuple(f"部署{i:02d}" for i in range(1, N_DEPARTMENTS + 1))
TOOL_SHARES = (0.5, 0.3, 0.2)  # RPA, AI-OCR, both
FIRST_INTRODUCED = 2019  # the first year's production processes went live 2019 … FIRST_YEAR

MIN_HOURS = 10  # no process saves fewer hours a year
HOURS_SIGMA = 1.1  # lognormal spread of the hours: a few processes carry most of them
DRIFT = 0.10  # production hours change by up to ±10% from one year to the next
SHORTFALL = (0.10, 0.25)  # the pilots' realised hours fall short of the forecast by 10–25%
NO_COST = 4  # processes without licence cost and build hours
LICENCE_YEN = (200_000, 1_500_000)  # annual licence and running cost, log-uniform
BUILD_HOURS = (40, 400)  # staff hours to build, log-uniform
NO_VOLUME_SHARE = 0.2  # share of processes without an annual volume

# The example file has exactly the registered schema's columns, in its order.
COLUMNS = tuple(c.name for c in RPA_PROCESSES.columns)


def process_name(number: int) -> str:
    """Fictional name of the ``number``-th process: 1 → 「業務R-01」, 33 → 「業務R-33」."""
    if number < 1:
        raise SugidxError(f"process numbers start at 1; got {number}")
    return f"業務R-{number:02d}"


def process_id(number: int) -> str:
    """Identifier of the ``number``-th process: 1 → ``R001``."""
    if number < 1:
        raise SugidxError(f"process numbers start at 1; got {number}")
    return f"R{number:03d}"


def _allocate(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Whole numbers, each at least ``minimum``, summing exactly to ``total`` and otherwise
    proportional to ``weights`` (largest remainders)."""
    w = np.asarray(weights, dtype=float)
    rest = int(total) - minimum * len(w)
    if rest < 0 or len(w) == 0 or w.sum() <= 0:
        raise SugidxError(f"cannot share {total:,} among {len(w)} processes (≥ {minimum} each)")
    share = rest * w / w.sum()
    out = np.floor(share).astype(np.int64)
    left = rest - int(out.sum())
    order = np.argsort(-(share - out), kind="stable")
    out[order[:left]] += 1
    return out + minimum


def targets(summary: pd.DataFrame, first_year: int = FIRST_YEAR) -> dict[str, tuple]:
    """Per calibrated scope (production, pilot) of ``first_year``: ``(processes, Approx)``,
    the published number of processes and the interval its hours allow.

    Raises
    ------
    SugidxError
        when the published table lacks a scope's row, its processes or its hours.
    """
    out = {}
    for scope in CALIBRATED_SCOPES:
        rows = summary[(summary["fiscal_year"] == first_year) & (summary["scope"] == scope)]
        if len(rows) != 1:
            raise SugidxError(f"rpa_summary needs one FY{first_year} row of scope {scope!r}")
        row = rows.iloc[0]
        if pd.isna(row["processes"]) or pd.isna(row["hours_saved_per_year"]):
            raise SugidxError(
                f"rpa_summary FY{first_year} {scope} lacks processes or hours; "
                "the generator needs both"
            )
        is_approx = bool(row["approximate"]) if pd.notna(row.get("approximate")) else False
        out[scope] = (
            int(row["processes"]),
            approx.stated(float(row["hours_saved_per_year"]), is_approx),
        )
    return out


def _draw_total(rng: np.random.Generator, allowed: approx.Approx) -> int:
    """Whole hours inside the interval a published figure allows (low ≤ x < high), other than
    the rounded figure itself when there is another choice; an exact figure is itself."""
    if not allowed.approximate:
        if allowed.value != int(allowed.value):
            raise SugidxError(f"an exact published figure must be whole hours: {allowed.value}")
        return int(allowed.value)
    low, high = int(np.ceil(allowed.low)), int(np.ceil(allowed.high)) - 1
    choices = [h for h in range(low, high + 1) if h != allowed.value] or [int(allowed.value)]
    return int(rng.choice(choices))


def _log_uniform(rng: np.random.Generator, bounds: tuple[float, float], size: int) -> np.ndarray:
    return np.exp(rng.uniform(np.log(bounds[0]), np.log(bounds[1]), size))


def _tools(rng: np.random.Generator, n: int) -> np.ndarray:
    """Tools of ``n`` processes, at least one of them using AI-OCR (the ward names the family
    「AI-OCR/RPA」 for both scopes)."""
    tools = rng.choice(np.array(TOOLS), size=n, p=TOOL_SHARES)
    if (tools == "RPA").all():
        tools[rng.integers(n)] = "AI-OCR"
    return tools


def generate(
    summary: pd.DataFrame, seed: int = DEFAULT_SEED, first_year: int = FIRST_YEAR
) -> pd.DataFrame:
    """Synthetic ``rpa_processes`` records for ``first_year`` and the year after.

    Parameters
    ----------
    summary : published ``rpa_summary`` with ``first_year``'s production and pilot rows.
    seed : seed of ``numpy.random.default_rng`` (0 or more); the same seed gives the same file.

    Raises
    ------
    SugidxError
        when the published rows are missing or cannot be reproduced.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SugidxError(f"the seed must be a whole number of 0 or more; got {seed!r}")
    rng = np.random.default_rng(seed)
    y1, y2 = first_year, first_year + 1
    want = targets(summary, first_year)
    n_prod, prod_allowed = want[PRODUCTION]
    n_pilot, pilot_allowed = want[PILOT]
    n = n_prod + n_pilot
    prod, pilot = np.arange(n_prod), np.arange(n_prod, n)

    # ---- who: ids in order of introduction, departments, tools ------------------------------
    introduced = np.concatenate(
        [np.sort(rng.integers(FIRST_INTRODUCED, y1 + 1, n_prod)), np.full(n_pilot, y2)]
    )
    depts = rng.choice(np.array(DEPARTMENTS), size=n)
    tools = np.concatenate([_tools(rng, n_prod), _tools(rng, n_pilot)])

    # ---- first year: realised hours of production, forecast of the pilots -------------------
    saved1 = np.zeros(n, dtype=np.int64)
    saved1[prod] = _allocate(
        _draw_total(rng, prod_allowed), rng.lognormal(0, HOURS_SIGMA, n_prod), MIN_HOURS
    )
    expected = _allocate(
        _draw_total(rng, pilot_allowed), rng.lognormal(0, HOURS_SIGMA / 2, n_pilot), MIN_HOURS
    )
    automated = rng.uniform(0.35, 0.9, n)  # share of the work's hours the tool takes over
    before1 = np.ceil(saved1 / automated).astype(np.int64)

    # ---- second year: drift, one retirement, the pilots' outcome ----------------------------
    drift = rng.uniform(1 - DRIFT, 1 + DRIFT, n_prod)
    saved2 = np.zeros(n, dtype=np.int64)
    saved2[prod] = np.maximum(np.rint(saved1[prod] * drift), MIN_HOURS).astype(np.int64)
    retired = int(prod[np.argmin(saved1[prod])])
    for _ in range(1000):  # most pilots fall short, some do better, the total by SHORTFALL
        factor = rng.lognormal(np.log(0.8), 0.25, n_pilot)
        realised = np.maximum(np.rint(expected * factor), 1).astype(np.int64)
        short = 1 - realised.sum() / expected.sum()
        if (
            SHORTFALL[0] <= short <= SHORTFALL[1]
            and (realised > expected).any()
            and (realised < expected).any()
        ):
            break
    else:
        raise SugidxError("could not draw pilot outcomes that fall short of the forecast")
    saved2[pilot] = realised
    automated2 = np.clip(automated * rng.uniform(0.97, 1.03, n), 0.2, 0.95)
    before2 = np.ceil(saved2 / automated2).astype(np.int64)

    # ---- costs and volumes -------------------------------------------------------------------
    licence = np.round(_log_uniform(rng, LICENCE_YEN, n), -3)
    build = np.rint(_log_uniform(rng, BUILD_HOURS, n))
    no_cost = set(rng.choice(prod[prod != retired], size=NO_COST, replace=False).tolist())
    minutes = rng.uniform(2, 12, n)  # staff minutes an item took by hand
    no_volume = rng.random(n) < NO_VOLUME_SHARE

    def volume(before: int, i: int):
        return None if no_volume[i] else int(round(before * 60 / minutes[i], -1))

    records = []
    for i in range(n):
        cost = i not in no_cost
        common = {
            "process_id": process_id(i + 1),
            "process_name": process_name(i + 1),
            "department": depts[i],
            "tool": tools[i],
        }
        if i < n_prod:
            records.append(
                {
                    **common,
                    "fiscal_year": y1,
                    "stage": PRODUCTION,
                    "introduced_fiscal_year": int(introduced[i]),
                    "hours_before": int(before1[i]),
                    "hours_after": int(before1[i] - saved1[i]),
                    "hours_saved": int(saved1[i]),
                    "annual_volume": volume(int(before1[i]), i),
                    "licence_cost_yen": float(licence[i]) if cost else None,
                    "build_hours": float(build[i]) if cost else None,
                }
            )
        else:  # a pilot: a forecast and the hours spent building it, nothing realised yet
            records.append(
                {
                    **common,
                    "fiscal_year": y1,
                    "stage": PILOT,
                    "expected_hours_saved": int(expected[i - n_prod]),
                    "build_hours": float(build[i]),
                }
            )
        if i == retired:
            records.append(
                {
                    **common,
                    "fiscal_year": y2,
                    "stage": RETIRED,
                    "introduced_fiscal_year": int(introduced[i]),
                }
            )
            continue
        records.append(
            {
                **common,
                "fiscal_year": y2,
                "stage": PRODUCTION,
                "introduced_fiscal_year": int(introduced[i]),
                "hours_before": int(before2[i]),
                "hours_after": int(before2[i] - saved2[i]),
                "hours_saved": int(saved2[i]),
                "expected_hours_saved": int(expected[i - n_prod]) if i >= n_prod else None,
                "annual_volume": volume(int(before2[i]), i),
                "licence_cost_yen": float(licence[i]) if cost else None,
                "build_hours": float(build[i]) if cost else None,
            }
        )

    frame = pd.DataFrame.from_records(records, columns=[c for c in COLUMNS if c != "synthetic"])
    frame["synthetic"] = True
    for c in ("fiscal_year", "introduced_fiscal_year", "annual_volume"):
        frame[c] = frame[c].astype("Int64")
    for c in ("hours_before", "hours_after", "hours_saved", "expected_hours_saved"):
        frame[c] = frame[c].astype("Float64")
    for c in ("licence_cost_yen", "build_hours"):
        frame[c] = frame[c].astype("Float64")
    frame = frame.sort_values(["fiscal_year", "process_id"]).reset_index(drop=True)
    frame = frame[list(COLUMNS)]
    check_calibration(frame, summary, first_year)
    return frame


def check_calibration(
    records: pd.DataFrame, summary: pd.DataFrame, first_year: int = FIRST_YEAR
) -> None:
    """Raise SugidxError unless ``records`` summarise to the published ``first_year`` rows:
    both scopes present, the same processes and tool family, and hours inside the interval the
    published (「約」) figures allow."""
    got = summarize(records)
    published = summary[
        (summary["fiscal_year"] == first_year) & summary["scope"].isin(CALIBRATED_SCOPES)
    ]
    wrong = []
    mine = got[got["fiscal_year"] == first_year].set_index("scope")
    for scope in CALIBRATED_SCOPES:
        if scope not in mine.index:
            wrong.append(f"FY{first_year} {scope}: no records")
    for _, row in published.iterrows():
        scope = row["scope"]
        if scope in mine.index and mine.loc[scope, "technology"] != row["technology"]:
            wrong.append(
                f"FY{first_year} {scope} technology: {mine.loc[scope, 'technology']} ≠ "
                f"{row['technology']}"
            )
    for year, scope, column, value, stated, is_approx in compare_with_published(got, published):
        wrong.append(
            f"FY{year} {scope} {column}: {value:,g} ≠ {'約' if is_approx else ''}{stated:,g}"
        )
    if wrong:
        raise SugidxError(
            "synthetic data does not reproduce the published figures: " + "; ".join(wrong)
        )


README_SECTION = """## rpa_processes.csv

One row per automated process and fiscal year (FY{y1} and FY{y2}), schema `rpa_processes`
(see `sugidx_analysis/themes/rpa/schema.py`).

- Generated by `sugidx synth rpa` (`sugidx_analysis/themes/rpa/synth.py`), seed **{seed}**:
  `sugidx synth rpa --seed {seed}` rewrites this file byte for byte.
- Calibrated so that summarising it (`sugidx_analysis.themes.rpa.records.summarize`)
  reproduces the published FY{y1} rows of `data/published/rpa_summary.csv`: the same number
  of processes in production and in pilots, the same tool family, and hours (realised in
  production, expected of the pilots) inside the interval each 「約」 figure allows (約5,200
  stands for 5,150–5,250). The totals are drawn inside those intervals, not set to the rounded
  figures, so the file looks like unrounded records. The generator checks this itself and
  refuses to write a file that does not reproduce them.
- FY{y2} is invented (no record-level figures are published for it): the production
  processes continue with hours drifting by up to ±{drift:.0%}, the smallest one is retired
  (no hours), and the pilots go into production with realised hours that fall short of their
  forecast (kept in `expected_hours_saved`) by {short_low:.0%}–{short_high:.0%} in total, some
  of them doing better. Hours are whole hours, lognormal (a few processes carry most of
  them), with hours before − hours after = hours saved. Licence costs (yen a year), build
  hours and annual volumes are invented; costs are left empty for {no_cost} processes.
- Names are plainly fictional labels, not the ward's processes or divisions: process `R001`
  is 「業務R-01」, and departments are 「部署01」 … 「部署{n_depts:02d}」, drawn at random.
"""


def readme_section(seed: int = DEFAULT_SEED) -> str:
    """This theme's section of ``data/example/README.md``."""
    return README_SECTION.format(
        seed=seed,
        y1=FIRST_YEAR,
        y2=FIRST_YEAR + 1,
        drift=DRIFT,
        short_low=SHORTFALL[0],
        short_high=SHORTFALL[1],
        no_cost=NO_COST,
        n_depts=N_DEPARTMENTS,
    )


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the CSV writes it: booleans as true/false, whole numbers without ``.0``."""
    text = frame.copy().astype(object)
    text["synthetic"] = frame["synthetic"].map({True: "true", False: "false"})
    for c in frame.columns:
        if str(frame[c].dtype) in ("Float64", "Int64"):
            text[c] = [
                None if pd.isna(v) else (f"{int(v)}" if float(v).is_integer() else str(float(v)))
                for v in frame[c]
            ]
    return text


def write(out_dir: Path, seed: int = DEFAULT_SEED, data_dir: Path | None = None) -> list[Path]:
    """Generate the example records from the published figures in ``data_dir`` (default:
    data/published) and write them to ``out_dir``; returns the files written."""
    from ...catalogue import load_dataset

    frame = generate(load_dataset("rpa_summary", data_dir), seed=seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILE_NAME
    write_csv(_text(frame), path)
    return [path]
