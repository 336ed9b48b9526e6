"""Content-hash cache keys, per-year manifests and atomic writes.

A file is written to a temporary file in its own folder and then renamed over the target
(``os.replace``), so a reader sees the old file or the new one, never a truncated one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from ..hashing import file_sha256

MANIFEST = "manifest.json"


def temp_path(target: Path) -> Path:
    """A new empty temporary file beside ``target`` (same folder, so a rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
    os.close(fd)
    os.chmod(name, 0o666 & ~_umask())  # mkstemp makes 0600; reports are ordinary files
    return Path(name)


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
        if not record:
            return False
        path = Path(folder) / record["file"]
        if not path.exists() or file_sha256(path) != record["sha256"]:
            return False
    return True


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
