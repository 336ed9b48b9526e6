"""A municipality's target as a report words it: 「令和7年度末までに100%」, its source, and
what is said when the profile sets none. One place, so every theme and the scorecard say it
the same way."""

from __future__ import annotations

from .. import fmt
from ..municipality import Profile, Target, targets_input
from . import provenance

NO_PROFILE_NOTE = (
    "このデータフォルダには自治体プロファイル（municipality.toml）がないため、"
    "自治体名と目標は設定されていません。目標に対する判定は行いません。"
)
RUN_TARGET = "実行時に指定された値"


def none_set(profile: Profile, what: str) -> str:
    """The sentence for a measure with no target: why there is none."""
    if not profile.configured:
        return f"{what}の目標は設定されていません（自治体プロファイルがありません）。"
    return f"{what}の目標は自治体プロファイルに設定されていません。"


def goal_words(value: str, fiscal_year: int | None = None, due=None) -> str:
    """「令和7年度末までに100%」 for a target due by a fiscal year's end, 「令和7年7月1日までに
    90%」 for a dated one; ``value`` is already written in its unit. Every report words a
    target through here."""
    when = fmt.date(due) if due is not None else f"{fmt.fiscal_year(fiscal_year)}末"
    return f"{when}までに{value}"


def value(target: Target) -> str:
    """The target value in its unit: a ratio as a whole percentage."""
    if target.unit == "ratio":
        return fmt.percent(target.value, 0)
    return f"{fmt.number(target.value, 0)}{target.unit}"


def goal(target: Target) -> str:
    """「令和7年度末までに100%」."""
    return goal_words(value(target), target.fiscal_year, target.due)


def source(target: Target, profile: Profile) -> str:
    """The 出典 of a target: its document (marked when it names no municipality), or that the
    run set it."""
    if not target.source_id:
        return RUN_TARGET
    loaded = targets_input(profile, (target,))
    return provenance.source_line(loaded) if loaded is not None else RUN_TARGET
