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
# # 住民情報系システム標準化の進捗評価
#
# 国は自治体の住民情報系システムを、国が定める標準仕様に沿ったシステム（標準化システム）へ移行することを求めています。移行に向けては、現在の業務との違いを洗い出す影響調査（Fit&Gap分析）を行い、見つかった課題を解消していきます。この報告は、システムごとの課題の解消状況、目標の進捗率までにあと何件をどのペースで解消する必要があるか、集計が複数時点ある場合はこれまでのペースによる見通しを示します。用語の定義と前提は「用語と方法」にまとめています。

# %% tags=["parameters"]
# Papermill parameters (defaults: the latest published year)
fiscal_year = 2024
data_dir = ""  # empty means data/published
confidence = 0.95  # level of the projection's prediction interval

# %%
from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.municipality import load_profile
from sugidx_analysis.report.display import show
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.standardization import charts, present
from sugidx_analysis.themes.standardization.metrics import StandardizationParams, evaluate

inputs = load_inputs(get_theme("standardization"), data_dir)
ev = evaluate(inputs, StandardizationParams(fiscal_year, confidence, load_profile(data_dir)))
show(present.header(ev))

# %%
show(present.summary(ev))

# %% [markdown]
# ## 1. 課題の解消状況
#
# Fit&Gap分析で見つかった課題のうち、解消（完了）した件数と進捗率をシステムごとに示します。

# %%
show(present.progress_section(ev), charts.progress(ev))

# %% [markdown]
# ## 2. 目標までに必要な件数とペース
#
# 目標の進捗率に達するためにあと何件の完了が必要か、期日までに1か月あたり何件を完了する必要があるかを示します。

# %%
show(present.need_section(ev))

# %% [markdown]
# ## 3. これまでのペースによる見通し
#
# 課題の集計が2時点以上ある場合に、これまでのペースが続いたときに目標に達する時期を示し、期日に対して判定します。

# %%
show(present.pace_section(ev), charts.pace(ev))

# %% [markdown]
# ## 4. 標準化の目標

# %%
show(present.targets_section(ev))

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
show(present.reproduction(ev, data_dir))
