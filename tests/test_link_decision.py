"""Issue 14, fourth pass: the link decision weighs the text evidence and a missing headline (score.DECISION_INPUTS)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.link import LINK_THRESHOLD, Abstention
from textrepair.link.score import DECISION, DECISION_INPUTS, TEXT_MIN, decision_inputs, decision_score, text_evidence
from textrepair.text.document import parse_document

from linkcase import case_index

CASE = json.loads((Path(__file__).resolve().parent / "cases" / "link_decision.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index():
    return case_index(CASE)


def test_the_decision_inputs_are_the_fitted_ones():
    assert tuple(DECISION) == DECISION_INPUTS
    assert tuple(decision_inputs(0.9, 2.0, 0.3, False)) == DECISION_INPUTS
    assert decision_inputs(0.9, 99.0, 0.3, False)["margin"] <= 6.0
    assert decision_inputs(0.9, 2.0, 0.3, False)["no_headline"] == 1.0
    assert decision_inputs(0.9, 2.0, 0.3, True)["no_headline"] == 0.0


def test_a_restructured_rewrite_without_a_headline_links(index):
    (link,) = index.link_document(parse_document(CASE["restructured"]))
    assert link.record.id == CASE["record"]["id"]
    f = link.features
    # The miss class of the fit split: no headline (no title evidence), the order of the
    # excerpt's words gone, but its wording kept in pieces.
    assert f["title"] == 0.0 and f["title_order"] == 0.0 and f["sequence"] < 0.1
    assert 0.2 <= f["wording"] <= 0.5
    # It links because the decision weighs that text evidence and the missing headline: with
    # neither, the same pair score and margin stay below the threshold.
    te = text_evidence(f)
    assert link.score == pytest.approx(decision_score(link.pair_score, link.margin, te, False))
    assert decision_score(link.pair_score, link.margin, 0.0, True) < LINK_THRESHOLD <= link.score


def test_another_outlets_report_without_a_headline_still_abstains(index):
    report = index.explain_document(parse_document(CASE["same_event"]))
    assert report.links == ()
    (abstention,) = report.unlinked
    assert isinstance(abstention, Abstention)
    assert abstention.best is not None and abstention.best.record.id == CASE["record"]["id"]
    assert text_evidence(abstention.best.features) < TEXT_MIN
    assert abstention.missing[0].startswith("same event, not the same text")


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 1), st.floats(-20, 20), st.floats(0, 1), st.floats(0, 1), st.booleans())
def test_more_text_evidence_or_a_missing_headline_never_lowers_the_decision(p, margin, a, b, headline):
    lo, hi = sorted((a, b))
    s = decision_score(p, margin, lo, headline)
    assert 0.0 <= s <= 1.0
    assert decision_score(p, margin, hi, headline) >= s
    assert decision_score(p, margin, lo, False) >= decision_score(p, margin, lo, True)
