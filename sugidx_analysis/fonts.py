"""The Japanese font every figure and PDF uses, brought by a pip package.

IPAexGothic ships inside ``matplotlib-fontja``; we locate it there rather than rely on whatever
fonts a machine has, so a figure or PDF looks the same everywhere (no tofu boxes).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import SugidxError

FONT_FAMILY = "IPAexGothic"


@cache
def cjk_font_path() -> Path:
    """Path of the bundled IPAexGothic TrueType file."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib_fontja")  # found, not imported: no side effects
    if spec is None or spec.origin is None:
        raise SugidxError(
            "the Japanese font package is missing: install the project (pip install -e .) "
            "to get matplotlib-fontja"
        )
    path = Path(spec.origin).parent / "fonts" / "ipaexg.ttf"
    if not path.exists():
        raise SugidxError(f"the Japanese font is missing from {path.parent}")
    return path


def use_japanese_font() -> str:
    """Register IPAexGothic with matplotlib and make it the default; returns the family name."""
    import matplotlib as mpl
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(cjk_font_path()))
    mpl.rcParams["font.family"] = FONT_FAMILY
    mpl.rcParams["axes.unicode_minus"] = False
    return FONT_FAMILY
