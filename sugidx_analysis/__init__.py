"""sugidx: policy-evaluation workbook for a municipality's digital-transformation programme.

A small curated surface, loaded on first use (importing the package stays silent and fast):
``load_dataset``, ``validate_folder``, ``load_inputs`` (from :mod:`.catalogue`) and
``THEMES``, ``get_theme`` (from :mod:`.themes`).
"""

__version__ = "0.1.0"

_SURFACE = {
    "load_dataset": "catalogue",
    "validate_folder": "catalogue",
    "load_inputs": "catalogue",
    "THEMES": "themes",
    "get_theme": "themes",
}
__all__ = ["__version__", *_SURFACE]


def __getattr__(name: str):
    if name in _SURFACE:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_SURFACE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
