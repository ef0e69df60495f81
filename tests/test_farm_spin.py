"""Content-farm style spins (benchmarks/spinners.py farm-* families): spins the table-free screen lets through are flagged, the clean article stays untouched.

Cases live in tests/cases/farm_spin.json (an article written for these tests, spun by our own
spinners; the substitutions are listed with each spun text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import apply_edits, invert_edits, repair_and_explain
from textrepair.spin import substitution
from textrepair.spin.detect import DEFAULT_THRESHOLD, score_document
from textrepair.spin.restore import restore_text
from textrepair.spin.tokens import protected_spans, tokenize
from textrepair.text.segment import split_paragraphs

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "farm_spin.json").read_text(encoding="utf-8"))


def _screen(text: str) -> substitution.DocumentTotals:
    parts = [(tokenize(text, p), protected_spans(text, p)) for p in split_paragraphs(text)]
    return substitution.DocumentTotals().add([substitution.screen_paragraph(text, t, pr) for t, pr in parts])


def test_cases_are_consistent() -> None:
    # Each listed substitution sits in the original where it says, and the spun text is the
    # original with them applied (guards the case file itself).
    original = CASES["original"]
    for case in CASES["spun"]:
        out, pos = [], 0
        for start, end, orig, spun in case["substitutions"]:
            assert original[start:end] == orig
            out += [original[pos:start], spun]
            pos = end
        assert "".join(out) + original[pos:] == case["spun"]


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



# --- the screen's sample: the words likeliest to be spun (spin9) ---------------------------------

_WORDS = ("chapeau", "hat", "penalisation", "penalty", "outskirts", "city", "estuary", "river", "bridge",
          "council", "engineers", "departure", "detour", "showroom", "market", "trucks", "industrys")


@given(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=40))
@settings(max_examples=60, deadline=None)
def test_the_screen_samples_as_many_words_as_a_stride_would_the_likeliest_spun(words) -> None:
    # The same number of words as every SCREEN_STRIDE-th one (the screen's cost does not grow),
    # in text order, and no word left out ranks above one taken.
    text = " ".join(words)
    toks = tokenize(text) if text else ()
    listed = [(i, 1) for i in range(len(toks))]
    sample = substitution.screen_sample(toks, listed)
    assert len(sample) == len(listed[:: substitution.SCREEN_STRIDE])
    assert sample == sorted(sample) and set(sample) <= set(listed)
    taken = {i for i, _ in sample}
    if taken:
        lowest = min(substitution.screen_priority(toks[i].norm) for i in taken)
        assert all(substitution.screen_priority(toks[i].norm) <= lowest for i, _ in listed if i not in taken)


@pytest.mark.parametrize("spun,original", [("chapeau", "hat"), ("penalisation", "penalty"),
                                           ("estuary", "river"), ("outskirts", "city")])
def test_spun_forms_rank_above_their_originals_for_the_screen(spun, original) -> None:
    # A rare form with a common, close thesaurus neighbour is sampled before the common word.
    assert substitution.screen_priority(spun) > substitution.screen_priority(original)


@given(eligible=st.integers(substitution.SCREEN_SAMPLE + 1, 5000), scored=st.integers(1, 800),
       strong=st.integers(0, 800))
@settings(max_examples=200, deadline=None)
def test_a_document_the_screen_stops_stays_below_the_document_gate(eligible, scored, strong) -> None:
    # A stopped document's density is estimated from its sample, scaled down (the sample is drawn
    # from the likeliest words); it never reaches the detector's threshold by itself.
    strong = min(strong, scored)
    if substitution.needs_analysis(eligible, (strong, scored)):
        return
    totals = substitution.DocumentTotals(eligible, (strong, scored), 0, False, 1)
    assert substitution.document_score(totals) < DEFAULT_THRESHOLD
