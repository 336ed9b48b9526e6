"""Write notebooks/01_online_procedures.ipynb (without outputs).

Run ``.venv/bin/python notebooks/build_01_online_procedures.py`` after editing the cells here;
the notebook is generated so that its source stays reviewable as plain Python.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

CELLS = [
    (
        "md",
        """# オンライン手続の進捗評価

杉並区は「令和7年度末までに、オンライン化が可能な手続はすべてオンライン化する」ことを目標に
しています。このレポートは、区が公表した手続数・申請数から、オンライン対応率と利用率、その変化、
目標までのペース、令和6年度の計画を評価します。手続ごとのデータがある場合は、利用率の変化の
要因と、未対応手続への申請の集中度も示します。

- **オンライン対応率** = オンライン対応済手続数 ÷ オンライン対応可能手続数
- **オンライン利用率** = オンラインによる申請数 ÷ オンライン対応済手続の年間申請数
- **未対応手続（バックログ）** = オンライン対応可能だがまだ対応していない手続""",
    ),
    (
        "params",
        """# Papermill parameters (defaults: the latest published year)
fiscal_year = 2023
data_dir = ""  # empty means data/published
example_dir = ""  # empty means data/example (synthetic record-level data)
target_fiscal_year = 2025
target_coverage = 1.0""",
    ),
    (
        "code",
        """from IPython.display import display

from sugidx_analysis import notebook_support as nbs
from sugidx_analysis import paths, plots
from sugidx_analysis.metrics import online
from sugidx_analysis.online_records import summarize

published_dir = nbs.resolve_dir(data_dir, paths.PUBLISHED_DIR)
records_dir = nbs.resolve_dir(example_dir, paths.EXAMPLE_DIR)
summary = nbs.load_optional("online_summary", published_dir)
plan = nbs.load_optional("online_plan", published_dir)
records = nbs.load_optional("online_procedures", records_dir)
year = nbs.choose_year(summary.frame, fiscal_year)
display(nbs.report_header(fiscal_year, year, target_fiscal_year, target_coverage))""",
    ),
    ("md", "## 1. オンライン対応状況と利用状況"),
    (
        "code",
        """notice = nbs.year_notice(year, "オンライン手続")
if notice is not None:
    display(notice)
m = ch = None
if year.shown is not None:
    m = online.measures(summary.frame[summary.frame["fiscal_year"] <= year.shown])
    ch, _ = nbs.attempt(online.change, m, year.shown - 1, year.shown)
    display(nbs.bullets(nbs.status_findings(m, year.shown, ch)))
    if ch is not None:
        display(nbs.change_table(ch))
    else:
        display(nbs.measures_table(m, [y for y in m.years if y >= year.shown - 1]))
    if m.missing:
        display(nbs.missing_table(m.missing))
    nbs.show_figure(plots.coverage_usage_chart(m, nbs.source_line(summary)))""",
    ),
    (
        "md",
        """## 2. 未対応手続（バックログ）の推移

対応可能手続の総数が増えると、オンライン化が進んでも未対応手続は増えることがあります。""",
    ),
    (
        "code",
        """flow = None
if year.shown is not None:
    flow = online.backlog_flow(summary.frame, year.shown - 1, year.shown)
if flow is None:
    display(nbs.no_data_notice("前年度と比べられるデータがないため、推移は示せません。"))
else:
    display(nbs.bullets(nbs.backlog_findings(flow)))
    display(nbs.backlog_table(flow))""",
    ),
    (
        "md",
        """## 3. 目標達成に必要なペース

目標年度末までに目標の対応率に達するために必要な年あたりのオンライン化手続数を、観測された
ペースと比べます。3年度分以上のデータでは最小二乗法のトレンドと予測区間を、2年度分では直線に
よる外挿のみを示します（2点からは予測区間を推定できません）。""",
    ),
    (
        "code",
        """pace, why = None, "対象年度以前のデータがありません"
if year.shown is not None:
    upto = summary.frame[summary.frame["fiscal_year"] <= year.shown]
    pace, why = nbs.attempt(online.pace_to_target, upto, target_coverage, target_fiscal_year)
if pace is None:
    display(nbs.no_data_notice(f"目標までのペースは求められません（{why}）。"))
else:
    display(nbs.bullets(nbs.pace_findings(pace)))
    display(nbs.pace_table(pace))
    nbs.show_figure(plots.pace_chart(m, pace, nbs.source_line(summary)))""",
    ),
    (
        "md",
        """## 4. 翌年度のオンライン対応計画（優先度別）

「計画達成時の対応率」は、対応予定の手続がすべてオンライン化し、対象外予定の手続が対応可能手続から
外れ、新たな対応可能手続は加わらないと仮定した値です。""",
    ),
    (
        "code",
        """plan_year = nbs.choose_year(plan.frame, fiscal_year + 1)
if plan_year.shown is None:
    display(nbs.no_data_notice(f"{nbs.format_fiscal_year(fiscal_year + 1)}以前の計画のデータは"
                               "ありません。"))
else:
    if plan_year.is_fallback:
        display(nbs.year_notice(plan_year, "オンライン対応計画"))
    plan_result = online.plan_by_band(plan.frame, summary.frame, plan_year.shown)
    display(nbs.bullets(nbs.plan_findings(plan_result)))
    display(nbs.plan_table(plan_result))
    nbs.show_figure(plots.plan_chart(plan_result, nbs.source_line(plan)))""",
    ),
    (
        "md",
        """## 5. 手続ごとのデータによる分析

利用率の変化を「既存の対応済手続内での利用増」「申請構成の変化」「新たにオンライン化した手続」に
分け（各部分の合計が利用率の変化に一致します）、未対応手続の申請がどれだけ少数の手続に集中して
いるかを示します。""",
    ),
    (
        "code",
        """if not records.ok:
    display(nbs.no_data_notice(f"手続ごとのデータがないため、この節は省略します（{records.reason}）。"))
else:
    notice = nbs.tier_notice(records)
    if notice is not None:
        display(notice)
    rec_year = nbs.choose_year(records.frame, fiscal_year)
    notice = nbs.year_notice(rec_year, "手続ごと")
    if notice is not None:
        display(notice)
    if rec_year.shown is not None:
        display(nbs.records_check(summarize(records.frame), summary.frame))
        if rec_year.shown - 1 not in rec_year.available:
            display(nbs.no_data_notice("前年度の手続ごとのデータがないため、利用率の変化は分解"
                                       "できません。"))
        else:
            dec = online.usage_decomposition(records.frame, rec_year.shown - 1, rec_year.shown)
            display(nbs.bullets(nbs.decomposition_findings(dec)))
            display(nbs.decomposition_table(dec))
            nbs.show_figure(plots.decomposition_chart(dec, nbs.source_line(records),
                                                      records.tier == "synthetic"))
        conc = online.offline_concentration(records.frame, rec_year.shown)
        display(nbs.bullets(nbs.concentration_findings(conc)))
        display(nbs.concentration_table(conc))
        display(nbs.largest_offline_table(conc))
        nbs.show_figure(plots.concentration_chart(conc, nbs.source_line(records),
                                                  records.tier == "synthetic"))""",
    ),
    (
        "md",
        """## 出典と再現情報

公表値の出典、実行時のパラメータ、入力ファイルのハッシュ（SHA-256）です。""",
    ),
    (
        "code",
        """display(nbs.sources_table([summary, plan]))
display(nbs.provenance(
    {"fiscal_year": fiscal_year, "data_dir": data_dir, "example_dir": example_dir,
     "target_fiscal_year": target_fiscal_year, "target_coverage": target_coverage},
    [summary, plan, records],
))""",
    ),
]


def _join_japanese_lines(text: str) -> str:
    """Join wrapped lines of a Markdown paragraph: Markdown turns a line break into a space,
    which Japanese text must not have. Lists, headings and blank lines stay as they are."""
    out: list[str] = []
    for line in text.splitlines():
        joinable = out and out[-1] and line and not line.startswith(("-", "#", "|", "*", " "))
        if joinable and not out[-1].startswith(("#", "|")):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in CELLS:
        if kind == "md":
            nb.cells.append(new_markdown_cell(_join_japanese_lines(source)))
        else:
            cell = new_code_cell(source)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):  # stable ids keep diffs small
        cell["id"] = f"cell-{i:02d}"
    return nb


if __name__ == "__main__":
    nbformat.write(build(), HERE / "01_online_procedures.ipynb")
