"""Finding and decoding dataset files, without pandas (a cached render must start fast)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import DatasetNotFoundError, FileReadError, SugidxError

SUFFIXES = (".csv", ".xlsx")
# How municipal files write true and false (lower-cased, after NFKC).
TRUE_TEXTS = frozenset({"true", "1", "yes", "y", "はい", "○", "〇", "有"})
FALSE_TEXTS = frozenset({"false", "0", "no", "n", "いいえ", "×", "無"})


def decode(data: bytes, file: str) -> str:
    """Text of a CSV file in UTF-8 (BOM or not), CP932, or UTF-16 with a byte-order mark.

    Raises
    ------
    FileReadError
        naming the encoding when the file is UTF-16 without a byte-order mark, holds NUL bytes
        (not a text file), or is none of these encodings.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileReadError(
                file, "cannot read the file: it starts as UTF-16 but is not valid UTF-16"
            ) from None
    if b"\x00" in data:
        raise FileReadError(file, _nul_reason(data))
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileReadError(file, "cannot read the file: it is neither UTF-8 nor CP932 (Shift_JIS)")


def _nul_reason(data: bytes) -> str:
    """Why a file with NUL bytes is refused: UTF-16 text puts a NUL beside every ASCII
    character, on the same side (odd bytes little-endian, even bytes big-endian)."""
    sample = data[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) >= len(sample) // 8 and min(even, odd) <= max(even, odd) // 20:
        return (
            "cannot read the file: it looks like UTF-16 without a byte-order mark; "
            "save it as UTF-8 or CP932"
        )
    return (
        "cannot read the file: it holds NUL bytes, so it is not a CSV text file "
        "(a binary file named .csv?); save it as CSV in UTF-8 or CP932"
    )


def check_file(path: Path) -> int:
    """The size in bytes of the dataset file ``path``, after checking it is one: a file (not a
    folder, nor a symbolic link that loops or leads nowhere) within the size limit of
    :mod:`sugidx_analysis.limits`. Nothing of the file is read.

    Raises
    ------
    DatasetNotFoundError
        when there is nothing at ``path``.
    FileReadError
        saying what ``path`` is instead, or its size and the limit.
    """
    from .. import limits

    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ENOENT and not path.is_symlink():
            raise DatasetNotFoundError(f"{path}: no such file") from None
        raise FileReadError(path.name, _missing_reason(path, exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileReadError(path.name, "is a folder, not a file; a dataset must be a file")
    if not stat.S_ISREG(info.st_mode):
        raise FileReadError(path.name, "is not a regular file (a device or pipe?)")
    limit = limits.max_file_bytes()
    if info.st_size > limit:
        raise FileReadError(path.name, limits.file_bytes_message(info.st_size, limit))
    return info.st_size


def _missing_reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic-link loop (following the link leads back to it); put the file here"
    if path.is_symlink() and exc.errno == errno.ENOENT:
        return f"is a symbolic link to {os.readlink(path)}, which does not exist"
    return f"cannot read the file: {exc.strerror or exc}"


def read_bytes(path: Path) -> bytes:
    """The bytes of the dataset file ``path``, after :func:`check_file`.

    Raises
    ------
    FileReadError
        as :func:`check_file`, or when the file cannot be read (permissions, I/O error).
    """
    path = Path(path)
    check_file(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileReadError(path.name, f"cannot read the file: {exc.strerror or exc}") from None


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
