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
# # 区民アンケートの回答状況と結果
#
# この報告は、18歳以上の住民から無作為に選んだ方に調査票を送って行ったアンケートについて、回答率と標本誤差から結果をどこまで信頼できるかを示し、回答者の年齢・性別の偏りを母集団に合わせて補正（重み付け）した場合の結果を、補正しない結果と並べて示します。用語の定義と前提は「用語と方法」にまとめています。

# %% tags=["parameters"]
# Papermill parameters (defaults: the latest published survey)
fiscal_year = 2024
data_dir = ""  # empty means data/published
example_dir = ""  # empty: data/example (synthetic) beside data/published, else data_dir itself
min_cell_size = 10  # cells resting on fewer respondents are not shown
confidence = 0.95  # level of every interval
weighting = "raking"  # "raking" (to age group and sex) or "none"

# %%
from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.report.display import show
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.survey import charts, present
from sugidx_analysis.themes.survey.metrics import SurveyParams, evaluate

inputs = load_inputs(get_theme("survey"), data_dir, example_dir)
ev = evaluate(inputs, SurveyParams(fiscal_year, min_cell_size, confidence, weighting))
show(present.header(ev))

# %%
show(present.summary(ev))

# %% [markdown]
# ## 1. 回収状況と標本誤差
#
# 回答率と、回答者数に応じた標本誤差（偶然による誤差の大きさ）を示します。

# %%
show(present.response_section(ev))

# %% [markdown]
# ## 2. 回答者の構成
#
# 回答者の年齢・性別の構成を、18歳以上の住民（母集団）と比べます。ここからは回答者ごとのデータによる分析です。

# %%
show(present.records(ev))
show(present.profile_section(ev), charts.profile(ev))

# %% [markdown]
# ## 3. 重み付け
#
# 回答者の構成の偏りを補正するため、年齢区分別・男女別の合計が母集団と一致するよう、回答者ごとに重みを付けます。

# %%
show(present.weights_section(ev))

# %% [markdown]
# ## 4. 設問ごとの結果
#
# 回答者の単純集計と重み付け集計を、信頼区間とともに並べて示します。

# %%
show(present.results_section(ev), charts.results(ev))

# %% [markdown]
# ## 5. 年齢区分別の結果
#
# 年齢区分によって回答が異なるかを、重み付けした集計表と検定で示します。回答者が少ない区分の値は表示していません。

# %%
show(present.crosstab_section(ev), charts.crosstabs(ev))

# %% [markdown]
# ## 6. 無回答
#
# 設問ごとに、回答する対象であったのに回答しなかった人の割合を示します。

# %%
show(present.nonresponse_section(ev))

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
