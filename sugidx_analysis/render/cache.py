"""Content-hash cache keys, per-year manifests and atomic writes.

A file is written to a temporary file in its own folder and then renamed over the target
(``os.replace``), so a reader sees the old file or the new one, never a truncated one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import time
from pathlib import Path

from ..hashing import file_sha256

MANIFEST = "manifest.json"
# The names of temporary files: ``.<stem>.<random>.tmp<suffix>`` (:func:`temp_path`) and
# ``.<name>.<random>.tmp`` (``datasets.files.write_atomic``); ``<random>`` is mkstemp's.
TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp(?:\.[A-Za-z0-9]+)?")


def temp_path(target: Path) -> Path:
    """A new empty temporary file beside ``target`` (same folder, so a rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
    os.close(fd)
    os.chmod(name, 0o666 & ~_umask())  # mkstemp makes 0600; reports are ordinary files
    return Path(name)


def remove_temp_files(folder: Path) -> list[Path]:
    """Remove the temporary files a stopped or killed run left in ``folder`` (not in its
    subfolders): only files named like :data:`TEMP_NAME`. Returns those removed."""
    removed = []
    try:
        candidates = list(Path(folder).iterdir())
    except FileNotFoundError:
        return removed
    for path in candidates:
        if TEMP_NAME.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(target: Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    target = Path(target)
    tmp = temp_path(target)
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def cache_key(parts: dict[str, object]) -> str:
    """SHA-256 of the canonical JSON of ``parts`` (notebook hash, parameters, input hashes,
    library version and code fingerprint)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_manifest(folder: Path) -> dict:
    """The manifest of a report folder, or an empty one when there is none (or it is unreadable:
    then nothing is a cache hit and everything is rendered again)."""
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"reports": {}}
    if not isinstance(data, dict) or not isinstance(data.get("reports"), dict):
        return {"reports": {}}
    return data


def write_manifest(folder: Path, manifest: dict) -> None:
    atomic_write(Path(folder) / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def outputs_intact(folder: Path, entry: dict | None, key: str, formats: list[str]) -> bool:
    """True when ``entry`` was rendered with ``key`` and every wanted output is still on disk
    with the SHA-256 the manifest recorded."""
    if not entry or entry.get("status") != "ok" or entry.get("cache_key") != key:
        return False
    outputs = entry.get("outputs", {})
    for fmt in ["ipynb", *formats] if "ipynb" in outputs else formats:
        record = outputs.get(fmt)
        if not record or not _output_matches(folder, record):
            return False
    return True


def outputs_match(folder: Path, entry: dict | None) -> bool:
    """True when every output ``entry`` lists is on disk with the SHA-256 it records."""
    outputs = (entry or {}).get("outputs") or {}
    return all(_output_matches(folder, record) for record in outputs.values())


def _output_matches(folder: Path, record: dict) -> bool:
    path = Path(folder) / record["file"]
    return path.is_file() and file_sha256(path) == record["sha256"]


class JsonStore:
    """A small JSON dictionary on disk for derived facts keyed by a content hash."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str):
        return self._load().get(key)

    def put(self, key: str, value) -> None:
        data = self._load()
        data[key] = value
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True))


def stage(target: Path, data: bytes | str) -> tuple[Path, Path]:
    """Write ``data`` to a temporary file beside ``target``: ``(temporary, target)``, for
    :func:`commit` once every output of a report is ready."""
    tmp = temp_path(target)
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return tmp, target


def commit(staged: dict[str, tuple[Path, Path]]) -> dict:
    """Rename every staged temporary file over its target; returns the outputs record."""
    outputs = {}
    for fmt, (tmp, target) in staged.items():
        digest = file_sha256(tmp)
        os.replace(tmp, target)
        outputs[fmt] = {"file": target.name, "sha256": digest}
    return outputs


def success_entry(outputs: dict, timings: dict[str, float], started: float) -> dict:
    """The manifest fields of a report rendered in full."""
    timings["total_s"] = round(time.perf_counter() - started, 3)
    return {
        "status": "ok",
        "error": None,
        "outputs": outputs,
        "timings": timings,
        "rendered_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def failure_entry(message: str, ename: str, evalue: str, **fields) -> dict:
    """The manifest fields of a report that failed."""
    return {
        "status": "failed",
        "error": {"message": message, "ename": ename, "evalue": evalue, **fields},
    }
