"""Linking inside a repair (textrepair.run.linking): the body is linked as the fixers leave it, spans index the input, and record pairs keep their case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import RecordIndex, RepairConfig, load_records, parse_document, read_document, repair_and_explain
from textrepair.cli import main
from textrepair.core.edits import apply_edits
from textrepair.link.context import DocumentLinker, learn_context_pairs
from textrepair.link.records import Record
from textrepair.run.linking import fixed_document, link_report, repair_with_record
from textrepair.run.worker import repair_input

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "examples" / "records"
SCRAPED = ROOT / "textrepair" / "samples" / "scraped_debris.txt"


@pytest.fixture(scope="module")
def index():
    records, problems = load_records(RECORDS)
    assert not problems
    return RecordIndex(records)


def test_a_scraped_body_is_linked_as_the_fixers_leave_it(index):
    doc = read_document(SCRAPED)
    raw = index.explain_document(doc)  # the text as given: markup, mojibake, an index date
    report = link_report(doc, index)
    [link] = report.links
    assert link.record.id == "museum-wing.md"
    raw_score = max((lk.score for lk in raw.links), default=0.0)
    assert link.score > raw_score
    # Spans index the input: the link covers the article segment (with its index date, which the
    # linker reads), evidence starts at the first sentence (the tags and mojibake in it were
    # compared fixed), and every evidence span lies inside the input.
    assert (link.start, link.end) == (doc.segments[0].start, doc.segments[0].end)
    found = next(e for e in link.evidence if e.name == "found")
    assert doc.text[found.start :].startswith("The museum")
    assert all(0 <= e.start <= e.end <= len(doc.text) for e in link.evidence)


def test_the_worker_links_after_the_fixers_and_reports_input_spans(index):
    linker = DocumentLinker(index)
    out = repair_input("scraped.txt", RepairConfig(), path=SCRAPED, linker=linker)
    assert out.error is None
    [link] = out.links
    assert link["record"] == "museum-wing.md" and link["score"] >= 0.5
    text = SCRAPED.read_text(encoding="utf-8")
    found = next(e for e in link["evidence"] if e["name"] == "found")
    assert text[found["start"] :].startswith("The museum") and link["end"] == len(text)
    # the repair itself is the repair of the input: its edits replay on it
    assert apply_edits(out.result.original, out.result.edits) == out.result.text


def test_cli_link_reports_spans_of_the_file(capsys):
    rc = main(["link", str(SCRAPED), "--records", str(RECORDS)])
    assert rc == 0
    payload = json.loads(capsys.readouterr().out)
    [link] = payload["links"]
    assert link["record"] == "museum-wing.md"
    found = next(e for e in link["evidence"] if e["name"] == "found")
    assert SCRAPED.read_text(encoding="utf-8")[found["start"] :].startswith("The museum")


def test_the_index_date_stays_for_the_linker():
    doc = parse_document(" date 2023-03-14 The <b>museum</b> opened.\n")
    view, back = fixed_document(doc)
    assert view.text == " date 2023-03-14 The museum opened.\n"
    assert back is not None and back(view.text.index(" opened"), "start") == doc.text.index(" opened")


def test_a_clean_body_is_its_own_fixed_document():
    doc = parse_document("Harbour Bridge Reopens\n\nThe bridge reopened on Monday after repairs.\n")
    view, back = fixed_document(doc)
    assert view is doc and back is None


_JUNK = st.sampled_from(["\u200b", "<b>", "</b>", "&amp;", "<br>", "\u00ad"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), _JUNK), max_size=8))
def test_spans_of_a_body_with_debris_index_the_input(index, inserts):
    base = (RECORDS.parent.parent / "textrepair" / "samples" / "spun_contract.txt").read_text(encoding="utf-8")
    text = base
    for pos, junk in sorted(inserts, reverse=True):
        pos = pos % (len(text) + 1)
        text = text[:pos] + junk + text[pos:]
    doc = parse_document(text)
    report = link_report(doc, index)
    for item in (*report.links, *(a.best for a in report.unlinked if a.best is not None)):
        assert 0 <= item.start <= item.end <= len(text)
        for e in item.evidence:
            assert item.start <= e.start <= e.end <= item.end
    for lk in report.links:
        for p in learn_context_pairs(*_view_and_segment(doc, lk)):
            assert p.spun  # learned on the fixed text, never on markup


def _view_and_segment(doc, link):
    view, _ = fixed_document(doc)
    seg = max(view.segments, key=lambda s: s.end - s.start)
    return view.text, seg, link.record


# --- record pairs keep their case (lead's TODO: "State Freeway" -> "State Highway") ----------------

def test_a_pair_with_capitals_changes_only_that_case():
    text = ("Drivers Cheer As State Freeway Reopens\n\n"
            "The state freeway patrol said the State Freeway reopened on Monday after repairs.\n")
    r = repair_and_explain(text, context_pairs=(("State Freeway", "State Highway"),), threshold=0.0)
    record_edits = [(e.found, e.replacement) for e in r.edits if e.source == "record"]
    assert record_edits == [("State Freeway", "State Highway")] * 2
    assert "the State Highway patrol" not in r.text and "The state" in r.text


def test_a_lowercase_pair_takes_the_case_it_finds():
    text = "Regulation enforcement said it. The regulation enforcement unit agreed.\n"
    r = repair_and_explain(text, context_pairs=(("regulation enforcement", "law enforcement"),), threshold=0.0)
    assert "Law enforcement said it. The law enforcement unit agreed." in r.text


def test_pairs_from_a_title_case_headline_keep_their_capitals():
    record = Record("highway.md", "Drivers Cheer As State Highway Reopens",
                    "The state highway reopened on Monday after three months of repairs, the transport office said.")
    text = ("Drivers Cheer As State Freeway Reopens\n\n"
            "The state highway reopened on Monday after three months of repairs, the transport office stated.\n\n"
            "Officers of the state freeway patrol closed two lanes for the works.\n")
    doc = parse_document(text)
    pairs = {p.as_tuple(): p.record_field for p in learn_context_pairs(text, doc.segments[0], record)}
    assert pairs.get(("State Freeway", "State Highway")) == "title"
    result = repair_with_record(doc, record, RepairConfig(threshold=0.0))
    assert "State Highway Reopens" in result.text
    assert "State Highway patrol" not in result.text


def test_a_capital_that_only_starts_a_sentence_is_learned_lowercase():
    record = Record("agencies.md", "County Buys Plate Readers",
                    "Law enforcement agencies in the county bought forty plate readers last year.")
    text = ("County Buys Plate Readers\n\n"
            "Regulation enforcement agencies in the county bought forty plate readers last year.\n")
    doc = parse_document(text)
    learned = {p.as_tuple() for p in learn_context_pairs(text, doc.segments[0], record)}
    assert ("regulation", "law") in learned
    assert not any(s[:1].isupper() for s, _ in learned)
