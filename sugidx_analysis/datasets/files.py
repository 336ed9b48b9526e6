"""Finding and decoding dataset files, without pandas (a cached render must start fast)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import DatasetNotFoundError, SugidxError

SUFFIXES = (".csv", ".xlsx")
# How municipal files write true and false (lower-cased, after NFKC).
TRUE_TEXTS = frozenset({"true", "1", "yes", "y", "はい", "○", "〇", "有"})
FALSE_TEXTS = frozenset({"false", "0", "no", "n", "いいえ", "×", "無"})


def decode(data: bytes, file: str) -> str:
    """Text of a CSV file in UTF-8 (BOM or not) or CP932, whichever it is."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SugidxError(f"{file}: cannot read the file: it is neither UTF-8 nor CP932 (Shift_JIS)")


def dataset_files(data_dir: Path, names: Iterable[str]) -> dict[str, Path]:
    """The files in ``data_dir`` that hold one of the datasets ``names``: ``<name>.csv`` or
    ``<name>.xlsx``.

    Raises
    ------
    DatasetNotFoundError
        when the folder does not exist.
    SugidxError
        when a dataset is held twice (both a .csv and an .xlsx).
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DatasetNotFoundError(f"{data_dir}: no such folder")
    wanted = set(names)
    found: dict[str, Path] = {}
    for path in sorted(data_dir.iterdir()):
        if path.suffix.lower() in SUFFIXES and path.stem in wanted:
            if path.stem in found:
                raise SugidxError(
                    f"{data_dir}: both {found[path.stem].name} and {path.name} hold "
                    f"{path.stem}; keep one"
                )
            found[path.stem] = path
    return found


def write_csv(frame, path: Path) -> Path:
    """Write ``frame`` (already as text) to ``path`` as UTF-8 CSV with ``\\n`` line ends, through
    a temporary file, so that a failed write never leaves half a file where a good one was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    frame.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    tmp.replace(path)
    return path
