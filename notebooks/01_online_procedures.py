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
# # オンライン手続の進捗評価
#
# この報告は、公表された手続数・申請数から、オンライン対応率と利用率、その変化、目標までのペース、翌年度の計画を評価します。手続ごとのデータがある場合は、利用率の変化の要因と、未対応手続への申請の集中度も示します。用語の定義は「用語と方法」にまとめています。

# %% tags=["parameters"]
# Papermill parameters (defaults: the latest published year)
fiscal_year = 2023
data_dir = ""  # empty means data/published
example_dir = ""  # empty: data/example (synthetic) beside data/published, else data_dir itself
target_fiscal_year = None  # None: the target in the data folder's municipality.toml
target_coverage = None  # a what-if value (e.g. 0.9) replaces the profile's

# %%
from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.municipality import load_profile
from sugidx_analysis.report.display import show
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.online import charts, present
from sugidx_analysis.themes.online.metrics import OnlineParams, evaluate

inputs = load_inputs(get_theme("online"), data_dir, example_dir)
params = OnlineParams(fiscal_year, target_fiscal_year, target_coverage, load_profile(data_dir))
ev = evaluate(inputs, params)
show(present.header(ev))

# %%
show(present.summary(ev))

# %% [markdown]
# ## 1. オンライン対応状況と利用状況

# %%
show(present.status(ev), charts.status(ev))

# %% [markdown]
# ## 2. 未対応手続の推移
#
# 対応可能手続の総数が増えると、オンライン化が進んでも未対応手続は増えることがあります。

# %%
show(present.backlog(ev))

# %% [markdown]
# ## 3. 目標達成に必要なペース
#
# 目標年度末までに目標の対応率に達するために必要な年あたりのオンライン化手続数を、観測されたペースと比べます。3年度分以上のデータでは最小二乗法のトレンドと予測区間を、2年度分では直線による外挿のみを示します（2点からは予測区間を推定できません）。

# %%
show(present.pace(ev), charts.pace(ev))

# %% [markdown]
# ## 4. 翌年度のオンライン対応計画（優先度別）
#
# 「計画達成時の対応率」は、対応予定の手続がすべてオンライン化し、対象外予定の手続が対応可能手続から外れ、新たな対応可能手続は加わらないと仮定した値です。

# %%
show(present.plan(ev), charts.plan(ev))

# %% [markdown]
# ## 5. 手続ごとのデータによる分析
#
# 利用率の変化を「既存の対応済手続内での利用増」「申請構成の変化」「新たにオンライン化した手続」に分け（各部分の合計が利用率の変化に一致します）、未対応手続の申請がどれだけ少数の手続に集中しているかを示します。

# %%
show(present.records(ev))
show(present.decomposition(ev), charts.decomposition(ev))
show(present.concentration(ev), charts.concentration(ev))

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
