"""The evaluation themes: one package each, all with the same rooms, and the registry of them.

A theme package holds ``schema.py`` (its datasets), ``records.py`` (record-level data → the
published tables' shape), ``metrics.py`` (pure measures, ``evaluate`` and ``kpis``),
``present.py`` (display tables and Japanese findings), ``charts.py`` (figures) and ``synth.py``
(its seeded synthetic example data). Imports point one way: ``metrics`` and ``records`` never
import ``present``, ``charts``, ``report``, matplotlib or IPython (a test holds this).

Errors, one convention for every theme:

- a metric called with arguments it cannot take (a year not in the data, a target outside
  0–100%) raises :class:`~sugidx_analysis.errors.MetricInputError`;
- data that cannot support a measure (one year where a trend needs two, an empty count, a zero
  denominator) is not an error: the result carries a
  :class:`~sugidx_analysis.themes.base.Reason`, and ``evaluate`` checks a measure's
  preconditions before computing it rather than catching exceptions. ``present`` words each
  reason code in Japanese; an exception's text never reaches a report.

A new theme adds one package and one row to :data:`THEMES`. This module is cheap to import: a
theme's modules are imported only when used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from ..errors import SugidxError


@dataclass(frozen=True, slots=True)
class Theme:
    """One evaluation theme.

    Attributes
    ----------
    name : package name under ``themes/`` (also ``sugidx synth NAME``).
    notebook : file stem of its notebook in ``notebooks/``.
    title : the report's Japanese title.
    datasets : the datasets its report reads from the data folder (``data_dir``); the first
        is its primary dataset, whose fiscal years decide which years get a report
        (:func:`~sugidx_analysis.catalogue.years_with_data`).
    example_datasets : record-level datasets it reads from the example folder (``example_dir``).
    synth : whether it has a synthetic-data generator (``synth.py``: ``write`` and
        ``readme_section``).
    scorecard : the overview, which collects every other theme's figures: it reads their
        published (or the analyst's) tables, not the record-level data; it has no primary
        dataset (it has a report whenever any theme has data) and is not itself collected.
    """

    name: str
    notebook: str
    title: str
    datasets: tuple[str, ...]
    example_datasets: tuple[str, ...] = ()
    synth: bool = False
    scorecard: bool = False

    def module(self, room: str) -> ModuleType:
        """One of the theme's modules: ``metrics``, ``present``, ``charts``, ``synth`` …"""
        return importlib.import_module(f"{__name__}.{self.name}.{room}")

    def evaluate(self, inputs, params):
        """The theme's ``metrics.evaluate``."""
        return self.module("metrics").evaluate(inputs, params)

    def kpis(self, evaluation) -> list:
        """The theme's ``metrics.kpis``."""
        return self.module("metrics").kpis(evaluation)

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.datasets + self.example_datasets

    @property
    def primary_dataset(self) -> str | None:
        """The first of ``datasets`` (None when there is none, and for the scorecard)."""
        return self.datasets[0] if self.datasets and not self.scorecard else None


_THEMES: tuple[Theme, ...] = (
    Theme(
        name="online",
        notebook="01_online_procedures",
        title="オンライン手続の進捗評価",
        datasets=("online_summary", "online_plan"),
        example_datasets=("online_procedures",),
        synth=True,
    ),
    Theme(
        name="rpa",
        notebook="02_rpa",
        title="RPA・AI-OCRによる業務時間削減の評価",
        datasets=("rpa_summary",),
        example_datasets=("rpa_processes",),
        synth=True,
    ),
    Theme(
        name="survey",
        notebook="03_survey",
        title="区民アンケートの回答状況と結果",
        datasets=("survey_summary", "population"),
        example_datasets=("survey_responses", "survey_questions"),
        synth=True,
    ),
    Theme(
        name="standardization",
        notebook="04_standardization",
        title="住民情報系システム標準化の進捗評価",
        datasets=("standardization_progress",),
    ),
    Theme(
        name="cashless",
        notebook="05_cashless",
        title="キャッシュレス決済とデジタルデバイド対策の評価",
        datasets=("cashless", "outreach", "kpis"),
        example_datasets=("cashless_monthly",),
        synth=True,
    ),
)


def _overview(themes: tuple[Theme, ...]) -> Theme:
    def union(names) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for group in names for n in group))

    return Theme(
        name="overview",
        notebook="00_overview",
        title="DX施策評価の総括",
        datasets=union([t.datasets for t in themes] + [("kpis",)]),
        scorecard=True,  # the themes' key figures come from their published tables only
    )


# The overview first: it opens the annual report.
THEMES: tuple[Theme, ...] = (_overview(_THEMES), *_THEMES)


def get_theme(name: str) -> Theme:
    """The theme called ``name``; the error lists the known themes."""
    for theme in THEMES:
        if theme.name == name:
            return theme
    known = ", ".join(t.name for t in THEMES)
    raise SugidxError(f"unknown theme {name!r}; themes: {known}")


def theme_of_notebook(stem: str) -> Theme | None:
    """The theme whose notebook is ``stem`` (``01_online_procedures``), or None."""
    return next((t for t in THEMES if t.notebook == stem), None)
