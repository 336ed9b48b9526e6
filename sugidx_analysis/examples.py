"""The synthetic example folder (``data/example``): each theme's generator writes its own files,
and the folder's README is assembled from every theme's section, so regenerating one theme never
erases another's documentation."""

from __future__ import annotations

import numbers
import re
from pathlib import Path

from . import paths
from .errors import SugidxError
from .themes import THEMES, Theme, get_theme

README_HEAD = """# data/example — synthetic example data (合成データ)

**Everything in this folder is synthetic. It is not the ward's data; no row is a real
record.** Every row has `synthetic = true`, and every notebook section and figure computed
from it says 「合成データ（実績ではありません）」.

Each theme's generator writes its own files (`sugidx synth [THEME ...]`) and its own section
below. This file is generated: change a generator's text, not this file.
"""
_SECTION = re.compile(
    r"<!-- synth:(?P<name>\w+):start -->\n(?P<body>.*?)<!-- synth:(?P=name):end -->", re.S
)


# Seeds are 0 ≤ seed < 2**32. numpy's default_rng takes any non-negative int, but the legacy
# RandomState (and pandas' random_state, many other tools) only 32-bit ones: a seed written in
# the README must reproduce the files with them too.
SEED_LIMIT = 2**32
SEED_EXPECTED = f"a whole number of 0 or more, at most {SEED_LIMIT - 1:,} (2**32 - 1)"


def check_seed(seed: object) -> int:
    """``seed``, when it is an int with 0 ≤ seed < 2**32.

    Raises
    ------
    SugidxError
        for anything else (a negative or huge number, a float, text, a bool), naming the
        accepted range.
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise SugidxError(f"the seed must be {SEED_EXPECTED}; got {seed!r}")
    if not 0 <= seed < SEED_LIMIT:
        raise SugidxError(f"the seed must be {SEED_EXPECTED}; got {seed}")
    return int(seed)


def generators() -> list[Theme]:
    """Every theme with a synthetic-data generator, in registry order."""
    return [t for t in THEMES if t.synth]


def write_examples(
    names: list[str] | None = None,
    out_dir: Path | None = None,
    seed: int | None = None,
    data_dir: Path | None = None,
) -> list[Path]:
    """Run the generators of ``names`` (default: every theme that has one), writing into
    ``out_dir`` (default ``data/example``) and updating their sections of its README.

    Raises
    ------
    SugidxError
        for an unknown theme, a theme without a generator, or a seed :func:`check_seed`
        refuses.
    """
    themes = generators() if not names else [get_theme(n) for n in names]
    for theme in themes:
        if not theme.synth:
            have = ", ".join(t.name for t in generators())
            raise SugidxError(f"theme {theme.name!r} has no synthetic data generator; use: {have}")
    if seed is not None:
        seed = check_seed(seed)
    out = Path(out_dir) if out_dir is not None else paths.EXAMPLE_DIR
    written: list[Path] = []
    sections: dict[str, str] = {}
    for theme in themes:
        module = theme.module("synth")
        used = module.DEFAULT_SEED if seed is None else seed
        written += module.write(out, used, data_dir)
        sections[theme.name] = module.readme_section(used)
    readme = out / "README.md"
    old = readme.read_text(encoding="utf-8") if readme.exists() else ""
    readme.write_text(assemble_readme(old, sections), encoding="utf-8")
    return written


def assemble_readme(old: str, sections: dict[str, str]) -> str:
    """The README: the fixed head, then each generator's section — the new text for those in
    ``sections``, the text already in ``old`` for the others (also for a section whose
    generator is not known here, so nothing written by another theme is lost)."""
    kept = {m["name"]: m["body"] for m in _SECTION.finditer(old)}
    names = [t.name for t in generators()]
    names += [n for n in kept if n not in names]
    parts = [README_HEAD]
    for name in names:
        body = sections.get(name, kept.get(name))
        if body is not None:
            body = body if body.endswith("\n") else body + "\n"
            parts.append(f"<!-- synth:{name}:start -->\n{body}<!-- synth:{name}:end -->\n")
    return "\n".join(parts)
