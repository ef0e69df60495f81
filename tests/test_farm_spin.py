"""Content-farm style spins (benchmarks/spinners.py farm-* families): spins the table-free screen lets through are flagged, the clean article stays untouched.

Cases live in tests/cases/farm_spin.json (an article written for these tests, spun by our own
spinners; the substitutions are listed with each spun text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair import apply_edits, invert_edits, repair_and_explain
from textrepair.spin import substitution
from textrepair.spin.detect import score_document
from textrepair.spin.restore import restore_text
from textrepair.spin.tokens import protected_spans, tokenize
from textrepair.text.segment import split_paragraphs

from spuncase import check_spun_cases

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "farm_spin.json").read_text(encoding="utf-8"))


def _screen(text: str) -> substitution.DocumentTotals:
    parts = [(tokenize(text, p), protected_spans(text, p)) for p in split_paragraphs(text)]
    return substitution.DocumentTotals().add([substitution.screen_paragraph(text, t, pr) for t, pr in parts])


def test_cases_are_consistent() -> None:
    check_spun_cases(CASES)


@pytest.mark.parametrize("case", CASES["spun"], ids=[f"{c['family']}-{c['seed']}" for c in CASES["spun"]])
def test_farm_spin_passes_the_screen_and_is_flagged(case) -> None:
    text = case["spun"]
    totals = _screen(text)
    assert totals.eligible > substitution.SCREEN_SAMPLE  # judged by its sample first, not analysed outright
    assert substitution.needs_analysis(totals.eligible, totals.screen), totals
    doc_score, spun, paragraphs = score_document(text)
    assert spun and any(p.spun for p in paragraphs), doc_score
    rec = restore_text(text)
    assert apply_edits(apply_edits(text, rec.edits), invert_edits(rec.edits)) == text


def test_the_original_article_is_left_alone() -> None:
    text = CASES["original"]
    r = repair_and_explain(text)
    assert r.text == text, r.explain()
    assert not any(p.spun for p in r.scores)
    # A clean article whose sample shows no evidence is not analysed word by word (the screen's
    # purpose: clean news costs a few dozen look-ups).
    totals = _screen(text)
    assert not substitution.needs_analysis(totals.eligible, totals.screen), totals

