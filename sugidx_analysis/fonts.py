"""The Japanese font every figure and PDF uses: BIZ UDGothic, regular and bold.

BIZ UDGothic (Morisawa's universal-design gothic, SIL OFL) comes from the Debian package
``fonts-morisawa-bizud-gothic``, which ``make`` installs (``.ci/system-packages``). We look for
its two files by name rather than ask fontconfig, so a figure or PDF looks the same everywhere
(no tofu boxes) and headings print in a true bold. ``SUGIDX_FONT_DIR`` names a folder holding the
two files instead (e.g. the TTFs downloaded from the font's GitHub release).

Without it, both weights fall back to IPAexGothic from the pip package ``matplotlib-fontja``
(no bold face: headings print in regular weight), with one :class:`SugidxWarning` saying how to
install BIZ UDGothic.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from .errors import SugidxError, SugidxWarning

FONT_FAMILY = "BIZ UDGothic"
FALLBACK_FAMILY = "IPAexGothic"
FONT_PACKAGE = "fonts-morisawa-bizud-gothic"
INSTALL_COMMAND = f"apt-get install {FONT_PACKAGE}"
FONT_DIR_ENV = "SUGIDX_FONT_DIR"
# CSS font-weight keyword -> file name of that face
FONT_FILES = {"normal": "BIZUDGothic-Regular.ttf", "bold": "BIZUDGothic-Bold.ttf"}
# Where Debian's package puts them first, then the usual font folders, searched recursively.
KNOWN_DIR = Path("/usr/share/fonts/truetype/bizud-gothic")
SEARCH_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("~/.local/share/fonts"),
    Path("~/.fonts"),
)


def font_family() -> str:
    """Family name of the font in use: ``"BIZ UDGothic"``, or ``"IPAexGothic"`` without it."""
    return _faces()[0]


def font_faces() -> dict[str, Path]:
    """TrueType file of each weight, keyed by CSS weight (``"normal"``, ``"bold"``).

    Without BIZ UDGothic both are the IPAexGothic file (warned about once per process).

    Raises
    ------
    SugidxError
        ``SUGIDX_FONT_DIR`` is set but lacks the two files, or no Japanese font is found at all.
    """
    return dict(_faces()[1])


def has_bold() -> bool:
    """Whether a true bold face is available (BIZ UDGothic is installed)."""
    faces = font_faces()
    return faces["bold"] != faces["normal"]


def cjk_font_path() -> Path:
    """Path of the regular-weight Japanese TrueType file."""
    return font_faces()["normal"]


@cache
def _faces() -> tuple[str, dict[str, Path]]:
    found = find_bizud_gothic()
    if found is not None:
        return FONT_FAMILY, found
    import warnings

    warnings.warn(
        f"BIZ UDGothic is not installed, so reports use {FALLBACK_FAMILY}, which has no bold "
        f"face (headings print in regular weight). Install it with `{INSTALL_COMMAND}` (as "
        f"root; `make install` does this) or set {FONT_DIR_ENV} to a folder holding "
        f"{' and '.join(FONT_FILES.values())}.",
        SugidxWarning,
        stacklevel=3,
    )
    fallback = _ipaex_gothic()
    return FALLBACK_FAMILY, {weight: fallback for weight in FONT_FILES}


def find_bizud_gothic() -> dict[str, Path] | None:
    """The BIZ UDGothic files by weight: from ``SUGIDX_FONT_DIR`` when set, else from the
    system's font folders; ``None`` when they are not installed."""
    override = os.environ.get(FONT_DIR_ENV)
    if override:
        folder = Path(override).expanduser()
        faces = {weight: folder / name for weight, name in FONT_FILES.items()}
        missing = [str(path) for path in faces.values() if not path.is_file()]
        if missing:
            raise SugidxError(f"{FONT_DIR_ENV}={override} lacks the font file(s) {missing}")
        return faces
    faces = {weight: KNOWN_DIR / name for weight, name in FONT_FILES.items()}
    if all(path.is_file() for path in faces.values()):
        return faces
    for root in SEARCH_DIRS:
        root = root.expanduser()
        if not root.is_dir():
            continue
        for regular in root.rglob(FONT_FILES["normal"]):
            bold = regular.with_name(FONT_FILES["bold"])
            if bold.is_file():
                return {"normal": regular, "bold": bold}
    return None


def _ipaex_gothic() -> Path:
    """Path of IPAexGothic inside ``matplotlib-fontja``."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib_fontja")  # found, not imported: no side effects
    if spec is None or spec.origin is None:
        raise SugidxError(
            f"no Japanese font: install BIZ UDGothic (`{INSTALL_COMMAND}`) or the project "
            "(pip install -e .) to get matplotlib-fontja"
        )
    path = Path(spec.origin).parent / "fonts" / "ipaexg.ttf"
    if not path.exists():
        raise SugidxError(f"the Japanese font is missing from {path.parent}")
    return path


def use_japanese_font() -> str:
    """Register the Japanese font (both weights) with matplotlib and make it the default, with
    mathtext off (every text is drawn literally); returns the family name."""
    import matplotlib as mpl
    from matplotlib import font_manager

    for path in sorted(set(font_faces().values())):
        font_manager.fontManager.addfont(str(path))
    family = font_family()
    mpl.rcParams["font.family"] = family
    mpl.rcParams["axes.unicode_minus"] = False
    # Labels come from data (procedure names, departments, measures): a 「$」 in one is text, not
    # the start of mathtext, which would draw it as a formula or stop the render.
    mpl.rcParams["text.parse_math"] = False
    return family
