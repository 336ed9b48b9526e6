"""The assumptions registry: every assumption the code makes, stated once.

Each entry has a value and unit where it has one, where it comes from, and a quality and impact
rating (after govcookiecutter's assumptions-and-caveats log: quality of the evidence, impact on
the results, each high/medium/low). Metrics name the assumptions they used by id; the reports
print them from here, so the list a reader sees is the list the code uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import SugidxError

RATINGS = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Assumption:
    """One assumption: ``text`` is the sentence a report prints (Japanese)."""

    id: str
    text: str
    source: str
    quality: str
    impact: str
    value: float | int | str | None = None
    unit: str = ""

    def __post_init__(self) -> None:
        for rating in (self.quality, self.impact):
            if rating not in RATINGS:
                raise ValueError(f"{self.id}: rating {rating!r} is not one of {RATINGS}")


REGISTRY: dict[str, Assumption] = {}


def register(*items: Assumption) -> None:
    """Add assumptions; an id can be registered only once."""
    for item in items:
        if item.id in REGISTRY and REGISTRY[item.id] != item:
            raise ValueError(f"assumption {item.id!r} is already registered")
        REGISTRY[item.id] = item


def get(assumption_id: str) -> Assumption:
    """The registered assumption ``assumption_id``; the error lists the known ids."""
    try:
        return REGISTRY[assumption_id]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise SugidxError(f"unknown assumption {assumption_id!r}; known: {known}") from None


def used(ids: Iterable[str]) -> list[Assumption]:
    """The assumptions ``ids`` names, in registry order, each once."""
    wanted = set(ids)
    for assumption_id in wanted:
        get(assumption_id)
    return [a for a in REGISTRY.values() if a.id in wanted]


register(
    Assumption(
        "fiscal_year",
        "年度は4月から翌年3月までとし、始まる年の西暦で表します"
        "（令和5年度 = 2023年4月〜2024年3月）。",
        "地方自治法第208条（会計年度）",
        quality="high",
        impact="low",
    ),
    Assumption(
        "trend.two_points",
        "観測が2年度分のみの場合は、2点を結ぶ直線で外挿します。2点からは誤差の大きさを推定"
        "できないため、予測区間は示しません。",
        "手法上の選択",
        quality="low",
        impact="high",
    ),
    Assumption(
        "trend.ols",
        "観測が3年度分以上の場合は、最小二乗法による直線トレンドと95%予測区間を示します"
        "（自由度が小さいため区間は広くなります）。",
        "手法上の選択",
        quality="medium",
        impact="high",
        value=0.95,
        unit="信頼水準",
    ),
)

# ---- online procedures (themes/online) ------------------------------------------------------
register(
    Assumption(
        "online.capable_pool_fixed",
        "目標までのペースは、オンライン対応可能手続の総数が最新年度の数のまま変わらないと仮定"
        "して求めます。対応可能手続が増えれば、必要なペースはこれより大きくなります。",
        "手法上の選択",
        quality="low",
        impact="high",
    ),
    Assumption(
        "online.plan_delivered",
        "計画達成時の対応率は、対応予定の手続がすべてオンライン化し、対象外予定の手続が対応"
        "可能手続から外れ、新たな対応可能手続は加わらないと仮定した値です。",
        "区の計画（優先度別の対応予定）",
        quality="medium",
        impact="medium",
    ),
    Assumption(
        "online.paper_avoided",
        "紙の申請がオンラインに置き換わった件数は、オンライン利用率が前年度のままだった場合の"
        "オンライン申請数との差として計算します。",
        "手法上の選択",
        quality="medium",
        impact="low",
    ),
    Assumption(
        "synth.online.seed",
        "手続ごとの合成データは、公表された合計値に一致するよう、乱数の種を固定して生成して"
        "います。個々の手続の値は架空です。",
        "本ツールの合成データ生成機能（乱数の種を固定）",
        quality="high",
        impact="low",
        value=20241,
        unit="乱数の種",
    ),
    Assumption(
        "synth.online.new_online_share",
        "合成データでは、新たにオンライン化した手続のうちその年度に新設された手続の割合を"
        "6分の1としています。利用率の変化の要因分解はこの設定に左右されます。",
        "合成データの設定（根拠となる公表値はありません）",
        quality="low",
        impact="medium",
        value=1 / 6,
        unit="割合",
    ),
    Assumption(
        "synth.online.not_capable_applications",
        "合成データでは、オンライン対応不可の手続の申請数を空欄にしています（公表された申請数"
        "の合計は、それを含めずに一致します）。",
        "区の公表値の構成（対応済 + 未対応 = 総申請数）",
        quality="medium",
        impact="low",
    ),
)
