"""A body over chunked.LARGE_BODY_CHARS is detected and restored as a small one is (issue 10), through every path: library, clean, clean --jsonl, stream, dist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textrepair import apply_edits, apply_plan, parse_document
from textrepair.run.folder import REPORT_NAME
from textrepair.run.bounded import LARGE_BODY_CHARS, PIECE_CHARS, body_pieces, repair_bounded
from textrepair.cli import main
from textrepair.run.dist import repair_partition
from textrepair.pipeline import repair_document
from textrepair.run.stream import repair_stream

# Sentences written for this test in the style of a dictionary spinner's output (each word or
# phrase swapped for a table "synonym": "Regulation enforcement" for "Law enforcement", "with
# out" for "without", "not too long ago" for "recently"); the substitutions are those of
# textrepair/data/spinner-news.tsv.
SPUN = (
    "Metropolis inspectors closed three eating places not too long ago after accumulating samples "
    "with out discover, in line with recordsdata seen by the native paper.",
    "The homeowners mentioned they might repair the injury as soon as extra and preserve the kitchens "
    "open all through the vacation.",
    "Regulation enforcement officers additionally confirmed that the invoice was paid as a substitute "
    "of being disputed.",
    "Medical doctors on the native hospital mentioned sufferers waited for hours as a result of the "
    "electrical energy failed in a single day.",
    "Lecturers on the faculty mentioned the pupil had been given a laptop computer in order that she "
    "may examine at dwelling.",
    "Merchants mentioned the share value fell sharply after the alternate reserves dropped, in line "
    "with analysts.",
)
# Plainly written, but holding ordinary words the table lists ("said", "expect", "residents"): on
# its own such a paragraph scores far below the threshold; in a spun document the document gate
# flags it (tests/test_document_gate.py), and the decoder then leaves its plain words alone.
WEAK = (
    "The committee will review the inspection schedule on Monday, and a spokesperson said the "
    "results would be posted online before the holiday.",
    "Residents of the street expect the work to finish next spring, the engineer said after the meeting.",
)
CLEAN = (
    "The ferry leaves the north pier at seven every morning and returns shortly after dusk.",
    "Volunteers painted the library's reading room over two weekends in March.",
)


def _paragraph(i: int) -> str:
    """Paragraph ``i`` of a spun article: four in ten spun, two weak, four clean."""
    kind = i % 10
    if kind < 4:
        return f"{SPUN[i % len(SPUN)]} {SPUN[(i + 1) % len(SPUN)]}"
    if kind < 6:
        return f"{WEAK[i % len(WEAK)]} {CLEAN[i % len(CLEAN)]}"
    return f"{CLEAN[i % len(CLEAN)]} {CLEAN[(i + 1) % len(CLEAN)]}"


def _body(n_chars: int) -> str:
    out, size, i = [], 0, 0
    while size < n_chars:
        out.append(_paragraph(i))
        size += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out) + "\n"


BIG = "Inspectors Shut Three Eating places\n\n" + _body(300_000)


def _without_offsets(items) -> list[tuple]:
    """Paragraph scores (with their evidence) or suggestions without their offsets. Those index
    each stage's input, which differs between the two plans: a whole repair runs stage by stage
    over the body, a repair in pieces runs piece by piece, each piece's stages after the earlier
    pieces were repaired (chunked.repair_bounded); edits index the original in both."""
    out = []
    for x in items:
        if hasattr(x, "signals"):
            out.append((x.score, x.spun, tuple((s.name, s.text, s.weight, s.detail) for s in x.signals)))
        else:
            out.append((x.found, x.alternatives, x.confidence, x.reason))
    return out


@pytest.fixture(scope="module")
def reference():
    """The big body repaired in pieces by the library, and repaired whole (the reference)."""
    doc = parse_document(BIG, path="big.txt")
    assert doc.body.end - doc.body.start > LARGE_BODY_CHARS
    return doc, repair_bounded(doc), repair_document(doc)


def test_a_large_body_is_restored_as_it_would_be_whole(reference):
    doc, pieces, whole = reference
    assert pieces.meta["pieces"] == len(body_pieces(BIG, doc.body.start, doc.body.end)) >= 3
    assert pieces.meta["paragraphs_scored"] == len(doc.paragraphs) == len(whole.scores)
    # The choice (see chunked._body_evidence): every piece is judged with the whole body's
    # document evidence, so the repair equals the whole-body repair edit for edit, and the flagged
    # paragraphs carry the same scores, to the last bit.
    assert pieces.text == whole.text
    assert pieces.edits == whole.edits
    assert _without_offsets(pieces.scores) == _without_offsets(p for p in whole.scores if p.spun)
    assert _without_offsets(pieces.suggestions) == _without_offsets(whole.suggestions)
    assert any(s.name == "document" for p in pieces.scores for s in p.signals)  # the gate was used
    assert "with out" not in pieces.text and "Law enforcement officials" in pieces.text
    assert pieces.text.count(WEAK[0]) == BIG.count(WEAK[0])  # flagged, yet left as written


def test_a_large_body_equals_its_pieces_repaired_as_small_files(reference):
    """The same paragraphs repaired one small file at a time, up to the cut points, give the same
    text: every piece of this article is itself a spun document, so its own evidence flags what
    the whole body's does (the next test shows a body where it would not)."""
    doc, pieces, _ = reference
    small = [repair_document(parse_document(BIG[s:e])).text
             for s, e in body_pieces(BIG, doc.body.start, doc.body.end)]
    assert "".join(small) == pieces.text != BIG


def test_a_piece_is_judged_with_its_whole_body():
    """A spun opening followed by a long tail of weak paragraphs: the tail's pieces hold no spun
    paragraph, and on their own evidence they would flag nothing. Repaired in pieces they are
    flagged as the whole-body repair flags them, with the document signal."""
    body = "\n\n".join([" ".join(SPUN)] * 3 + [f"{WEAK[i % 2]} {CLEAN[i % 2]}" for i in range(12)]) + "\n"
    doc = parse_document(body)
    cuts = body_pieces(body, 0, len(body), 1_600)
    pieces = repair_bounded(doc, large_body=2_000, piece_chars=1_600)
    whole = repair_document(doc)
    assert pieces.meta["pieces"] == len(cuts) >= 3
    assert (pieces.text, pieces.edits) == (whole.text, whole.edits)
    assert _without_offsets(pieces.scores) == _without_offsets(p for p in whole.scores if p.spun)
    weak_only = [(s, e) for s, e in cuts if s >= body.index(WEAK[0])]  # pieces with no spun paragraph
    n_tail = sum(1 for p in doc.paragraphs if p.start >= weak_only[0][0])
    tail = pieces.scores[-n_tail:]  # their paragraphs, all of them flagged ...
    assert n_tail >= 4 and len(pieces.scores) == len(doc.paragraphs)
    assert all(p.score < 0.4 and any(s.name == "document" for s in p.signals) for p in tail)  # ... with the document
    alone = repair_document(parse_document(body[weak_only[0][0] : weak_only[-1][1]]))
    assert not any(p.spun for p in alone.scores)  # what a per-piece judgement would have given


_sentence = st.sampled_from(SPUN + WEAK + CLEAN)
_paragraphs = st.lists(st.lists(_sentence, min_size=1, max_size=3).map(" ".join), min_size=2, max_size=14)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_paragraphs, st.integers(0, 3000), st.sampled_from(["\n\n", "\r\n\r\n", "\n \n"]))
def test_any_cut_at_paragraph_breaks_gives_the_whole_repair(paragraphs, extra, sep):
    """Whatever the piece size, as long as every cut falls at a paragraph break (pieces of at least
    twice the longest paragraph always hold one), the repair in pieces is the whole repair; and
    any cut keeps the plan's invariants."""
    body = sep.join(paragraphs) + "\n"
    doc = parse_document(body)
    size = 2 * (max(map(len, paragraphs)) + len(sep)) + extra
    whole = repair_document(doc)
    pieces = repair_bounded(doc, large_body=0, piece_chars=size)
    assert (pieces.text, pieces.edits) == (whole.text, whole.edits)
    assert _without_offsets(pieces.scores) == _without_offsets(p for p in whole.scores if p.spun)
    assert pieces.meta["paragraphs_scored"] == len(whole.scores)
    cut_anywhere = repair_bounded(doc, large_body=0, piece_chars=40 + extra // 10)
    assert apply_edits(body, cut_anywhere.edits) == cut_anywhere.text
    assert apply_plan(body, cut_anywhere.stages) == cut_anywhere.text


def test_clean_restores_a_large_file_and_counts_its_paragraphs(reference, tmp_path):
    doc, pieces, _ = reference
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "big.txt").write_text(BIG, encoding="utf-8")
    assert main(["clean", str(src), "-o", str(out)]) == 0
    assert (out / "big.txt").read_text(encoding="utf-8") == pieces.text
    (entry,) = [json.loads(line) for line in (out / REPORT_NAME).read_text(encoding="utf-8").splitlines()]
    assert entry["pieces"] == pieces.meta["pieces"]
    assert entry["paragraphs_scored"] == len(doc.paragraphs) > 0
    assert len(entry["edits"]) == len(pieces.edits) > 0


def test_clean_jsonl_stream_and_dist_restore_a_large_record(reference, tmp_path):
    doc, pieces, _ = reference
    small = "Regulation enforcement companies used the know-how with out approval."
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": BIG}) + "\n" + json.dumps({"id": 2, "text": small}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", "--jsonl", str(src), "-o", str(out)]) == 0
    big_out, small_out = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert big_out["text"] == pieces.text
    assert big_out["textrepair"]["paragraphs_scored"] == len(doc.paragraphs) > 0
    assert small_out["text"] == repair_document(parse_document(small)).text != small
    # The library stream and a dist partition reach the same repair (textrepair.run.worker).
    (streamed,) = repair_stream([BIG])
    assert streamed.result is not None and streamed.result.text == pieces.text
    (record,) = repair_partition([{"id": 1, "text": BIG}])
    assert record["text"] == pieces.text and record["textrepair"]["paragraphs_scored"] == len(doc.paragraphs)


def test_piece_size_is_below_the_large_body_limit():
    """(The tests above rely on the defaults cutting a 300 kB body into pieces.)"""
    assert PIECE_CHARS < LARGE_BODY_CHARS < len(BIG)
