""".ci/lowest-constraints.txt pins every runtime and test dependency to the floor of its range in pyproject.toml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11")
from packaging.requirements import Requirement  # noqa: E402  (pytest depends on packaging)
from packaging.utils import canonicalize_name  # noqa: E402
from packaging.version import Version  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _floors() -> dict[str, Version]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for line in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(line)
        lows = [Version(s.version) for s in req.specifier if s.operator == ">="]
        assert len(lows) == 1, f"{line}: a range needs one '>=' floor for the lowest-versions CI run"
        floors[canonicalize_name(req.name)] = lows[0]
    return floors


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / ".ci" / "lowest-constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line).groups()
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_every_floor_is_pinned_in_the_lowest_constraints():
    floors, pins = _floors(), _pins()
    assert set(floors) <= set(pins)
    for name, floor in floors.items():
        assert pins[name] == floor, f"{name}: pinned {pins[name]}, floor {floor}"
    # Anything else pinned there is a dependency of a dependency, with its reason written beside it.
    assert set(pins) - set(floors) == {"numpy"}
