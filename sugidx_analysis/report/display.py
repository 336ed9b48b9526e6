"""Show a theme's presentation in a notebook: one call per section, whatever it returned."""

from __future__ import annotations


def show(*items: object) -> None:
    """Display every item in order: tables, notices, Markdown, figures (each shown once and
    closed) and lists of them; ``None`` (nothing to show) is skipped."""
    from IPython.display import display

    for item in items:
        if item is None:
            continue
        if isinstance(item, (list, tuple)):
            show(*item)
            continue
        display(item)
        if type(item).__module__.startswith("matplotlib"):
            import matplotlib.pyplot as plt

            plt.close(item)
