"""Restoration in title-case headlines: the language model alone does not change a headline word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair.spin.restore import restore

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "cases" / "headline_restore.json").read_text(encoding="utf-8"))
SAMPLES = HERE.parent / "textrepair" / "samples"


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["label"] for c in CASES["cases"]])
def test_headline_over_a_spun_body(case: dict) -> None:
    text = case["headline"] + "\n\n" + CASES["body"]
    r = restore(text)
    assert any(e.start > len(case["headline"]) for e in r.edits), "the body should be restored"
    assert r.text.split("\n", 1)[0] == case["expected"], r.explain()
    # What was held back is still offered, with the reason.
    held = {s.found: s.reason for s in r.suggestions if s.end <= len(case["headline"])}
    for word in case.get("suggested", ()):
        assert held.get(word, "").startswith("headline"), held


@pytest.mark.parametrize("case", CASES["samples"], ids=[c["file"] for c in CASES["samples"]])
def test_bundled_sample_headline_stays(case: dict) -> None:
    text = (SAMPLES / case["file"]).read_text(encoding="utf-8")
    r = restore(text)
    assert r.edits, "the sample's body is spun"
    assert r.text.split("\n", 1)[0] == case["first_line"], r.explain()
