"""Synthetic record-level example data for cashless payment (``sugidx synth cashless``).

The ward publishes only when cashless payment of certificate fees began: at 区民課窓口（本庁舎）
in 2023-12 and at the 区民事務所 (its branch offices) in 2024-10 (seed 004,
``data/published/cashless.csv``). No monthly counts are published. A document about FY2021
whose municipality it does not name (seed 003) gives the share of payments made cashless at
two of its windows: 14% at 戸籍住民課・税務課 and 62% at オアシスルーム. To exercise the
record-level analyses (the cashless share by window, the effect of each roll-out as an
interrupted time series, difference-in-differences over the staggered launches) we generate one
row per window and month (``cashless_monthly``), from ``FIRST_MONTH`` to ``LAST_MONTH``, for
the published window 区民課窓口（本庁舎） (its own rollout) and ``N_BRANCHES`` branch offices
with plainly fictional names (「区民事務所Ａ（架空）」 …), whose rollout is 区民事務所.

The model (every parameter is a field of :class:`Params`):

- transactions (fee-paying, a month) = the window's size × the month's seasonality × the
  trend × independent lognormal noise (``volume_noise``), rounded. A window's size is drawn
  once: the main office ``main_size`` (8,000–10,000 a month), a branch ``branch_size``
  (1,500–3,000). The seasonality is common to all windows (``SEASON``, mean 1): a peak in
  March–April, the moving season, troughs in August and December–January. The trend is
  common too: ``trend`` a year (−3%: more certificates issued at convenience stores), the
  assumption ``synth.cashless.trend``. The launch does not change the transactions;
- cashless transactions are 0 before the window's launch month (the ``introduced`` month of its
  rollout in the published table). From the launch month on, the share by count follows a
  saturating curve from the start share (seed 003's 14%) towards the ceiling (seed 003's
  62%): ``ceiling − (ceiling − start) × exp(−months since launch / adoption_months)``, with
  ``adoption_months`` = 10 (the assumption ``synth.cashless.adoption_months``: nine tenths of
  the way in two years), times lognormal noise (``share_noise``) and capped at the ceiling;
  the count is binomial with that share, and never more than the ceiling's share of the
  transactions. Both anchors are read from the published table, not written here;
- fees: a window's average fee per cash payment is drawn once in ``fee_yen`` (300–450 yen
  are the certificate fees), varying a little from month to month (``fee_noise``); cashless
  payers pay ``cashless_fee_premium`` more on average (more certificates at once). Each part
  is rounded to ``FEE_STEP`` yen; fees = cash fees + cashless fees.

:func:`check_calibration` holds the anchors: the launch months as published (cashless from
that month, none before), each window's share in its launch month within
``FIRST_SHARE_TOLERANCE`` of the start share, and never above the ceiling. Every row carries
``synthetic = true``. The seed is an assumption of the registry (``synth.cashless.seed``),
printed in the reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ... import assumptions
from ...datasets.files import write_csv
from ...errors import SugidxError
from .records import (
    check_monthly,
    fiscal_year_of,
    introduced_months,
    month_of,
    months_apart,
    months_between,
)
from .schema import CASHLESS_MONTHLY

DEFAULT_SEED = int(assumptions.get("synth.cashless.seed").value)
ADOPTION_MONTHS = float(assumptions.get("synth.cashless.adoption_months").value)
ANNUAL_TREND = float(assumptions.get("synth.cashless.trend").value)
FILE_NAME = "cashless_monthly.csv"
FIRST_MONTH, LAST_MONTH = "2021-04", "2025-03"

# The published rows the example uses (data/published/cashless.csv).
MAIN_WINDOW = "区民課窓口（本庁舎）"  # a real window: its rollout is itself (seed 004)
BRANCH_ROLLOUT = "区民事務所"  # the branch offices' rollout (seed 004)
ROLLOUTS = (MAIN_WINDOW, BRANCH_ROLLOUT)
ANCHOR_YEAR = 2021  # seed 003's year
START_WINDOW = "戸籍住民課・税務課"  # seed 003: the share the curve starts from
CEILING_WINDOW = "オアシスルーム（第三庁舎内）"  # seed 003: the share the curve tends to

# Plainly fictional branch offices: a full-width letter and 「（架空）」.
N_BRANCHES = 7
LETTERS = "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
FICTIONAL = "（架空）"

# Month-of-year seasonality, January … December (mean 1): the moving season (March–April)
# high, August and December–January low.
SEASON = (0.90, 0.97, 1.28, 1.22, 1.03, 0.98, 0.97, 0.86, 0.95, 1.00, 0.98, 0.86)
FEE_STEP = 50  # fees are sums of certificate fees (300, 450 … yen): multiples of 50 yen
FIRST_SHARE_TOLERANCE = 0.05  # a launch month's share within 5 points of the start share

# The example file has exactly the registered schema's columns, in its order.
COLUMNS = tuple(c.name for c in CASHLESS_MONTHLY.columns)


@dataclass(frozen=True, slots=True)
class Params:
    """The generator's settings; the defaults make the committed example."""

    first_month: str = FIRST_MONTH
    last_month: str = LAST_MONTH
    branches: int = N_BRANCHES
    main_size: tuple[float, float] = (8_000, 10_000)  # transactions a month, main office
    branch_size: tuple[float, float] = (1_500, 3_000)  # transactions a month, a branch
    season: tuple[float, ...] = SEASON
    trend: float = ANNUAL_TREND  # change of the transactions a year (−0.03 = −3%)
    volume_noise: float = 0.04  # sd of the log of a month's transactions
    adoption_months: float = ADOPTION_MONTHS  # time constant of the share's curve
    share_noise: float = 0.04  # sd of the log of a month's share around the curve
    fee_yen: tuple[float, float] = (320, 400)  # a window's average fee per cash payment
    fee_noise: float = 0.02  # sd of the log of a month's average fee
    cashless_fee_premium: float = 0.08  # cashless payers' average fee is 8% higher


PARAMS = Params()


@dataclass(frozen=True, slots=True)
class Targets:
    """The published figures the example keeps to (from ``cashless``)."""

    start_share: float  # seed 003, FY2021, 戸籍住民課・税務課
    ceiling: float  # seed 003, FY2021, オアシスルーム
    launches: Mapping[str, str] = field(default_factory=dict)  # rollout → YYYY-MM (seed 004)


def branch_name(number: int) -> str:
    """Fictional name of the ``number``-th branch office: 1 → 「区民事務所Ａ（架空）」."""
    if not 1 <= number <= len(LETTERS):
        raise SugidxError(f"branch numbers run from 1 to {len(LETTERS)}; got {number}")
    return f"{BRANCH_ROLLOUT}{LETTERS[number - 1]}{FICTIONAL}"


def _share_of(cashless: pd.DataFrame, window: str) -> float:
    rows = cashless[
        (cashless["fiscal_year"] == ANCHOR_YEAR)
        & (cashless["window"] == window)
        & cashless["cashless_share"].notna()
    ]
    if len(rows) != 1:
        raise SugidxError(
            f"cashless needs one FY{ANCHOR_YEAR} row of window {window!r} with a "
            "cashless_share; the generator's curve starts and ends at them"
        )
    return float(rows["cashless_share"].iloc[0])


def targets(cashless: pd.DataFrame, launches: Mapping[str, str] | None = None) -> Targets:
    """The published anchors: the start share and the ceiling (seed 003) and the launch month
    of each rollout (seed 004), the latter replaced by ``launches`` (rollout → YYYY-MM) where
    given.

    Raises
    ------
    SugidxError
        when a row is missing, the start share is not below the ceiling, or a launch month is
        not a month.
    """
    start, ceiling = _share_of(cashless, START_WINDOW), _share_of(cashless, CEILING_WINDOW)
    if not 0 <= start < ceiling <= 1:
        raise SugidxError(
            f"the start share ({start:.0%}) must be below the ceiling ({ceiling:.0%})"
        )
    published = introduced_months(cashless)
    chosen: dict[str, str] = {}
    given = dict(launches or {})
    unknown = sorted(set(given) - set(ROLLOUTS))
    if unknown:
        raise SugidxError(f"launches for unknown rollouts {unknown}; rollouts: {list(ROLLOUTS)}")
    for rollout in ROLLOUTS:
        if rollout in given:
            month = month_of(given[rollout])
            if month is None:
                raise SugidxError(
                    f"the launch of {rollout} must be a month such as 2023-12; got "
                    f"{given[rollout]!r}"
                )
        elif rollout in published:
            month = published[rollout]
        else:
            raise SugidxError(
                f"cashless has no introduced month for window {rollout!r}; the generator "
                "launches its windows then"
            )
        chosen[rollout] = month
    return Targets(start, ceiling, chosen)


def _launch_table(target: Targets) -> pd.DataFrame:
    """A ``cashless``-shaped table of the launches, for :func:`.records.check_monthly`."""
    return pd.DataFrame(
        {"window": list(target.launches), "introduced": list(target.launches.values())}
    )


def _round_to_step(yen: np.ndarray) -> np.ndarray:
    return (np.rint(yen / FEE_STEP) * FEE_STEP).astype(np.int64)


def _check_params(params: Params) -> list[str]:
    months = months_between(params.first_month, params.last_month)
    return [
        w
        for w in (
            "" if months else f"months {params.first_month} … {params.last_month}: none",
            "" if 1 <= params.branches <= len(LETTERS) else f"branches: 1 to {len(LETTERS)}",
            "" if len(params.season) == 12 else "season: 12 multipliers, January … December",
            "" if params.adoption_months > 0 else "adoption_months: more than 0",
            ""
            if 0 < params.main_size[0] <= params.main_size[1]
            and 0 < params.branch_size[0] <= params.branch_size[1]
            and 0 < params.fee_yen[0] <= params.fee_yen[1]
            else "sizes and fees: (low, high) with 0 < low ≤ high",
        )
        if w
    ]


def generate(
    cashless: pd.DataFrame | None = None,
    seed: int = DEFAULT_SEED,
    *,
    launches: Mapping[str, str] | None = None,
    params: Params = PARAMS,
) -> pd.DataFrame:
    """Synthetic ``cashless_monthly``: one row per window and month.

    Parameters
    ----------
    cashless : published ``cashless`` with seed 003's two FY2021 shares and seed 004's launch
        months (None: read from ``data/published``).
    seed : seed of ``numpy.random.default_rng`` (0 or more); the same seed gives the same file.
    launches : rollout (区民課窓口（本庁舎）, 区民事務所) → launch month (YYYY-MM) to use
        instead of the published one, for panels with other launches (a month after
        ``params.last_month`` means no launch in the panel).
    params : the model's settings (:class:`Params`).

    Raises
    ------
    SugidxError
        for a bad seed or settings, a published row missing, or a result that does not keep
        to the anchors (:func:`check_calibration`).
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SugidxError(f"the seed must be a whole number of 0 or more; got {seed!r}")
    wrong = _check_params(params)
    if wrong:
        raise SugidxError("generator settings cannot be used: " + "; ".join(wrong))
    if cashless is None:
        from ...catalogue import load_dataset

        cashless = load_dataset("cashless")
    target = targets(cashless, launches)
    rng = np.random.default_rng(seed)
    months = months_between(params.first_month, params.last_month)
    n_months, n_branches = len(months), params.branches
    windows = (MAIN_WINDOW, *(branch_name(i) for i in range(1, n_branches + 1)))
    rollouts = (MAIN_WINDOW, *[BRANCH_ROLLOUT] * n_branches)
    n_windows = len(windows)

    # ---- transactions: size × season × trend × noise ----------------------------------------
    k = np.arange(n_months)
    calendar = np.array([int(m[5:]) for m in months])
    season = np.asarray(params.season, dtype=float)[calendar - 1]
    trend = (1 + params.trend) ** (k / 12)
    size = np.concatenate(
        [rng.uniform(*params.main_size, 1), rng.uniform(*params.branch_size, n_branches)]
    )
    volume = size[:, None] * season[None, :] * trend[None, :]
    noise = rng.lognormal(0, params.volume_noise, (n_windows, n_months))
    transactions = np.rint(volume * noise).astype(np.int64)

    # ---- cashless: none before the launch, then a saturating curve ---------------------------
    start = np.array([months_apart(months[0], target.launches[r]) for r in rollouts])
    since = k[None, :] - start[:, None]
    gap = target.ceiling - target.start_share
    curve = target.ceiling - gap * np.exp(-np.maximum(since, 0) / params.adoption_months)
    wobble = rng.lognormal(0, params.share_noise, (n_windows, n_months))
    share = np.where(since >= 0, np.minimum(curve * wobble, target.ceiling), 0.0)
    cashless_n = rng.binomial(transactions, share)
    cashless_n = np.minimum(cashless_n, np.floor(target.ceiling * transactions)).astype(np.int64)

    # ---- fees ---------------------------------------------------------------------------------
    fee = rng.uniform(*params.fee_yen, n_windows)[:, None] * rng.lognormal(
        0, params.fee_noise, (n_windows, n_months)
    )
    cash_fees = _round_to_step((transactions - cashless_n) * fee)
    cashless_fees = _round_to_step(cashless_n * fee * (1 + params.cashless_fee_premium))

    n = n_windows * n_months
    frame = pd.DataFrame(
        {
            "fiscal_year": pd.array([fiscal_year_of(m) for m in months] * n_windows, dtype="Int64"),
            "month": pd.array(months * n_windows, dtype="string"),
            "window": pd.array(np.repeat(windows, n_months), dtype="string"),
            "rollout": pd.array(np.repeat(rollouts, n_months), dtype="string"),
            "transactions": pd.array(transactions.ravel(), dtype="Int64"),
            "cashless_transactions": pd.array(cashless_n.ravel(), dtype="Int64"),
            "fees_yen": pd.array((cash_fees + cashless_fees).ravel(), dtype="Int64"),
            "cashless_fees_yen": pd.array(cashless_fees.ravel(), dtype="Int64"),
            "synthetic": pd.array([True] * n, dtype="boolean"),
        }
    )[list(COLUMNS)]
    check_calibration(frame, cashless, launches=launches)
    return frame


def check_calibration(
    monthly: pd.DataFrame,
    cashless: pd.DataFrame,
    launches: Mapping[str, str] | None = None,
) -> None:
    """Raise SugidxError unless ``monthly`` keeps to the published anchors: it breaks none of
    :func:`.records.check_monthly`'s rules against the launch months (the published ones,
    or ``launches``), every row is synthetic, the main office is there as its own rollout and
    every other window is a fictional branch office, each window's cashless payments start in
    its launch month, its share in that month is within ``FIRST_SHARE_TOLERANCE`` of the start
    share, and no month's share is above the ceiling."""
    target = targets(cashless, launches)
    problems = check_monthly(monthly, _launch_table(target))
    if problems:
        shown = "; ".join(p.describe() for p in problems[:5])
        more = f" … and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise SugidxError(f"synthetic data breaks the rules of cashless_monthly: {shown}{more}")
    wrong = []
    if not monthly["synthetic"].fillna(False).all():
        wrong.append("rows without synthetic = true")
    by_window = dict(zip(monthly["window"], monthly["rollout"], strict=True))
    if by_window.get(MAIN_WINDOW) != MAIN_WINDOW:
        wrong.append(f"no window {MAIN_WINDOW} with rollout {MAIN_WINDOW}")
    for window, rollout in by_window.items():
        if window != MAIN_WINDOW and (rollout != BRANCH_ROLLOUT or FICTIONAL not in window):
            wrong.append(f"window {window}: a fictional {BRANCH_ROLLOUT} ({FICTIONAL})")
    share = monthly["cashless_transactions"].astype("float64") / monthly["transactions"].astype(
        "float64"
    )
    over = share > target.ceiling + 1e-12
    for idx in monthly.index[over]:
        wrong.append(
            f"{monthly.at[idx, 'window']} {monthly.at[idx, 'month']}: share {share[idx]:.1%} "
            f"above the ceiling {target.ceiling:.0%}"
        )
    for window, rows in monthly.groupby("window", sort=False):
        launch = target.launches.get(by_window[window])
        if launch is None:
            continue
        paid = rows.loc[rows["cashless_transactions"] > 0, "month"]
        in_panel = rows["month"].min() <= launch <= rows["month"].max()
        first = paid.min() if len(paid) else None
        if in_panel and first != launch:
            wrong.append(f"{window}: cashless from {first}, not from the launch {launch}")
        at_launch = rows.index[rows["month"] == launch]
        if len(at_launch) and abs(share[at_launch[0]] - target.start_share) > (
            FIRST_SHARE_TOLERANCE
        ):
            wrong.append(
                f"{window} {launch}: share {share[at_launch[0]]:.1%}, not within "
                f"{FIRST_SHARE_TOLERANCE * 100:g} points of {target.start_share:.0%}"
            )
    if wrong:
        raise SugidxError(
            "synthetic data does not keep to the published anchors: " + "; ".join(wrong)
        )


README_SECTION = """## cashless_monthly.csv

One row per window and month, {first} to {last}, schema `cashless_monthly` (see
`sugidx_analysis/themes/cashless/schema.py`): fee-paying transactions, how many were paid
cashless, and the fees (yen).

- Generated by `sugidx synth cashless` (`sugidx_analysis/themes/cashless/synth.py`), seed
  **{seed}**: `sugidx synth cashless --seed {seed}` rewrites this file byte for byte.
- Kept to the published launches (`data/published/cashless.csv`, seed 004): cashless payment
  starts at {main} in {main_launch} and at the branch offices in {branch_launch} (the launch
  of {branch}); no window has a cashless payment before. From its launch month a window's
  cashless share by count starts at {start:.0%}, seed 003's FY2021 share at {start_window}
  (seed 003 does not name its municipality), and rises along a saturating curve towards
  {ceiling:.0%}, its share at {ceiling_window}, the ceiling: the gap shrinks by 1/e every
  {tau:g} months (nine tenths of it in two years), with noise, and the share never exceeds
  the ceiling. The generator checks this itself (the launch months, each window's share in
  its launch month within {tol:g} points of {start:.0%}, never above {ceiling:.0%}) and
  refuses to write a file that does not keep to them.
- Everything else is invented: the monthly transactions (main office {main_low:,}–{main_high:,}
  a month, a branch {branch_low:,}–{branch_high:,}, drawn once per window, as of {first}), a
  common seasonality (high in March–April, the moving season; low in August and
  December–January), a common trend of {trend} a year, and independent noise; the launch
  leaves the transactions unchanged. The average fee per cash payment is drawn per window
  from {fee_low}–{fee_high} yen, cashless payers paying {premium:.0%} more on average; fees
  are multiples of {step} yen.
- {main} is the ward's window; the {n} branch offices are plainly fictional:
  「{first_branch}」 … 「{last_branch}」.
"""


def readme_section(seed: int = DEFAULT_SEED, data_dir: Path | None = None) -> str:
    """This theme's section of ``data/example/README.md``, with the published anchors read
    from ``data_dir`` (default: data/published)."""
    from ...catalogue import load_dataset

    target = targets(load_dataset("cashless", data_dir))
    p = PARAMS
    return README_SECTION.format(
        seed=seed,
        first=p.first_month,
        last=p.last_month,
        main=MAIN_WINDOW,
        branch=BRANCH_ROLLOUT,
        main_launch=target.launches[MAIN_WINDOW],
        branch_launch=target.launches[BRANCH_ROLLOUT],
        start=target.start_share,
        start_window=START_WINDOW,
        ceiling=target.ceiling,
        ceiling_window=CEILING_WINDOW,
        tau=p.adoption_months,
        tol=FIRST_SHARE_TOLERANCE * 100,
        main_low=int(p.main_size[0]),
        main_high=int(p.main_size[1]),
        branch_low=int(p.branch_size[0]),
        branch_high=int(p.branch_size[1]),
        trend=f"{p.trend:+.0%}".replace("-", "−"),
        fee_low=int(p.fee_yen[0]),
        fee_high=int(p.fee_yen[1]),
        premium=p.cashless_fee_premium,
        step=FEE_STEP,
        n=p.branches,
        first_branch=branch_name(1),
        last_branch=branch_name(p.branches),
    )


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the CSV writes it: booleans as true/false, whole numbers as written."""
    text = frame.copy().astype(object)
    text["synthetic"] = frame["synthetic"].map({True: "true", False: "false"})
    return text


def write(out_dir: Path, seed: int = DEFAULT_SEED, data_dir: Path | None = None) -> list[Path]:
    """Generate the example from the published ``cashless`` table in ``data_dir`` (default:
    data/published) and write it to ``out_dir``; returns the files written."""
    from ...catalogue import load_dataset

    frame = generate(load_dataset("cashless", data_dir), seed=seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILE_NAME
    write_csv(_text(frame), path)
    return [path]
