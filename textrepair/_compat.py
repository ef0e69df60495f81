"""Old import paths (the flat layout before the stage subpackages) keep working for one release, with a DeprecationWarning.

``textrepair.restore``, ``textrepair.candidates``, ``textrepair.batch`` and the other modules that
moved into ``core/``, ``text/``, ``lexical/``, ``fix/``, ``spin/``, ``run/`` and ``report/`` are not
files any more: :data:`MOVED` lists, for each old path, the modules that now hold its names, and a
finder on ``sys.meta_path`` (installed by ``textrepair/__init__``) serves each old path as a small
module that forwards every attribute to its new home. Reading a name warns once per call site
(``DeprecationWarning`` naming the new module); setting one (``monkeypatch.setattr``) sets it on
the module that owns it. :data:`OLD_SIGNATURES` keeps the few names whose arguments changed
callable the old way.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Callable
from typing import Any

#: Old module -> the modules holding its names now, searched in order.
MOVED: dict[str, tuple[str, ...]] = {
    "textrepair.types": ("textrepair.core.types",),
    "textrepair.edits": ("textrepair.core.edits",),
    "textrepair.errors": ("textrepair.core.errors",),
    "textrepair.config": ("textrepair.core.config", "textrepair.core.errors"),
    "textrepair.decode": ("textrepair.text.decode",),
    "textrepair.frontmatter": ("textrepair.text.frontmatter",),
    "textrepair.document": ("textrepair.text.document",),
    "textrepair.segment": ("textrepair.text.segment",),
    "textrepair.align": ("textrepair.text.align",),
    "textrepair.tables": ("textrepair.lexical.tables", "textrepair.lexical.phrases"),
    "textrepair.pps": ("textrepair.lexical.pps",),
    "textrepair.lexicon": ("textrepair.lexical.lexicon",),
    "textrepair.lm": ("textrepair.lexical.lm",),
    "textrepair.names": ("textrepair.lexical.names",),
    "textrepair.inflect": ("textrepair.lexical.inflect",),
    "textrepair.fixers": ("textrepair.fix.chain", "textrepair.fix.markup", "textrepair.fix.mojibake",
                           "textrepair.fix.invisible", "textrepair.fix.debris"),
    "textrepair.candidates": ("textrepair.spin.match", "textrepair.spin.tokens", "textrepair.spin.hits",
                              "textrepair.spin.verbforms", "textrepair.spin.scoring"),
    "textrepair.detect": ("textrepair.spin.detect",),
    "textrepair.restore": ("textrepair.spin.restore",),
    "textrepair.learn": ("textrepair.spin.learn",),
    "textrepair.chunked": ("textrepair.run.bounded",),
    "textrepair.batch": ("textrepair.run.folder", "textrepair.run.progress", "textrepair.core.summary",
                         "textrepair.text.files"),
    "textrepair.stream": ("textrepair.run.stream", "textrepair.core.summary"),
    "textrepair.dist": ("textrepair.run.dist",),
    "textrepair.render": ("textrepair.report.render", "textrepair.core.edits"),
    "textrepair.report_html": ("textrepair.report.html",),
    "textrepair.export": ("textrepair.report.export",),
    "textrepair.explain": ("textrepair.report.explain",),
    "textrepair.records": ("textrepair.link.records", "textrepair.core.errors"),
}

def _old_match_case() -> Callable[[str, str], str]:
    from .lexical.inflect import match_case

    def match_case_found_first(found: str, replacement: str) -> str:
        """The old ``candidates.match_case(found, replacement)``: ``replacement`` in ``found``'s case."""
        return match_case(replacement, found)

    return match_case_found_first


def _old_learn(name: str) -> Callable[[], Any]:
    """The old ``learn`` functions, whose text pairs were (original, spun)."""
    def factory() -> Any:
        from .spin import learn

        def flip(pairs: Any) -> list[tuple[str, str]]:
            return [(b, a) for a, b in pairs]

        if name == "learn_table":
            return lambda original, spun, **kw: learn.learn_table(spun, original, **kw)
        if name == "learn_pairs_table":
            return lambda pairs, **kw: learn.learn_pairs_table(flip(pairs), **kw)
        if name == "read_pair_folder":
            return lambda path: flip(learn.read_pair_folder(path))

        def aligned_substitutions(original: str, spun: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
            found, sentences = learn.aligned_substitutions(spun, original)
            return flip(found), flip(sentences)

        return aligned_substitutions

    return factory


#: (old module, name) -> a factory for the old callable, for names whose arguments changed: the
#: old path keeps the old argument order; the new path has the (spun, original) order.
OLD_SIGNATURES: dict[tuple[str, str], Callable[[], Any]] = {
    ("textrepair.candidates", "match_case"): _old_match_case,
    **{("textrepair.learn", n): _old_learn(n)
       for n in ("learn_table", "learn_pairs_table", "read_pair_folder", "aligned_substitutions")},
}


#: Names that left a module path that still exists (a package now): module -> {name: new home}.
#: :func:`serve_left` gives the module a ``__getattr__`` that serves each with a DeprecationWarning.
LEFT: dict[str, dict[str, str]] = {
    # repair_with_record runs the pipeline, which the link layer may not import (docs/architecture.md)
    "textrepair.link": {"repair_with_record": "textrepair.run.linking"},
}


def serve_left() -> None:
    """Serve the names of :data:`LEFT` from the modules they left (run by ``textrepair/__init__``,
    which may import every layer; the modules themselves never name their names' new homes)."""
    for module_name, names in LEFT.items():
        module = importlib.import_module(module_name)

        def __getattr__(name: str, _module: str = module_name, _names: dict[str, str] = names) -> Any:
            home = _names.get(name)
            if home is None:
                msg = f"module {_module!r} has no attribute {name!r}"
                raise AttributeError(msg)
            warnings.warn(f"{_module}.{name} moved to {home}.{name}; import it from there "
                          f"(the old path goes in the next release)", DeprecationWarning, stacklevel=2)
            return getattr(importlib.import_module(home), name)

        module.__getattr__ = __getattr__  # type: ignore[method-assign]


class MovedModule(types.ModuleType):
    """An old module path: every attribute is read from (and written to) the module that owns it now."""

    def _owner(self, name: str) -> types.ModuleType | None:
        for target in MOVED[self.__name__]:
            module = importlib.import_module(target)
            if hasattr(module, name):
                return module
        return None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        old = OLD_SIGNATURES.get((self.__name__, name))
        owner = self._owner(name)
        if owner is None and old is None:
            msg = f"module {self.__name__!r} has no attribute {name!r} (it moved to {', '.join(MOVED[self.__name__])})"
            raise AttributeError(msg)
        where = owner.__name__ if owner is not None else MOVED[self.__name__][0]
        warnings.warn(f"{self.__name__}.{name} moved to {where}.{name}; import it from there "
                      f"(the old path goes in the next release)", DeprecationWarning, stacklevel=2)
        return old() if old is not None else getattr(owner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("__") and name.endswith("__"):
            super().__setattr__(name, value)
            return
        owner = self._owner(name)
        if owner is None:
            super().__setattr__(name, value)
            return
        warnings.warn(f"{self.__name__}.{name} moved to {owner.__name__}.{name}; set it there",
                      DeprecationWarning, stacklevel=2)
        setattr(owner, name, value)

    def __dir__(self) -> list[str]:
        names: set[str] = set()
        for target in MOVED[self.__name__]:
            names.update(n for n in dir(importlib.import_module(target)) if not n.startswith("__"))
        return sorted(names)


class _MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the old module paths of :data:`MOVED` (and nothing else)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = MovedModule(spec.name, f"Deprecated path: {spec.name} moved to {', '.join(MOVED[spec.name])}.")
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


def install() -> None:
    """Put the finder on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _MovedFinder())


def old_module(name: str) -> types.ModuleType:
    """``textrepair.<name>`` for the package's ``__getattr__``: an old module path, imported."""
    full = f"textrepair.{name}"
    if full not in MOVED:
        msg = f"module 'textrepair' has no attribute {name!r}"
        raise AttributeError(msg)
    return importlib.import_module(full)
