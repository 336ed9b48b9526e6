# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # RPA・AI-OCRによる業務時間削減の評価
#
# この報告は、RPA（定型的なパソコン作業の自動化）とAI-OCR（手書き・印刷文字の読み取り）による職員の手作業の削減について、公表された導入業務数と削減時間を、職員換算と金額換算で示し、換算の前提を変えた場合の幅を示します。業務ごとのデータがある場合は、削減時間の集中、費用に対する効果、実証実験の見込みと本格導入後の実績を比べます。用語の定義と前提は「用語と方法」にまとめています。

# %% tags=["parameters"]
# Papermill parameters (defaults: the latest published year and the registered assumptions)
fiscal_year = 2022
data_dir = ""  # empty means data/published
example_dir = ""  # empty: data/example (synthetic) beside data/published, else data_dir itself
hours_per_fte = 1883  # annual working hours of one full-time employee
hourly_cost_yen = 3550  # staff cost per hour, yen

# %%
from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.report.display import show
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.rpa import charts, present
from sugidx_analysis.themes.rpa.metrics import RpaParams, evaluate

inputs = load_inputs(get_theme("rpa"), data_dir, example_dir)
ev = evaluate(inputs, RpaParams(fiscal_year, hours_per_fte, hourly_cost_yen))
show(present.header(ev))

# %%
show(present.summary(ev))

# %% [markdown]
# ## 1. 導入業務数と削減時間
#
# 公表された削減時間は「約5,200時間」のような概数です。表と文中では「約」を付け、四捨五入前の値がとり得る範囲（概数の幅）を括弧内に示します。

# %%
show(present.hours_section(ev), charts.hours(ev))

# %% [markdown]
# ## 2. 職員換算と金額換算
#
# 削減時間を、職員何人分の勤務時間に当たるか（職員換算）と、人件費にしていくらに当たるか（金額換算）で示します。どちらも前提となる値によって変わるため、用いた値と既定値の根拠を表に示します。

# %%
show(present.valuation_section(ev))

# %% [markdown]
# ## 3. 前提を変えた場合（感度分析）
#
# 年間勤務時間と時間単価を既定値から±20%の範囲で変えた場合の職員換算と金額換算です。

# %%
show(present.sensitivity_section(ev), charts.sensitivity(ev))

# %% [markdown]
# ## 4. 業務ごとのデータによる分析
#
# 削減時間がどの業務・所管課・ツールに集中しているか、ライセンス等の費用に対して効果が上回っているか、実証実験の見込みが本格導入後に実現したかを示します。

# %%
show(present.records(ev))
show(present.concentration_section(ev), charts.concentration(ev))
show(present.break_even_section(ev))
show(present.forecast_section(ev), charts.forecast(ev))

# %% [markdown]
# ## 留意事項

# %%
show(present.caveats(ev))

# %% [markdown]
# ## 用語と方法

# %%
show(present.method(ev))

# %% [markdown]
# ## 出典

# %%
show(present.sources(ev))

# %% [markdown]
# ## 付録　再現情報
#
# この報告を同じ結果で作り直すための情報です。入力ファイルのSHA-256（ハッシュ値）が一致すれば、同じデータから計算されています。

# %%
show(present.reproduction(ev, data_dir, example_dir))
