"""How the core records show themselves in a notebook: ``_repr_html_`` asks a renderer that a higher layer registers.

The records of :mod:`textrepair.core.types` (and a link) have HTML views, but the views are
written in :mod:`textrepair.report.render`, above everything they show. So the core names no
renderer: ``textrepair/__init__`` registers the renderer's module by name, and it is imported only
when a notebook first asks for a view.
"""

from __future__ import annotations

import importlib
from typing import Any

_renderer: str | None = None


def register(module: str) -> None:
    """Name the module whose ``view(obj, **options)`` renders records (imported on first use)."""
    global _renderer
    _renderer = module


def view(obj: Any, **options: Any) -> Any:
    """The registered renderer's view of ``obj``: an object with ``_repr_html_``."""
    if _renderer is None:
        msg = "no HTML renderer registered (import textrepair first)"
        raise RuntimeError(msg)
    return importlib.import_module(_renderer).view(obj, **options)


def html(obj: Any) -> str:
    """``obj`` as notebook HTML (what its ``_repr_html_`` returns)."""
    return view(obj)._repr_html_()
