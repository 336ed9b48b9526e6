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
#
# %% [markdown]
# # DX施策評価の総括
#
# この報告は、各施策の評価報告で算出した主な指標と、公表資料に記載されたその他の数値を一つの表にまとめ、目標が設定されている指標を共通の規則で判定します。最初の「総括」に、最も重要な点を最大5項目で示します。各施策の詳細は、それぞれの評価報告を参照してください。

# %% tags=["parameters"]
# Papermill parameters (defaults: the latest published year)
fiscal_year = 2024
data_dir = ""  # empty means data/published
example_dir = ""  # empty: data/example (synthetic) beside data/published, else data_dir itself

# %%
from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.municipality import load_profile
from sugidx_analysis.report.display import show
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.overview import present
from sugidx_analysis.themes.overview.metrics import OverviewParams, evaluate

inputs = load_inputs(get_theme("overview"), data_dir, example_dir)
card = evaluate(inputs, OverviewParams(fiscal_year, load_profile(data_dir)))
show(present.header(card))

# %%
show(present.summary(card))

# %% [markdown]
# ## 1. 指標一覧
#
# 各施策の主な指標と、公表資料に記載されたその他の数値です。目標が設定されている指標は、評価結果の概要と同じ規則で判定しています。

# %%
show(present.scorecard_table(card))

# %% [markdown]
# ## 出典

# %%
show(present.sources(card))

# %% [markdown]
# ## 付録　再現情報
#
# この報告を同じ結果で作り直すための情報です。入力ファイルのSHA-256（ハッシュ値）が一致すれば、同じデータから計算されています。

# %%
show(present.reproduction(card, data_dir, example_dir))
