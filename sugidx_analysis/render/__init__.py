"""Render the evaluation notebooks into self-contained HTML and print-quality Japanese PDF.

Modules, one concern each: ``plan`` (which notebooks, years, parameters, inputs, and the
check of every input before anything runs), ``parameters`` (the ``-p`` rules), ``cache``
(content-hash keys, manifests, atomic writes), ``execute`` (Papermill), ``reproducible`` (the
executed notebook without timestamps or random ids), ``html`` (nbconvert export made inert,
table of contents, embedded font subset), ``pdf`` (WeasyPrint with the print stylesheet),
``annual`` (the combined report per fiscal year), ``batch`` (parallel workers), ``processes``
and ``kernels`` (workers and kernels that stop on a signal and die with their parent).
The ``sugidx render`` command is in :mod:`sugidx_analysis.cli`. Importing this package is cheap:
the heavy engines (papermill, nbconvert, WeasyPrint) are imported only when a report is
actually rendered.
"""

from .batch import BatchResult, ReportResult, render_reports
from .plan import discover_notebooks, fiscal_years, parse_assignments

__all__ = [
    "BatchResult",
    "ReportResult",
    "discover_notebooks",
    "fiscal_years",
    "parse_assignments",
    "render_reports",
]
