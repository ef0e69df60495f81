"""The unwritten-originals gate: table-free restorations are only suggested in a document spun word for word the same way, whose strong spans' candidates are nowhere written in it.

Cases live in tests/cases/unwritten_gate.json (an article written for these tests, spun by our own
spinners of benchmarks/spinners.py; the substitutions are listed with each spun text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textrepair import apply_edits, invert_edits
from textrepair.spin import restore, substitution
from textrepair.spin.detect import analyse, judge
from textrepair.text.segment import split_paragraphs

from spuncase import check_spun_cases

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "unwritten_gate.json").read_text(encoding="utf-8"))


def _judged(text: str):
    analyses = analyse(text, split_paragraphs(text))
    return analyses, judge(analyses)


def _thesaurus(edits) -> list:
    return [e for e in edits if e.source.startswith("thesaurus:")]


def test_cases_are_consistent() -> None:
    check_spun_cases(CASES)


@pytest.mark.parametrize("case", CASES["spun"], ids=[f"{c['family']}-{c['seed']}" for c in CASES["spun"]])
def test_gate_on_spun_texts(case, monkeypatch) -> None:
    text = case["spun"]
    analyses, judgement = _judged(text)
    assert judgement.thesaurus is not None and judgement.thesaurus.analysed
    assert substitution.unwritten_originals(judgement.thesaurus) is case["withheld"], judgement.thesaurus
    monkeypatch.setattr(restore, "THESAURUS_UNWRITTEN_GATE", False)
    ungated, _ = restore.plan(text, analyses, judgement)
    monkeypatch.setattr(restore, "THESAURUS_UNWRITTEN_GATE", True)
    edits, suggestions = restore.plan(text, analyses, judgement)
    assert _thesaurus(ungated), "the case must give the table-free restorer something to do"
    if case["withheld"]:
        assert not _thesaurus(edits)
        # Nothing is lost: every withheld restoration is still offered, with the reason.
        offered = {(s.start, s.end): s for s in suggestions}
        for e in _thesaurus(ungated):
            s = offered[(e.start, e.end)]
            assert e.replacement in s.alternatives and "nowhere else" in s.reason
    else:
        assert _thesaurus(edits) == _thesaurus(ungated)
    assert apply_edits(apply_edits(text, edits), invert_edits(edits)) == text
    # The default restorer reads the gate.
    monkeypatch.undo()
    assert bool(_thesaurus(restore.restore_text(text).edits)) is not case["withheld"]


@pytest.mark.parametrize("case", CASES["totals"], ids=[c["why"] for c in CASES["totals"]])
def test_verdict_on_totals(case) -> None:
    n = case["strong"]
    totals = substitution.DocumentTotals(eligible=10 * n, strong=n, analysed=case["analysed"], paragraphs=1,
                                         strong_written=case["written"],
                                         strong_margin=round(100 * case["margin"]) * n)
    assert substitution.unwritten_originals(totals) is case["withheld"]


def test_totals_add_up_by_paragraph() -> None:
    """The gate's counts are integers summed by paragraph, so a body read in pieces is judged as whole."""
    text = next(c["spun"] for c in CASES["spun"] if c["withheld"])
    analyses, judgement = _judged(text)
    ev = [a.substitution for a in analyses]
    whole = substitution.DocumentTotals().add(ev)
    pieces = substitution.DocumentTotals().add(ev[:2]).add(ev[2:])
    assert (pieces.strong_written, pieces.strong_margin) == (whole.strong_written, whole.strong_margin)
    assert whole.strong_written == judgement.thesaurus.strong_written
    assert 0 <= whole.strong_written <= whole.strong


@given(st.integers(1, 200), st.integers(0, 200), st.floats(-2.0, 3.0))
def test_more_written_never_withholds_more(strong: int, written: int, margin: float) -> None:
    written = min(written, strong)
    t = substitution.DocumentTotals(strong=strong, strong_written=written, strong_margin=round(100 * margin) * strong)
    more = substitution.DocumentTotals(strong=strong, strong_written=min(strong, written + 1),
                                       strong_margin=t.strong_margin)
    assert not (substitution.unwritten_originals(more) and not substitution.unwritten_originals(t))
