"""Layering rules for the package's imports, checked statically (no module is imported).

Why these rules exist:

* Metric and record code must stay pure: it is tested, and reused in notebooks, without
  plotting or display libraries, so it may not reach presentation code (``present``,
  ``charts``, ``sugidx_analysis.report``) nor import matplotlib, IPython or seaborn.
* The CLI is the top layer: commands register themselves with it, nothing else imports it.
* Import cycles make import order fragile: which module is half-initialised depends on who
  was imported first.
* A module named like a standard-library module (``io.py``) is confusing and, on a bad
  ``sys.path``, shadows the real one.

Every ``import`` statement counts, including those inside functions and ``if TYPE_CHECKING:``
blocks: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest

PACKAGE = "sugidx_analysis"
PACKAGE_ROOT = Path(__file__).resolve().parents[1] / PACKAGE

PRESENTATION_PARTS = {"present", "charts"}
PURE_PARTS = {"metrics", "records"}
PLOTTING_LIBRARIES = {"matplotlib", "IPython", "seaborn"}


@dataclass
class ImportGraph:
    """Modules of one package, the package modules each imports and the outside names."""

    package: str
    files: dict[str, Path] = field(default_factory=dict, repr=False)
    # module -> {imported package module: line of its first import}
    edges: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    # module -> {top-level name of a stdlib or third-party import: line of its first import}
    external: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    # module -> {package name that is no module file (a stale import?): line}
    unresolved: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)


# --- building the graph ----------------------------------------------------------------------


def module_name(root: Path, package: str, path: Path) -> str:
    """Dotted name of a file: ``x/y.py`` -> ``package.x.y``, ``x/__init__.py`` -> ``package.x``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def discover_modules(root: Path, package: str) -> dict[str, Path]:
    """Every module file under ``root`` (skipping ``__pycache__``), by dotted name."""
    return {
        module_name(root, package, path): path
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.relative_to(root).parts
    }


def is_internal(name: str, package: str) -> bool:
    """Whether a dotted name lies inside ``package``."""
    return name == package or name.startswith(package + ".")


def from_base(node: ast.ImportFrom, module: str, is_package: bool) -> str | None:
    """Absolute name of the ``from`` part; ``None`` if a relative import leaves the top level."""
    if node.level == 0:
        return node.module
    package_parts = module.split(".") if is_package else module.split(".")[:-1]
    if node.level - 1 >= len(package_parts):
        return None
    base = package_parts[: len(package_parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_names(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, modules: Mapping[str, Path]
) -> list[str]:
    """Absolute names one import statement depends on (package modules or outside names)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = from_base(node, module, is_package)
    if base is None:
        return []
    return [
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
        for alias in node.names
    ]


def build_graph(root: Path, package: str) -> ImportGraph:
    """Parse every module under ``root`` and record what each one imports."""
    graph = ImportGraph(package, discover_modules(root, package))
    for module, path in graph.files.items():
        edges = graph.edges.setdefault(module, {})
        external = graph.external.setdefault(module, {})
        unresolved = graph.unresolved.setdefault(module, {})
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in imported_names(node, module, is_package, graph.files):
                if not is_internal(name, package):
                    external.setdefault(name.split(".")[0], node.lineno)
                elif name not in graph.files:
                    unresolved.setdefault(name, node.lineno)
                elif name != module:
                    edges.setdefault(name, node.lineno)
    return graph


# --- walking the graph -----------------------------------------------------------------------


def shortest_paths(
    edges: Mapping[str, Mapping[str, int]], start: str, stop: Callable[[str], bool]
) -> dict[str, list[str]]:
    """Shortest import chain from ``start`` to every module it reaches, not passing ``stop``."""
    paths = {start: [start]}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node != start and stop(node):
            continue
        for child in sorted(edges.get(node, {})):
            if child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    return paths


def strongly_connected_components(edges: Mapping[str, Mapping[str, int]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit); each component sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    work: list[tuple[str, Iterator[str]]] = []  # the depth-first path, with children left
    components: list[list[str]] = []

    def visit(node: str) -> None:
        """Number ``node`` and push it on both stacks."""
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        work.append((node, iter(sorted(edges.get(node, {})))))

    for root in sorted(edges):
        if root in index:
            continue
        visit(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    visit(child)
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def find_cycles(graph: ImportGraph) -> list[list[str]]:
    """One import cycle per strongly connected component, e.g. ``[a, b, a]``."""
    cycles = []
    for component in strongly_connected_components(graph.edges):
        if len(component) < 2:  # self-imports are not edges, so singletons are acyclic
            continue
        members = set(component)
        inside = {m: {t: n for t, n in graph.edges[m].items() if t in members} for m in members}
        first = component[0]
        back = min(m for m in inside if first in inside[m])  # a module that imports ``first``
        cycles.append([*shortest_paths(inside, first, lambda _: False)[back], first])
    return cycles


def format_chain(graph: ImportGraph, chain: list[str]) -> str:
    """``a (line 3) -> b (line 9) -> c``: each module with the line that imports the next."""
    hops = []
    for here, there in zip(chain, chain[1:], strict=False):
        line = graph.edges[here].get(there) or graph.external[here].get(there)
        hops.append(f"{here} (line {line})")
    return " -> ".join([*hops, chain[-1]])


# --- the rules -------------------------------------------------------------------------------


def is_pure(graph: ImportGraph, module: str) -> bool:
    """Metric/record modules and the stats package: code that must not know about display."""
    stats = f"{graph.package}.stats"
    return module.rsplit(".", 1)[-1] in PURE_PARTS or is_internal(module, stats)


def is_presentation(graph: ImportGraph, module: str) -> bool:
    """Presentation modules: ``present``, ``charts`` and everything under the report package."""
    report = f"{graph.package}.report"
    return module.rsplit(".", 1)[-1] in PRESENTATION_PARTS or is_internal(module, report)


def pure_layer_violations(graph: ImportGraph) -> dict[str, list[list[str]]]:
    """For each pure module, the chains reaching presentation code or a plotting library."""
    presentation = partial(is_presentation, graph)
    violations: dict[str, list[list[str]]] = {}
    for module in sorted(m for m in graph.files if is_pure(graph, m)):
        reached = shortest_paths(graph.edges, module, presentation)
        chains: list[list[str]] = []
        libraries_seen: set[str] = set()
        for target, chain in sorted(reached.items(), key=lambda item: (len(item[1]), item[0])):
            if target != module and presentation(target):
                chains.append(chain)  # the hop to fix; what presentation imports is its own affair
                continue
            for library in sorted(PLOTTING_LIBRARIES & graph.external[target].keys()):
                if library not in libraries_seen:
                    libraries_seen.add(library)
                    chains.append([*chain, library])
        if chains:
            violations[module] = chains
    return violations


def cli_importers(graph: ImportGraph) -> list[str]:
    """Modules, other than the CLI itself, that import the CLI module."""
    cli = f"{graph.package}.cli"
    return sorted(m for m, targets in graph.edges.items() if m != cli and cli in targets)


def stdlib_shadows(graph: ImportGraph) -> list[str]:
    """Top-level modules of the package (``pkg.io``, what ``from pkg import io`` gives) whose
    name is a standard-library module's. Deeper ones (``pkg.render.html``) are only ever
    reached by their full dotted name, so they shadow nothing."""
    top = [m for m in graph.files if m.count(".") == graph.package.count(".") + 1]
    return sorted(m for m in top if m.rsplit(".", 1)[-1] in sys.stdlib_module_names)


# --- tests -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> ImportGraph:
    """The import graph of the real package."""
    return build_graph(PACKAGE_ROOT, PACKAGE)


def test_pure_layers_import_no_presentation(graph: ImportGraph):
    """Metrics, records and stats reach no presentation module and no plotting library."""
    violations = pure_layer_violations(graph)
    report = [
        f"{module}:\n" + "\n".join(f"    {format_chain(graph, chain)}" for chain in chains)
        for module, chains in violations.items()
    ]
    assert not violations, (
        "metric/record/stats modules reach presentation code or plotting libraries:\n"
        + "\n".join(report)
    )


def test_nothing_imports_the_cli(graph: ImportGraph):
    """Only the CLI module itself imports the CLI."""
    cli = f"{graph.package}.cli"
    offenders = cli_importers(graph)
    assert not offenders, "the CLI is the top layer, yet it is imported by:\n" + "\n".join(
        f"    {format_chain(graph, [m, cli])}" for m in offenders
    )


def test_no_import_cycles(graph: ImportGraph):
    """The module graph is acyclic."""
    cycles = find_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(
        f"    {format_chain(graph, cycle)}" for cycle in cycles
    )


def test_no_module_shadows_the_standard_library(graph: ImportGraph):
    """No top-level module or package is named like a standard-library module."""
    shadows = stdlib_shadows(graph)
    assert not shadows, "modules named like a standard-library module:\n" + "\n".join(
        f"    {m} ({graph.files[m].relative_to(PACKAGE_ROOT.parent)})" for m in shadows
    )


SYNTHETIC_PACKAGE = {
    "__init__.py": "",
    "a.py": "from . import b\n",
    "b.py": "def f():\n    from .a import x\n    from .gone import z\n\n    return x, z\n",
    "present.py": "y = 1\n",
    "cli.py": "from pkg import cli\n",
    "types.py": (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .cli import main\n"
    ),
    "sub/__init__.py": "from . import metrics\n",
    "sub/metrics.py": "from ..present import y\nimport matplotlib.pyplot\n",
}


def test_checker_sees_the_package(graph: ImportGraph, tmp_path: Path):
    """The checker finds the real package, and every kind of violation in a synthetic one."""
    assert len(graph.files) > 10, sorted(graph.files)
    assert {f"{PACKAGE}.cli", f"{PACKAGE}.paths"} <= graph.files.keys()

    root = tmp_path / "pkg"
    for relative, text in SYNTHETIC_PACKAGE.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    fake = build_graph(root, "pkg")

    assert set(fake.files) == {
        "pkg",
        "pkg.a",
        "pkg.b",
        "pkg.present",
        "pkg.cli",
        "pkg.types",
        "pkg.sub",
        "pkg.sub.metrics",
    }
    assert {m: set(t) for m, t in fake.edges.items()} == {
        "pkg": set(),
        "pkg.a": {"pkg.b"},
        "pkg.b": {"pkg.a"},  # imported inside a function
        "pkg.present": set(),
        "pkg.cli": set(),  # a module importing itself is no edge
        "pkg.types": {"pkg.cli"},  # imported under TYPE_CHECKING
        "pkg.sub": {"pkg.sub.metrics"},  # relative to the package itself, in an __init__
        "pkg.sub.metrics": {"pkg.present"},  # no implicit edge to pkg.sub or pkg
    }
    assert fake.external["pkg.sub.metrics"] == {"matplotlib": 2}
    assert fake.unresolved["pkg.b"] == {"pkg.gone": 3}  # recorded, not turned into an edge to pkg
    assert find_cycles(fake) == [["pkg.a", "pkg.b", "pkg.a"]]
    assert pure_layer_violations(fake) == {
        "pkg.sub.metrics": [["pkg.sub.metrics", "matplotlib"], ["pkg.sub.metrics", "pkg.present"]]
    }
    assert (
        format_chain(fake, ["pkg.a", "pkg.b", "pkg.a"])
        == "pkg.a (line 1) -> pkg.b (line 2) -> pkg.a"
    )
    assert cli_importers(fake) == ["pkg.types"]
    assert stdlib_shadows(fake) == ["pkg.types"]
