"""Shared fixtures and the hypothesis profile (no deadlines): where ../shared lives (tests that need it skip cleanly when it is absent), and a spy on the folder runner's process pools."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: the property tests check behaviour, never time (speed lives in
# benchmarks/), and on a loaded 2-core machine a quick example can exceed hypothesis's 200 ms.
settings.register_profile("textrepair", deadline=None)
settings.load_profile("textrepair")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_body(shared: Path) -> str:
    return next((shared / "seeds").glob("001_*")).read_text(encoding="utf-8")


@pytest.fixture
def pool_sizes(monkeypatch: pytest.MonkeyPatch) -> list:
    """The ``max_workers`` of every process pool ``clean_folder`` opens during the test."""
    import textrepair.run.folder as folder

    used: list = []

    class Spy(folder.ProcessPoolExecutor):  # type: ignore[misc]
        def __init__(self, *a, **kw):
            used.append(kw.get("max_workers"))
            super().__init__(*a, **kw)

    monkeypatch.setattr(folder, "ProcessPoolExecutor", Spy)
    return used
