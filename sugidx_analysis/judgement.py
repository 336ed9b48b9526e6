"""The judgement of a measure against its target: one rule for every theme, the summary pages and
the scorecard, printed in the reports as :data:`RULE` so a reader can check it.

The rule compares the fiscal year in which the observed pace reaches the target with the target
year. It is pure: themes pass the figures in; the wording of each verdict lives here too, so the
summary and the scorecard cannot word it differently.
"""

from __future__ import annotations

import datetime as dt

ACHIEVED = "achieved"
ON_TRACK = "on_track"
CAUTION = "caution"
OFF_TRACK = "off_track"
NOT_JUDGED = "not_judged"

# Years after the target year within which reaching the target counts as 要注意, not 未達見込み.
GRACE_YEARS = 2

LABELS = {
    ACHIEVED: "達成",
    ON_TRACK: "順調",
    CAUTION: "要注意",
    OFF_TRACK: "未達見込み",
    NOT_JUDGED: "判定なし",
}

RULE = (
    "判定は次の規則によります。目標値に達している場合は「達成」、観測されたペースが続くと目標"
    "年度（目標が期日で定められている場合はその期日）までに達する場合は「順調」、その後"
    f"{GRACE_YEARS}年以内に達する場合は「要注意」、それより遅れるか達しない場合は「未達見込み」、"
    "目標がないか、ペースを求めるデータ（2年度分または2時点以上）がない場合は「判定なし」とします。"
)


def judge(
    value: float | None,
    target: float | None,
    target_fiscal_year: int | None,
    year_reached: int | None,
    pace_known: bool,
) -> str:
    """The verdict code for a measure where higher is better.

    Parameters
    ----------
    value : the latest value; target : the target value (same unit).
    target_fiscal_year : the year by whose end the target is due.
    year_reached : the fiscal year whose end the observed pace reaches the target (None: never).
    pace_known : whether an observed pace could be computed at all.
    """
    if value is None or target is None or target_fiscal_year is None:
        return NOT_JUDGED
    if value >= target:
        return ACHIEVED
    if not pace_known:
        return NOT_JUDGED
    if year_reached is not None and year_reached <= target_fiscal_year:
        return ON_TRACK
    if year_reached is not None and year_reached <= target_fiscal_year + GRACE_YEARS:
        return CAUTION
    return OFF_TRACK


def judge_date(
    value: float | None,
    target: float | None,
    due: dt.date | None,
    reached: dt.date | None,
    pace_known: bool,
) -> str:
    """:func:`judge` for a target due on a date rather than by a fiscal year's end (the
    Fit&Gap target is due 2025-07-01): 順調 when the pace reaches the target by ``due``, 要注意
    within :data:`GRACE_YEARS` after it."""
    if value is None or target is None or due is None:
        return NOT_JUDGED
    if value >= target:
        return ACHIEVED
    if not pace_known:
        return NOT_JUDGED
    if reached is not None and reached <= due:
        return ON_TRACK
    if reached is not None and reached <= due.replace(year=due.year + GRACE_YEARS):
        return CAUTION
    return OFF_TRACK
