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
        "観測が2時点（2年度分、または2回の集計）のみの場合は、2点を結ぶ直線で外挿します。"
        "2点からは誤差の大きさを推定できないため、予測区間は示しません。",
        "手法上の選択",
        quality="low",
        impact="high",
    ),
    Assumption(
        "trend.ols",
        "観測が3時点以上の場合は、最小二乗法による直線トレンドと95%予測区間を示します"
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

# ---- RPA / AI-OCR (themes/rpa) --------------------------------------------------------------
register(
    Assumption(
        "rpa.hours_per_fte",
        "職員1人分の年間勤務時間の既定値は1,883時間です。1日7時間45分（週38時間45分）の正規の勤務"
        "時間に、令和4年度の勤務日数243日（土曜・日曜、国民の祝日、年末年始12月29日〜1月3日を"
        "除く日数）を掛けた1,883.25時間を整数に丸めた値です。年次休暇や研修の時間は差し引いて"
        "いません。",
        "特別区の職員の勤務時間、休日、休暇等に関する条例・規程の正規の勤務時間"
        "（例：中野区、江東区。杉並区の条例の条文は未確認）と令和4年度の暦",
        quality="medium",
        impact="high",
        value=1883,
        unit="時間／人・年",
    ),
    Assumption(
        "rpa.hourly_cost_yen",
        "職員1時間あたりの人件費の既定値は3,550円です。杉並区の職員一人あたりの平均給与"
        "（令和4年度一般会計決算、年額約669万円）を年間勤務時間1,883時間で割り、10円単位に丸めた"
        "値です。共済費（事業主負担）や庁舎・端末などの間接費を含まないため、それらを含む人件費"
        "単価より低めの値です。",
        "杉並区「区の一般職員の給与の概要はどのようになっているのですか」"
        "（よくある質問、ページ番号1004198、令和5年12月1日更新）",
        quality="medium",
        impact="high",
        value=3550,
        unit="円／時間",
    ),
    Assumption(
        "rpa.hours_are_estimates",
        "削減時間は、各課が導入前後の作業時間から見積もった値です。第三者による測定値では"
        "ありません。",
        "区の公表資料（削減時間の算定方法は公表されていません）",
        quality="low",
        impact="high",
    ),
    Assumption(
        "rpa.freed_time_not_cash",
        "職員換算と金額換算は、削減時間の大きさを表す目安です。生み出された時間は、職員数の"
        "削減か他業務への振り向けがない限り、予算上の支出削減にはなりません。",
        "手法上の選択",
        quality="high",
        impact="high",
    ),
    Assumption(
        "rpa.approximate_interval",
        "「約」の付いた公表値は、最後の0でない桁で四捨五入された値とみなし、その四捨五入前の値がとり得る"
        "範囲（約5,200時間なら5,150〜5,250時間）を、職員換算・金額換算・1業務あたりの値まで"
        "引き継いで示します。",
        "手法上の選択",
        quality="medium",
        impact="low",
    ),
    Assumption(
        "rpa.payback",
        "投資回収年数は、構築に要した職員の時間を時間単価で金額に換算した初期費用を、年間の"
        "純効果（削減時間の金額換算 − 年間のライセンス等の費用）で割った値です。純効果が0以下の"
        "業務は回収できないものとします。",
        "手法上の選択",
        quality="medium",
        impact="medium",
    ),
    Assumption(
        "synth.rpa.seed",
        "業務ごとの合成データは、公表された業務数と削減時間（約5,200時間、実証実験の見込み"
        "約1,300時間）に一致するよう、乱数の種を固定して生成しています。個々の業務の値、"
        "費用、令和5年度の実績は架空です。",
        "本ツールの合成データ生成機能（乱数の種を固定）",
        quality="high",
        impact="low",
        value=20242,
        unit="乱数の種",
    ),
)

# ---- resident survey (themes/survey) --------------------------------------------------------
register(
    Assumption(
        "synth.survey.seed",
        "回答者ごとの合成データは、公表された回答者数（383人）と「知りたい情報」の回答者数"
        "（353人）・回答数（1,053件）に一致するよう、乱数の種を固定して生成しています。"
        "回答者の年齢・性別の偏り、設問・選択肢、個々の回答は架空です。",
        "本ツールの合成データ生成機能（乱数の種を固定）",
        quality="high",
        impact="low",
        value=20243,
        unit="乱数の種",
    ),
)
register(
    Assumption(
        "survey.simple_random_sample",
        "調査対象者は18歳以上の区民から無作為に抽出された単純無作為標本とみなし、標準誤差には"
        "有限母集団修正を用いています（層化・多段抽出の情報は公表されていません）。",
        "区の公表資料（「18歳以上の区民2,000名（無作為抽出）」）",
        quality="medium",
        impact="medium",
    ),
    Assumption(
        "survey.margin_of_error",
        "標本誤差は、回答者を単純無作為標本とみなしたときの、割合の95%信頼区間の半幅"
        "（1.96 × √(p(1−p)/n × (N−n)/(N−1))）です。回答しなかった人による偏り（非回答"
        "バイアス）は含みません。",
        "手法上の選択（統計調査の標準的な式）",
        quality="high",
        impact="medium",
    ),
    Assumption(
        "survey.population_unverified",
        "母集団の人数（18歳以上の区民、年齢別・男女別）は参考値として用いており、出典の資料との"
        "照合は済んでいません。",
        "住民基本台帳による人口（参考値・出典未確認）",
        quality="low",
        impact="medium",
    ),
    Assumption(
        "survey.missing_at_random",
        "回答しなかった人の回答傾向は、年齢・性別が同じ回答者と同じとみなしています（重み付けが"
        "偏りを補正できるのは、この前提が成り立つ範囲に限られます）。",
        "手法上の選択",
        quality="low",
        impact="high",
    ),
    Assumption(
        "survey.raking",
        "重み付けは、回答者の年齢区分別・男女別の合計が母集団の人数と一致するよう、反復比例"
        "調整（レイキング）で求めています（各区分の合計と母集団の人数との相対的な差が100億分の1以下になるまで繰り返しています）。",
        "手法上の選択（統計ソフトRの調査データ用の標準的な方法と同じ計算）",
        quality="high",
        impact="medium",
    ),
)

# ---- cashless payment (themes/cashless) -----------------------------------------------------
register(
    Assumption(
        "synth.cashless.seed",
        "窓口・月ごとの合成データ（キャッシュレス決済）は、乱数の種を固定して生成しています。"
        "区民課窓口（本庁舎）と区民事務所の導入月（令和5年12月、令和6年10月）は公表値に"
        "合わせていますが、区民事務所の名称（架空）、各月の件数・手数料・利用割合は架空です。",
        "本ツールの合成データ生成機能（乱数の種を固定）",
        quality="high",
        impact="low",
        value=20245,
        unit="乱数の種",
    ),
    Assumption(
        "synth.cashless.adoption_months",
        "合成データでは、導入後のキャッシュレス利用割合（件数ベース）が、導入月に約14%"
        "（令和3年度頃の資料の戸籍住民課・税務課の値。資料は発行自治体を記していません）から"
        "始まり、約62%（同じ資料のオアシスルームの値）を上限として、上限との差が10か月で"
        "約37%（1/e）に縮む曲線で近づくものとしています（2年で差の約9割が埋まります）。"
        "導入の効果の推定は、この設定に左右されます。",
        "「区のデジタル化の取組みについて」（発行自治体不明、令和3年度頃）の公表値と、合成"
        "データの設定（利用割合の推移の根拠となる公表値はありません）",
        quality="low",
        impact="medium",
        value=10,
        unit="か月（時定数）",
    ),
    Assumption(
        "synth.cashless.trend",
        "合成データでは、窓口で手数料を払う件数が季節変動（3〜4月の転居期に多く、8月と"
        "12〜1月に少ない）のほかに年3%ずつ減るものとしています（コンビニ交付の広がりを想定）。"
        "導入による件数の変化はないものとしています。",
        "合成データの設定（根拠となる公表値はありません）",
        quality="low",
        impact="medium",
        value=-0.03,
        unit="年率",
    ),
)
