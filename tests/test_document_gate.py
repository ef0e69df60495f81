"""The document gate: a paragraph with evidence is flagged with its document, never by a clean document."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from textrepair.spin.detect import DEFAULT_THRESHOLD, DOCUMENT_MARGIN, document_gate, score_document
from textrepair.spin.restore import restore

# Three heavily spun paragraphs and a last one written plainly that still holds ordinary words the
# spinner table lists ("said", "expect", ...): its own score is low, its document's is high.
TEXT = (Path(__file__).parent / "data" / "document_gate.txt").read_text(encoding="utf-8")
LAST = TEXT.index("The council")


def _last(paragraphs):
    return next(p for p in paragraphs if p.start == LAST)


def test_weak_paragraph_is_flagged_with_its_document() -> None:
    doc_score, spun, paragraphs = score_document(TEXT)
    assert spun and doc_score >= document_gate(DEFAULT_THRESHOLD)
    last = _last(paragraphs)
    assert last.score < DEFAULT_THRESHOLD          # not on its own evidence ...
    assert last.spun                               # ... but with its document
    gate = [s for s in last.signals if s.name == "document"]
    assert len(gate) == 1 and "document score" in gate[0].detail
    # Paragraphs flagged on their own evidence carry no document signal.
    assert all(not any(s.name == "document" for s in p.signals) for p in paragraphs if p.score >= DEFAULT_THRESHOLD)


def test_the_same_paragraph_alone_is_not_flagged() -> None:
    alone = TEXT[LAST:]
    doc_score, spun, paragraphs = score_document(alone)
    assert not spun and doc_score < document_gate(DEFAULT_THRESHOLD)
    assert not any(p.spun for p in paragraphs)


def test_gate_flags_but_the_decoder_keeps_plain_words() -> None:
    r = restore(TEXT)
    assert any(e.end <= LAST for e in r.edits)     # the spun paragraphs are restored
    assert not any(e.start >= LAST for e in r.edits), [e for e in r.edits if e.start >= LAST]


def test_threshold_one_flags_nothing() -> None:
    _, spun, paragraphs = score_document(TEXT, threshold=1.0)
    assert not spun and not any(p.spun for p in paragraphs)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_gate_is_monotone_and_never_above_the_threshold(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert 0.0 <= document_gate(lo) <= document_gate(hi) <= hi
    assert document_gate(hi) <= hi


def test_gate_values() -> None:
    assert document_gate(1.0) == 1.0
    assert abs(document_gate(DEFAULT_THRESHOLD) - (DEFAULT_THRESHOLD - DOCUMENT_MARGIN)) < 1e-12
