"""Finding and decoding dataset files, without pandas (a cached render must start fast)."""

from __future__ import annotations

import os
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
    :func:`write_atomic`."""
    text = frame.to_csv(index=False, lineterminator="\n")
    write_atomic(path, text.encode("utf-8"))
    return Path(path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it
    over ``path``: a failed run never leaves half a file, nor destroys the previous one."""
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder, not a file", str(path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file readable by its owner only; give it a new file's mode.
        if path.exists():
            mode = path.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
