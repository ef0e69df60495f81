"""Spun-text case files (tests/cases/*.json with an original and its spun versions): consistency check shared by their tests."""

from __future__ import annotations

from typing import Any


def check_spun_cases(cases: dict[str, Any]) -> None:
    """Each listed substitution sits in the original where it says, and each spun text is the
    original with them applied (guards the case file itself)."""
    original = cases["original"]
    for case in cases["spun"]:
        out, pos = [], 0
        for start, end, orig, spun in case["substitutions"]:
            assert original[start:end] == orig
            out += [original[pos:start], spun]
            pos = end
        assert "".join(out) + original[pos:] == case["spun"]
