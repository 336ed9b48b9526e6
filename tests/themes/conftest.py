"""Fixtures shared by the theme tests."""

from __future__ import annotations

import pytest
from matplotlib.text import Text


@pytest.fixture
def capture_drawn(monkeypatch):
    """``capture_drawn(charts_module)`` → a list that fills, for each figure the module's
    charts make, with what was put inside the image just before it is rendered to SVG."""

    def start(module) -> list[dict]:
        seen: list[dict] = []
        render = module.figure_block

        def capture(fig, *args, **kwargs):
            texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
            seen.append({"fig": fig, "texts": texts, "axes": fig.axes})
            return render(fig, *args, **kwargs)

        monkeypatch.setattr(module, "figure_block", capture)
        return seen

    return start
