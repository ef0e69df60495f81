"""The class screen (substitution.CLASS_SCREEN): a document spun in one part of speech, which the stride sample alone stops, gets the full analysis; the clean article does not.

Cases live in tests/cases/class_screen.json (an article written for these tests, spun by our own
spinners; the substitutions are listed with each spun text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textrepair import repair_and_explain
from textrepair.spin import substitution
from textrepair.spin.detect import score_document
from textrepair.spin.tokens import protected_spans, tokenize
from textrepair.text.segment import split_paragraphs

from spuncase import check_spun_cases

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "class_screen.json").read_text(encoding="utf-8"))


def _screens(text: str) -> list[substitution.ParagraphEvidence]:
    parts = [(tokenize(text, p), protected_spans(text, p)) for p in split_paragraphs(text)]
    return [substitution.screen_paragraph(text, t, pr) for t, pr in parts]


def test_cases_are_consistent() -> None:
    check_spun_cases(CASES)


@pytest.mark.parametrize("case", CASES["needs_analysis"], ids=[c["why"] for c in CASES["needs_analysis"]])
def test_needs_analysis(case) -> None:
    got = substitution.needs_analysis(case["eligible"], tuple(case["screen"]), tuple(case["classes"]))
    assert got is case["expected"]


@pytest.mark.parametrize("case", CASES["spun"], ids=[f"{c['family']}-{c['seed']}" for c in CASES["spun"]])
def test_one_part_of_speech_spin_passes_the_class_screen(case) -> None:
    text = case["spun"]
    totals = substitution.DocumentTotals().add(_screens(text))
    assert totals.eligible > substitution.SCREEN_SAMPLE
    assert not substitution.needs_analysis(totals.eligible, totals.screen), totals  # the stride sample stops it
    assert substitution.needs_analysis(totals.eligible, totals.screen, totals.class_screen), totals
    doc_score, spun, paragraphs = score_document(text)
    assert spun is case["flagged"], doc_score
    if case["flagged"]:
        assert any(p.spun for p in paragraphs)


def test_the_original_article_is_stopped_and_left_alone() -> None:
    text = CASES["original"]
    totals = substitution.DocumentTotals().add(_screens(text))
    assert not substitution.needs_analysis(totals.eligible, totals.screen, totals.class_screen), totals
    r = repair_and_explain(text)
    assert r.text == text, r.explain()
    assert not any(p.spun for p in r.scores)


@given(st.integers(min_value=1, max_value=6))
def test_class_screen_adds_up_by_paragraph(cut: int) -> None:
    # A body repaired in pieces adds up the same class screen as the body whole.
    screens = _screens(CASES["spun"][1]["spun"])
    whole = substitution.DocumentTotals().add(screens)
    pieces = substitution.DocumentTotals().add(screens[:cut]).add(screens[cut:])
    assert pieces.class_screen == whole.class_screen
    assert sum(whole.class_screen[2:]) > 0
