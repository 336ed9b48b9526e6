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
# # キャッシュレス決済とデジタルデバイド対策の評価
#
# 窓口で手数料を支払う際のキャッシュレス決済の導入と、スマートフォン等に不慣れな高齢者向けの講座・相談会（デジタルデバイド対策）を評価します。この報告は、第1部でキャッシュレス決済の導入状況と、窓口・月ごとのデータがある場合は導入による現金払いの件数の変化を、第2部でデジタルデバイド対策の講座等の実施状況と高齢者人口に対する規模を示します。用語の定義と前提は「用語と方法」にまとめています。

# %% tags=["parameters"]
# Papermill parameters (defaults: the latest published year)
fiscal_year = 2024
data_dir = ""  # empty means data/published
example_dir = ""  # empty: data/example (synthetic) beside data/published, else data_dir itself
confidence = 0.95  # level of the confidence intervals
leads = 6  # months before launch shown in the event study

# %%
from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.report.display import show
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.cashless import charts, present
from sugidx_analysis.themes.cashless.metrics import CashlessParams, evaluate

inputs = load_inputs(get_theme("cashless"), data_dir, example_dir)
ev = evaluate(inputs, CashlessParams(fiscal_year, confidence, leads))
show(present.header(ev))

# %%
show(present.summary(ev))

# %% [markdown]
# ## 第1部　キャッシュレス決済
#
# ### 1. 導入状況
#
# 公表資料による導入時期と、窓口ごとのキャッシュレス決済の利用割合です。

# %%
show(present.published_section(ev))

# %% [markdown]
# ### 2. 導入後の利用状況と導入前後の比較（分割時系列分析）
#
# 窓口・月ごとのデータから、導入後のキャッシュレス利用割合と、導入によって現金で支払われた件数がどれだけ変わったかを、導入がなかった場合の見込みと比べて示します。

# %%
show(present.records(ev))
show(present.its_section(ev), charts.uptake(ev), charts.its(ev))

# %% [markdown]
# ### 3. 未導入の窓口との比較（差の差分析）
#
# 導入の時期が窓口によって異なることを利用し、まだ導入していない窓口を比較の対象として、導入からの月数ごとの効果を示します。

# %%
show(present.study_section(ev), charts.study(ev))

# %% [markdown]
# ## 第2部　デジタルデバイド対策
#
# ### 4. 講座等の実施状況と規模

# %%
show(present.outreach_section(ev))

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
