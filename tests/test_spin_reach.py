"""Reach of the table-free restorer: capitalised multiword spun forms, the phrase threshold, numbers.

Cases live in tests/cases/spin_reach.json (texts written for this project).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair import apply_edits
from textrepair.spin import substitution
from textrepair.spin.restore import restore_text
from textrepair.spin.tokens import protected_spans, tokenize
from textrepair.text.segment import split_paragraphs

HERE = Path(__file__).resolve().parent / "cases"
CASES = json.loads((HERE / "spin_reach.json").read_text(encoding="utf-8"))
SPUN_ARTICLE = json.loads((HERE / "substitution.json").read_text(encoding="utf-8"))["spun_article"]


def _spans(text: str) -> list[substitution.SpanScore]:
    out = []
    for p in split_paragraphs(text):
        spans, _ = substitution.score_paragraph(text, tokenize(text, p), protected_spans(text, p))
        out.extend(spans)
    return out


@pytest.mark.parametrize("case", CASES["capital_phrases"], ids=[c["found"] for c in CASES["capital_phrases"]])
def test_capitalised_multiword_spun_forms_are_scored_whole(case) -> None:
    by_found = {s.found: s for s in _spans(case["text"])}
    span = by_found.get(case["found"])
    assert span is not None and span.capitalised, sorted(by_found)
    assert case["original"] in dict(span.options), span.options


@pytest.mark.parametrize("text", CASES["clean_names"], ids=["treaty", "donors"])
def test_clean_text_with_names_is_left_alone(text: str) -> None:
    rec = restore_text(text)
    assert not rec.edits, [(e.found, e.replacement) for e in rec.edits]
    assert apply_edits(text, rec.edits) == text


@pytest.mark.parametrize("floor", [0.8, 0.9])
def test_phrase_threshold_never_undercuts_the_callers_minimum(floor: float) -> None:
    rec = restore_text(SPUN_ARTICLE["spun"], min_confidence=floor)
    thes = [e for e in rec.edits if e.source.startswith("thesaurus:")]
    assert thes, "the spun article should keep some confident restorations"
    for e in thes:
        assert e.confidence >= floor, (e.found, e.replacement, e.confidence)


@pytest.mark.parametrize("text", CASES["number_phrases"], ids=["parade", "bridge"])
def test_no_span_holds_a_number(text: str) -> None:
    for s in _spans(text):
        assert not any(c.isdigit() for c in s.found), (s.found, s.options)
