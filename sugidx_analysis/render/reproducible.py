"""Make an executed notebook depend on its inputs only, so that rendering the same notebook
with the same data twice writes the same bytes (and so the same HTML and PDF, which are made
from it).

Papermill and nbclient record when each cell ran, where the output was written (a temporary
file) and give the injected-parameters cell a random id; default object representations show
a memory address. :func:`normalise` removes or fixes all of these; the timings a run needs are
in the manifest instead.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path

# Papermill's timing keys, in the notebook's and in each cell's ``metadata.papermill``.
TIMING_KEYS = ("start_time", "end_time", "duration")
# Papermill's record of where it wrote the notebook: for sugidx, a temporary file's name.
OUTPUT_PATH_KEY = "output_path"
# nbclient's per-cell ``metadata.execution`` (iopub/shell timestamps of the run).
EXECUTION_KEY = "execution"
# Hex digits of a cell id (nbformat allows 1 to 64 of [a-zA-Z0-9-_]).
ID_LENGTH = 12
# The address in Python's default ``repr``: ``<pkg.Class object at 0x7f51b9489810>``.
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
# ipykernel's folder for cell code, named for the kernel's process id: warnings and tracebacks
# name ``/tmp/ipykernel_12345/2830296781.py``.
KERNEL_FOLDER = re.compile(r"ipykernel_\d+")


def normalise(nb):
    """A copy of the executed notebook ``nb`` (an nbformat node or a plain dict) without
    anything that changes from one run to the next.

    - Every cell's id is derived from its position, type and source (:func:`cell_id`), not
      the random id Papermill gives its injected-parameters cell (or nbformat gives a cell
      without one).
    - ``start_time``, ``end_time`` and ``duration`` are removed from the notebook's and each
      cell's ``metadata.papermill``, and so is the notebook's ``output_path`` (a temporary
      file); ``input_path`` becomes relative to the project when the notebook is inside it.
    - nbclient's ``metadata.execution`` timestamps are removed from every cell.
    - Memory addresses in default object representations (``<… at 0x7f…>``) in ``text/plain``
      outputs and streams become ``<…>``, and the kernel's process id in the cell-code file
      names of warnings and tracebacks (``ipykernel_12345``) is dropped (``ipykernel``).

    Parameters, cell statuses, exceptions, execution counts and outputs (but for the above)
    are kept. The argument is not changed.
    """
    nb = copy.deepcopy(nb)
    papermill = nb.get("metadata", {}).get("papermill")
    if isinstance(papermill, dict):
        for key in (*TIMING_KEYS, OUTPUT_PATH_KEY):
            papermill.pop(key, None)
        if papermill.get("input_path"):
            papermill["input_path"] = _project_relative(papermill["input_path"])
    seen: set[str] = set()
    for index, cell in enumerate(nb.get("cells", [])):
        metadata = cell.get("metadata", {})
        metadata.pop(EXECUTION_KEY, None)
        if isinstance(metadata.get("papermill"), dict):
            for key in TIMING_KEYS:
                metadata["papermill"].pop(key, None)
        if "id" in cell or nb.get("nbformat_minor", 5) >= 5:
            cell["id"] = _unique(cell_id(index, cell), seen)
        for output in cell.get("outputs", []):
            _strip_run_details(output)
    return nb


def cell_id(index: int, cell) -> str:
    """The id of the cell at ``index``: the first :data:`ID_LENGTH` hex digits of the SHA-256
    of its position, type and source."""
    source = cell.get("source", "")
    if isinstance(source, list):  # nbformat's on-disk form: a list of lines
        source = "".join(source)
    text = f"{index}\n{cell.get('cell_type', '')}\n{source}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_LENGTH]


def normalise_file(path: Path) -> None:
    """Rewrite the executed notebook at ``path`` :func:`normalise`-d; a missing, empty or
    unreadable file (a kernel that died before writing it) is left as it is."""
    import nbformat

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):  # nbformat's NotJSONError is a ValueError
        return
    nbformat.write(normalise(nb), path)


def _unique(candidate: str, seen: set[str]) -> str:
    """``candidate``, or a hash of it (again, until unused) when an earlier cell has that id."""
    while candidate in seen:
        candidate = hashlib.sha256(candidate.encode("ascii")).hexdigest()[:ID_LENGTH]
    seen.add(candidate)
    return candidate


def _strip_run_details(output) -> None:
    kind = output.get("output_type")
    if kind == "stream":
        output["text"] = _without_run_details(output.get("text", ""))
    elif kind == "error":
        output["traceback"] = _without_run_details(output.get("traceback", []))
    elif "text/plain" in output.get("data", {}):
        output["data"]["text/plain"] = _without_run_details(output["data"]["text/plain"])


def _without_run_details(text):
    """``text`` (a string or a list of them) without memory addresses and kernel process ids."""
    if isinstance(text, list):
        return [_without_run_details(line) for line in text]
    return KERNEL_FOLDER.sub("ipykernel", ADDRESS.sub(">", text))


def _project_relative(path: str) -> str:
    """An absolute path inside the project as a project-relative one (as the manifest gives
    it), so the notebook does not depend on where the checkout is."""
    from ..paths import display_path

    return display_path(Path(path)) if Path(path).is_absolute() else path
