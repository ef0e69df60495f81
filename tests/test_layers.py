"""The architecture, enforced: the package's imports point one way, down its layers, with no circle.

Read statically (``ast``) from every module under textrepair/, imports inside functions included:
a lazy import is still a dependency. The layers are those of docs/architecture.md:

    core(0) < text(1) < lexical(2), fix(2) < spin(3) < link(4) < pipeline(5) < run(6), report(6) < cli(7)

A module may import its own subpackage and any lower layer, never a higher one nor a sibling
subpackage of its own layer; nothing imports the package root (``textrepair/__init__``, which
re-exports the public API); nothing inside the package uses an old, deprecated module path; every
exception class lives in core/errors.py.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from textrepair._compat import MOVED

PACKAGE = Path(__file__).resolve().parent.parent / "textrepair"

#: Layer of each stage: a subpackage, or a module at the top of textrepair/.
LAYERS = {
    "data": 0, "core": 0,
    "text": 1,
    "lexical": 2, "fix": 2,
    "spin": 3,
    "link": 4,
    "pipeline": 5,
    "run": 6, "report": 6,
    "cli": 7,
    "__init__": 8,  # the package root: the public API (and the old paths, _compat.py)
}
#: Top-level modules that belong to a stage of another name.
STAGE_OF = {"__main__": "cli", "_compat": "__init__"}

#: Known exceptions, each waiting for a change owned elsewhere. The test fails when one no longer
#: occurs, so the list only shrinks. (Empty: the last two, link.repair_with_record importing the
#: pipeline and records.RecordProblem defined outside core/errors.py, went with the link/ port.)
ALLOWED_UPWARD: set[tuple[str, str]] = set()
EXCEPTIONS_ELSEWHERE: set[str] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The textrepair modules ``name`` imports (a ``from pkg import module`` names the module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "textrepair":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in MODULES or sub in MOVED else target)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "textrepair")
    out.discard(name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _group(module: str) -> str:
    """The stage a module belongs to (its subpackage, or the top-level module itself)."""
    parts = module.split(".")
    top = "__init__" if len(parts) == 1 else parts[1]
    return STAGE_OF.get(top, top)


def test_every_module_has_a_layer():
    assert not sorted({_group(m) for m in MODULES} - set(LAYERS))


def test_imports_point_down_the_layers():
    upward = set()
    for module, targets in GRAPH.items():
        for target in targets:
            if target not in MODULES:
                continue  # an old path: see the next test
            src, dst = _group(module), _group(target)
            if src == dst:
                continue
            if target == "textrepair":
                upward.add((module, "the package root textrepair (import the module that defines the name)"))
            elif LAYERS[dst] >= LAYERS[src] and (src, dst) not in ALLOWED_UPWARD:
                upward.add((module, target))
    assert not sorted(upward), "imports that point up (or sideways across subpackages): " + str(sorted(upward))


def test_allowed_exceptions_still_occur():
    seen = {(_group(m), _group(t)) for m, ts in GRAPH.items() for t in ts if t in MODULES}
    assert ALLOWED_UPWARD <= seen, f"fixed, remove from ALLOWED_UPWARD: {sorted(ALLOWED_UPWARD - seen)}"


def test_no_module_uses_an_old_path():
    old = {(m, t) for m, ts in GRAPH.items() for t in ts if t in MOVED}
    assert not sorted(old)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circles():
    assert _cycles(GRAPH) == []


def test_the_circle_finder_finds_circles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_what_it_owns(module):
    doc = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    assert doc and doc.strip(), f"{module} has no docstring"


def test_exceptions_are_defined_in_core_errors():
    elsewhere = set()
    for module in MODULES:
        if module == "textrepair.__main__":
            continue
        mod = importlib.import_module(module)
        for name, obj in vars(mod).items():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == module \
                    and module != "textrepair.core.errors":
                elsewhere.add(f"{module}.{name}")
    assert elsewhere == EXCEPTIONS_ELSEWHERE, "exception classes outside textrepair.core.errors"
