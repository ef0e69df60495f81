"""Issue 14, third pass: a link needs evidence of the record's text, not only of its event (score.TEXT_MIN)."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.core.types import Segment
from textrepair.link import Abstention, Link, record_view, segment_view
from textrepair.link.features import measure, wording
from textrepair.link.records import load_mappings
from textrepair.link.score import TEXT_FEATURES, TEXT_MIN, decide, text_evidence
from textrepair.link.tokens import FACT, tokenize, word_pairs
from textrepair.text.document import parse_document

from linkcase import case_index

CASE = json.loads((Path(__file__).resolve().parent / "cases" / "link_same_event.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index():
    return case_index(CASE)


def test_word_pairs_hold_the_outlets_wording_names_and_numbers_aside():
    toks = tokenize("Agnes Morrow said the pier had been skipped for 6 years")
    own = word_pairs(toks, own_only=True)
    # Names and numbers stand for any name or number; pairs of function words are left out.
    assert (FACT, "said") not in own and ("the", "pier") in own and ("for", FACT) not in own
    assert (FACT, "years") in own and ("been", "skipp") in own
    assert ("had", "been") not in own and ("had", "been") in word_pairs(toks)


def test_another_outlets_report_of_the_event_is_not_linked(index):
    report = index.explain_document(parse_document(CASE["same_event"]))
    assert report.links == ()
    (abstention,) = report.unlinked
    assert abstention.best is not None and abstention.best.record.id == CASE["record"]["id"]
    # It shares the event's words, but little of the record's wording.
    f = abstention.best.features
    assert f["words"] >= 0.3 and f["wording"] < 0.3


def test_a_spun_copy_of_the_article_links(index):
    (link,) = index.link_document(parse_document(CASE["copy"]))
    assert link.record.id == CASE["record"]["id"]
    assert text_evidence(link.features) >= TEXT_MIN and link.features["wording"] > 0.5


def test_a_wording_share_is_the_share_of_the_excerpts_own_pairs():
    rv = record_view(load_mappings([{"id": "r", "title": CASE["record"]["title"],
                                     "excerpt": CASE["record"]["excerpt"]}])[0][0])
    body = CASE["record"]["excerpt"]
    assert wording(rv, segment_view(body, Segment(0, len(body)))) == 1.0
    other = CASE["same_event"]
    assert wording(rv, segment_view(other, Segment(0, len(other)))) < 0.3


def _candidate(rv, sv, score, **values):
    features = {k: 0.0 for k in TEXT_FEATURES} | values
    return Link(rv.record, score, sv.segment.start, sv.segment.end, (), MappingProxyType(features), pair_score=score)


def test_a_high_score_without_text_evidence_abstains_and_says_same_event():
    rv = record_view(load_mappings([{"id": "r.md", "title": CASE["record"]["title"],
                                     "excerpt": CASE["record"]["excerpt"]}])[0][0])
    body = CASE["same_event"]
    sv = segment_view(body, Segment(0, len(body)))
    out = decide(sv, [_candidate(rv, sv, 0.999, words=0.6, title_words=0.8)], lambda r: rv)
    assert isinstance(out, Abstention)
    assert out.best is not None and out.best.record.id == "r.md"
    assert out.missing[0].startswith("same event, not the same text: record r.md")
    assert "text evidence" in out.missing[-1]
    # With text evidence the same candidate links; threshold 0 shows the best candidate anyway.
    assert isinstance(decide(sv, [_candidate(rv, sv, 0.999, wording=TEXT_MIN + 0.2)], lambda r: rv), Link)
    assert isinstance(decide(sv, [_candidate(rv, sv, 0.999)], lambda r: rv, threshold=0.0), Link)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cd Ef G 12 . ,\n"), max_size=300),
       st.text(alphabet=st.sampled_from("ab cd Ef G 12 . ,\n"), max_size=300))
def test_wording_and_text_evidence_are_shares(excerpt, body):
    rv = record_view(load_mappings([{"id": "r", "title": "T", "excerpt": excerpt or "x"}])[0][0])
    sv = segment_view(body, Segment(0, len(body)))
    values = measure(sv, rv).values
    assert 0.0 <= values["wording"] <= 1.0
    assert 0.0 <= text_evidence(values) <= 1.0


def test_every_link_has_text_evidence(index):
    for text in (CASE["copy"], CASE["same_event"], CASE["record"]["excerpt"]):
        for link in index.link_document(parse_document(text)):
            assert text_evidence(link.features) >= TEXT_MIN
